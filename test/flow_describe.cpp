// flow_describe.cpp — quantiles against numpy.percentile (its default,
// "linear", is R's type 7), box-plot summaries and a least-squares line
// worked by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "flow/describe.h"

using namespace ricci;

TEST_CASE("type-7 quantiles equal numpy.percentile (numpy 1.24, method linear)") {
  // np.percentile(v, [0, 10, 25, 50, 75, 90, 100]) for each v.
  const struct {
    std::vector<double> values, expected;
  } cases[] = {
      {{9, 1, 8, 2, 7, 3, 6, 4, 5}, {1.0, 1.8, 3.0, 5.0, 7.0, 8.2, 9.0}},
      {{1, 2, 3, 4, 100}, {1.0, 1.4, 2.0, 3.0, 4.0, 61.60000000000001, 100.0}},
      {{4, 3, 2, 1}, {1.0, 1.3, 1.75, 2.5, 3.25, 3.7, 4.0}},
      {{0.3, -1.2, 5.5, 2.25, 2.25, 7.0, -3.5}, {-3.5, -2.1199999999999997, -0.45, 2.25, 3.875, 6.1000000000000005, 7.0}},
  };
  const double qs[] = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};
  for (const auto& c : cases)
    for (std::size_t i = 0; i < 7; ++i) {
      CAPTURE(qs[i]);
      CHECK(quantile(c.values, qs[i]) == doctest::Approx(c.expected[i]).epsilon(1e-14));
    }
  CHECK(median({4, 3, 2, 1}) == 2.5);
  CHECK(median({7}) == 7);
  CHECK(std::isnan(median({})));
  CHECK(std::isnan(quantile({}, 0.5)));
  CHECK(mean({1, 2, 6}) == 3);
  CHECK(std::isnan(mean({})));
}

TEST_CASE("box summary: type-7 quartiles and whiskers at 1.5 IQR, by hand") {
  // 1..9: q1 = 3, median = 5, q3 = 7; IQR 4, fences -3 and 13: no outliers.
  BoxSummary b = box_summary({9, 1, 8, 2, 7, 3, 6, 4, 5});
  CHECK(b.n == 9);
  CHECK(b.q1 == 3);
  CHECK(b.median == 5);
  CHECK(b.q3 == 7);
  CHECK(b.whisker_low == 1);
  CHECK(b.whisker_high == 9);
  CHECK(b.outliers.empty());
  // 1, 2, 3, 4, 100: q1 = 2, median 3, q3 = 4, IQR 2, upper fence 7: 100 is out.
  b = box_summary({1, 2, 3, 4, 100});
  CHECK(b.q1 == 2);
  CHECK(b.q3 == 4);
  CHECK(b.whisker_high == 4);
  CHECK(b.outliers == std::vector<double>{100});
  // -50, 1..5: q1 = 1.25, median 2.5, q3 = 3.75, IQR 2.5, fences -2.5 and
  // 7.5: -50 is out and the lower whisker stops at 1.
  b = box_summary({5, 4, -50, 3, 2, 1});
  CHECK(b.q1 == 1.25);
  CHECK(b.median == 2.5);
  CHECK(b.q3 == 3.75);
  CHECK(b.whisker_low == 1);
  CHECK(b.whisker_high == 5);
  CHECK(b.outliers == std::vector<double>{-50});
  // No values: n = 0 and NaN.
  b = box_summary({});
  CHECK(b.n == 0);
  CHECK(std::isnan(b.median));
}

TEST_CASE("least squares on a small table, by hand") {
  // x = -3, -1, 0, 2, 5 and y = 1, 2.5, 2, 4, 7.5: mx = 0.6, my = 3.4,
  // Sxy = 8.64 + 1.44 + 0.84 + 0.84 + 18.04 = 29.8, Sxx = 37.2, so
  // b = 29.8 / 37.2 = 149/186 and a = 3.4 - 0.6 b = 543/186 (numpy.polyfit agrees).
  const LeastSquaresLine line = least_squares({-3, -1, 0, 2, 5}, {1, 2.5, 2, 4, 7.5});
  CHECK(line.n == 5);
  CHECK(line.slope == doctest::Approx(149.0 / 186.0).epsilon(1e-14));
  CHECK(line.intercept == doctest::Approx(543.0 / 186.0).epsilon(1e-14));
  CHECK(line.mean_x == doctest::Approx(0.6).epsilon(1e-15));
  CHECK(line.mean_y == doctest::Approx(3.4).epsilon(1e-15));
  CHECK(line.at(0) == doctest::Approx(543.0 / 186.0).epsilon(1e-14));
  CHECK(line.at(5) == doctest::Approx((543.0 + 5 * 149.0) / 186.0).epsilon(1e-14));
  // A line through two points; undefined for one point or a constant x
  // (0.1 is not exact in binary: its mean must not leave a spurious spread).
  const LeastSquaresLine two = least_squares({1, 3}, {2, 6});
  CHECK(two.slope == 2);
  CHECK(two.intercept == 0);
  CHECK(std::isnan(least_squares({1}, {2}).slope));
  CHECK(std::isnan(least_squares({0.1, 0.1, 0.1}, {1, 2, 3}).slope));
  CHECK_THROWS_AS(least_squares({1, 2}, {1}), std::logic_error);
}
