// bin_sweep_early.cpp — early.csv of a tracked sweep against a
// recomputation from its training_geometry.csv and models.csv: per
// architecture, tracked epoch, k and outcome, Pearson r of rho_k (and of
// the training loss) at the epoch with the final outcome, worked out here
// in two passes; the p-value is flow/statistics.h's (tested against SciPy
// in test/flow_statistics.cpp) on the same pairs. Also the verdicts of
// flow/early.h on rows made by hand, and the report's section.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/table.h"
#include "flow/early.h"
#include "flow/statistics.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

// Pearson's r in two passes, in double; NaN for fewer than 3 pairs or no spread.
double two_pass_r(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n < 3) return NAN;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : NAN;
}

double cell_number(const std::string& cell) { return cell.empty() ? NAN : std::stod(cell); }

}  // namespace

TEST_CASE("early.csv equals a recomputation from training_geometry.csv and models.csv") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep --datasets 'circles:n=240,noise=0.1' --widths 6,8 --depths 4 --seeds 1,2,3,4,5 "
                         "--epochs 4 --track-every 2 --k 5,10 --baselines untrained --attack fgsm:0.1 --quiet --out " +
                             (tmp / "s"))
              .exit_code == 0);
  const Table models = read_csv_table(tmp / "s/models.csv");
  const Table tracking = read_csv_table(tmp / "s/training_geometry.csv");
  const Table early = read_csv_table(tmp / "s/early.csv");
  CHECK(early.header == std::vector<std::string>{"dataset", "width", "depth", "epoch", "k", "outcome", "models", "rho_r",
                                                 "rho_p_value", "loss_models", "loss_r", "loss_p_value"});
  // Each trained model's width and outcomes (the untrained twins are not predicted).
  std::map<std::string, std::map<std::string, double>> outcome_of;  // model -> outcome -> value
  std::map<std::string, std::string> width_of;
  for (const auto& row : models.rows) {
    if (row[models.column("baseline", "")] != "none" || row[models.column("status", "")] != "ok") continue;
    width_of[row[0]] = row[models.column("width", "")];
    for (const char* o : {"test_accuracy", "fgsm_accuracy_eps0.1"})
      outcome_of[row[0]][o] = cell_number(row[models.column(o, "")]);
  }
  // 2 widths x 3 epochs (0, 2, 4) x 2 ks x 2 outcomes.
  REQUIRE(early.rows.size() == 2 * 3 * 2 * 2);
  std::size_t checked = 0;
  for (const auto& e : early.rows) {
    const std::string width = e[1], epoch = e[3], k = e[4], outcome = e[5];
    std::vector<double> rho, rho_y, loss, loss_y;
    for (const auto& t : tracking.rows) {
      if (!width_of.count(t[0]) || width_of[t[0]] != width || t[tracking.column("epoch", "")] != epoch ||
          t[tracking.column("k", "")] != k)
        continue;
      const double y = outcome_of[t[0]][outcome];
      const double r = cell_number(t[tracking.column("rho", "")]), l = cell_number(t[tracking.column("train_loss", "")]);
      if (!std::isnan(r)) {
        rho.push_back(r);
        rho_y.push_back(y);
      }
      if (!std::isnan(l)) {
        loss.push_back(l);
        loss_y.push_back(y);
      }
    }
    CAPTURE(width);
    CAPTURE(epoch);
    CAPTURE(k);
    CAPTURE(outcome);
    CHECK(e[6] == std::to_string(rho.size()));
    CHECK(e[9] == std::to_string(loss.size()));
    const double r = two_pass_r(rho, rho_y), l = two_pass_r(loss, loss_y);
    if (std::isnan(r)) {
      CHECK(e[7].empty());
    } else {
      CHECK(cell_number(e[7]) == doctest::Approx(r).epsilon(1e-12));
      CHECK(cell_number(e[8]) == doctest::Approx(pearson(rho, rho_y).p_value).epsilon(1e-12));
      ++checked;
    }
    if (!std::isnan(l)) {
      CHECK(cell_number(e[10]) == doctest::Approx(l).epsilon(1e-12));
      CHECK(cell_number(e[11]) == doctest::Approx(pearson(loss, loss_y).p_value).epsilon(1e-12));
    }
  }
  CHECK(checked > 6);
  REQUIRE(run_ricci(tmp, "report " + (tmp / "s") + " --quiet").exit_code == 0);
  CHECK(read_file(tmp / "s/summary.md").find("## Early prediction") != std::string::npos);
}

TEST_CASE("early verdicts: the first epoch where geometry predicts better, and from which it always does") {
  ModelGroup group;
  group.dataset = "a";
  group.width = "8";
  group.depth = 3;
  // |r_rho| against |r_loss| at epochs 0..4: worse, better, worse, better, better; an epoch with rho undefined.
  const double rho[] = {0.1, -0.8, 0.2, 0.7, -0.9, NAN};
  const double loss[] = {-0.5, 0.3, -0.6, -0.6, 0.1, 0.4};
  std::vector<EarlyRow> rows;
  for (std::size_t e = 0; e < 6; ++e) {
    EarlyRow row;
    row.architecture = group;
    row.epoch = e;
    row.k = 10;
    row.outcome = "test_accuracy";
    row.rho.r = rho[e];
    row.loss.r = loss[e];
    rows.push_back(row);
  }
  std::vector<EarlyRow> other = rows;  // another k: never better at the end
  for (EarlyRow& row : other) {
    row.k = 20;
    row.rho.r = 0.0;
  }
  rows.insert(rows.end(), other.begin(), other.end());
  const std::vector<EarlyVerdict> v = early_verdicts(rows);
  REQUIRE(v.size() == 2);
  CHECK(v[0].k == 10);
  CHECK(v[0].compared == 5);
  CHECK(v[0].better == 3);
  CHECK(v[0].first_epoch == 1);
  CHECK(v[0].from_epoch == 3);
  CHECK(v[1].better == 0);
  CHECK(v[1].first_epoch == -1);
  CHECK(v[1].from_epoch == -1);
}
