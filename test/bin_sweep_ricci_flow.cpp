// bin_sweep_ricci_flow.cpp — --ricci-flow as a sweep's grid axis (issue 24):
// --ricci-flow 0 is the plain sweep byte for byte; with 0,0.5 the lambda = 0
// networks are the plain sweep's networks, byte for byte in every row, and
// each regularised network follows with its lambda; the sweep resumes, and
// the report compares the pairs.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/table.h"
#include "test/sweep_support.h"

using namespace ricci;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

const std::string kGrid =
    " --datasets circles:n=300 --widths 8 --depths 4 --seeds 1,2 --epochs 6 --optimizer adam --k 5,10 "
    "--accuracy-threshold 0.5 --threads 2 --quiet";

}  // namespace

TEST_CASE("sweep --ricci-flow: a grid axis whose lambda = 0 networks are the plain sweep's") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "plain")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --ricci-flow 0 --out " + (tmp / "zero")).exit_code == 0);
  ricci_test::same_files(tmp / "plain", tmp / "zero", ricci_test::kSweepFiles);

  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --ricci-flow 0,0.5 --ricci-flow-every 1 --out " + (tmp / "axis"))
              .exit_code == 0);
  const Table plain = read_csv_table(tmp / "plain/models.csv");
  const Table axis = read_csv_table(tmp / "axis/models.csv");
  REQUIRE(plain.rows.size() == 2);
  REQUIRE(axis.rows.size() == 4);
  const std::size_t column = axis.column("ricci_flow", "");
  CHECK(axis.header[column - 1] == "epochs");
  // Grid order: the lambdas inside the width, the seeds innermost.
  const char* lambdas[] = {"0", "0", "0.5", "0.5"};
  for (std::size_t m = 0; m < 4; ++m) {
    CAPTURE(m);
    CHECK(axis.rows[m][column] == lambdas[m]);
    CHECK(axis.rows[m][4] == plain.rows[m % 2][4]);  // the seed
  }
  // The lambda = 0 rows are the plain sweep's, but for the new column.
  for (std::size_t m = 0; m < 2; ++m) {
    std::vector<std::string> row = axis.rows[m];
    row.erase(row.begin() + static_cast<std::ptrdiff_t>(column));
    CHECK(row == plain.rows[m]);
  }
  // ... and so are their layer rows; the regularised networks' differ.
  const Table plain_layers = read_csv_table(tmp / "plain/layers.csv");
  const Table axis_layers = read_csv_table(tmp / "axis/layers.csv");
  REQUIRE(axis_layers.rows.size() == 2 * plain_layers.rows.size());
  for (std::size_t r = 0; r < plain_layers.rows.size(); ++r) CHECK(axis_layers.rows[r] == plain_layers.rows[r]);
  CHECK(axis.rows[2][axis.column("test_loss", "")] != plain.rows[0][plain.column("test_loss", "")]);
  // The paper's statistics use the lambda = 0 networks alone: the same groups.
  CHECK(read_file(tmp / "axis/groups.csv") == read_file(tmp / "plain/groups.csv"));
  // ricci_flow.csv: the comparison's table, its test accuracy row from models.csv by hand.
  CHECK(!file_exists(tmp / "plain/ricci_flow.csv"));
  const Table comparison = read_csv_table(tmp / "axis/ricci_flow.csv");
  REQUIRE(comparison.rows.size() == 3);  // test_accuracy, rho_best, rho_negative
  CHECK(comparison.rows[0][comparison.column("measure", "")] == "test_accuracy");
  CHECK(comparison.rows[0][comparison.column("pairs", "")] == "2");
  const std::size_t accuracy = axis.column("test_accuracy", "");
  const double difference = (std::stod(axis.rows[2][accuracy]) - std::stod(axis.rows[0][accuracy]) +
                             std::stod(axis.rows[3][accuracy]) - std::stod(axis.rows[1][accuracy])) / 2;
  CHECK(std::stod(comparison.rows[0][comparison.column("mean_difference", "")]) ==
        doctest::Approx(difference).epsilon(1e-12));

  // sweep.json holds the axis and reads back strictly: --resume finds nothing to do.
  CHECK(read_file(tmp / "axis/sweep.json").find("\"ricci_flow\": [") != std::string::npos);
  CHECK(read_file(tmp / "plain/sweep.json").find("ricci_flow") == std::string::npos);
  const ricci_test::Run resumed =
      run_ricci(tmp, "sweep" + kGrid + " --ricci-flow 0,0.5 --ricci-flow-every 1 --resume --out " + (tmp / "axis"));
  CHECK(resumed.exit_code == 0);
  CHECK(read_csv_table(tmp / "axis/models.csv").rows == axis.rows);

  // The report's section: each lambda and data set, with its verdict.
  REQUIRE(run_ricci(tmp, "report " + (tmp / "axis")).exit_code == 0);
  const std::string summary = read_file(tmp / "axis/summary.md");
  CHECK(summary.find("## The Ricci-flow regulariser against plain training") != std::string::npos);
  CHECK(summary.find("At lambda = 0.5 on `circles:n=300` the regulariser **") != std::string::npos);
  REQUIRE(run_ricci(tmp, "report " + (tmp / "plain")).exit_code == 0);
  CHECK(read_file(tmp / "plain/summary.md").find("Ricci-flow regulariser") == std::string::npos);
}

