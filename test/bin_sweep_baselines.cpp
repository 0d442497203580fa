// bin_sweep_baselines.cpp — a sweep with --baselines end to end, as issue 12 asks
// it to show: each model three times with the right baseline, the untrained
// twin the trained model's network at initialisation, the shuffled-label
// models near chance, null_tests.csv recomputed here from models.csv alone
// (groups formed by hand, p-values by mann_whitney_u, which
// test/flow_inference.cpp checks against SciPy; bench/null_check.py does
// the same with SciPy itself), held_out.csv, and baselines under --shard,
// merge and --resume.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "bin/report/format.h"
#include "data/files.h"
#include "data/io/table.h"
#include "flow/inference.h"
#include "test/sweep_support.h"
#include "test/xml_check.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

// 2 widths x 4 seeds of one data set, depth 5, three blocks: 24 models.
const std::string kGrid =
    " --datasets circles:n=400 --widths 8,12 --depths 5 --seeds 1,2,3,4 --epochs 40 --k 10,30 "
    "--accuracy-threshold 0.9 --quiet";
const std::string kBaselines = " --baselines untrained,shuffled-labels";

bool same_files(const std::string& a, const std::string& b) {
  return ricci_test::same_files(a, b, {"sweep.json", "models.csv", "layers.csv", "groups.csv", "best_k.csv",
                                       "regression.csv", "null_tests.csv", "held_out.csv"});
}

}  // namespace

