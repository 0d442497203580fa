// data_folder_lock.cpp — the folder lock (data/folder_lock.h): one writer,
// named to the second; readers and writers exclude each other; the lock
// file goes with its holder; a new holder removes what a killed one left.
#include <doctest/doctest.h>
#include <unistd.h>

#include <string>

#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;
using ricci_test::contains;
using ricci_test::TempDir;

TEST_CASE("a folder lock: one writer, named to the second; readers and writers exclude each other") {
  TempDir tmp;
  const std::string dir = tmp / "results";
  {
    const FolderLock first(dir, "ricci sweep --out results");
    CHECK(file_exists(join_path(dir, kLockFileName)));
    const Error second = ricci_test::error_from([&] { FolderLock again(dir, "ricci run"); });
    CHECK(second.kind() == ErrorKind::Data);
    CHECK(contains(second.what(), dir + ": in use by pid " + std::to_string(::getpid()) +
                                      ": ricci sweep --out results; wait for it to finish"));
    check_error([&] { FolderLock reader(dir, "", FolderLock::Mode::Read); }, ErrorKind::Data, "in use by pid");
  }
  // Released: the lock file is gone, and the folder, which the lock made and
  // which stayed empty, too.
  CHECK_FALSE(file_exists(dir));
  write_file_atomically(join_path(dir, "models.csv"), "model\n");
  {
    const FolderLock reader(dir, "", FolderLock::Mode::Read);
    const FolderLock another_reader(dir, "", FolderLock::Mode::Read);  // no lock file: nothing to share
    const FolderLock writer(dir, "ricci sweep");
    check_error([&] { FolderLock reader_now(dir, "", FolderLock::Mode::Read); }, ErrorKind::Data, "in use by pid");
  }
  CHECK(list_directory(dir) == std::vector<std::string>{"models.csv"});
  // A reader holding the lock keeps a writer out.
  write_file_atomically(join_path(dir, kLockFileName), "999999999\nricci sweep\n");  // left by a killed writer
  {
    const FolderLock reader(dir, "", FolderLock::Mode::Read);
    check_error([&] { FolderLock writer(dir, "ricci merge"); }, ErrorKind::Data, "in use by another ricci process");
  }
}

TEST_CASE("taking a folder's lock removes the temporaries a killed holder left, in it and beside it") {
  TempDir tmp;
  const std::string dir = tmp / "run";
  write_file_atomically(join_path(dir, "metrics.json"), "{}");
  write_file_atomically(join_path(dir, ".layers.csv.ricci-tmp-123-0"), "half");
  write_file_atomically(tmp / ".run.ricci-tmp-123-0/layer_0.npy", "half a run");
  write_file_atomically(tmp / ".other.ricci-tmp-123-0/layer_0.npy", "another folder's");
  const FolderLock lock(dir, "ricci train");
  CHECK(list_directory(dir) == std::vector<std::string>{kLockFileName, "metrics.json"});
  CHECK(list_directory(tmp.path()) == std::vector<std::string>{".other.ricci-tmp-123-0", "run"});
}
