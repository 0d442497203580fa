// bin_sweep_extend.cpp — `ricci sweep --resume --extend`: a sweep extended
// with new ks equals, byte for byte, the sweep started with them; extended
// with new seeds it holds the same rows, the new models' after the old ones
// (the order they were committed in), and every file computed from the rows
// is byte-identical; a kill while the extension writes leaves the sweep as
// it was; other changes are refused.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/table.h"
#include "test/sweep_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::run_shell;
using ricci_test::TempDir;

namespace {

const std::string kGrid =
    " --datasets 'circles:n=300,noise=0.1;swiss-roll:n=300' --widths 6,8/4 --depths 4 --epochs 5 --baselines untrained "
    "--local --accuracy-threshold 0.6 --quiet";

// The file's text with its rows sorted by model index (stable: a model's
// rows keep their order).
std::string by_model(const std::string& path) {
  Table t = read_csv_table(path);
  std::stable_sort(t.rows.begin(), t.rows.end(), [](const auto& a, const auto& b) { return std::stoul(a[0]) < std::stoul(b[0]); });
  return csv_text(t);
}

void check_same(const std::string& a, const std::string& b, const std::vector<std::string>& files) {
  ricci_test::same_files(a, b, files);
}

const std::vector<std::string> kDerived = {"sweep.json",     "groups.csv",      "best_k.csv",      "regression.csv",
                                           "null_tests.csv", "local_groups.csv"};

}  // namespace

TEST_CASE("sweep --extend with new ks equals the sweep started with them, byte for byte") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --seeds 1,2 --k 12 --ties all --out " + (tmp / "ext")).exit_code == 0);
  const Run extended = run_ricci(tmp, "sweep" + kGrid + " --seeds 1,2 --k 12,5,20 --ties all --resume --extend --out " + (tmp / "ext"));
  REQUIRE(extended.exit_code == 0);
  CHECK(extended.out.find("16 models done (0 now, 16 already)") != std::string::npos);
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --seeds 1,2 --k 12,5,20 --ties all --out " + (tmp / "whole")).exit_code == 0);
  check_same(tmp / "ext", tmp / "whole", kDerived);
  check_same(tmp / "ext", tmp / "whole", {"models.csv", "layers.csv", "coefficients.csv", "local.csv"});
}

TEST_CASE("sweep --extend with new seeds and ks: the same rows, the new models' last; a kill leaves it as it was") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --seeds 1,2 --k 5,12 --out " + (tmp / "ext")).exit_code == 0);
  const std::string before = read_file(tmp / "ext/models.csv"), before_json = read_file(tmp / "ext/sweep.json");
  const std::string larger = kGrid + " --seeds 1,2,3 --k 5,12,20";
  // Killed half-way through writing its second file (layers.csv): nothing changed.
  const Run killed = run_ricci(tmp, "sweep" + larger + " --resume --extend --out " + (tmp / "ext"), "RICCI_TEST_KILL_AT_FILE=2");
  CHECK(killed.exit_code == 128 + 9);  // SIGKILL, through the shell
  CHECK(read_file(tmp / "ext/models.csv") == before);
  CHECK(read_file(tmp / "ext/sweep.json") == before_json);
  CHECK(run_ricci(tmp, "sweep" + kGrid + " --seeds 1,2 --k 5,12 --resume --out " + (tmp / "ext")).exit_code == 0);

  const Run extended = run_ricci(tmp, "sweep" + larger + " --resume --extend --out " + (tmp / "ext"));
  REQUIRE(extended.exit_code == 0);
  CHECK(extended.out.find("24 models done (8 now, 16 already)") != std::string::npos);
  REQUIRE(run_ricci(tmp, "sweep" + larger + " --out " + (tmp / "whole")).exit_code == 0);
  check_same(tmp / "ext", tmp / "whole", kDerived);
  for (const char* file : {"models.csv", "layers.csv", "coefficients.csv", "local.csv"}) {
    CAPTURE(file);
    CHECK(read_file(tmp / ("ext/" + std::string(file))) != read_file(tmp / ("whole/" + std::string(file))));
    CHECK(by_model(tmp / ("ext/" + std::string(file))) == read_file(tmp / ("whole/" + std::string(file))));
  }
  // Resumed again, as the larger sweep, it is complete.
  const Run again = run_ricci(tmp, "sweep" + larger + " --resume --out " + (tmp / "ext"));
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("24 models done (0 now, 24 already)") != std::string::npos);
}

