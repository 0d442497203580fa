// flow_null_tests.cpp — trained groups against baseline groups
// (flow/null_tests.h), and the baselines in groups (flow/groups.h), on the
// tiny sweep with its untrained twins (test/flow_support.h), against NumPy
// and SciPy (test/null_tests_reference.py printed the literals).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "flow/groups.h"
#include "flow/null_tests.h"
#include "flow/summary.h"
#include "test/flow_support.h"

using namespace ricci;
using ricci_test::baseline_sweep;

TEST_CASE("baselines: groups never mix them; a baseline model is analysed whatever its accuracy") {
  const Sweep sweep = baseline_sweep();
  CHECK(sweep_baselines(sweep) == std::vector<Baseline>{Baseline::None, Baseline::Untrained});
  CHECK(sweep_baselines(ricci_test::tiny_sweep()) == std::vector<Baseline>{Baseline::None});
  const std::vector<ModelGroup> trained = architecture_groups(sweep);
  REQUIRE(trained.size() == 3);
  CHECK(trained[0].members == std::vector<std::size_t>{0, 1, 2, 3});
  const std::vector<ModelGroup> twins = architecture_groups(sweep, Baseline::Untrained);
  REQUIRE(twins.size() == 3);
  CHECK(twins[0].baseline == Baseline::Untrained);
  CHECK(twins[0].members == std::vector<std::size_t>{8, 9, 10, 11});
  CHECK(dataset_groups(sweep, Baseline::Untrained)[1].members == std::vector<std::size_t>{12, 13, 14, 15});
  // Model 8 (accuracy 0.5) is no well-trained model, but its group uses it.
  CHECK_FALSE(is_well_trained(sweep.models[8], sweep));
  CHECK(is_analysed(sweep.models[8], sweep));
  CHECK_FALSE(is_analysed(sweep.models[11], sweep));  // failed
  CHECK_FALSE(is_analysed(sweep.models[2], sweep));   // trained, 0.85: not above 0.9
  // The twins' counts, and the trained models' unchanged by them.
  CHECK(model_counts(sweep).models == 8);
  CHECK(model_counts(sweep).well_trained == 6);
  CHECK(model_counts(sweep, Baseline::Untrained).trained == 7);
  CHECK(model_counts(sweep, Baseline::Untrained).well_trained == 0);
  // group_rows: the trained architectures at both k, then the twins'.
  const std::vector<GroupRow> rows = group_rows(sweep);
  REQUIRE(rows.size() == 12);
  CHECK(rows[5].architecture.baseline == Baseline::None);
  CHECK(rows[6].architecture.baseline == Baseline::Untrained);
  CHECK(rows[6].pooled.models_used == 3);  // models 8, 9, 10: every twin that ran, at accuracy 0.5
}

