// files.cpp — whole-file reads, output sets, directories.
#include "data/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>  // renameat2 (glibc 2.28)
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

#include "data/error.h"

namespace ricci {

namespace {

constexpr const char kTemporaryMark[] = ".ricci-tmp-";

std::string reason() { return std::strerror(errno); }

// fsync of a directory, so that the renames in it reach the disk; some file
// systems refuse it, which is not an error of ours.
void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Creates a file or folder that did not exist, named `.BASE.ricci-tmp-PID-N`
// in `dir` (N the first number that gives a free name). Returns its path;
// for a file, `fd` receives its descriptor.
std::string make_temporary(const std::string& dir, const std::string& base, bool folder, int* fd = nullptr) {
  for (long n = 0;; ++n) {
    const std::string path =
        join_path(dir, "." + base + kTemporaryMark + std::to_string(::getpid()) + "-" + std::to_string(n));
    if (folder) {
      if (::mkdir(path.c_str(), 0777) == 0) return path;
    } else {
      *fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (*fd >= 0) return path;
    }
    if (errno != EEXIST) throw data_error(join_path(dir, base) + ": cannot write: " + reason());
  }
}

// Swaps the folders `from` (new, complete) and `to` (old) so that `to` holds
// the new content, then removes the old one. Without RENAME_EXCHANGE (a file
// system that lacks it) the old folder is renamed aside first, which leaves
// a moment without `to`.
void swap_in_folder(const std::string& from, const std::string& to) {
  if (!file_exists(to)) {
    if (std::rename(from.c_str(), to.c_str()) != 0) throw data_error(to + ": cannot write: " + reason());
    return;
  }
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE) == 0) {
    remove_tree(from);  // now the old folder
    return;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) throw data_error(to + ": cannot replace: " + reason());
  const std::string aside = join_path(parent_path(to), "." + base_name(to) + kTemporaryMark +
                                                         std::to_string(::getpid()) + "-aside");
  remove_tree(aside);
  if (std::rename(to.c_str(), aside.c_str()) != 0) throw data_error(to + ": cannot replace: " + reason());
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    const std::string why = reason();
    std::rename(aside.c_str(), to.c_str());
    throw data_error(to + ": cannot replace: " + why);
  }
  remove_tree(aside);
}

// Reads the open file `fd` to its end in blocks, handing each to
// `consume(block, size)`, and closes it, also when reading or `consume`
// throws. A read error is a data error naming `path`.
template <class Consume>
void read_blocks(int fd, const std::string& path, Consume consume) {
  try {
    char buffer[1 << 16];
    for (;;) {
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw data_error(path + ": read error: " + reason());
      if (got == 0) break;
      consume(buffer, static_cast<std::size_t>(got));
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

}  // namespace

std::string read_file(const std::string& path, std::size_t limit) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw data_error(path + ": cannot open: " + reason());
  struct stat info;
  const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  std::string bytes;
  const auto out_of_memory = [&] {
    return data_error(path + ": out of memory reading it (" + byte_size_text(bytes.size()) + " read)");
  };
  try {
    if (regular) bytes.reserve(static_cast<std::size_t>(info.st_size));
  } catch (const std::bad_alloc&) {
    ::close(fd);
    throw out_of_memory();
  }
  try {
    read_blocks(fd, path, [&](const char* block, std::size_t size) {
      bytes.append(block, size);
      if (!regular && bytes.size() > limit)
        throw data_error("input size limit", path + ": holds more than " + byte_size_text(limit) +
                                                 " (not a regular file), the limit on input read into memory");
    });
  } catch (const std::bad_alloc&) {
    throw out_of_memory();
  }
  return bytes;
}

std::string byte_size_text(std::size_t bytes) {
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024 && unit < 3) value /= 1024, ++unit;
  char text[32];
  std::snprintf(text, sizeof text, "%.4g %s", value, units[unit]);
  return text;
}

// ---------------------------------------------------------------------------
// OutputSet

OutputSet::OutputSet(const std::string& dir) : OutputSet(dir, false) {}

OutputSet OutputSet::replacing_folder(const std::string& dir) {
  // Its real path, so that "." or a name through a link is swapped where it is.
  char* real = ::realpath(dir.c_str(), nullptr);
  OutputSet set(real ? std::string(real) : dir, true);
  std::free(real);
  return set;
}

OutputSet::OutputSet(const std::string& dir, bool replace_folder) : dir_(dir), replace_folder_(replace_folder) {
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
  if (const char* kill = std::getenv("RICCI_TEST_KILL_AT_FILE")) kill_at_file_ = std::atol(kill);
}