TEST_CASE("sweep --extend refuses other changes, reordered lists, shards and --k auto") {
  TempDir tmp;
  const std::string grid = " --datasets circles:n=300 --widths 6 --depths 4 --epochs 3 --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --seeds 1,2 --k 5,12 --out " + (tmp / "s")).exit_code == 0);
  const std::string models = read_file(tmp / "s/models.csv");
  struct Case {
    std::string arguments, message;
  };
  const std::vector<Case> cases = {
      {grid + " --seeds 1,2 --k 5,12 --lr 0.01 --resume --extend", "the sweep's other settings must stay as they are"},
      {grid + " --seeds 2,1,3 --k 5,12 --resume --extend", "give the sweep's own seeds, ks and run folders first"},
      {grid + " --seeds 1,2 --k 12,5 --resume --extend", "give the sweep's own seeds, ks and run folders first"},
      {grid + " --seeds 1,2,3 --k 5,12 --extend", "--extend applies to --resume"},
      {grid + " --seeds 1,2,3 --k 5,12 --resume", "another configuration"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.arguments);
    const Run refused = run_ricci(tmp, "sweep" + c.arguments + " --out " + (tmp / "s"));
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find(c.message) != std::string::npos);
    CHECK(read_file(tmp / "s/models.csv") == models);
  }
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --seeds 1,2 --k 5 --shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  const Run sharded = run_ricci(tmp, "sweep" + grid + " --seeds 1,2,3 --k 5 --shard 0/2 --resume --extend --out " + (tmp / "s0"));
  CHECK(sharded.exit_code == 2);
  CHECK(sharded.err.find("extend the merged sweep") != std::string::npos);
}

TEST_CASE("sweep --extend of a tracking sweep: training_geometry.csv as the larger sweep's; new ks refused under "
          "--stop-when-stable") {
  TempDir tmp;
  const std::string grid = " --datasets circles:n=300 --widths 6 --depths 3 --epochs 4 --track-every 2 --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --seeds 1 --k 5 --out " + (tmp / "ext")).exit_code == 0);
  const std::string larger = grid + " --seeds 1,2 --k 5,12";
  REQUIRE(run_ricci(tmp, "sweep" + larger + " --resume --extend --out " + (tmp / "ext")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + larger + " --out " + (tmp / "whole")).exit_code == 0);
  check_same(tmp / "ext", tmp / "whole", {"sweep.json", "groups.csv"});
  for (const char* file : {"models.csv", "layers.csv", "coefficients.csv", "training_geometry.csv"}) {
    CAPTURE(file);
    CHECK(by_model(tmp / ("ext/" + std::string(file))) == read_file(tmp / ("whole/" + std::string(file))));
  }
  CHECK(read_csv_table(tmp / "ext/training_geometry.csv").rows.size() == 2 * 3 * 2);  // models x epochs x ks

  const std::string stable = grid + " --stop-when-stable --seeds 1";
  REQUIRE(run_ricci(tmp, "sweep" + stable + " --k 5 --out " + (tmp / "st")).exit_code == 0);
  const std::string models = read_file(tmp / "st/models.csv");
  const Run refused = run_ricci(tmp, "sweep" + stable + " --k 5,12 --resume --extend --out " + (tmp / "st"));
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("change where training stops") != std::string::npos);
  CHECK(read_file(tmp / "st/models.csv") == models);
}
