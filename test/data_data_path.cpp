// data_data_path.cpp — the search for relative data files (data/sets/data_path.h)
// in temporary folders: the first folder, RICCI_DATA_PATH's folders in order,
// the system folder, and the one error line when a file is nowhere.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "data/error.h"
#include "data/files.h"
#include "data/sets/data_path.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::TempDir;

namespace {

// The message of the data error `find` throws ("" when it throws none).
template <class F>
std::string data_error_of(F find) {
  try {
    find();
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::Data);
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("data_search_folders: the first folder, RICCI_DATA_PATH's items in order, then the system folder") {
  using Folders = std::vector<std::string>;
  CHECK(data_search_folders("configs/paper", "/a:/b", "/usr/share/datasets") ==
        Folders{"configs/paper", "/a", "/b", "/usr/share/datasets"});
  CHECK(data_search_folders("", "", "/sys") == Folders{"", "/sys"});
  // Empty items are skipped, and a folder already listed is not listed again.
  CHECK(data_search_folders("", "::/a::/a:/sys:", "/sys") == Folders{"", "/a", "/sys"});
  CHECK(data_search_folders("cfg", "cfg", "") == Folders{"cfg"});
}

TEST_CASE("data_package: Fashion-MNIST's files come with dataset-fashion-mnist; others with none") {
  CHECK(data_package("fashion-mnist/train-images-idx3-ubyte.gz") == "apt-get install dataset-fashion-mnist");
  CHECK(data_package("fashion-mnist/t10k-labels-idx1-ubyte.gz") == "apt-get install dataset-fashion-mnist");
  CHECK(data_package("mnist/train-images-idx3-ubyte.gz") == "");
  CHECK(data_package("fashion-mnist") == "");  // the folder itself is not a file of it
  CHECK(data_package("my-fashion-mnist/a.gz") == "");
}

TEST_CASE("find_data_file: the first folder that holds the file wins, named as the folder was written") {
  TempDir tmp;
  for (const char* folder : {"config", "one", "two", "system"}) make_directories(tmp / folder + "/sets");
  const std::vector<std::string> folders = {tmp / "config", tmp / "one", tmp / "two", tmp / "system"};
  write_file_atomically(tmp / "system/sets/a.csv", "0,1\n");
  CHECK(find_data_file("sets/a.csv", folders) == tmp / "system/sets/a.csv");
  write_file_atomically(tmp / "two/sets/a.csv", "0,1\n");
  CHECK(find_data_file("sets/a.csv", folders) == tmp / "two/sets/a.csv");
  write_file_atomically(tmp / "one/sets/a.csv", "0,1\n");
  CHECK(find_data_file("sets/a.csv", folders) == tmp / "one/sets/a.csv");
  write_file_atomically(tmp / "config/sets/a.csv", "0,1\n");
  CHECK(find_data_file("sets/a.csv", folders) == tmp / "config/sets/a.csv");
  // An absolute path is taken as it is, wherever the folders are.
  CHECK(find_data_file(tmp / "two/sets/a.csv", folders) == tmp / "two/sets/a.csv");
  CHECK(data_error_of([&] { find_data_file(tmp / "none.csv", folders, "HINT"); }) ==
        tmp / "none.csv" + ": no such file; HINT");
  // A folder with a trailing slash joins without doubling it.
  CHECK(find_data_file("sets/a.csv", {tmp / "two/"}) == tmp / "two/sets/a.csv");
}

TEST_CASE("find_data_file: a file found nowhere is one line listing the places and the package") {
  TempDir tmp;
  const std::string message =
      data_error_of([&] { find_data_file("fashion-mnist/t10k-images-idx3-ubyte.gz", {"", tmp / "a", tmp / "b"}); });
  CHECK(message == "fashion-mnist/t10k-images-idx3-ubyte.gz: no such file in the current directory, " + (tmp / "a") +
                       " and " + (tmp / "b") + " (apt-get install dataset-fashion-mnist provides it)");
  CHECK(message.find('\n') == std::string::npos);
  CHECK(data_error_of([&] { find_data_file("mnist/x.gz", {tmp / "a"}, "see the config"); }) ==
        "mnist/x.gz: no such file in " + (tmp / "a") + "; see the config");
}

TEST_CASE("find_spec_files: every file of a SPEC is looked up; its name= and built-in SPECs are left alone") {
  TempDir tmp;
  make_directories(tmp / "d");
  write_file_atomically(tmp / "d/x.npy", "");
  write_file_atomically(tmp / "d/y.npy", "");
  const std::vector<std::string> folders = {tmp / "nowhere", tmp / "d"};
  CHECK(find_spec_files("npy:x.npy,y.npy,name=xy", folders) == "npy:" + (tmp / "d/x.npy") + "," + (tmp / "d/y.npy") +
                                                                     ",name=xy");
  CHECK(find_spec_files("circles:n=50,noise=0.1", folders) == "circles:n=50,noise=0.1");
  CHECK(find_spec_files("", folders) == "");
  CHECK(data_error_of([&] { find_spec_files("csv:x.npy,z.csv", folders); }).rfind("z.csv: no such file in ", 0) == 0);
}
