// flow_protocol.cpp — the paper's protocol on the tiny sweep of
// test/flow_support.h: best k per architecture (from the pooled rho that
// test/flow_groups.cpp checks against SciPy), the per-model columns, the
// design of the regression and the headline numbers, worked out by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "data/error.h"
#include "flow/protocol.h"
#include "test/flow_support.h"

using namespace ricci;
using ricci_test::tiny_sweep;

TEST_CASE("best k per architecture: the most negative pooled rho, ties to the smaller k") {
  const Sweep sweep = tiny_sweep();
  const std::vector<ArchitectureBestK> best = best_k_per_architecture(sweep, group_rows(sweep));
  REQUIRE(best.size() == 3);
  // a/4: pooled 0.2585 at k = 5, -0.2585 at k = 9; b/8: -0.0953 and 0.0953; b/16: -0.7071 and 0.7071.
  CHECK(best[0].architecture.dataset == "a");
  CHECK(best[0].k == 9);
  CHECK(best[0].pooled_rho == doctest::Approx(-0.25853574428015963).epsilon(1e-12));
  CHECK(best[0].k_fraction == 9.0 / 40);  // 40 test points
  CHECK(best[0].models_used == 2);
  CHECK(best[1].k == 5);
  CHECK(best[1].pooled_rho == doctest::Approx(-0.0953462589245592).epsilon(1e-12));
  CHECK(best[2].k == 5);
  CHECK(best[2].k_fraction == 5.0 / 40);
  // Equal pooled rho at two ks: the smaller k, whatever the order of the grid.
  std::vector<GroupRow> tied = group_rows(sweep);
  tied[0].pooled.coefficient.pearson.r = tied[1].pooled.coefficient.pearson.r;
  CHECK(best_k_per_architecture(sweep, tied)[0].k == 5);
  std::swap(tied[0], tied[1]);
  CHECK(best_k_per_architecture(sweep, tied)[0].k == 5);
}

TEST_CASE("per model: well-trained, the architecture's best k, rho and z = arctanh(rho) at it (L = 5)") {
  const Sweep sweep = tiny_sweep();
  const std::vector<ModelProtocol> p = model_protocol(sweep, best_k_per_architecture(sweep, group_rows(sweep)));
  REQUIRE(p.size() == 8);
  const bool well_trained[] = {true, true, false, false, true, true, true, true};
  const int best_k[] = {9, 9, 9, 9, 5, 5, 5, 5};
  // rho_k of each model (test/tiny_sweep_reference.py); at k = 9 the signs flip.
  const double rho[] = {0.7453559924999299, -0.7526178090063818, -0.46442036401282394, NAN,
                        0.23904572186687878, NAN, NAN, -0.7071067811865476};
  for (std::size_t m = 0; m < 8; ++m) {
    CAPTURE(m);
    CHECK(p[m].well_trained == well_trained[m]);
    CHECK(p[m].best_k == best_k[m]);
    if (std::isnan(rho[m])) {
      CHECK(std::isnan(p[m].rho));
      CHECK(std::isnan(p[m].z));
    } else {
      CHECK(p[m].rho == doctest::Approx(rho[m]).epsilon(1e-12));
      CHECK(p[m].z == doctest::Approx(std::atanh(rho[m])).epsilon(1e-12));  // sqrt(L - 4) = 1
    }
  }
}

TEST_CASE("the regression's design: treatment coding, levels in grid order, aliased columns marked") {
  const Sweep sweep = tiny_sweep();
  const std::vector<ModelProtocol> p = model_protocol(sweep, best_k_per_architecture(sweep, group_rows(sweep)));
  // Models 0, 1, 4 and 7 are well-trained with z defined. Data sets a, b;
  // widths 4, 8, 16; one depth (no column). dataset=b = width=8 + width=16,
  // so width=16, last, is aliased; 4 observations fill the rank.
  const LinearModel model = accuracy_regression(sweep, p);
  CHECK(model.n == 4);
  REQUIRE(model.terms.size() == 5);
  const char* names[] = {"(Intercept)", "z", "dataset=b", "width=8", "width=16"};
  for (std::size_t j = 0; j < 5; ++j) CHECK(model.terms[j].name == names[j]);
  CHECK(model.terms[4].aliased);
  CHECK(model.rank == 4);
  CHECK(model.df() == 0);
}

