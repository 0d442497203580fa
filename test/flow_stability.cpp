// flow_stability.cpp — the rho-stability rule on hand-made series, and the
// summaries of tracked geometry against values worked by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "flow/stability.h"
#include "flow/training_summary.h"

using namespace ricci;

TEST_CASE("rho has settled when the window's spread is below the tolerance") {
  const StabilityRule rule{2, 0.05};
  CHECK_FALSE(rho_settled({-0.5, -0.52}, rule));  // fewer than window + 1 values
  CHECK(rho_settled({-0.5, -0.52, -0.49}, rule));  // spread 0.03
  CHECK_FALSE(rho_settled({-0.5, -0.56, -0.52}, rule));  // spread 0.06
  CHECK(rho_settled({0.9, -0.5, -0.56, -0.52, -0.54}, rule));  // only the last 3 count: spread 0.04
  CHECK_FALSE(rho_settled({-0.5, NAN, -0.5}, rule));  // undefined inside the window
  CHECK_FALSE(rho_settled({-0.5, -0.5, -0.5}, StabilityRule{2, 0.0}));  // spread 0 is not below 0
  CHECK(rho_settled({0.3}, StabilityRule{0, 0.01}));
  CHECK_FALSE(rho_settled({NAN}, StabilityRule{0, 0.01}));
}

TEST_CASE("the run is stable when every k has settled; where the rule stops a history") {
  const StabilityRule rule{2, 0.1};
  //                 epoch:  0     5     10    15    20    25
  const std::vector<double> k10 = {0.8, -0.2, -0.4, -0.45, -0.42, -0.44};
  const std::vector<double> k30 = {0.9, 0.1, -0.3, -0.5, -0.55, -0.52};
  // k10 settles first at position 4 (-0.4, -0.45, -0.42: spread 0.05; at
  // 3, -0.2 .. -0.45 spreads 0.25); k30 at 5 (-0.5, -0.55, -0.52: 0.05; at
  // 4, -0.3 .. -0.55 spreads 0.25). Both have settled first at 5.
  CHECK(stable_stop_position({k10}, rule) == 4);
  CHECK(stable_stop_position({k30}, rule) == 5);
  CHECK(stable_stop_position({k10, k30}, rule) == 5);
  CHECK(rho_stable({k10, k30}, rule));
  CHECK_FALSE(rho_stable({}, rule));
  CHECK(stable_stop_position({{0.1, 0.5, 0.9}}, rule) == SIZE_MAX);
  CHECK_THROWS_AS(stable_stop_position({k10, {0.1}}, rule), std::logic_error);
}

TEST_CASE("rho bands: quartiles per epoch over the models that tracked it") {
  // Three models; the third stopped at epoch 5 and is undefined at 0.
  const std::vector<RhoSeries> models = {{{0, 5, 10}, {0.1, -0.2, -0.5}},
                                         {{0, 5, 10}, {0.3, -0.4, -0.1}},
                                         {{0, 5}, {NAN, 0.0}}};
  const std::vector<EpochBand> bands = rho_bands(models);
  REQUIRE(bands.size() == 3);
  CHECK(bands[0].epoch == 0);
  CHECK(bands[0].models == 2);
  CHECK(bands[0].median == doctest::Approx(0.2));
  CHECK(bands[0].q1 == doctest::Approx(0.15));  // type 7: 0.1 + 0.25 (0.3 - 0.1)
  CHECK(bands[0].q3 == doctest::Approx(0.25));
  CHECK(bands[1].models == 3);  // -0.4, -0.2, 0.0
  CHECK(bands[1].median == doctest::Approx(-0.2));
  CHECK(bands[1].q1 == doctest::Approx(-0.3));
  CHECK(bands[1].q3 == doctest::Approx(-0.1));
  CHECK(bands[2].epoch == 10);
  CHECK(bands[2].models == 2);
  CHECK(bands[2].median == doctest::Approx(-0.3));
}

TEST_CASE("stop summaries: medians over the models a rule stops") {
  const StopSummary s = stop_summary({10, 0, 30, 20}, {0.9, 0.0, 0.97, 0.95});
  CHECK(s.models == 4);
  CHECK(s.stopped == 3);
  CHECK(s.median_epoch == 20);
  CHECK(s.median_accuracy == doctest::Approx(0.95));
  const StopSummary none = stop_summary({0, 0}, {0.5, 0.5});
  CHECK(none.stopped == 0);
  CHECK(std::isnan(none.median_epoch));
  CHECK_THROWS_AS(stop_summary({1}, {}), std::logic_error);
}