OutputSet::OutputSet(OutputSet&& other) noexcept
    : dir_(std::move(other.dir_)),
      replace_folder_(other.replace_folder_),
      staging_(std::move(other.staging_)),
      files_(std::move(other.files_)),
      folders_(std::move(other.folders_)),
      names_(std::move(other.names_)),
      checksums_(std::move(other.checksums_)),
      removals_(std::move(other.removals_)),
      kill_at_file_(other.kill_at_file_),
      committed_(other.committed_) {
  other.committed_ = true;  // nothing left for the moved-from set to remove
}

OutputSet::~OutputSet() {
  if (committed_) return;
  for (const Staged& file : files_)
    if (!file.temporary.empty()) ::unlink(file.temporary.c_str());
  for (const Staged& folder : folders_)
    if (!folder.temporary.empty()) remove_tree(folder.temporary);
  if (!staging_.empty()) remove_tree(staging_);
}

void OutputSet::make_staging() {
  if (!staging_.empty()) return;
  make_directories(parent_path(dir_));
  staging_ = make_temporary(parent_path(dir_), base_name(dir_), true);
}

std::string OutputSet::staged_path(const std::string& name) {
  if (replace_folder_) {
    make_staging();
    const std::size_t slash = name.find('/');
    if (slash != std::string::npos) make_directories(join_path(staging_, name.substr(0, slash)));
    return join_path(staging_, name);
  }
  make_directories(dir_);
  const std::size_t slash = name.find('/');
  if (slash == std::string::npos) return "";  // a temporary file, made by add()
  const std::string sub = name.substr(0, slash);
  for (const Staged& folder : folders_)
    if (folder.target == join_path(dir_, sub)) return join_path(folder.temporary, name.substr(slash + 1));
  folders_.push_back({join_path(dir_, sub), make_temporary(dir_, sub, true)});
  return join_path(folders_.back().temporary, name.substr(slash + 1));
}

void OutputSet::add(const std::string& name, const std::string& bytes) {
  if (committed_) throw std::logic_error("OutputSet::add after commit");
  if (std::find(names_.begin(), names_.end(), name) != names_.end())
    throw std::logic_error("OutputSet::add: " + name + " added twice");
  const std::string target = join_path(dir_, name);
  std::string path = staged_path(name);
  int fd = -1;
  if (path.empty()) {  // a file of dir: a temporary beside it
    path = make_temporary(dir_, name, false, &fd);
    files_.push_back({target, path});
  } else {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) throw data_error(target + ": cannot write: " + reason());
  }
  names_.push_back(name);
  checksums_.push_back(checksum_text(bytes));
  if (kill_at_file_ == static_cast<long>(names_.size())) {  // the test hook (files.h)
    if (::write(fd, bytes.data(), bytes.size() / 2) < 0) {
    }
    std::raise(SIGKILL);
  }
  try {
    write_and_close(fd, bytes, target);
  } catch (...) {
    if (files_.size() && files_.back().temporary == path) {
      ::unlink(path.c_str());
      files_.back().temporary.clear();
    }
    throw;
  }
}

void OutputSet::remove_at_commit(const std::string& name) { removals_.push_back(name); }

void OutputSet::commit() {
  if (committed_) throw std::logic_error("OutputSet::commit twice");
  if (replace_folder_) {
    make_staging();  // an empty set still replaces the folder
    sync_directory(staging_);
    swap_in_folder(staging_, dir_);
    staging_.clear();
    committed_ = true;
    sync_directory(parent_path(dir_));
    return;
  }
  make_directories(dir_);
  for (Staged& folder : folders_) {
    sync_directory(folder.temporary);
    swap_in_folder(folder.temporary, folder.target);
    folder.temporary.clear();
  }
  for (const std::string& name : removals_) {
    const std::string path = join_path(dir_, name);
    struct stat info;
    if (::lstat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
      remove_tree(path);
    else if (::unlink(path.c_str()) != 0 && errno != ENOENT)
      throw data_error(path + ": cannot remove: " + reason());
  }
  if (!files_.empty() && ::unlink(files_.back().target.c_str()) != 0 && errno != ENOENT)
    throw data_error(files_.back().target + ": cannot replace: " + reason());
  for (Staged& file : files_) {
    if (std::rename(file.temporary.c_str(), file.target.c_str()) != 0)
      throw data_error(file.target + ": cannot write: " + reason());
    file.temporary.clear();
  }
  committed_ = true;
  sync_directory(dir_);
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  OutputSet set(parent_path(path));
  set.add(base_name(path), bytes);
  set.commit();
}

void write_and_close(int fd, const std::string& bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      const std::string why = wrote == 0 ? "no progress" : reason();
      ::close(fd);
      throw data_error(path + ": cannot write: " + why);
    }
    done += static_cast<std::size_t>(wrote);
  }
  if (::fsync(fd) != 0) {
    const std::string why = reason();
    ::close(fd);
    throw data_error(path + ": cannot write: " + why);
  }
  if (::close(fd) != 0) throw data_error(path + ": cannot write: " + reason());
}

