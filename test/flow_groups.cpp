// flow_groups.cpp — grouping a sweep's models and the rows of groups.csv, on
// the tiny sweep of test/flow_support.h, against SciPy (scipy.stats.pearsonr,
// spearmanr) and Fisher's formula evaluated in Python.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "flow/groups.h"
#include "test/flow_support.h"

using namespace ricci;
using ricci_test::tiny_sweep;

namespace {

std::vector<std::size_t> indices(const Sweep& sweep, const std::vector<ModelRho>& rhos) {
  std::vector<std::size_t> out;
  for (const ModelRho& m : rhos) out.push_back(sweep.models[m.model].index);
  return out;
}

}  // namespace

TEST_CASE("models group by data set and by architecture, in order of first appearance") {
  const Sweep sweep = tiny_sweep();
  const std::vector<ModelGroup> datasets = dataset_groups(sweep);
  REQUIRE(datasets.size() == 2);
  CHECK(datasets[0].dataset == "a");
  CHECK(datasets[0].members == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(datasets[1].members == std::vector<std::size_t>{4, 5, 6, 7});
  const std::vector<ModelGroup> architectures = architecture_groups(sweep);
  REQUIRE(architectures.size() == 3);
  CHECK(architectures[1].dataset == "b");
  CHECK(architectures[1].width == "8");
  CHECK(architectures[1].members == std::vector<std::size_t>{4, 5, 6});
  CHECK(architectures[2].width == "16");
  CHECK(layers_at_k(sweep.models[0], 9).size() == 6);
  CHECK(layers_at_k(sweep.models[0], 9)[2].curvature_total == -2);
  CHECK(layers_at_k(sweep.models[3], 5).empty());
  CHECK(is_well_trained(sweep.models[1], sweep));
  CHECK_FALSE(is_well_trained(sweep.models[2], sweep));  // 0.85 is not above 0.9
  CHECK_FALSE(is_well_trained(sweep.models[3], sweep));  // failed
}

TEST_CASE("rho_k of the trained models with rho_k defined, and rho_k against accuracy") {
  const Sweep sweep = tiny_sweep();
  const std::vector<ModelGroup> datasets = dataset_groups(sweep);
  const std::vector<ModelRho> a = model_rhos(sweep, datasets[0], 5);
  CHECK(indices(sweep, a) == std::vector<std::size_t>{0, 1, 2});
  CHECK(a[0].rho.r == doctest::Approx(-0.7453559924999299).epsilon(1e-12));
  CHECK(a[0].rho.p_value == doctest::Approx(0.2546440075000702).epsilon(1e-9));
  CHECK(a[0].rho.n == 4);  // Eq. 8: L - 1 = 4 pairs
  CHECK(a[1].rho.r == doctest::Approx(0.7526178090063818).epsilon(1e-12));
  CHECK(a[2].rho.r == doctest::Approx(0.46442036401282394).epsilon(1e-12));
  // Models 5 (disconnected) and 6 (constant eta) have no rho_k.
  CHECK(indices(sweep, model_rhos(sweep, datasets[1], 5)) == std::vector<std::size_t>{4, 7});
  const RhoAccuracy with_accuracy = rho_accuracy(sweep, a);
  CHECK(with_accuracy.pearson.n == 3);
  CHECK(with_accuracy.pearson.r == doctest::Approx(-0.5955367734218775).epsilon(1e-12));
  CHECK(with_accuracy.pearson.p_value == doctest::Approx(0.5938788119530706).epsilon(1e-9));
  CHECK(with_accuracy.spearman.r == doctest::Approx(-0.5));
  CHECK(with_accuracy.spearman.p_value == doctest::Approx(0.6666666666666667).epsilon(1e-9));
}

TEST_CASE("accuracy of an architecture's trained models") {
  const Sweep sweep = tiny_sweep();
  const AccuracySummary a = accuracy_summary(sweep, architecture_groups(sweep)[0]);
  CHECK(a.models == 4);
  CHECK(a.trained == 3);
  CHECK(a.mean_test == doctest::Approx((0.95 + 0.92 + 0.85) / 3));
  CHECK(a.mean_train == doctest::Approx((0.96 + 0.93 + 0.86) / 3));
  CHECK(a.min_test == 0.85);
  const AccuracySummary none = accuracy_summary(sweep, ModelGroup{"a", "4", 5, {3}});
  CHECK(none.trained == 0);
  CHECK(std::isnan(none.mean_test));
  CHECK(std::isnan(none.min_test));
}

TEST_CASE("group rows: per architecture and k, against SciPy") {
  const Sweep sweep = tiny_sweep();
  const std::vector<GroupRow> rows = group_rows(sweep);
  REQUIRE(rows.size() == 3 * 2);
  // By architecture, then k.
  CHECK(rows[0].architecture.dataset == "a");
  CHECK(rows[0].k == 5);
  CHECK(rows[1].k == 9);
  CHECK(rows[2].architecture.width == "8");
  const struct {
    std::size_t models, used, pairs;
    double mean_accuracy, pooled, fisher_r, fisher_p;
  } expected[] = {
      // a, width 4: models 0 and 1 pooled; Fisher over their rho (4 pairs, weight 1 each).
      {4, 2, 8, 0.9066666666666667, 0.25853574428015963, 0.00827082817628881, 0.990667369792705},
      // b, width 8: models 4 and 6 pooled (5 is disconnected); Fisher over model 4 only.
      {3, 2, 8, 0.98, -0.0953462589245592, 0.23904572186687878, 0.8074153426332558},
      // b, width 16: model 7 alone.
      {1, 1, 4, 0.93, -0.7071067811865476, -0.7071067811865477, 0.3781156488588203},
  };
  for (std::size_t a = 0; a < 3; ++a) {
    CAPTURE(a);
    for (std::size_t ki = 0; ki < 2; ++ki) {
      const GroupRow& row = rows[2 * a + ki];
      const double sign = ki == 0 ? 1 : -1;  // k = 9 negates every curvature
      CHECK(row.architecture.members.size() == expected[a].models);
      CHECK(row.pooled.models_used == expected[a].used);
      CHECK(row.pooled.coefficient.pearson.n == expected[a].pairs);
      CHECK(row.mean_test_accuracy == doctest::Approx(expected[a].mean_accuracy).epsilon(1e-14));
      CHECK(row.pooled.coefficient.pearson.r == doctest::Approx(sign * expected[a].pooled).epsilon(1e-12));
      CHECK(row.fisher.r == doctest::Approx(sign * expected[a].fisher_r).epsilon(1e-12));
      CHECK(row.fisher.p_value == doctest::Approx(expected[a].fisher_p).epsilon(1e-9));
      CHECK(row.pooled_interval.low <= row.pooled.coefficient.pearson.r);
      CHECK(row.pooled.coefficient.pearson.r <= row.pooled_interval.high);
    }
  }
  // rho_k against accuracy over architecture a's models 0, 1, 2 (as above).
  CHECK(rows[0].rho_accuracy.pearson.r == doctest::Approx(-0.5955367734218775).epsilon(1e-12));
  CHECK_FALSE(rows[2].rho_accuracy.pearson.defined());  // two models
}
