// bin_main.cpp — the driver's last word (bin/main.cpp): what was printed must
// have reached standard output, or the command fails with one error line.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "bin/version.h"
#include "data/files.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::TempDir;

TEST_CASE("standard output that cannot be written is an error: ricci datasets > /dev/full exits 1") {
  TempDir tmp;
  for (const std::string& command : std::vector<std::string>{"datasets", "--help", "train --help",
                                     "train --data circles:n=200 --width 4 --depth 2 --epochs 1 --quiet --out " +
                                         (tmp / "run")}) {
    CAPTURE(command);
    CHECK(ricci_test::run_shell(std::string(RICCI_BINARY) + " " + command + " > /dev/full 2> " + (tmp / "err")) == 1);
    CHECK(read_file(tmp / "err") == "ricci: error: cannot write to standard output: No space left on device\n");
  }
  CHECK(ricci_test::run_shell(std::string(RICCI_BINARY) + " datasets > /dev/null") == 0);
}


TEST_CASE("ricci --version prints the version of bin/version.h; a mistyped command suggests the nearest") {
  TempDir tmp;
  const ricci_test::Run version = ricci_test::run_ricci(tmp, "--version");
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("ricci " + std::string(kVersion), 0) == 0);
  // With the commit when built from a git checkout, without it from a tarball.
  CHECK((version.out == "ricci " + std::string(kVersion) + "\n" ||
         version.out.find(" (commit ") == std::string("ricci ").size() + std::string(kVersion).size()));
  ricci_test::check_failure(tmp, {"trian --data circles", 2, "unknown command 'trian' (did you mean train?)"});
  ricci_test::check_failure(tmp, {"sweep --widhts 4", 2, "unknown option '--widhts' (did you mean --widths?)"});
}