TEST_CASE("null tests per architecture and per data set against SciPy's mannwhitneyu") {
  const Sweep sweep = baseline_sweep();
  struct Expected {
    const char* dataset;
    const char* width;
    int k;
    std::size_t trained, baseline;
    double trained_share, baseline_share, trained_mean, baseline_mean, p;
  };
  // Trained: the well-trained models with rho defined (a/4: 0 and 1; b/8: 4 only, 5 is
  // disconnected and 6 has no rho). Baseline: every twin with rho defined.
  const Expected architectures[] = {
      {"a", "4", 5, 2, 3, 0.5, 2.0 / 3, 0.0036309082532259285, -0.2784574248527884, 1.0},
      {"a", "4", 9, 2, 3, 0.5, 1.0 / 3, -0.0036309082532259285, 0.2784574248527884, 1.0},
      {"b", "8", 5, 1, 3, 0.0, 2.0 / 3, 0.23904572186687878, -0.07361558026097037, 1.0},
      {"b", "8", 9, 1, 3, 1.0, 1.0 / 3, -0.23904572186687878, 0.07361558026097037, 1.0},
      {"b", "16", 5, 1, 1, 1.0, 0.0, -0.7071067811865476, 0.7745966692414835, 1.0},
      {"b", "16", 9, 1, 1, 0.0, 1.0, 0.7071067811865476, -0.7745966692414835, 1.0},
  };
  const Expected datasets[] = {
      {"a", "", 5, 2, 3, 0.5, 2.0 / 3, 0.0036309082532259285, -0.2784574248527884, 1.0},
      {"a", "", 9, 2, 3, 0.5, 1.0 / 3, -0.0036309082532259285, 0.2784574248527884, 1.0},
      {"b", "", 5, 2, 4, 0.5, 0.5, -0.2340305296598344, 0.1384374821146431, 0.8169613217153913},
      {"b", "", 9, 2, 4, 0.5, 0.5, 0.2340305296598344, -0.1384374821146431, 0.8169613217153913},
  };
  auto check = [](const std::vector<NullTest>& tests, const Expected* expected, std::size_t count) {
    REQUIRE(tests.size() == count);
    for (std::size_t i = 0; i < count; ++i) {
      const NullTest& t = tests[i];
      const Expected& e = expected[i];
      CAPTURE(i);
      CHECK(t.trained.dataset == e.dataset);
      CHECK(t.trained.width == e.width);
      CHECK(t.k == e.k);
      CHECK(t.baseline == Baseline::Untrained);
      CHECK(t.trained_models == e.trained);
      CHECK(t.baseline_models == e.baseline);
      CHECK(t.trained_share_negative == doctest::Approx(e.trained_share).epsilon(1e-15));
      CHECK(t.baseline_share_negative == doctest::Approx(e.baseline_share).epsilon(1e-15));
      CHECK(t.trained_mean_rho == doctest::Approx(e.trained_mean).epsilon(1e-12));
      CHECK(t.baseline_mean_rho == doctest::Approx(e.baseline_mean).epsilon(1e-12));
      CHECK(t.difference.difference == doctest::Approx(e.trained_mean - e.baseline_mean).epsilon(1e-12));
      CHECK(t.difference.interval.low <= t.difference.difference);
      CHECK(t.difference.difference <= t.difference.interval.high);
      CHECK(t.test.p_value == doctest::Approx(e.p).epsilon(1e-13));
    }
  };
  check(null_tests(sweep), architectures, 6);
  check(dataset_null_tests(sweep), datasets, 4);
  CHECK(null_tests(ricci_test::tiny_sweep()).empty());  // no baseline, no test
  // b/16 has one model in each group: its bootstrap interval is the difference itself.
  const NullTest single = null_tests(sweep)[4];
  CHECK(single.difference.interval.low == single.difference.difference);
  CHECK(single.difference.interval.high == single.difference.difference);
}

TEST_CASE("null verdicts at the 5% level") {
  NullTest t;
  t.difference.difference = -0.3;
  t.test.p_value = 0.01;
  CHECK(null_verdict(t) == NullVerdict::More);
  t.difference.difference = 0.3;
  CHECK(null_verdict(t) == NullVerdict::Less);
  t.test.p_value = 0.05;
  CHECK(null_verdict(t) == NullVerdict::NoDifference);
  t.test.p_value = NAN;
  CHECK(null_verdict(t) == NullVerdict::Untestable);
}

TEST_CASE("model-level inference over a data set's well-trained models, against SciPy") {
  const Sweep sweep = baseline_sweep();
  const std::vector<DatasetResult> results = dataset_results(sweep);
  REQUIRE(results.size() == 4);  // a and b at k = 5 and 9: the trained models only
  // b at k = 5: models 4 (rho 0.239) and 7 (-0.707); z = arctanh(rho) (L - 4 = 1).
  const ModelLevel& b5 = results[2].model_level;
  CHECK(b5.z.n == 2);
  CHECK(b5.z.mean == doctest::Approx(-0.31880591640439343).epsilon(1e-12));
  CHECK(b5.z.t == doctest::Approx(-0.5666978979716154).epsilon(1e-11));
  CHECK(b5.z.p_value == doctest::Approx(0.6717762586224985).epsilon(1e-11));
  CHECK(b5.sign.below == 1);
  CHECK(b5.sign.above == 1);
  CHECK(b5.sign.p_value == 1.0);
  const ModelLevel& a9 = results[1].model_level;
  CHECK(a9.z.mean == doctest::Approx(-0.008271016777104512).epsilon(1e-10));
  CHECK(a9.z.p_value == doctest::Approx(0.9945756728934293).epsilon(1e-11));
  // The pooled rho of b at k = 5 pools models 4, 6 and 7 (6's pairs pool
  // though its own rho is undefined): the model bootstrap holds the estimate.
  CHECK(results[2].model_level.pooled_interval.low <= results[2].pooled.r);
  CHECK(results[2].pooled.r <= results[2].model_level.pooled_interval.high);
}
