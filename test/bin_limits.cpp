// bin_limits.cpp — memory bounded and named (bin/experiment/experiment.h): a gzip bomb
// and an endless pipe stop at --max-input, models and grids beyond the sane
// sizes need --allow-large, running out of memory names the model; lists
// with a value twice refused.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "data/files.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::Failure;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

TEST_CASE("a gzip bomb and an endless pipe stop at --max-input, with one error naming the file") {
  TempDir tmp;
  // 4 MiB of valid CSV rows that gzip to a few kilobytes.
  std::string rows;
  while (rows.size() < (std::size_t{4} << 20)) rows += "0,0.5\n1,0.25\n";
  ricci_test::write_bytes(tmp / "bomb.csv.gz", ricci_test::gzip_bytes(rows));
  const std::string out = " --quiet --out " + (tmp / "run");
  const Failure cases[] = {
      {"train --data csv:" + (tmp / "bomb.csv.gz") + " --max-input 1M" + out, 1,
       "--max-input: " + (tmp / "bomb.csv.gz") + ": inflates to more than 1 MiB, the limit on input read into memory"},
      {"train --data csv:/dev/zero --max-input 64K" + out, 1,
       "--max-input: /dev/zero: holds more than 64 KiB (not a regular file)"},
      {"sweep --datasets csv:" + (tmp / "bomb.csv.gz") + " --max-input 2M --k 5" + out, 1, "inflates to more than 2 MiB"},
      {"train --max-input 12X" + out, 2, "--max-input: expected a size such as 2G, 500M or 1048576, got '12X'"},
      {"train --max-input 0" + out, 2, "--max-input: 0 is out of range"},
  };
  for (const Failure& c : cases) ricci_test::check_failure(tmp, c);
  CHECK_FALSE(file_exists(tmp / "run"));
  // Raised, the same file is read.
  const Run raised = run_ricci(tmp, "train --data csv:" + (tmp / "bomb.csv.gz") +
                                        " --max-input 8M --limit 200 --epochs 1 --width 4 --depth 2" + out);
  CHECK(raised.exit_code == 0);
}

TEST_CASE("models and grids beyond the sane sizes need --allow-large; nothing is written") {
  TempDir tmp;
  std::string many;  // 1,001 values
  for (int i = 0; i <= 1000; ++i) many += (i ? "," : "") + std::to_string(i + 1);
  const Failure cases[] = {
      {"train --width 100000 --depth 3 --out " + (tmp / "run"), 2,
       "--width, --depth: a 2-100000x3-1 model on 1400 points needs about "},
      {"sweep --datasets circles:n=200 --widths 100000 --depths 3 --k 5 --out " + (tmp / "sweep"), 2,
       "pass --allow-large if you mean it"},
      {"sweep --datasets circles:n=200 --widths " + many + " --seeds " + many + " --k 5 --out " + (tmp / "sweep"), 2,
       "the grid (--datasets x --depths x --widths x --seeds) has 1002001 models, more than the sane 1000000"},
  };
  for (const Failure& c : cases) ricci_test::check_failure(tmp, c);
  CHECK_FALSE(file_exists(tmp / "run"));
  CHECK_FALSE(file_exists(tmp / "sweep"));
}

TEST_CASE("running out of memory names the model and the options that set it") {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  MESSAGE("skipped: the sanitizers reserve more address space than the limit this test sets");
#else
  TempDir tmp;
  // 2 GiB of address space; the model's weights alone need 7 GiB.
  const int status = ricci_test::run_shell("ulimit -v 2097152; " + std::string(RICCI_BINARY) +
                           " train --data circles:n=200 --width 30000 --depth 3 --epochs 1 --allow-large --out " +
                           (tmp / "run") + " > /dev/null 2> " + (tmp / "err"));
  const std::string err = read_file(tmp / "err");
  CHECK(status == 1);
  CHECK_MESSAGE(ricci_test::contains(err, "ricci: error: out of memory training a 2-30000-30000-30000-1 model on 140 points "
                                          "(--width, --depth, --batch; "),
                err);
  CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  CHECK_FALSE(file_exists(tmp / "run"));
#endif
}

TEST_CASE("a grid list with a value twice is refused: its models would count twice") {
  TempDir tmp;
  write_file_atomically(tmp / "twice.ini", "[data]\ndatasets = circles; spirals; circles\n");
  const std::string out = " --k 5 --out " + (tmp / "never");
  const Failure cases[] = {
      {"sweep --widths 4,4" + out, 2, "--widths: 4 given twice"},
      {"sweep --depths 2,3,2" + out, 2, "--depths: 2 given twice"},
      {"sweep --seeds 1,1" + out, 2, "--seeds: 1 given twice"},
      {"sweep --k 5,5 --out " + (tmp / "never"), 2, "--k: k = 5 given twice"},
      {"sweep --config " + (tmp / "twice.ini") + out, 2, "--datasets: 'circles' given twice"},
      {"run --seeds 3,3 --out " + (tmp / "never"), 2, "--seeds: 3 given twice"},
  };
  for (const Failure& c : cases) ricci_test::check_failure(tmp, c);
  CHECK_FALSE(file_exists(tmp / "never"));
}
