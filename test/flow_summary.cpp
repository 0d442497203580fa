// flow_summary.cpp — what the report summarises, on the tiny sweep of
// test/flow_support.h, against SciPy (pearsonr, spearmanr), numpy.median,
// numpy.percentile and numpy.polyfit.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "flow/summary.h"
#include "test/flow_support.h"

using namespace ricci;
using ricci_test::tiny_sweep;

TEST_CASE("model counts") {
  const ModelCounts counts = model_counts(tiny_sweep());
  CHECK(counts.models == 8);
  CHECK(counts.trained == 7);
  CHECK(counts.well_trained == 6);
}

TEST_CASE("per data set and k: share with rho < 0, median rho, pooled rho and its least-squares line") {
  const std::vector<DatasetResult> results = dataset_results(tiny_sweep());
  REQUIRE(results.size() == 4);
  const struct {
    const char* dataset;
    int k;
    std::size_t negative;
    double median, pooled, pooled_p, slope, intercept;
    std::size_t pairs;
  } expected[] = {
      {"a", 5, 1, 0.0036309082532259285, 0.25853574428015963, 0.5364132312310241, 0.3999999999999999, -1.1749999999999998, 8},
      {"a", 9, 1, -0.0036309082532259285, -0.25853574428015963, 0.5364132312310241, -0.3999999999999999, -1.1749999999999998, 8},
      {"b", 5, 1, -0.2340305296598344, -0.11346140377334231, 0.7255161258464304, -0.27272727272727226, -1.9848484848484866, 12},
      {"b", 9, 1, 0.2340305296598344, 0.11346140377334231, 0.7255161258464304, 0.27272727272727226, -1.9848484848484866, 12},
  };
  for (std::size_t i = 0; i < 4; ++i) {
    const DatasetResult& r = results[i];
    CAPTURE(i);
    CHECK(r.dataset == expected[i].dataset);
    CHECK(r.k == expected[i].k);
    // a: models 0 and 1 (model 2 is below the threshold); b: models 4 and 7.
    CHECK(r.well_trained == 2);
    CHECK(r.negative == expected[i].negative);
    CHECK(r.share_negative == expected[i].negative / 2.0);
    CHECK(r.median_rho == doctest::Approx(expected[i].median).epsilon(1e-12));
    CHECK(r.pooled.n == expected[i].pairs);
    CHECK(r.pooled_pairs.eta.size() == expected[i].pairs);
    CHECK(r.pooled.r == doctest::Approx(expected[i].pooled).epsilon(1e-12));
    CHECK(r.pooled.p_value == doctest::Approx(expected[i].pooled_p).epsilon(1e-9));
    CHECK(r.eta_on_curvature.slope == doctest::Approx(expected[i].slope).epsilon(1e-12));
    CHECK(r.eta_on_curvature.intercept == doctest::Approx(expected[i].intercept).epsilon(1e-12));
  }
  const std::vector<BestK> best = best_k_per_dataset(results);
  REQUIRE(best.size() == 2);
  CHECK(best[0].dataset == "a");
  CHECK(best[0].found);
  CHECK(best[0].k == 9);
  CHECK(best[0].pooled_rho == results[1].pooled.r);
  CHECK(best[1].k == 5);
  // No pooled rho defined: no best k.
  DatasetResult undefined = results[0];
  undefined.pooled = pearson({1, 2}, {3, 4});
  CHECK_FALSE(best_k_per_dataset({undefined})[0].found);
}

TEST_CASE("rho_k against accuracy across models and across architectures") {
  const Sweep sweep = tiny_sweep();
  const std::vector<ModelsRhoAccuracy> models = rho_accuracy_across_models(sweep);
  REQUIRE(models.size() == 4);
  CHECK(models[0].dataset == "a");
  CHECK(models[0].correlation.pearson.n == 3);
  CHECK(models[0].correlation.pearson.r == doctest::Approx(-0.5955367734218775).epsilon(1e-12));
  CHECK(models[1].correlation.spearman.r == doctest::Approx(0.5));
  CHECK(models[2].correlation.pearson.n == 2);  // b: models 4 and 7
  CHECK_FALSE(models[2].correlation.pearson.defined());
  const std::vector<ArchitecturesRhoAccuracy> architectures =
      rho_accuracy_across_architectures(sweep, group_rows(sweep));
  REQUIRE(architectures.size() == 2);
  CHECK(architectures[0].k == 5);
  CHECK(architectures[0].pearson.n == 3);
  CHECK(architectures[0].pearson.r == doctest::Approx(-0.1629499017373981).epsilon(1e-12));
  CHECK(architectures[0].pearson.p_value == doctest::Approx(0.8957982139382132).epsilon(1e-9));
  CHECK(architectures[1].pearson.r == doctest::Approx(0.1629499017373981).epsilon(1e-12));
}