TEST_CASE("sweep --ricci-flow: bad lists and stray settings are one usage error each") {
  TempDir tmp;
  const struct {
    std::string arguments, message;
  } cases[] = {
      {"--ricci-flow 0,0.1,0", "--ricci-flow: 0 given twice"},
      {"--ricci-flow -1", "--ricci-flow"},
      {"--ricci-flow-k 5", "--ricci-flow-k applies to the Ricci-flow penalty"},
      {"--ricci-flow 0,0.1 --ricci-flow-step 2", "--ricci-flow-step"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.arguments);
    const ricci_test::Run run = run_ricci(tmp, "sweep" + kGrid + " " + c.arguments + " --out " + (tmp / "bad"));
    CHECK(run.exit_code == 2);
    CHECK(run.err.find(c.message) != std::string::npos);
    CHECK(!file_exists(tmp / "bad/models.csv"));
  }
}

TEST_CASE("train --ricci-flow: 0 is plain training byte for byte; lambda > 0 records its settings and penalty") {
  TempDir tmp;
  const std::string base = "train --data circles:n=300 --width 8 --depth 3 --epochs 3 --seed 4 --quiet --out ";
  REQUIRE(run_ricci(tmp, base + (tmp / "plain")).exit_code == 0);
  REQUIRE(run_ricci(tmp, base + (tmp / "zero") + " --ricci-flow 0").exit_code == 0);
  ricci_test::same_files(tmp / "plain", tmp / "zero", {"model.bin", "labels.npy", "layer_0.npy", "layer_3.npy"});
  CHECK(read_file(tmp / "zero/metrics.json").find("ricci_flow") == std::string::npos);
  REQUIRE(run_ricci(tmp, base + (tmp / "on") + " --ricci-flow 0.5 --ricci-flow-k 5 --ricci-flow-anchors 20")
              .exit_code == 0);
  const std::string metrics = read_file(tmp / "on/metrics.json");
  for (const char* field : {"\"ricci_flow\": 0.5", "\"ricci_flow_k\": 5", "\"ricci_flow_anchors\": 20",
                            "\"ricci_flow_every\": 8", "\"ricci_flow_penalty\": ["})
    CHECK_MESSAGE(metrics.find(field) != std::string::npos, field);
  CHECK(read_file(tmp / "on/model.bin") != read_file(tmp / "plain/model.bin"));
  // The twins' initial weights: the regulariser draws nothing before training (its anchors have stream 3).
  const std::string untrained = "train --data circles:n=300 --width 8 --depth 3 --epochs 0 --seed 4 --quiet --out ";
  REQUIRE(run_ricci(tmp, untrained + (tmp / "init0")).exit_code == 0);
  REQUIRE(run_ricci(tmp, untrained + (tmp / "init1") + " --ricci-flow 0.5").exit_code == 0);
  ricci_test::same_files(tmp / "init0", tmp / "init1", {"model.bin"});
  const ricci_test::Run bad = run_ricci(tmp, base + (tmp / "bad") + " --ricci-flow 1 --ricci-flow-k 64");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--ricci-flow-k: k = 64 needs fewer neighbours than the 64 anchors") != std::string::npos);
  CHECK(!file_exists(tmp / "bad/metrics.json"));
}

