// flow_inference.cpp — tests of the model-level tests (flow/inference.h):
// Mann-Whitney U worked by hand and against SciPy, the sign test and the
// one-sample t-test against SciPy (test/inference_reference.py printed the
// literals), and the bootstraps against their definitions.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "flow/inference.h"
#include "flow/statistics.h"

using namespace ricci;

TEST_CASE("Mann-Whitney U with ties, worked by hand") {
  // x = 1 2 2 4, y = 2 3 5. Pooled and sorted: 1 2 2 2 3 4 5; the three 2s
  // share the ranks 2, 3, 4, so each gets 3. R_x = 1 + 3 + 3 + 6 = 13,
  // U_x = 13 - 4 * 5 / 2 = 3, U_y = 4 * 3 - 3 = 9. mu = 6; one group of 3 ties:
  // sigma^2 = 12 / 12 ((7 + 1) - (27 - 3) / (7 * 6)) = 8 - 4 / 7 = 52 / 7;
  // z = (9 - 6 - 1/2) / sqrt(52 / 7), p = 2 (1 - Phi(z)).
  const MannWhitney test = mann_whitney_u({1, 2, 2, 4}, {2, 3, 5});
  CHECK(test.n1 == 4);
  CHECK(test.n2 == 3);
  CHECK(test.u == 3);
  const double z = 2.5 / std::sqrt(52.0 / 7.0);
  CHECK(test.z == doctest::Approx(z).epsilon(1e-15));
  CHECK(test.p_value == doctest::Approx(std::erfc(z / std::sqrt(2.0))).epsilon(1e-15));
  // U is symmetric: the samples swapped give U_y and the same p.
  const MannWhitney swapped = mann_whitney_u({2, 3, 5}, {1, 2, 2, 4});
  CHECK(swapped.u == 9);
  CHECK(swapped.p_value == test.p_value);
}

TEST_CASE("Mann-Whitney U against SciPy's mannwhitneyu(method=\"asymptotic\")") {
  struct Case {
    std::vector<double> x, y;
    double u, p;
  };
  std::vector<double> long_x, long_y;
  for (int i = 0; i < 23; ++i) long_x.push_back(double(i % 7) / 7 - 0.4);
  for (int i = 0; i < 31; ++i) long_y.push_back(double(i % 5) / 5 - 0.1);
  const Case cases[] = {
      {{1, 2, 2, 4}, {2, 3, 5}, 3.0, 0.3590120537864294},
      {{0.5, -0.2, 0.1}, {0.3, 0.9, 0.4, 0.8}, 2.0, 0.2159249389401403},
      {{-0.8, -0.8, -0.5, -0.1, 0.2, 0.2}, {-0.8, 0.2, 0.2, 0.4, 0.7}, 7.0, 0.15704755052783215},
      {{1.0}, {2.0}, 0.0, 1.0},
      {{3, 3, 3}, {3, 3}, 3.0, 1.0},  // every value tied: sigma = 0, p = 1
      {long_x, long_y, 174.0, 0.0013831484361957953},
  };
  for (const Case& c : cases) {
    CAPTURE(c.p);
    const MannWhitney test = mann_whitney_u(c.x, c.y);
    CHECK(test.u == c.u);
    CHECK(test.p_value == doctest::Approx(c.p).epsilon(1e-13));
  }
  const MannWhitney empty = mann_whitney_u({}, {1, 2});
  CHECK(std::isnan(empty.u));
  CHECK(std::isnan(empty.p_value));
  CHECK_THROWS_AS(mann_whitney_u({1, NAN}, {2}), std::logic_error);
}

TEST_CASE("sign test: exact two-sided binomial at 1/2, zeros excluded, against SciPy's binomtest") {
  // 2 of 10 below: 2 (C(10,0) + C(10,1) + C(10,2)) / 2^10 = 2 * 56 / 1024, by hand.
  const SignTest hand = sign_test({-1, -2, 0, 3, 1, 1, 2, 5, 0.5, 4, 9, 0});
  CHECK(hand.below == 2);
  CHECK(hand.above == 8);
  CHECK(hand.p_value == doctest::Approx(112.0 / 1024.0).epsilon(1e-14));
  struct Case {
    std::size_t k, n;
    double p;
  };
  const Case cases[] = {{2, 10, 0.109375},           {0, 5, 0.0625}, {5, 10, 1.0},
                        {40, 100, 0.05688793364098088}, {1, 1, 1.0},    {700, 1500, 0.01055925546671162}};
  for (const Case& c : cases) {
    CAPTURE(c.k);
    CAPTURE(c.n);
    CHECK(binomial_half_p_value(c.k, c.n) == doctest::Approx(c.p).epsilon(1e-12));
    CHECK(binomial_half_p_value(c.n - c.k, c.n) == doctest::Approx(c.p).epsilon(1e-12));
  }
  CHECK(std::isnan(sign_test({0, 0}).p_value));
  CHECK(std::isnan(sign_test({}).p_value));
}