TEST_CASE("headline numbers: rho < 0 at the best k, best k as a share of n, curvature first to last") {
  const Sweep sweep = tiny_sweep();
  const std::vector<ArchitectureBestK> best = best_k_per_architecture(sweep, group_rows(sweep));
  const Headline h = headline_numbers(sweep, best, model_protocol(sweep, best));
  // Analysed: the well-trained models with rho at their best k: 0, 1, 4, 7; negative: 1 and 7.
  CHECK(h.analysed == 4);
  CHECK(h.negative == 2);
  CHECK(h.share_negative == 0.5);
  CHECK(h.k_fraction_low == 5.0 / 40);
  CHECK(h.k_fraction_high == 9.0 / 40);
  // Ric_5 - Ric_1 at the best k: model 0 at k = 9: 1 - (-3) = 4; model 1 at
  // k = 9: -2 - (-2) = 0; model 4 at k = 5: 2 - 4 = -2; model 7: 1 - 2 = -1.
  CHECK(h.rising == 1);
  CHECK(h.falling == 2);
  CHECK(h.median_curvature_change == -0.5);
}

TEST_CASE("another outcome: the regression explains it, over the models that have it; correlations by hand") {
  Sweep sweep = tiny_sweep();
  const std::vector<ModelProtocol> p = model_protocol(sweep, best_k_per_architecture(sweep, group_rows(sweep)));
  // Models 0, 1, 4 and 7 are well-trained with z defined. Give them a robust
  // accuracy that is a linear function of z: the regression on z alone
  // (one data set: only a's models 0 and 1, plus b's) recovers it.
  const std::size_t used[] = {0, 1, 4, 7};
  for (std::size_t m : used) sweep.models[m].outcomes["fgsm_accuracy_eps0.1"] = 0.5 - 0.25 * p[m].z;
  sweep.models[2].outcomes["fgsm_accuracy_eps0.1"] = 0.9;  // not well-trained: not used
  CHECK(sweep_outcomes(sweep) == std::vector<std::string>{"test_accuracy", "fgsm_accuracy_eps0.1"});
  CHECK(model_outcome(sweep.models[0], "test_accuracy") == sweep.models[0].test_accuracy);
  CHECK(std::isnan(model_outcome(sweep.models[3], "fgsm_accuracy_eps0.1")));
  check_outcome(sweep, "fgsm_accuracy_eps0.1");
  CHECK_THROWS_AS(check_outcome(sweep, "pgd_accuracy_eps0.1"), Error);

  sweep.outcome = "fgsm_accuracy_eps0.1";
  const LinearModel model = accuracy_regression(sweep, p);
  CHECK(model.n == 4);
  CHECK(model.terms[1].name == "z");
  CHECK(model.terms[1].estimate == doctest::Approx(-0.25).epsilon(1e-9));
  CHECK(model.terms[0].estimate == doctest::Approx(0.5).epsilon(1e-9));
  // One of them without the outcome: three models.
  sweep.models[7].outcomes.erase("fgsm_accuracy_eps0.1");
  CHECK(accuracy_regression(sweep, p).n == 3);

  // Correlation across models, per data set: a's models 0 and 1 (two
  // points: too few for a correlation, which needs three).
  const std::vector<OutcomeCorrelation> rows = outcome_correlations(sweep, p, "fgsm_accuracy_eps0.1");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].dataset == "a");
  CHECK(rows[0].z.n == 2);
  CHECK(std::isnan(rows[0].z.r));
  CHECK(rows[0].mean_outcome == doctest::Approx(0.5 - 0.125 * (p[0].z + p[1].z)).epsilon(1e-12));
  CHECK(rows[1].dataset == "b");
  CHECK(rows[1].z.n == 1);  // model 4 only, now that 7 has none
  // Three models of b with the outcome -z exactly: r = -1.
  Sweep three = tiny_sweep();
  for (std::size_t m : {4, 5, 7}) {
    three.models[m].outcomes["pgd_accuracy_eps0.2"] = m == 5 ? 0.3 : -p[m].z;
  }
  std::vector<ModelProtocol> q = p;
  q[5].analysed = true;
  q[5].z = -0.3;  // model 5's rho is undefined in the tiny sweep: give it a z by hand
  q[5].rho = std::tanh(-0.3);
  const std::vector<OutcomeCorrelation> b = outcome_correlations(three, q, "pgd_accuracy_eps0.2");
  CHECK(b[1].z.n == 3);
  CHECK(b[1].z.r == doctest::Approx(-1.0).epsilon(1e-12));
}