TEST_CASE("sweep --baselines: each model three times, the twins as defined, null_tests.csv recomputed") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + kBaselines + " --select-k-on half --out " + (tmp / "s")).exit_code == 0);
  const Table models = read_csv_table(tmp / "s/models.csv");
  REQUIRE(models.rows.size() == 24);
  const std::size_t baseline = models.column("baseline", ""), status = models.column("status", ""),
                    accuracy = models.column("test_accuracy", ""), epochs = models.column("epochs", ""),
                    well = models.column("well_trained", "");
  CHECK(baseline == 5);  // after the identifying columns model, dataset, width, depth, seed
  // The baseline axis is outermost: block b holds the 8 models of the grid again.
  const char* names[] = {"none", "untrained", "shuffled-labels"};
  double trained_accuracy = 0, shuffled_accuracy = 0;
  for (std::size_t m = 0; m < 24; ++m) {
    const auto& row = models.rows[m];
    CAPTURE(m);
    CHECK(row[0] == std::to_string(m));
    CHECK(row[baseline] == names[m / 8]);
    for (std::size_t c = 1; c <= 4; ++c) CHECK(row[c] == models.rows[m % 8][c]);  // dataset, width, depth, seed
    CHECK(row[status] == "ok");
    CHECK(row[epochs] == (m / 8 == 1 ? "0" : "40"));
    if (m / 8 > 0) CHECK(row[well] == "0");  // baseline models are never well-trained
    (m / 8 == 0 ? trained_accuracy : shuffled_accuracy) += m / 8 == 1 ? 0 : std::stod(row[accuracy]) / 8;
  }
  CHECK(trained_accuracy > 0.95);
  CHECK(std::fabs(shuffled_accuracy - 0.5) < 0.1);  // near chance on the true test labels

  // The untrained twin of model 1 (width 8, seed 2) is `ricci train --epochs 0` with its seed.
  REQUIRE(run_ricci(tmp, "train --data circles:n=400 --width 8 --depth 5 --seed 2 --epochs 0 --quiet --out " +
                             (tmp / "u"))
              .exit_code == 0);
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "u") + " --k 10,30").exit_code == 0);
  const Table twin = read_csv_table(tmp / "u/layers.csv");
  std::vector<std::vector<std::string>> sweep_rows;
  for (const auto& row : read_csv_table(tmp / "s/layers.csv").rows)
    if (row[0] == "9") sweep_rows.push_back(std::vector<std::string>(row.begin() + 6, row.end()));
  CHECK(sweep_rows == twin.rows);

  // null_tests.csv: the columns; each row recomputed from models.csv.
  const Table tests = read_csv_table(tmp / "s/null_tests.csv");
  CHECK(tests.header == std::vector<std::string>{"dataset", "width", "depth", "k", "baseline", "trained_models",
                                                 "baseline_models", "trained_share_negative",
                                                 "baseline_share_negative", "trained_mean_rho", "baseline_mean_rho",
                                                 "difference", "ci_low", "ci_high", "p_value"});
  REQUIRE(tests.rows.size() == 2 * 2 * 2);  // widths x k x baselines
  int tested = 0;
  for (const auto& t : tests.rows) {
    CAPTURE(t[1]);
    CAPTURE(t[3]);
    CAPTURE(t[4]);
    const std::size_t rho = models.column("rho_k" + t[3], "");
    std::vector<double> x, y;
    for (const auto& m : models.rows) {
      if (m[2] != t[1] || m[status] != "ok" || m[rho].empty()) continue;
      if (m[baseline] == "none" && std::stod(m[accuracy]) > 0.9) x.push_back(std::stod(m[rho]));
      if (m[baseline] == t[4]) y.push_back(std::stod(m[rho]));
    }
    CHECK(t[5] == std::to_string(x.size()));
    CHECK(t[6] == std::to_string(y.size()));
    if (x.empty() || y.empty()) {
      CHECK(t[14].empty());
      continue;
    }
    ++tested;
    double mean_x = 0, mean_y = 0;
    for (double v : x) mean_x += v / double(x.size());
    for (double v : y) mean_y += v / double(y.size());
    CHECK(std::stod(t[9]) == doctest::Approx(mean_x).epsilon(1e-12));
    CHECK(std::stod(t[10]) == doctest::Approx(mean_y).epsilon(1e-12));
    CHECK(std::stod(t[11]) == doctest::Approx(mean_x - mean_y).epsilon(1e-12));
    CHECK(std::stod(t[12]) <= std::stod(t[11]));
    CHECK(std::stod(t[11]) <= std::stod(t[13]));
    CHECK(std::stod(t[14]) == mann_whitney_u(x, y).p_value);
  }
  CHECK(tested >= 4);
  // groups.csv and best_k.csv hold every baseline's groups; held_out.csv too.
  CHECK(read_csv_table(tmp / "s/groups.csv").rows.size() == 3 * 2 * 2);
  CHECK(read_csv_table(tmp / "s/best_k.csv").rows.size() == 3 * 2);
  const Table held = read_csv_table(tmp / "s/held_out.csv");
  REQUIRE(held.rows.size() == 3 * 2);
  CHECK(held.rows[0][held.column("selection_seeds", "")] == "1 2");
  CHECK(held.rows[0][held.column("evaluation_seeds", "")] == "3 4");

  // The report says, per data set and baseline, whether the trained networks
  // are more Ricci-flow-like, and draws rho_k against k for every group.
  REQUIRE(run_ricci(tmp, "report --quiet " + (tmp / "s")).exit_code == 0);
  const std::string summary = read_file(tmp / "s/summary.md");
  for (const char* part : {"## Model-level inference", "is a layer-pair statistic", "## Trained networks against baselines",
                           "- `circles:n=400` against untrained twins: at k = 10 ",
                           "- `circles:n=400` against shuffled-label models: at k = 10 ", "Mann-Whitney p = ",
                           "untrained twins **", "Held-out k (`--select-k-on half`, held_out.csv): each architecture's "
                           "k chosen on seeds 1, 2, rho and z at it on seeds 3, 4",
                           // What was found, in words, each control beside the trained models at the best k.
                           "## What was found", "the controls are read at the same k",
                           "- `circles:n=400`: the pooled rho is most negative at **k = ", " Against untrained twins: ",
                           " Against shuffled-label models: "})
    CHECK(summary.find(part) != std::string::npos);
  // Per architecture, at its best k (best_k.csv), each control's row is
  // null_tests.csv's row at that k, formatted as summary.md formats numbers.
  CHECK(summary.find("## What was found, per architecture") < summary.find("## What was found, pooled over architectures"));
  CHECK(summary.find("### With k chosen on held-out seeds") != std::string::npos);
  const Table best = read_csv_table(tmp / "s/best_k.csv");
  std::size_t answered = 0;
  for (const std::vector<std::string>& b : best.rows) {
    if (b[3] != "none" || b[4].empty()) continue;
    for (const std::vector<std::string>& t : tests.rows) {
      if (t[0] != b[0] || t[1] != b[1] || t[2] != b[2] || t[3] != b[4]) continue;
      const std::string row = "| `" + t[0] + "` | " + t[1] + " | " + t[2] + " | " + t[3] + " | ";
      CAPTURE(row);
      const std::size_t at = summary.find(row);
      REQUIRE(at != std::string::npos);
      const std::string control = t[4] == "untrained" ? "untrained twins" : "shuffled-label models";
      CHECK(summary.find(" | " + control + " | ", at) != std::string::npos);
      CHECK(summary.find(fixed(std::stod(t[10])), at) != std::string::npos);  // the control's mean rho
      ++answered;
    }
  }
  CHECK(answered >= 2);
  CHECK(file_exists(tmp / "s/figures/share_negative_vs_k_1-circles_n_400.svg"));
  ricci_test::check_xml(read_file(tmp / "s/figures/share_negative_vs_k_1-circles_n_400.svg"));
  const std::string svg = read_file(tmp / "s/figures/rho_vs_k_baselines_1-circles_n_400.svg");
  ricci_test::check_xml(svg);
  for (const char* label : {"well-trained models", "untrained twins", "shuffled-label models"})
    CHECK(svg.find(label) != std::string::npos);
}

