// folder_lock.cpp — flock on a file inside the folder.
#include "data/folder_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "data/error.h"
#include "data/files.h"

namespace ricci {

namespace {

// "pid 1234: ricci sweep --out x", from a lock file's text ("1234\nricci sweep
// --out x\n"), when that process is alive; else a reader holds the lock.
std::string holder_text(int fd) {
  char buffer[4096];
  const ssize_t got = ::pread(fd, buffer, sizeof buffer - 1, 0);
  const std::string text(buffer, got > 0 ? static_cast<std::size_t>(got) : 0);
  const std::size_t newline = text.find('\n');
  const long pid = std::atol(text.substr(0, newline).c_str());
  if (pid <= 0 || newline == std::string::npos || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH))
    return "another ricci process, reading it";
  std::string command = text.substr(newline + 1);
  while (!command.empty() && command.back() == '\n') command.pop_back();
  return "pid " + std::to_string(pid) + ": " + command;
}

// The first bytes of a lock file (at most 64 KiB).
std::string held_text(int fd) {
  std::string text(1 << 16, '\0');
  const ssize_t got = ::pread(fd, &text[0], text.size(), 0);
  text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return text;
}

// What a lock file of ricci holds: nothing, or "PID\nCOMMAND\n".
bool is_lock_text(const std::string& text) {
  if (text.empty()) return true;
  const std::size_t newline = text.find('\n');
  if (newline == 0 || newline == std::string::npos || newline > 20 ||
      text.find_first_not_of("0123456789") != newline)
    return false;
  const std::size_t end = text.find('\n', newline + 1);
  return end == text.size() - 1;
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

}  // namespace

FolderLock::FolderLock(const std::string& dir, const std::string& command, Mode mode)
    : dir_(dir), writer_(mode == Mode::Write) {
  const bool existed = file_exists(dir);
  if (!writer_ && !existed) return;
  if (writer_) make_directories(dir);
  dir_fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd_ < 0) throw data_error(dir + ": cannot open the folder: " + std::strerror(errno));
  created_ = writer_ && !existed;
  try {
    take(command);
  } catch (...) {
    release();
    throw;
  }
}

void FolderLock::take(const std::string& command) {
  for (;;) {
    const int fd = writer_ ? ::openat(dir_fd_, kLockFileName, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666)
                           : ::openat(dir_fd_, kLockFileName, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && !writer_ && errno == ENOENT) return;  // no writer at work
    if (fd < 0) throw data_error(join_path(dir_, kLockFileName) + ": cannot open: " + std::strerror(errno));
    if (::flock(fd, (writer_ ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
      const int error = errno;
      const std::string holder = error == EWOULDBLOCK ? holder_text(fd) : "";
      ::close(fd);
      if (error != EWOULDBLOCK)
        throw data_error(join_path(dir_, kLockFileName) + ": cannot lock: " + std::strerror(error));
      created_ = false;  // the other process has its lock file in the folder: it is theirs too
      throw data_error(dir_ + ": in use by " + holder + "; wait for it to finish, or choose another folder");
    }
    // The last holder may have removed the file between our open and our
    // flock: a lock on a file no one else will open holds nothing.
    struct stat held, named;
    if (::fstat(fd, &held) == 0 && ::fstatat(dir_fd_, kLockFileName, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
        same_file(held, named)) {
      lock_fd_ = fd;
      break;
    }
    ::close(fd);
  }
  if (!writer_) return;
  // The file is ricci's lock: empty (just made), or a holder's "PID\nCOMMAND\n".
  // Anything else is a file of the user's that happens to have its name:
  // neither written over nor removed.
  if (!is_lock_text(held_text(lock_fd_))) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    created_ = false;
    throw data_error(join_path(dir_, kLockFileName) + " is not a lock file of ricci (it holds other text); ricci "
                     "writes over only files it can show it wrote: move it away, or choose another folder");
  }
  const std::string text = std::to_string(::getpid()) + "\n" + command + "\n";
  if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, text.data(), text.size(), 0) < 0) {
    // Only the message of a refused writer misses it; the lock holds.
  }
  remove_temporaries(dir_);
  remove_temporaries(parent_path(dir_), base_name(dir_));
}

void FolderLock::release() {
  if (lock_fd_ >= 0) {
    // A writer removes its lock file, if it is still the one it holds, before letting go.
    struct stat held, named;
    if (writer_ && ::fstat(lock_fd_, &held) == 0 &&
        ::fstatat(dir_fd_, kLockFileName, &named, AT_SYMLINK_NOFOLLOW) == 0 && same_file(held, named))
      ::unlinkat(dir_fd_, kLockFileName, 0);
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
  if (created_) {
    struct stat now, ours;
    if (::stat(dir_.c_str(), &now) == 0 && ::fstat(dir_fd_, &ours) == 0 && same_file(now, ours) &&
        list_directory(dir_).empty())
      ::rmdir(dir_.c_str());
  }
  if (dir_fd_ >= 0) ::close(dir_fd_);
  dir_fd_ = -1;
}

FolderLock::~FolderLock() { release(); }

}  // namespace ricci
