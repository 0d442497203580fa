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
      {"--ricci-flow 1,0", "the list starts with 0"},
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
  // Too few training points for k = 10 (14 points, 10 trained on): refused
  // before the first model, not by each model's training.
  const ricci_test::Run small = run_ricci(tmp, "sweep --datasets circles:n=14 --widths 4 --depths 2 --seeds 1,2,3 "
                                               "--epochs 2 --k 2 --ricci-flow 0,1 --quiet --out " + (tmp / "small"));
  CHECK(small.exit_code == 2);
  CHECK(small.err.find("--ricci-flow-k: k = 10 needs 1 <= k < the anchors (10)") != std::string::npos);
  CHECK(!file_exists(tmp / "small/sweep.json"));
  CHECK(!file_exists(tmp / "small/models.csv"));
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
  // A sweep of run folders has no Ricci-flow axis: the regularised run is refused, not taken as plain.
  const ricci_test::Run runs = run_ricci(tmp, "sweep --runs " + (tmp / "plain") + " " + (tmp / "on") +
                                                  " --k 5 --quiet --out " + (tmp / "runs"));
  CHECK(runs.exit_code == 1);
  CHECK(runs.err.find("trained with --ricci-flow 0.5; a sweep of run folders takes plain networks only") !=
        std::string::npos);
  CHECK(!file_exists(tmp / "runs/models.csv"));
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

// The issue's "a regularised network moves rho_k towards negative on a set
// where the effect must show". Not a synthetic set: at lambda 1, penalised
// every step, rho_k moved towards *positive* against the twins on nested
// spheres (6 of 6 pairs), cylinders (5 of 5) and the Swiss roll (4 of 6)
// (docs/training.md). On the real task of the paper, Fashion-MNIST's sandals
// against ankle boots, it moves towards negative: plain networks there have
// rho_k > 0 (0.43 at best k in configs/ricci-flow-fmnist.ini's 12 seeds),
// so there is room to move, and the penalty moves it (-0.39 at lambda 0.1,
// paired p = 0.001). Cut down to run in seconds: 1,000 training images,
// 100 test images per class, 784-25x5-1, RMSprop, Glorot, 10 epochs,
// lambda 1 on every step, rho at k = 10. Measured on seeds 1..40 (2026-12-06)
// in five blocks of eight: the mean paired difference of rho_k10 was
// -0.60, -1.13, -0.73, -0.44, -0.59, and 8, 7, 7, 6, 8 of the 8 pairs moved
// down (36 of 40). Seeds 1..8 (twin -> regularised): 0.150 -> 0.056,
// -0.012 -> -0.706, -0.555 -> -0.959, 0.203 -> -0.697, 0.798 -> -0.943,
// 0.314 -> -0.201, 0.812 -> 0.590, 0.846 -> 0.597. The criterion, a
// model-level one that every block of eight met: mean difference below
// -0.25 and at least 6 of 8 pairs down. Skips when the files are absent.
TEST_CASE("sweep --ricci-flow on the real Fashion-MNIST files: rho_k moves towards negative against the twins") {
  const std::string system = "/usr/share/datasets/fashion-mnist/";
  if (!file_exists(system + "train-images-idx3-ubyte.gz") || !file_exists(system + "t10k-images-idx3-ubyte.gz")) {
    MESSAGE("skipped: " << system << " is not installed (apt-get install dataset-fashion-mnist)");
    return;
  }
  TempDir tmp;
  const ricci_test::Run run =
      run_ricci(tmp,
                "sweep --datasets idx:" + system + "train-images-idx3-ubyte.gz --test idx:" + system +
                    "t10k-images-idx3-ubyte.gz --classes 5,9 --limit 1000 --test-per-class 100 --widths 25 "
                    "--depths 5 --seeds 1,2,3,4,5,6,7,8 --epochs 10 --optimizer rmsprop --lr 0.001 --init glorot "
                    "--k 10 --accuracy-threshold 0.5 --ricci-flow 0,1 --ricci-flow-every 1 --threads 2 --quiet "
                    "--out " + (tmp / "fmnist"));
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const Table models = read_csv_table(tmp / "fmnist/models.csv");
  REQUIRE(models.rows.size() == 16);
  const std::size_t lambda = models.column("ricci_flow", "");
  const std::size_t seed = models.column("seed", "");
  const std::size_t rho = models.column("rho_k10", "");
  // Grid order: the eight twins (lambda 0), then the eight regularised networks, seed by seed.
  double sum = 0.0;
  int down = 0;
  for (std::size_t m = 0; m < 8; ++m) {
    const std::vector<std::string>& twin = models.rows[m];
    const std::vector<std::string>& regularised = models.rows[m + 8];
    REQUIRE(twin[lambda] == "0");
    REQUIRE(regularised[lambda] == "1");
    REQUIRE(twin[seed] == regularised[seed]);
    const double difference = std::stod(regularised[rho]) - std::stod(twin[rho]);
    CAPTURE(twin[seed]);
    CAPTURE(difference);
    sum += difference;
    down += difference < 0;
  }
  CHECK(sum / 8 < -0.25);
  CHECK(down >= 6);
}