TEST_CASE("sweep --baselines: shards merge into the whole; baselines added by --resume keep every model") {
  TempDir tmp;
  const std::string grid = " --datasets circles:n=300 --widths 6 --depths 5 --seeds 1,2 --epochs 10 --k 8 --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + kBaselines + " --out " + (tmp / "whole")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + grid + kBaselines + " --shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + grid + kBaselines + " --shard 1/2 --out " + (tmp / "s1")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "merge " + (tmp / "s0") + " " + (tmp / "s1") + " --out " + (tmp / "merged")).exit_code == 0);
  CHECK(same_files(tmp / "merged", tmp / "whole"));

  // A sweep without baselines, then resumed with them, then with one more:
  // the trained models keep their indices and rows, and the result is the
  // sweep run with the baselines from the start.
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --out " + (tmp / "grown")).exit_code == 0);
  const std::string trained_rows = read_file(tmp / "grown/layers.csv");
  CHECK_FALSE(file_exists(tmp / "grown/null_tests.csv"));
  const Run added = run_ricci(tmp, "sweep" + grid + " --baselines untrained --resume --out " + (tmp / "grown"));
  REQUIRE(added.exit_code == 0);
  CHECK(added.out.find("4 models done (2 now, 2 already)") != std::string::npos);
  REQUIRE(run_ricci(tmp, "sweep" + grid + kBaselines + " --resume --out " + (tmp / "grown")).exit_code == 0);
  CHECK(read_file(tmp / "grown/layers.csv").compare(0, trained_rows.size(), trained_rows) == 0);
  CHECK(same_files(tmp / "grown", tmp / "whole"));
  // Baselines dropped or reordered are refused, naming the sweep's.
  ricci_test::check_failure(tmp, {"sweep" + grid + " --baselines shuffled-labels,untrained --resume --out " +
                                      (tmp / "grown"),
                                  2, "this sweep's baselines are 'untrained,shuffled-labels'; --baselines can only "
                                     "add baselines after them"});
  ricci_test::check_failure(tmp, {"sweep" + grid + " --resume --out " + (tmp / "grown"), 2,
                                  "this sweep's baselines are 'untrained,shuffled-labels'"});
}

TEST_CASE("[model] baselines and [analysis] select_k_on in a config; bad values are usage errors") {
  TempDir tmp;
  write_file_atomically(tmp / "grid.ini", "[data]\ndatasets = circles:n=200\n[model]\nwidths = 4\ndepths = 5\n"
                                          "seeds = 1, 2\nbaselines = shuffled-labels\n[training]\nepochs = 1\n"
                                          "[analysis]\nk = 5\nselect_k_on = half\n");
  REQUIRE(run_ricci(tmp, "sweep --config " + (tmp / "grid.ini") + " --quiet --out " + (tmp / "c")).exit_code == 0);
  const std::string json = read_file(tmp / "c/sweep.json");
  CHECK(json.find("\"baselines\": [\n      \"shuffled-labels\"\n    ]") != std::string::npos);
  CHECK(json.find("\"select_k_on\": \"half\"") != std::string::npos);
  CHECK(read_csv_table(tmp / "c/models.csv").rows[3][5] == "shuffled-labels");
  CHECK(file_exists(tmp / "c/held_out.csv"));
  const std::string out = " --out " + (tmp / "x");
  const ricci_test::Failure cases[] = {
      {"sweep --baselines frozen" + out, 2, "--baselines: expected untrained or shuffled-labels (or none alone), got 'frozen'"},
      {"sweep --baselines untrained,untrained" + out, 2, "--baselines: untrained given twice"},
      {"sweep --baselines none,untrained" + out, 2, "got 'none'"},
      {"sweep --select-k-on third" + out, 2, "--select-k-on: expected all or half, got 'third'"},
      {"sweep --epochs 0" + out, 2, "its untrained networks are the baseline --baselines untrained"},
  };
  for (const auto& c : cases) ricci_test::check_failure(tmp, c);
  CHECK_FALSE(file_exists(tmp / "x"));
}