TEST_CASE("one-sample t-test against SciPy's ttest_1samp") {
  struct Case {
    std::vector<double> values;
    double t, p;
  };
  const Case cases[] = {{{1, 2, 3, 4, -1}, 2.092457497388747, 0.10453999977837539},
                        {{-0.3, -0.1, -0.25, 0.05}, -1.8973665961010275, 0.15403090300093614},
                        {{0.2, 0.2001}, 4001.0000000004407, 0.0001591151609875603}};
  for (const Case& c : cases) {
    const OneSampleT test = one_sample_t(c.values);
    CHECK(test.n == c.values.size());
    CHECK(test.t == doctest::Approx(c.t).epsilon(1e-9));
    CHECK(test.p_value == doctest::Approx(c.p).epsilon(1e-9));
  }
  CHECK(one_sample_t({1, 2, 3, 4, -1}).mean == doctest::Approx(1.8));
  const OneSampleT one = one_sample_t({0.4});
  CHECK(one.mean == 0.4);
  CHECK(std::isnan(one.t));
  CHECK(std::isnan(one_sample_t({}).mean));
  const OneSampleT equal = one_sample_t({-0.5, -0.5, -0.5});
  CHECK(equal.t == -INFINITY);
  CHECK(equal.p_value == 0);
  CHECK(std::isnan(one_sample_t({0, 0}).t));
}

TEST_CASE("bootstrap of a difference of means: exact for constant samples, near the normal interval for large ones") {
  const MeanDifference constant = bootstrap_mean_difference({1, 1, 1}, {0.25, 0.25}, 200, 0.95, 3, 2);
  CHECK(constant.difference == 0.75);
  CHECK(constant.interval.low == 0.75);
  CHECK(constant.interval.high == 0.75);
  // 400 and 300 values spread evenly: the 95% interval is close to
  // difference +- 1.96 sqrt(var_x / n1 + var_y / n2).
  std::vector<double> x, y;
  for (int i = 0; i < 400; ++i) x.push_back(double(i) / 400);
  for (int i = 0; i < 300; ++i) y.push_back(0.2 + double(i) / 600);
  const MeanDifference d = bootstrap_mean_difference(x, y, 4000, 0.95, 11, 2);
  const double var_x = (1.0 / 12) * (1 - 1.0 / (400.0 * 400.0)), var_y = (1.0 / 48) * (1 - 1.0 / (300.0 * 300.0));
  const double half = 1.959964 * std::sqrt(var_x / 400 + var_y / 300);
  CHECK(d.difference == doctest::Approx(0.49875 - (0.2 + 0.2491666666666667)).epsilon(1e-12));
  CHECK(std::fabs(d.interval.low - (d.difference - half)) < 0.1 * half);
  CHECK(std::fabs(d.interval.high - (d.difference + half)) < 0.1 * half);
  // Seeded: the same seed and stream give the same interval, another stream another.
  CHECK(bootstrap_mean_difference(x, y, 4000, 0.95, 11, 2).interval.low == d.interval.low);
  CHECK(bootstrap_mean_difference(x, y, 4000, 0.95, 11, 3).interval.low != d.interval.low);
  CHECK(std::isnan(bootstrap_mean_difference({}, y, 10, 0.95, 1, 2).difference));
}

TEST_CASE("bootstrap of a pooled Pearson r over clusters: clusters of one pair are the pairs' bootstrap") {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, y = {2, 1, 4, 3, 6, 5, 8, 9, 7, 10};
  const Interval pairs = bootstrap_pearson_interval(x, y, 500, 0.95, 7);  // Rng(7), stream 0
  const Interval clusters = bootstrap_cluster_pearson_interval(x, y, std::vector<std::size_t>(10, 1), 500, 0.95, 7, 0);
  CHECK(clusters.low == pairs.low);
  CHECK(clusters.high == pairs.high);
  // Two clusters each on a line of its own: every resample is one of them
  // twice (r = 1) or both (r of the pooled pairs), so the interval holds
  // exactly those values.
  const std::vector<double> a = {0, 1, 2, 10, 11, 12}, b = {0, 1, 2, 5, 6, 7};
  const Interval two = bootstrap_cluster_pearson_interval(a, b, {3, 3}, 400, 0.95, 1, 1);
  CHECK(two.low == doctest::Approx(pearson(a, b).r).epsilon(1e-15));
  CHECK(two.high == doctest::Approx(1.0));
  CHECK_THROWS_AS(bootstrap_cluster_pearson_interval(a, b, {3, 2}, 10, 0.95, 1, 1), std::logic_error);
  CHECK(std::isnan(bootstrap_cluster_pearson_interval({1, 1, 1}, {1, 2, 3}, {3}, 10, 0.95, 1, 1).low));
}
