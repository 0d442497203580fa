// bin_sweep_local.cpp — `ricci sweep --local` end to end: local.csv's
// per-model means equal the means, worked out here, of `ricci analyze
// --local`'s coefficients for the same run; local_groups.csv is recomputed
// here from local.csv and models.csv (groups formed by hand; the tests from
// flow/inference.h, which test/flow_inference.cpp checks against SciPy);
// the rows survive --resume after a torn write and merged shards; the
// report has its section.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/table.h"
#include "flow/inference.h"
#include "test/sweep_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::run_shell;
using ricci_test::TempDir;

namespace {

const std::string kData = "circles:n=300,noise=0.1";
const std::string kGrid = " --datasets " + kData +
                          " --widths 6,8 --depths 4 --seeds 1,2,3 --epochs 8 --baselines untrained --k 5,12 "
                          "--accuracy-threshold 0.6 --local --quiet";

double cell(const Table& t, std::size_t row, const std::string& column) {
  return csv_value(t.rows[row][t.column(column, "table")], "table");
}

// The mean of a column over the rows of one k whose cell is not empty.
double mean_at_k(const Table& t, const std::string& k, const std::string& column, std::size_t& defined) {
  double sum = 0;
  defined = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (t.rows[r][0] == k && !std::isnan(cell(t, r, column))) sum += cell(t, r, column), ++defined;
  return defined ? sum / static_cast<double>(defined) : NAN;
}

bool close(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::fabs(a - b) <= 1e-12 * (1 + std::fabs(b)); }

}  // namespace

TEST_CASE("sweep --local: local.csv's means are those of analyze --local's coefficients") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "s")).exit_code == 0);
  const Table local = read_csv_table(tmp / "s/local.csv");
  REQUIRE(local.rows.size() == 12 * 2);  // 6 trained and 6 untrained models, 2 ks
  // Model 4 is width 8, seed 2 (baseline none); model 9 width 8, seed 1, untrained.
  for (const auto& [model, flags] : std::map<int, std::string>{{4, " --width 8 --seed 2 --epochs 8"},
                                                               {9, " --width 8 --seed 1 --epochs 0"}}) {
    CAPTURE(model);
    const std::string run = tmp / ("run" + std::to_string(model));
    REQUIRE(run_ricci(tmp, "train --data " + kData + " --depth 4" + flags + " --quiet --out " + run).exit_code == 0);
    REQUIRE(run_ricci(tmp, "analyze " + run + " --k 5,12 --local --quiet").exit_code == 0);
    const Table layer = read_csv_table(run + "/layer_coefficients.csv");
    const Table point = read_csv_table(run + "/local_coefficients.csv");
    for (const char* k : {"5", "12"}) {
      CAPTURE(k);
      std::size_t row = local.rows.size();
      for (std::size_t r = 0; r < local.rows.size(); ++r)
        if (local.rows[r][0] == std::to_string(model) && local.rows[r][6] == k) row = r;
      REQUIRE(row < local.rows.size());
      std::size_t layers_defined = 0, points_defined = 0, negative = 0;
      CHECK(close(cell(local, row, "mean_layer_coefficient"), mean_at_k(layer, k, "rho", layers_defined)));
      CHECK(close(cell(local, row, "mean_local_coefficient"), mean_at_k(point, k, "rho", points_defined)));
      for (std::size_t r = 0; r < point.rows.size(); ++r)
        negative += point.rows[r][0] == k && cell(point, r, "rho") < 0;
      CHECK(cell(local, row, "layer_defined") == layers_defined);
      CHECK(cell(local, row, "transitions") == 4);
      CHECK(cell(local, row, "local_defined") == points_defined);
      CHECK(cell(local, row, "points") == 90);
      CHECK(close(cell(local, row, "local_negative_share"), double(negative) / double(points_defined)));
    }
  }
}

