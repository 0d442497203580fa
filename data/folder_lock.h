// folder_lock.h — one writer per folder.
//
// Every command that writes into a folder holds the folder's lock for the
// whole command: an exclusive flock(2) on the file `.ricci-lock` inside it.
// The holder writes its process id and command line into that file, so a
// second writer fails at once with one error naming the folder and the
// process that holds it, before it writes anything. The holder removes the
// file when it lets go; the kernel releases the lock of a killed process.
//
// A command that only reads a folder (merge reading its shards, analyze
// reading a run whose analysis goes elsewhere) takes the lock shared: it
// fails while a writer is at work, and a writer fails while it reads. A
// reader creates nothing: where no lock file exists, no writer is at work.
//
// flock is advisory: it holds ricci processes apart, on one machine or on
// many over NFS (Linux emulates flock with NFS byte-range locks).
#pragma once

#include <string>

namespace ricci {

class FolderLock {
 public:
  enum class Mode { Write, Read };

  // Write: creates dir (and its parents) when missing, takes the exclusive
  // lock, writes the holder (this process's id and `command`) into the lock
  // file, and removes the temporaries (files.h) an earlier holder was killed
  // before committing, in dir and beside it. Read: takes the lock shared,
  // when there is a lock file. A data error names dir and the other
  // process when the lock is taken.
  FolderLock(const std::string& dir, const std::string& command, Mode mode = Mode::Write);
  // Lets go of the lock (a writer removes the lock file first); a folder
  // that this lock created and that is still empty is removed.
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  const std::string& dir() const { return dir_; }

 private:
  void take(const std::string& command);
  void release();

  std::string dir_;
  bool writer_ = true;
  int dir_fd_ = -1, lock_fd_ = -1;
  bool created_ = false;
};

// The name of the lock file inside a folder.
inline constexpr const char kLockFileName[] = ".ricci-lock";

}  // namespace ricci
