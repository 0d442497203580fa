// flow_held_out.cpp — the best k chosen on one half of the seeds and
// evaluated on the other (flow/held_out.h): the split is a function of the
// seeds alone, and each half's numbers equal the pooled and per-model
// coefficients (coefficients.h) of exactly the models of that half.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "flow/held_out.h"
#include "test/flow_support.h"

using namespace ricci;
using ricci_test::tiny_model;

namespace {

// One architecture, six seeds (given out of order), two k: at k = 9 every
// total curvature is negated (flow_support.h), so each pooled rho at k = 9
// is minus the one at k = 5.
Sweep six_seeds() {
  Sweep sweep;
  sweep.ks = {5, 9};
  sweep.accuracy_threshold = 0.9;
  const std::vector<std::vector<std::uint64_t>> g = {{100, 90, 85, 83, 82, 80}, {100, 104, 106, 107, 110, 111},
                                                     {50, 40, 45, 30, 20, 25},   {80, 70, 60, 55, 50, 42},
                                                     {60, 50, 45, 44, 40, 38},   {10, 13, 14, 18, 19, 23}};
  const std::vector<std::vector<double>> ric = {{4, 3, 2, 1, 0, -1}, {1, 2, 3, 5, 0, 2}, {0, 1, 0, 2, 2, 1},
                                                {6, 4, 5, 3, 1, 2},  {2, 2, 1, 3, 0, 1}, {3, 1, 4, 1, 5, 9}};
  const std::uint64_t seeds[] = {12, 3, 7, 30, 5, 21};  // sorted: 3 5 7 | 12 21 30
  for (std::size_t i = 0; i < 6; ++i) {
    SweepModel m = tiny_model(i, "a", "4", 0.95, g[i], ric[i]);
    m.seed = seeds[i];
    sweep.models.push_back(m);
  }
  return sweep;
}

// The pooled coefficient and per-model coefficients of the models at `positions`, at k.
PooledCoefficient pooled_of(const Sweep& sweep, const std::vector<std::size_t>& positions, int k) {
  std::vector<ModelGeometry> models;
  for (std::size_t m : positions) models.push_back({sweep.models[m].test_accuracy, layers_at_k(sweep.models[m], k)});
  return pooled_coefficient(models, 0.9, {});
}

}  // namespace

TEST_CASE("seed split: the first floor(s / 2) sorted seeds select, the rest evaluate; the same every time") {
  const Sweep sweep = six_seeds();
  const SeedSplit split = seed_split(sweep);
  CHECK(split.selection == std::vector<std::uint64_t>{3, 5, 7});
  CHECK(split.evaluation == std::vector<std::uint64_t>{12, 21, 30});
  const SeedSplit again = seed_split(sweep);
  CHECK(again.selection == split.selection);
  CHECK(again.evaluation == split.evaluation);
  Sweep odd = sweep;
  odd.models.pop_back();  // seeds 3 5 7 12 30: two select, three evaluate
  CHECK(seed_split(odd).selection == std::vector<std::uint64_t>{3, 5});
  CHECK(seed_split(odd).evaluation == std::vector<std::uint64_t>{7, 12, 30});
  // Baseline models share their twins' seeds: the split is the same.
  Sweep twins = sweep;
  for (SweepModel m : sweep.models) {
    m.baseline = Baseline::Untrained;
    twins.models.push_back(m);
  }
  CHECK(seed_split(twins).selection == split.selection);
}

TEST_CASE("held-out best k: chosen on the selection seeds' pooled rho, evaluated on the other seeds") {
  const Sweep sweep = six_seeds();
  const std::vector<HeldOutRow> rows = held_out_rows(sweep, seed_split(sweep));
  REQUIRE(rows.size() == 1);
  const HeldOutRow& row = rows[0];
  // Selection: models 1, 2, 4 (seeds 3, 7, 5); evaluation: 0, 3, 5 (seeds 12, 30, 21).
  const double at5 = pooled_of(sweep, {1, 2, 4}, 5).coefficient.pearson.r;
  const double at9 = pooled_of(sweep, {1, 2, 4}, 9).coefficient.pearson.r;
  REQUIRE(at5 == doctest::Approx(-at9));
  REQUIRE(at5 != 0);
  const int k = at5 < at9 ? 5 : 9;
  CHECK(row.found);
  CHECK(row.k == k);
  CHECK(row.selection_pooled_rho == std::min(at5, at9));
  CHECK(row.selection_models == 3);
  std::vector<double> rho, z;
  std::size_t negative = 0;
  for (std::size_t m : {0, 3, 5}) {
    const RicciCoefficient c = ricci_coefficient(layers_at_k(sweep.models[m], k), {});
    rho.push_back(c.pearson.r);
    z.push_back(c.z);
    negative += c.pearson.r < 0;
  }
  CHECK(row.rho == rho);
  CHECK(row.z == z);
  CHECK(row.negative == negative);
  CHECK(row.share_negative == double(negative) / 3);
  CHECK(row.mean_rho == doctest::Approx((rho[0] + rho[1] + rho[2]) / 3).epsilon(1e-15));
  CHECK(row.mean_z.n == 3);
  CHECK(row.mean_z.mean == doctest::Approx((z[0] + z[1] + z[2]) / 3).epsilon(1e-15));
  CHECK(row.pooled.r == pooled_of(sweep, {0, 3, 5}, k).coefficient.pearson.r);
  const std::vector<HeldOutHeadline> headlines = held_out_headlines(sweep, rows);
  REQUIRE(headlines.size() == 1);
  CHECK(headlines[0].analysed == 3);
  CHECK(headlines[0].negative == negative);
}

TEST_CASE("held-out best k: nothing to choose from without selection seeds") {
  Sweep sweep = six_seeds();
  sweep.models.resize(1);  // one seed: it evaluates, none selects
  const std::vector<HeldOutRow> rows = held_out_rows(sweep, seed_split(sweep));
  REQUIRE(rows.size() == 1);
  CHECK_FALSE(rows[0].found);
  CHECK(rows[0].rho.empty());
  CHECK(std::isnan(rows[0].share_negative));
  CHECK(std::isnan(held_out_headlines(sweep, rows)[0].share_negative));
}