TEST_CASE("sweep --local: local_groups.csv recomputed from local.csv; resume, merge and report") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "s")).exit_code == 0);
  const Table models = read_csv_table(tmp / "s/models.csv"), local = read_csv_table(tmp / "s/local.csv");
  const Table groups = read_csv_table(tmp / "s/local_groups.csv");
  REQUIRE(groups.rows.size() == 2 * 2 * 2);  // baselines x widths x ks
  for (std::size_t g = 0; g < groups.rows.size(); ++g) {
    const auto& group = groups.rows[g];
    CAPTURE(g);
    std::vector<double> layer, point;  // the per-model means of the group's analysed models
    std::size_t analysed = 0;
    for (std::size_t r = 0; r < local.rows.size(); ++r) {
      const std::size_t m = std::stoul(local.rows[r][0]);
      const bool trained = models.rows[m][models.column("baseline", "")] == "none";
      const bool used = trained ? models.rows[m][models.column("well_trained", "")] == "1"
                                : models.rows[m][models.column("status", "")] == "ok";
      if (!used || local.rows[r][2] != group[1] || local.rows[r][5] != group[3] || local.rows[r][6] != group[4])
        continue;
      ++analysed;
      if (!std::isnan(cell(local, r, "mean_layer_coefficient"))) layer.push_back(cell(local, r, "mean_layer_coefficient"));
      if (!std::isnan(cell(local, r, "mean_local_coefficient"))) point.push_back(cell(local, r, "mean_local_coefficient"));
    }
    CHECK(cell(groups, g, "models") == analysed);
    for (const auto& [x, values] : std::map<std::string, std::vector<double>>{{"layer", layer}, {"local", point}}) {
      CAPTURE(x);
      std::vector<double> sorted = values;
      std::sort(sorted.begin(), sorted.end());
      const std::size_t n = sorted.size();
      const double median = n == 0 ? NAN : n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      double sum = 0;
      for (double v : values) sum += v;
      const SignTest sign = sign_test(values);
      const OneSampleT t = one_sample_t(values);
      CHECK(cell(groups, g, x + "_models") == n);
      CHECK(close(cell(groups, g, x + "_median"), median));
      CHECK(close(cell(groups, g, x + "_mean"), n ? sum / double(n) : NAN));
      CHECK(cell(groups, g, x + "_negative") == sign.below);
      CHECK(close(cell(groups, g, x + "_sign_p_value"), sign.p_value));
      CHECK(close(cell(groups, g, x + "_t"), t.t));
      CHECK(close(cell(groups, g, x + "_t_p_value"), t.p_value));
    }
  }

  // Killed mid-commit: 5 models committed, the 6th's local rows written, its
  // layer rows torn and its coefficient rows missing (whatever order a kill
  // leaves them in); --resume drops them and ends with the same bytes.
  REQUIRE(run_shell("cp -r " + (tmp / "s") + " " + (tmp / "part")) == 0);
  auto first_rows = [&](const std::string& file, std::size_t models_kept, std::size_t extra_chars) {
    const Table t = read_csv_table(tmp / ("s/" + file));
    std::string text = csv_line(t.header);
    std::size_t extra_row = t.rows.size();
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (std::stoul(t.rows[r][0]) < models_kept) text += csv_line(t.rows[r]);
      else if (extra_row == t.rows.size()) extra_row = r;
    }
    if (extra_chars && extra_row < t.rows.size()) text += csv_line(t.rows[extra_row]).substr(0, extra_chars);
    write_file_atomically(tmp / ("part/" + file), text);
  };
  first_rows("models.csv", 5, 0);
  first_rows("local.csv", 6, 0);
  first_rows("layers.csv", 5, 20);
  first_rows("coefficients.csv", 5, 0);
  const Run resumed = run_ricci(tmp, "sweep" + kGrid + " --resume --out " + (tmp / "part"));
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.out.find("12 models done (7 now, 5 already)") != std::string::npos);
  for (const char* file : {"models.csv", "layers.csv", "coefficients.csv", "local.csv", "local_groups.csv", "groups.csv"}) {
    CAPTURE(file);
    CHECK(read_file(tmp / ("part/" + std::string(file))) == read_file(tmp / ("s/" + std::string(file))));
  }

  // Shards merged.
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --shard 1/2 --out " + (tmp / "s1")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "merge --quiet " + (tmp / "s0") + " " + (tmp / "s1") + " --out " + (tmp / "m")).exit_code == 0);
  for (const char* file : {"sweep.json", "coefficients.csv", "local.csv", "local_groups.csv", "models.csv"}) {
    CAPTURE(file);
    CHECK(read_file(tmp / ("m/" + std::string(file))) == read_file(tmp / ("s/" + std::string(file))));
  }

  // The report's section, and the options that do not combine.
  REQUIRE(run_ricci(tmp, "report --quiet " + (tmp / "s")).exit_code == 0);
  const std::string summary = read_file(tmp / "s/summary.md");
  CHECK(summary.find("## Layer and local coefficients (Hehl et al.)") != std::string::npos);
  CHECK(summary.find("| `" + kData + "` | untrained | 12 | 6 |") != std::string::npos);
  REQUIRE(run_ricci(tmp, "sweep --datasets " + kData + " --k 5 --epochs 2 --quiet --out " + (tmp / "plain")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "report --quiet " + (tmp / "plain")).exit_code == 0);
  CHECK(read_file(tmp / "plain/summary.md").find("Layer and local") == std::string::npos);
  CHECK_FALSE(file_exists(tmp / "plain/local.csv"));
  CHECK(run_ricci(tmp, "sweep --local-unreachable skip-layer --out " + (tmp / "x")).exit_code == 2);
  CHECK(run_ricci(tmp, "sweep --local --convention paper-r --out " + (tmp / "x")).exit_code == 2);
  CHECK_FALSE(file_exists(tmp / "x"));
}
