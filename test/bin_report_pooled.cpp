// bin_report_pooled.cpp — `ricci report SWEEP... --out DIR`: the whole
// paper's numbers pooled over several sweeps, checked against a
// recomputation from the sweeps' models.csv files (the share by counting,
// the regression by the normal equations solved in long double, another
// method than the library's), and its refusals.
#include <cmath>
#include <string>
#include <vector>

#include "test/sweep_support.h"

using namespace ricci;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

// Least squares by the normal equations X'X b = X'y, Gauss-Jordan with
// partial pivoting in long double: the estimates and their t statistics.
void normal_equations(const std::vector<std::vector<double>>& x, const std::vector<double>& y,
                      std::vector<double>& estimate, std::vector<double>& t) {
  const std::size_t p = x[0].size(), n = x.size();
  std::vector<std::vector<long double>> a(p, std::vector<long double>(2 * p + 1, 0));
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < p; ++j)
      for (std::size_t r = 0; r < n; ++r) a[i][j] += static_cast<long double>(x[r][i]) * x[r][j];
    for (std::size_t r = 0; r < n; ++r) a[i][2 * p] += static_cast<long double>(x[r][i]) * y[r];
    a[i][p + i] = 1;  // the inverse, for the standard errors
  }
  for (std::size_t c = 0; c < p; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < p; ++r)
      if (std::fabs(static_cast<double>(a[r][c])) > std::fabs(static_cast<double>(a[pivot][c]))) pivot = r;
    std::swap(a[c], a[pivot]);
    const long double d = a[c][c];
    for (long double& v : a[c]) v /= d;
    for (std::size_t r = 0; r < p; ++r)
      if (r != c) {
        const long double f = a[r][c];
        for (std::size_t j = 0; j <= 2 * p; ++j) a[r][j] -= f * a[c][j];
      }
  }
  long double rss = 0;
  for (std::size_t r = 0; r < n; ++r) {
    long double fit = 0;
    for (std::size_t j = 0; j < p; ++j) fit += a[j][2 * p] * x[r][j];
    rss += (y[r] - fit) * (y[r] - fit);
  }
  const long double sigma2 = rss / static_cast<long double>(n - p);
  estimate.clear();
  t.clear();
  for (std::size_t j = 0; j < p; ++j) {
    estimate.push_back(static_cast<double>(a[j][2 * p]));
    t.push_back(static_cast<double>(a[j][2 * p] / std::sqrt(sigma2 * a[j][p + j])));
  }
}

}  // namespace

