// files.h — reading files, and writing them without half-written output.
//
// Every file ricciflow writes goes through an OutputSet: the files one
// command writes into one folder are written under temporary names, each
// checked (write, fsync and close, so a full disk is an error, not a short
// file), and made visible together by commit() with renames; a set that is
// destroyed uncommitted (an error, an exception) removes its temporaries.
// A reader, or a crash, sees the old files or the new ones, never a part.
//
// Temporaries are named `.NAME.ricci-tmp-XXXXXX` beside their target
// (is_temporary_name). Only the holder of a folder's lock (folder_lock.h)
// writes into it, so the next holder removes what a killed one left.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ricci {

// The largest input read into memory by default: 1 GiB. It bounds what a
// gzip member may inflate to and what is read from a pipe or device (a
// regular file is read whole: its size is known before it is read).
inline constexpr std::size_t kDefaultInputLimit = std::size_t{1} << 30;

// The whole file as bytes. Throws a data error naming the path when it
// cannot be opened or read, or when it is not a regular file and holds more
// than `limit` bytes; running out of memory is a data error naming it too.
std::string read_file(const std::string& path, std::size_t limit = kDefaultInputLimit);

// A byte count as people read it: "512 bytes", "1.5 MiB", "1 GiB".
std::string byte_size_text(std::size_t bytes);

// The files of one command in one folder, committed together.
//
//   OutputSet out(dir);
//   out.add("layers.csv", text);       // written and synced under a temporary name
//   out.add("analysis.json", json);    // the last file added marks the set complete
//   out.commit();                      // all visible at once
//
// A name may be "SUB/FILE": a file of the subfolder SUB of dir, which
// commit() replaces whole (report's figures/). A set made by
// replacing_folder() replaces dir itself (train's run folders): its files
// are written into a new folder beside dir, which commit() swaps with dir
// (renameat2 RENAME_EXCHANGE, or two renames where the file system lacks
// it); the old folder, with everything in it, is then removed.
//
// For tests only: the environment variable RICCI_TEST_KILL_AT_FILE=N makes
// the process kill itself (SIGKILL) half-way through writing the N-th file
// of a set, so that tests can check what a kill mid-write leaves.
class OutputSet {
 public:
  explicit OutputSet(const std::string& dir);
  static OutputSet replacing_folder(const std::string& dir);
  ~OutputSet();  // uncommitted: removes every temporary
  OutputSet(OutputSet&& other) noexcept;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  OutputSet& operator=(OutputSet&&) = delete;

  // Writes `bytes` under a temporary name and syncs it; a data error naming
  // dir/name when any step fails (the temporary removed). Creates dir when
  // it is missing. A name added twice is a logic error (std::logic_error).
  void add(const std::string& name, const std::string& bytes);
  // Removes dir/name at commit (a file, or a subfolder with everything in
  // it, of an earlier run that this set does not rewrite); no error when it
  // is absent.
  void remove_at_commit(const std::string& name);
  // Makes every file visible: subfolders first, then the files in the order
  // added; the last file's old version is removed before the first rename,
  // so its presence means every file of the set is new. Syncs dir.
  void commit();

  const std::string& dir() const { return dir_; }
  // The names added so far, in order, and the checksums (checksum_text) of
  // their bytes, aligned with them.
  const std::vector<std::string>& names() const { return names_; }
  const std::vector<std::string>& checksums() const { return checksums_; }
  // The names given to remove_at_commit, in order.
  const std::vector<std::string>& removals() const { return removals_; }

 private:
  OutputSet(const std::string& dir, bool replace_folder);
  void make_staging();                                // replace_folder: the new folder beside dir
  std::string staged_path(const std::string& name);  // where name's bytes go until commit ("": a temporary)

  struct Staged {
    std::string target, temporary;
  };
  std::string dir_;
  bool replace_folder_ = false;
  std::string staging_;            // replace_folder: the new folder beside dir
  std::vector<Staged> files_;      // in the order added
  std::vector<Staged> folders_;    // subfolders, replaced whole
  std::vector<std::string> names_, checksums_, removals_;
  long kill_at_file_ = 0;          // RICCI_TEST_KILL_AT_FILE, 0 when unset
  bool committed_ = false;
};

// Writes one file through a one-file OutputSet.
void write_file_atomically(const std::string& path, const std::string& bytes);

// Writes all of `bytes` to the open descriptor, then fsync()s and closes it;
// a data error naming `path` and the system's reason when any of the three
// fails (ENOSPC, EIO, EDQUOT, ...). The descriptor is closed either way.
void write_and_close(int fd, const std::string& bytes, const std::string& path);

// Appends `text` to the file in one write() and fsync()s it; on failure (a
// full disk) the file is cut back to its old length and a data error thrown.
// The sweep's store commits its rows this way (bin/sweep/store.h).
void append_durably(const std::string& path, const std::string& text);

// True for a name of OutputSet's temporaries: ".NAME.ricci-tmp-PID-N" or
// ".NAME.ricci-tmp-PID-aside", PID and N decimal numbers.
bool is_temporary_name(const std::string& name);
// The temporaries in `dir` (file or folder names whose own name starts with
// `prefix`), removed with their contents. For the holder of dir's lock.
void remove_temporaries(const std::string& dir, const std::string& prefix = "");

// Removes a file or a folder with everything in it (symbolic links are
// removed, never followed); no error when it is already gone.
void remove_tree(const std::string& path);

// Creates a directory and its parents (like mkdir -p). Throws a data error
// when a path component exists and is not a directory.
void make_directories(const std::string& path);

bool file_exists(const std::string& path);

// The names in a directory, sorted, without "." and ".."; empty when it
// cannot be read.
std::vector<std::string> list_directory(const std::string& dir);

// `dir + "/" + name`, without doubling the slash.
std::string join_path(const std::string& dir, const std::string& name);
// The folder holding `path` ("." for a bare name) and its last component.
std::string parent_path(const std::string& path);
std::string base_name(const std::string& path);

// FNV-1a, 64 bits, of `bytes`, and as 16 lowercase hexadecimal digits: the
// checksum of model.bin and of the files of a run (docs/formats.md).
std::uint64_t fnv1a_64(const char* bytes, std::size_t size);
// The same hash continued over more bytes: fnv1a_64 of A then B is
// fnv1a_64_continue(fnv1a_64(A), B) (file_checksum hashes a file in blocks).
std::uint64_t fnv1a_64_continue(std::uint64_t hash, const char* bytes, std::size_t size);
std::string checksum_text(const std::string& bytes);
// checksum_text of the bytes of the file at `path`, read in pieces (a file
// of any size); a data error naming it when it cannot be read.
std::string file_checksum(const std::string& path);

}  // namespace ricci
