// data_files.cpp — output sets (data/files.h): nothing visible before
// commit, everything after, nothing left behind on an error or a full disk;
// reads bounded on pipes; checksums.
#include <doctest/doctest.h>

#include <string>

#include "data/error.h"
#include "data/files.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;
using ricci_test::contains;
using ricci_test::TempDir;

namespace {

// The names in dir that are temporaries of an output set.
std::size_t temporaries_in(const std::string& dir) {
  std::size_t count = 0;
  for (const std::string& name : list_directory(dir)) count += is_temporary_name(name);
  return count;
}

}  // namespace

TEST_CASE("an output set shows nothing before commit and everything after") {
  TempDir tmp;
  const std::string dir = tmp / "out";
  write_file_atomically(join_path(dir, "b.csv"), "old b\n");
  {
    OutputSet set(dir);
    set.add("a.csv", "new a\n");
    set.add("b.csv", "new b\n");
    CHECK_FALSE(file_exists(join_path(dir, "a.csv")));
    CHECK(read_file(join_path(dir, "b.csv")) == "old b\n");
    CHECK(temporaries_in(dir) == 2);
    set.commit();
    CHECK(set.names() == std::vector<std::string>{"a.csv", "b.csv"});
  }
  CHECK(read_file(join_path(dir, "a.csv")) == "new a\n");
  CHECK(read_file(join_path(dir, "b.csv")) == "new b\n");
  CHECK(temporaries_in(dir) == 0);
}

TEST_CASE("an output set destroyed before commit leaves the old files and no temporary") {
  TempDir tmp;
  const std::string dir = tmp / "out";
  write_file_atomically(join_path(dir, "a.csv"), "old\n");
  {
    OutputSet set(dir);
    set.add("a.csv", "new\n");
    set.add("figures/x.svg", "<svg/>");
    set.add("c.csv", "new\n");
  }
  CHECK(list_directory(dir) == std::vector<std::string>{"a.csv"});
  CHECK(read_file(join_path(dir, "a.csv")) == "old\n");
}

TEST_CASE("a subfolder of an output set is replaced whole; remove_at_commit removes") {
  TempDir tmp;
  const std::string dir = tmp / "out";
  write_file_atomically(join_path(dir, "figures/old.svg"), "old");
  write_file_atomically(join_path(dir, "stale.csv"), "stale");
  OutputSet set(dir);
  set.add("figures/new.svg", "new");
  set.add("summary.md", "# new");
  set.remove_at_commit("stale.csv");
  set.remove_at_commit("never-there.csv");
  CHECK(list_directory(join_path(dir, "figures")) == std::vector<std::string>{"old.svg"});
  set.commit();
  CHECK(list_directory(join_path(dir, "figures")) == std::vector<std::string>{"new.svg"});
  CHECK(list_directory(dir) == std::vector<std::string>{"figures", "summary.md"});
}

TEST_CASE("a folder-replacing output set swaps the whole folder in at commit") {
  TempDir tmp;
  const std::string dir = tmp / "run";
  write_file_atomically(join_path(dir, "layer_5.npy"), "old deep layer");
  write_file_atomically(join_path(dir, "layers.csv"), "old analysis");
  {
    OutputSet run = OutputSet::replacing_folder(dir);
    run.add("layer_0.npy", "new");
    CHECK(list_directory(dir) == std::vector<std::string>{"layer_5.npy", "layers.csv"});
  }  // destroyed uncommitted: the old run stays, the new folder beside it goes
  CHECK(list_directory(dir) == std::vector<std::string>{"layer_5.npy", "layers.csv"});
  CHECK(list_directory(tmp.path()) == std::vector<std::string>{"run"});
  OutputSet run = OutputSet::replacing_folder(dir);
  run.add("layer_0.npy", "new");
  run.add("metrics.json", "{}");
  run.commit();
  CHECK(list_directory(dir) == std::vector<std::string>{"layer_0.npy", "metrics.json"});
  CHECK(list_directory(tmp.path()) == std::vector<std::string>{"run"});
  // Into a folder that does not exist yet.
  OutputSet fresh = OutputSet::replacing_folder(tmp / "new-run");
  fresh.add("metrics.json", "{}");
  fresh.commit();
  CHECK(read_file(tmp / "new-run/metrics.json") == "{}");
}

TEST_CASE("a full disk is an error naming the file, and leaves the old files and no temporary") {
  TempDir tmp;
  ricci_test::SmallDisk disk(tmp / "disk", "64k");
  if (!disk.mounted()) return;
  const std::string dir = tmp / "disk/out";
  write_file_atomically(join_path(dir, "a.csv"), "old\n");
  const std::string big(256 * 1024, 'x');
  {
    OutputSet set(dir);
    set.add("small.csv", "fits\n");
    check_error([&] { set.add("a.csv", big); }, ErrorKind::Data, "out/a.csv: cannot write: No space left on device");
  }
  CHECK(list_directory(dir) == std::vector<std::string>{"a.csv"});
  CHECK(read_file(join_path(dir, "a.csv")) == "old\n");
  check_error([&] { write_file_atomically(join_path(dir, "a.csv"), big); }, ErrorKind::Data, "No space left on device");
  CHECK(list_directory(dir) == std::vector<std::string>{"a.csv"});
  // A folder-replacing set: the old folder stays whole, the new one goes.
  {
    OutputSet run = OutputSet::replacing_folder(dir);
    check_error([&] { run.add("layer_0.npy", big); }, ErrorKind::Data, "No space left on device");
  }
  CHECK(list_directory(tmp / "disk") == std::vector<std::string>{"out"});
  CHECK(read_file(join_path(dir, "a.csv")) == "old\n");
}

TEST_CASE("read_file bounds what it reads from a pipe or device, not from a regular file") {
  TempDir tmp;
  const Error error = ricci_test::error_from([] { read_file("/dev/zero", 1 << 20); });
  CHECK(error.kind() == ErrorKind::Data);
  CHECK(error.subject() == "input size limit");
  CHECK(contains(error.what(), "/dev/zero: holds more than 1 MiB (not a regular file)"));
  write_file_atomically(tmp / "big", std::string(3000, 'x'));
  CHECK(read_file(tmp / "big", 1000).size() == 3000);
  check_error([&] { read_file(tmp.path()); }, ErrorKind::Data, "read error: Is a directory");
  CHECK(byte_size_text(1) == "1 byte");
  CHECK(byte_size_text(1536) == "1.5 KiB");
  CHECK(byte_size_text(std::size_t{1} << 30) == "1 GiB");
}

TEST_CASE("checksum_text is FNV-1a 64 (the published test vectors)") {
  CHECK(checksum_text("") == "cbf29ce484222325");
  CHECK(checksum_text("a") == "af63dc4c8601ec8c");
  CHECK(checksum_text("foobar") == "85944171f73967e8");
}

TEST_CASE("paths: parent and base name") {
  CHECK(parent_path("runs/a") == "runs");
  CHECK(parent_path("runs/a/") == "runs");
  CHECK(parent_path("a") == ".");
  CHECK(parent_path("/a") == "/");
  CHECK(base_name("runs/a/") == "a");
  CHECK(base_name("a") == "a");
}