TEST_CASE("report SWEEP... --out: the pooled share and regression equal a recomputation from models.csv") {
  TempDir tmp;
  const std::vector<std::string> sets = {"paper-a", "paper-b", "paper-c", "circles"};
  std::string sweeps;
  for (const std::string& set : sets) {
    REQUIRE(run_ricci(tmp, "sweep --datasets " + set + ":n=240 --widths 8,12 --depths 5 --seeds 1,2,3,4 --epochs 8 "
                           "--k 10,30 --baselines untrained --accuracy-threshold 0.6 --threads 2 --quiet --out " +
                               (tmp / set))
                .exit_code == 0);
    sweeps += " " + (tmp / set);
  }
  const ricci_test::Run run = run_ricci(tmp, "report" + sweeps + " --out " + (tmp / "pooled"));
  REQUIRE(run.exit_code == 0);

  // The recomputation: every sweep's well-trained networks at their own best
  // k (models.csv's rho_best, z_best), pooled.
  std::size_t analysed = 0, negative = 0, untrained = 0, untrained_negative = 0;
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  std::vector<std::string> datasets, widths;  // levels in order of first appearance
  struct Row { double z, accuracy; std::string dataset, width; };
  std::vector<Row> rows;
  for (const std::string& set : sets) {
    const Table models = read_csv_table(tmp / set + "/models.csv");
    const auto cell = [&](const std::vector<std::string>& row, const char* column) { return row[models.column(column, "")]; };
    for (const auto& row : models.rows) {
      const std::string rho = cell(row, "rho_best");
      if (cell(row, "baseline") == "untrained" && cell(row, "status") == "ok" && !rho.empty()) {
        ++untrained;
        untrained_negative += std::stod(rho) < 0;
      }
      if (cell(row, "well_trained") != "1" || rho.empty()) continue;
      ++analysed;
      negative += std::stod(rho) < 0;
      if (cell(row, "z_best").empty()) continue;
      rows.push_back({std::stod(cell(row, "z_best")), std::stod(cell(row, "test_accuracy")), cell(row, "dataset"),
                      cell(row, "width")});
    }
  }
  REQUIRE(analysed >= 6);  // enough well-trained networks for the check to mean something
  for (const Row& r : rows) {
    if (std::find(datasets.begin(), datasets.end(), r.dataset) == datasets.end()) datasets.push_back(r.dataset);
    if (std::find(widths.begin(), widths.end(), r.width) == widths.end()) widths.push_back(r.width);
  }
  for (const Row& r : rows) {  // intercept, z, data sets after the first, widths after the first (one depth)
    std::vector<double> v = {1.0, r.z};
    for (std::size_t d = 1; d < datasets.size(); ++d) v.push_back(r.dataset == datasets[d] ? 1.0 : 0.0);
    for (std::size_t w = 1; w < widths.size(); ++w) v.push_back(r.width == widths[w] ? 1.0 : 0.0);
    x.push_back(v);
    y.push_back(r.accuracy);
  }
  std::vector<double> estimate, t;
  normal_equations(x, y, estimate, t);

  const std::string summary = read_file(tmp / "pooled/summary.md");
  CHECK_MESSAGE(summary.find("with rho < 0 at their best k: **" + std::to_string(negative) + " of " +
                             std::to_string(analysed)) != std::string::npos, summary.substr(0, 1500));
  CHECK(summary.find("untrained twins, with rho < 0 at their best k: **" + std::to_string(untrained_negative) + " of " +
                     std::to_string(untrained)) != std::string::npos);
  const Table regression = read_csv_table(tmp / "pooled/regression.csv");
  REQUIRE(regression.rows.size() == estimate.size());
  for (std::size_t j = 0; j < estimate.size(); ++j) {
    CAPTURE(regression.rows[j][0]);
    CHECK(std::fabs(std::stod(regression.rows[j][1]) - estimate[j]) <= 1e-9);
    CHECK(std::fabs(std::stod(regression.rows[j][3]) - t[j]) <= 1e-9 * (1 + std::fabs(t[j])));
  }
  CHECK(regression.rows[1][0] == "z");
  // Each sweep's own report follows, its figures beside it.
  CHECK(summary.find("## Sweep `" + (tmp / "paper-b") + "`") != std::string::npos);
  CHECK(file_exists(tmp / "pooled/figures-2-paper-b-n-240"));
  // Again into the same folder: replaced whole, the same bytes.
  REQUIRE(run_ricci(tmp, "report" + sweeps + " --out " + (tmp / "pooled") + " --quiet").exit_code == 0);
  CHECK(read_file(tmp / "pooled/summary.md") == summary);

  // Refusals, one line each, nothing written.
  ricci_test::check_failure(tmp, {"report " + (tmp / "paper-a") + " " + (tmp / "paper-a") + " --out " + (tmp / "x"), 2,
                                  "both hold data set 'paper-a:n=240': pool each data set once"});
  REQUIRE(run_ricci(tmp, "sweep --datasets spirals:n=240 --widths 8 --depths 5 --seeds 1,2 --epochs 4 --k 10 "
                         "--convention paper-r --quiet --out " + (tmp / "r"))
              .exit_code == 0);
  ricci_test::check_failure(tmp, {"report " + (tmp / "paper-a") + " " + (tmp / "r") + " --out " + (tmp / "x"), 2,
                                  "a pooled report needs one convention"});
  CHECK_FALSE(file_exists(tmp / "x"));
  ricci_test::check_failure(tmp, {"report " + (tmp / "paper-a") + " " + (tmp / "paper-b") + " --out " + (tmp / "paper-c"),
                                  2, "ricci report --out writes a new folder"});
  ricci_test::check_failure(tmp, {"report " + (tmp / "paper-a") + " --out " + (tmp / "x"), 2, "give two or more sweeps"});
}