TEST_CASE("eta and Ric by layer over the well-trained models (numpy.percentile), and the mean rho per k") {
  const Sweep sweep = tiny_sweep();
  const LayerDistributions a = layer_distributions(sweep, dataset_groups(sweep)[0], 5);
  REQUIRE(a.eta.size() == 6);
  REQUIRE(a.curvature.size() == 6);
  CHECK(a.eta[0].n == 0);  // eta_0 is undefined
  // Models 0 and 1: the changes into layer 1 are -10 and 4, Ric_3 = 1 and 5.
  CHECK(a.eta[1].n == 2);
  CHECK(a.eta[1].q1 == -6.5);
  CHECK(a.eta[1].median == -3.0);
  CHECK(a.eta[1].q3 == 0.5);
  CHECK(a.curvature[3].q1 == 2.0);
  CHECK(a.curvature[3].median == 3.0);
  CHECK(a.curvature[3].q3 == 4.0);
  CHECK(a.curvature[0].median == 2.5);
  // A disconnected layer has no eta on either side of it, but its curvature counts.
  const LayerDistributions b = layer_distributions(sweep, ModelGroup{"b", "8", 5, {5}}, 5);
  CHECK(b.eta[1].n == 1);
  CHECK(b.eta[2].n == 0);
  CHECK(b.eta[3].n == 0);
  CHECK(b.curvature[2].n == 1);

  const std::vector<double> means = mean_rho_per_k(sweep, architecture_groups(sweep)[0]);
  REQUIRE(means.size() == 2);
  CHECK(means[0] == doctest::Approx((-0.7453559924999299 + 0.7526178090063818 + 0.46442036401282394) / 3));
  CHECK(std::isnan(mean_rho_per_k(sweep, ModelGroup{"a", "4", 5, {3}})[0]));
}

TEST_CASE("the pairs of Eq. 8 model by model, with their layers, and the spread of rho_k (numpy.percentile)") {
  const Sweep sweep = tiny_sweep();
  // a at k = 5: the well-trained models 0 and 1 (model 2 is below the threshold).
  const std::vector<ModelPairs> a = model_pairs(sweep, dataset_groups(sweep)[0], 5);
  REQUIRE(a.size() == 2);
  CHECK(a[0].model == 0);
  CHECK(a[0].pairs.layer == std::vector<std::size_t>{1, 2, 3, 4});
  CHECK(a[0].pairs.eta == std::vector<double>{-5, -2, -1, -2});  // g_{l+1} - g_l from 90 85 83 82 80
  CHECK(a[0].pairs.curvature == std::vector<double>{3, 2, 1, 0});
  CHECK(a[1].model == 1);
  CHECK(a[1].pairs.eta == std::vector<double>{2, 1, 3, 1});
  CHECK(a[1].pairs.curvature == std::vector<double>{2, 3, 5, 0});
  // Together they are the pooled pairs of dataset_results, in order.
  const DatasetResult pooled = dataset_results(sweep)[0];
  REQUIRE(pooled.pooled_pairs.layer.size() == 8);
  CHECK(pooled.pooled_pairs.layer == std::vector<std::size_t>{1, 2, 3, 4, 1, 2, 3, 4});
  // b: model 5 is disconnected, so 4, 6 and 7.
  const std::vector<ModelPairs> b = model_pairs(sweep, dataset_groups(sweep)[1], 5);
  REQUIRE(b.size() == 3);
  CHECK(b[0].model == 4);
  CHECK(b[1].model == 6);
  CHECK(b[2].model == 7);

  // Architecture a/4: models 0, 1 and 2 ran with rho_k defined (3 failed).
  const std::vector<RhoSpread> spread = rho_spread_per_k(sweep, architecture_groups(sweep)[0]);
  REQUIRE(spread.size() == 2);
  CHECK(spread[0].models == 3);
  CHECK(spread[0].q1 == doctest::Approx(-0.14046781424355292).epsilon(1e-12));
  CHECK(spread[0].median == doctest::Approx(0.46442036401282394).epsilon(1e-12));
  CHECK(spread[0].q3 == doctest::Approx(0.6085190865096028).epsilon(1e-12));
  // At k = 9 every curvature is negated, and so every rho: the quartiles mirror.
  CHECK(spread[1].q1 == doctest::Approx(-0.6085190865096028).epsilon(1e-12));
  CHECK(spread[1].q3 == doctest::Approx(0.14046781424355292).epsilon(1e-12));
  // The analysed models only: 0 and 1.
  CHECK(rho_spread_per_k(sweep, architecture_groups(sweep)[0], true)[0].models == 2);
  CHECK(rho_spread_per_k(sweep, ModelGroup{"a", "4", 5, {3}})[0].models == 0);
  CHECK(std::isnan(rho_spread_per_k(sweep, ModelGroup{"a", "4", 5, {3}})[0].median));
}
