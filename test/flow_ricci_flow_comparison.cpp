// flow_ricci_flow_comparison.cpp — regularised networks against their twins:
// the paired tests against SciPy's numbers, the pairing by hand, the verdict.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "flow/ricci_flow_comparison.h"

using namespace ricci;

namespace {

SweepModel model(std::size_t index, std::uint64_t seed, double lambda, double accuracy, Baseline baseline = Baseline::None) {
  SweepModel m;
  m.index = index;
  m.dataset = "circles";
  m.width = "8";
  m.depth = 3;
  m.seed = seed;
  m.ricci_flow = lambda;
  m.test_accuracy = accuracy;
  m.baseline = baseline;
  m.outcomes["fgsm_accuracy_eps0.1"] = accuracy - 0.2;
  return m;
}

}  // namespace

// SciPy 1.10: ttest_rel([.91,.95,.88,.97,.93], [.90,.92,.89,.94,.90]) gives
// t = 2.25, p = 0.08764517650339462; binomtest(4, 5, 0.5) p = 0.375.
TEST_CASE("paired_comparison: the paired t and sign tests as SciPy computes them; a NaN drops its pair") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const PairedComparison c = paired_comparison("test_accuracy", {0.91, 0.95, 0.88, 0.97, 0.93, nan},
                                               {0.90, 0.92, 0.89, 0.94, 0.90, 0.5});
  CHECK(c.pairs == 5);
  CHECK(c.mean_difference == doctest::Approx(0.018).epsilon(1e-12));
  CHECK(c.mean_regularised == doctest::Approx(0.928).epsilon(1e-12));
  CHECK(c.mean_twin == doctest::Approx(0.91).epsilon(1e-12));
  CHECK(c.t.t == doctest::Approx(2.25).epsilon(1e-9));
  CHECK(c.t.p_value == doctest::Approx(0.08764517650339462).epsilon(1e-9));
  CHECK(c.sign.above == 4);
  CHECK(c.sign.below == 1);
  CHECK(c.sign.p_value == doctest::Approx(0.375).epsilon(1e-12));
}

TEST_CASE("ricci_flow_comparison: each regularised network against its twin of the same seed; the verdict") {
  Sweep sweep;
  sweep.ricci_flow = 0;
  // Grid order: lambdas inside the width, seeds innermost. lambda 0.5 raises
  // every accuracy by 0.05 (+-0.01), lambda 1 changes nothing but one seed.
  const double plain[] = {0.80, 0.82, 0.78, 0.85, 0.81, 0.83, 0.79, 0.84};
  std::size_t index = 0;
  for (std::uint64_t s = 0; s < 8; ++s) sweep.models.push_back(model(index++, s + 1, 0.0, plain[s]));
  for (std::uint64_t s = 0; s < 8; ++s)
    sweep.models.push_back(model(index++, s + 1, 0.5, plain[s] + 0.05 + (s % 2 ? 0.01 : -0.01)));
  for (std::uint64_t s = 0; s < 8; ++s) sweep.models.push_back(model(index++, s + 1, 1.0, plain[s] + (s == 2 ? 0.01 : 0.0)));
  // A baseline model and a failed twin take no part.
  sweep.models.push_back(model(index++, 1, 0.5, 0.5, Baseline::Untrained));
  set_aside_regularised(sweep);
  REQUIRE(sweep.models.size() == 8);
  REQUIRE(sweep.regularised.size() == 17);
  CHECK(sweep.regularised[0].index == 8);
  sweep.models[7].status = "diverged";  // seed 8's twin failed: its pairs go

  const std::vector<RicciFlowRow> rows = ricci_flow_comparison(sweep, {});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].ricci_flow == 0.5);
  CHECK(rows[0].pairs == 7);
  REQUIRE(rows[0].measures.size() == 4);  // accuracy, rho at best k, rho < 0, the robustness column
  CHECK(rows[0].measures[0].measure == "test_accuracy");
  CHECK(rows[0].measures[0].mean_difference == doctest::Approx(0.05 - 0.01 / 7).epsilon(1e-12));
  CHECK(rows[0].measures[0].t.p_value < 0.01);
  CHECK(rows[0].measures[0].sign.p_value == doctest::Approx(2.0 / 128).epsilon(1e-12));  // 7 of 7 up
  CHECK(rows[0].verdict == RegulariserVerdict::Helped);
  CHECK(rows[0].measures[1].pairs == 0);  // no best k without layers: rho undefined
  CHECK(rows[0].measures[3].measure == "fgsm_accuracy_eps0.1");
  CHECK(rows[0].measures[3].mean_difference == doctest::Approx(0.05 - 0.01 / 7).epsilon(1e-12));
  CHECK(rows[1].ricci_flow == 1.0);
  CHECK(rows[1].verdict == RegulariserVerdict::NothingMeasurable);
  CHECK(std::string(verdict_words(rows[1].verdict)) == "did nothing measurable");
  // Every accuracy lower: hurt.
  for (SweepModel& m : sweep.regularised) m.test_accuracy -= 0.2 + 0.001 * static_cast<double>(m.seed);
  CHECK(ricci_flow_comparison(sweep, {})[0].verdict == RegulariserVerdict::Hurt);
  // Four pairs: the t test finds the drop (p < 0.01), but the sign test
  // cannot reach 5 % (2 / 16 at best), so no verdict.
  for (std::size_t m = 4; m < 7; ++m) sweep.models[m].status = "diverged";
  const std::vector<RicciFlowRow> few = ricci_flow_comparison(sweep, {});
  CHECK(few[0].pairs == 4);
  CHECK(few[0].measures[0].t.p_value < 0.01);
  CHECK(few[0].verdict == RegulariserVerdict::NothingMeasurable);
}
