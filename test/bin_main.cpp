// bin_main.cpp — the driver's last word (bin/main.cpp): what was printed must
// have reached standard output, or the command fails with one error line.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>
#include <vector>

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