bool is_temporary_name(const std::string& name) {
  if (name.size() < 2 || name[0] != '.') return false;
  const std::size_t mark = name.rfind(kTemporaryMark);
  if (mark == std::string::npos || mark == 0) return false;
  // PID-N or PID-aside after the mark.
  const std::string tail = name.substr(mark + sizeof kTemporaryMark - 1);
  const std::size_t dash = tail.find('-');
  if (dash == 0 || dash == std::string::npos || tail.find_first_not_of("0123456789") != dash) return false;
  const std::string last = tail.substr(dash + 1);
  return last == "aside" || (!last.empty() && last.find_first_not_of("0123456789") == std::string::npos);
}

void remove_temporaries(const std::string& dir, const std::string& prefix) {
  const std::string start = "." + prefix + (prefix.empty() ? "" : kTemporaryMark);
  for (const std::string& name : list_directory(dir))
    if (is_temporary_name(name) && name.compare(0, start.size(), start) == 0) remove_tree(join_path(dir, name));
}

// ---------------------------------------------------------------------------
// Paths and directories

void remove_tree(const std::string& path) {
  struct stat info;
  if (::lstat(path.c_str(), &info) != 0) return;
  if (!S_ISDIR(info.st_mode)) {
    ::unlink(path.c_str());
    return;
  }
  ::nftw(
      path.c_str(), [](const char* entry, const struct stat*, int, struct FTW*) { return std::remove(entry), 0; }, 16,
      FTW_DEPTH | FTW_PHYS);
}

void make_directories(const std::string& path) {
  if (path.empty()) return;
  std::string prefix;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    prefix = path.substr(0, slash);
    start = slash + 1;
    if (prefix.empty()) continue;  // leading '/'
    struct stat info;
    if (::stat(prefix.c_str(), &info) == 0) {
      if (!S_ISDIR(info.st_mode)) throw data_error(prefix + ": exists and is not a directory");
      continue;
    }
    if (::mkdir(prefix.c_str(), 0777) != 0 && errno != EEXIST)
      throw data_error(prefix + ": cannot create directory: " + reason());
  }
}

bool file_exists(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0;
}

std::vector<std::string> list_directory(const std::string& dir) {
  std::vector<std::string> names;
  DIR* handle = ::opendir(dir.c_str());
  if (!handle) return names;
  while (const dirent* entry = ::readdir(handle)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(handle);
  std::sort(names.begin(), names.end());
  return names;
}

std::string join_path(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

namespace {

// `path` without trailing slashes ("/" stays "/").
std::string trimmed_path(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

std::string parent_path(const std::string& path) {
  const std::string p = trimmed_path(path);
  const std::size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : p.substr(0, slash);
}

std::string base_name(const std::string& path) {
  const std::string p = trimmed_path(path);
  const std::size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

// The 64-bit parameters of FNV-1a as its authors publish them (Fowler, Noll
// and Vo; IETF draft-eastlake-fnv): the offset basis is the FNV-0 hash of
// the 32 bytes "chongo <Landon Curt Noll> /\../\", and the prime is the
// 64-bit FNV prime, 2^40 + 2^8 + 0xb3. The checksums of metrics.json and
// model.bin are this hash: other values would make every recorded checksum
// fail.
constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

std::uint64_t fnv1a_64(const char* bytes, std::size_t size) { return fnv1a_64_continue(kFnvOffsetBasis, bytes, size); }

std::uint64_t fnv1a_64_continue(std::uint64_t hash, const char* bytes, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(bytes[i]);
    hash *= kFnvPrime;
  }
  return hash;
}

namespace {

std::string hash_text(std::uint64_t hash) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace

std::string checksum_text(const std::string& bytes) { return hash_text(fnv1a_64(bytes.data(), bytes.size())); }

std::string file_checksum(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw data_error(path + ": cannot open: " + reason());
  std::uint64_t hash = kFnvOffsetBasis;
  read_blocks(fd, path, [&](const char* block, std::size_t size) { hash = fnv1a_64_continue(hash, block, size); });
  return hash_text(hash);
}

void append_durably(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw data_error(path + ": cannot append: " + std::strerror(errno));
  struct stat before;
  if (::fstat(fd, &before) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    throw data_error(path + ": cannot append: " + why);
  }
  try {
    write_and_close(fd, text, path);
  } catch (const Error&) {
    // A full disk may have taken part of the text: cut it off again, so
    // that the file ends with the last committed row.
    if (::truncate(path.c_str(), before.st_size) != 0) {
    }
    throw;
  }
}

}  // namespace ricci