TEST_CASE("sweep --ricci-flow: shards merge into the whole sweep; --from rebuilds it; --extend refuses the axis") {
  TempDir tmp;
  const std::string grid = kGrid + " --ricci-flow 0,0.5";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --out " + (tmp / "whole")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --shard 1/2 --out " + (tmp / "s1")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "merge " + (tmp / "s0") + " " + (tmp / "s1") + " --out " + (tmp / "merged")).exit_code == 0);
  ricci_test::same_files(tmp / "whole", tmp / "merged",
                         {"models.csv", "layers.csv", "coefficients.csv", "groups.csv", "best_k.csv", "regression.csv",
                          "ricci_flow.csv"});
  // --from rebuilds each saved network, the regularised ones apart from their twins.
  REQUIRE(run_ricci(tmp, "sweep --from " + (tmp / "whole") + " --quiet --out " + (tmp / "from")).exit_code == 0);
  ricci_test::same_files(tmp / "whole", tmp / "from", {"models.csv", "layers.csv", "groups.csv"});
  const ricci_test::Run extend =
      run_ricci(tmp, "sweep" + std::string(kGrid).replace(kGrid.find("--seeds 1,2"), 11, "--seeds 1,2,3") +
                         " --ricci-flow 0,0.5 --resume --extend --out " + (tmp / "whole"));
  CHECK(extend.exit_code == 2);
  CHECK(extend.err.find("--extend: a sweep with a --ricci-flow axis cannot be extended") != std::string::npos);
}

// Both extensions at once (issues 23 and 24): three classes (softmax output;
// the penalty reads the hidden layers only) and --attack. models.csv keeps
// ricci_flow right after epochs, then the attack columns; the lambda = 0 rows
// are the --attack sweep's without the axis; ricci_flow.csv and the report's
// section compare the accuracy under attack pair by pair.
TEST_CASE("sweep --ricci-flow with --attack on three classes: column order, twins, the comparison under attack") {
  TempDir tmp;
  const std::string grid =
      " --datasets spirals:n=210,classes=3,turns=1 --widths 8 --depths 3 --seeds 1,2 --epochs 6 --optimizer adam "
      "--k 5 --accuracy-threshold 0.3 --attack fgsm:0.1 --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --out " + (tmp / "attack")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --ricci-flow 0,0.5 --ricci-flow-every 1 --ricci-flow-anchors 20 --out " +
                             (tmp / "both"))
              .exit_code == 0);
  const Table attack = read_csv_table(tmp / "attack/models.csv");
  const Table both = read_csv_table(tmp / "both/models.csv");
  REQUIRE(attack.rows.size() == 2);
  REQUIRE(both.rows.size() == 4);
  const std::size_t column = both.column("ricci_flow", "");
  CHECK(both.header[column - 1] == "epochs");
  CHECK(both.header[column + 1] == "fgsm_accuracy_eps0.1");
  CHECK(both.header[column + 2] == "rho_k5");
  for (std::size_t m = 0; m < 2; ++m) {
    std::vector<std::string> row = both.rows[m];
    row.erase(row.begin() + static_cast<std::ptrdiff_t>(column));
    CHECK(row == attack.rows[m]);
  }
  const std::size_t fgsm = both.column("fgsm_accuracy_eps0.1", "");
  const std::size_t loss = both.column("test_loss", "");
  CHECK(both.rows[2][loss] != both.rows[0][loss]);  // the regularised networks trained otherwise
  const Table comparison = read_csv_table(tmp / "both/ricci_flow.csv");
  REQUIRE(comparison.rows.size() == 4);  // test_accuracy, rho_best, rho_negative, fgsm_accuracy_eps0.1
  const std::vector<std::string>& row = comparison.rows[3];
  CHECK(row[comparison.column("measure", "")] == "fgsm_accuracy_eps0.1");
  CHECK(row[comparison.column("pairs", "")] == "2");
  const double difference = (std::stod(both.rows[2][fgsm]) - std::stod(both.rows[0][fgsm]) +
                             std::stod(both.rows[3][fgsm]) - std::stod(both.rows[1][fgsm])) / 2;
  CHECK(std::stod(row[comparison.column("mean_difference", "")]) == doctest::Approx(difference).epsilon(1e-12));
  REQUIRE(run_ricci(tmp, "report " + (tmp / "both")).exit_code == 0);
  const std::string summary = read_file(tmp / "both/summary.md");
  const std::size_t section = summary.find("## The Ricci-flow regulariser against plain training");
  REQUIRE(section != std::string::npos);
  CHECK(summary.find("| `spirals:n=210,classes=3,turns=1` | 0.5 | `fgsm_accuracy_eps0.1` | 2 | ", section) !=
        std::string::npos);
  CHECK(summary.find("## Accuracy under attack") != std::string::npos);
}
