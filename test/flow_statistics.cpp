// flow_statistics.cpp — correlations and p-values against published tables
// and an independent implementation (SciPy 1.10: scipy.stats.pearsonr,
// spearmanr, scipy.special.betainc, scipy.stats.t), and closed forms.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "data/random.h"
#include "flow/statistics.h"

using namespace ricci;

TEST_CASE("incomplete beta: closed forms and SciPy's betainc") {
  // I_x(1, 1) = x; I_x(1, b) = 1 - (1 - x)^b; I_x(a, 1) = x^a; I_{1/2}(a, a) = 1/2.
  for (double x : {0.0, 0.1, 0.5, 0.93, 1.0}) {
    CHECK(incomplete_beta(x, 1, 1) == doctest::Approx(x).epsilon(1e-14));
    CHECK(incomplete_beta(x, 1, 3.5) == doctest::Approx(1 - std::pow(1 - x, 3.5)).epsilon(1e-13));
    CHECK(incomplete_beta(x, 2.5, 1) == doctest::Approx(std::pow(x, 2.5)).epsilon(1e-13));
  }
  CHECK(incomplete_beta(0.5, 7.3, 7.3) == doctest::Approx(0.5).epsilon(1e-13));
  CHECK(incomplete_beta(0.3, 2.5, 1.5) == doctest::Approx(0.0889437231706656).epsilon(1e-12));
  CHECK(incomplete_beta(0.9, 0.5, 0.5) == doctest::Approx(0.7951672353008662).epsilon(1e-12));
  CHECK(incomplete_beta(0.99, 10, 0.5) == doctest::Approx(0.6579281751567843).epsilon(1e-12));
  CHECK(incomplete_beta(0.45, 30, 40) == doctest::Approx(0.6447480085585666).epsilon(1e-12));
  CHECK(std::isnan(incomplete_beta(1.5, 1, 1)));
}

TEST_CASE("Student t p-values: the table's t = 2.228 at df = 10 is p = 0.05") {
  CHECK(student_t_p_value(2.228, 10) == doctest::Approx(0.05001177181711133).epsilon(1e-10));
  CHECK(student_t_p_value(-1.0, 3) == doctest::Approx(0.39100221895577053).epsilon(1e-10));
  CHECK(student_t_p_value(5.0, 100) == doctest::Approx(2.4501734135037985e-06).epsilon(1e-8));
  // df = 1 is the Cauchy distribution: p = 1 - 2 atan(|t|) / pi.
  CHECK(student_t_p_value(3.0, 1) == doctest::Approx(1 - 2 * std::atan(3.0) / M_PI).epsilon(1e-12));
}

TEST_CASE("Pearson p-values at the critical values of the published r table") {
  // Critical |r| for a two-sided test (e.g. Fisher and Yates' table): the
  // p-value there is the table's alpha, up to the rounding of r to 3 places.
  CHECK(correlation_p_value(0.632, 10) == doctest::Approx(0.05).epsilon(0.01));   // df 8, alpha .05
  CHECK(correlation_p_value(0.765, 10) == doctest::Approx(0.01).epsilon(0.01));   // df 8, alpha .01
  CHECK(correlation_p_value(-0.423, 22) == doctest::Approx(0.05).epsilon(0.01));  // df 20, alpha .05
  CHECK(correlation_p_value(0.361, 30) == doctest::Approx(0.05).epsilon(0.01));   // df 28, alpha .05
  CHECK(correlation_p_value(1.0, 5) == 0.0);
  CHECK(std::isnan(correlation_p_value(0.5, 2)));
}

TEST_CASE("Pearson and Spearman (with ties) agree with SciPy") {
  const std::vector<double> x = {1, 2, 2, 3, 5, 8, 8, 8, 10}, y = {2, 1, 4, 3, 7, 6, 9, 9, 12};
  const Correlation p = pearson(x, y);
  CHECK(p.defined());
  CHECK(p.n == 9);
  CHECK(p.r == doctest::Approx(0.9237673288687192).epsilon(1e-13));
  CHECK(p.p_value == doctest::Approx(0.0003735906612237993).epsilon(1e-9));
  const Correlation s = spearman(x, y);
  CHECK(s.r == doctest::Approx(0.8975670439947498).epsilon(1e-13));
  CHECK(s.p_value == doctest::Approx(0.0010233249542256865).epsilon(1e-9));

  const std::vector<double> x2 = {0.5, -1.2, 3.3, 2.2, 0.0, -0.7, 1.9}, y2 = {1.1, 0.3, -0.4, 2.5, 0.9, -1.0, 0.2};
  CHECK(pearson(x2, y2).r == doctest::Approx(0.2104233541205499).epsilon(1e-13));
  CHECK(pearson(x2, y2).p_value == doctest::Approx(0.6506300314246187).epsilon(1e-10));
  CHECK(spearman(x2, y2).r == doctest::Approx(0.14285714285714288).epsilon(1e-13));
  CHECK(spearman(x2, y2).p_value == doctest::Approx(0.7599453002180929).epsilon(1e-10));
}

TEST_CASE("average ranks by hand") {
  CHECK(average_ranks({10, 20, 20, 5, 20}) == std::vector<double>{2, 4, 4, 1, 4});
  CHECK(average_ranks({3, 3}) == std::vector<double>{1.5, 1.5});
}

TEST_CASE("undefined correlations say why") {
  CHECK(pearson({1, 2}, {3, 4}).reason == "fewer than 3 pairs (2)");
  CHECK(pearson({1, 2}, {3, 4}).undefined == Undefined::FewPairs);
  CHECK(pearson({1, 1, 1}, {3, 4, 5}).undefined == Undefined::XConstant);
  CHECK(pearson({1, 2, 3}, {4, 4, 4}).undefined == Undefined::YConstant);
  CHECK(pearson({1, 2, 3}, {4, NAN, 4}).undefined == Undefined::NotFinite);
  CHECK(pearson({1, 2, 3}, {4, NAN, 4}).reason == "a value is not finite (pair 1)");
  CHECK(pearson({1, 2, 3}, {2, 4, 5}).undefined == Undefined::No);
  CHECK(pearson({1, 1, 1}, {3, 4, 5}).reason == "x is constant");
  CHECK(pearson({1, 2, 3}, {4, 4, 4}).reason == "y is constant");
  // A constant that is not a whole number: its rounded mean must not leave a
  // tiny spurious variance.
  CHECK(pearson({0.1, 0.1, 0.1}, {1, 2, 4}).reason == "x is constant");
  CHECK(std::isnan(pearson({1, 2, 3}, {4, NAN, 4}).r));
  CHECK(pearson({1, 2, 3}, {2, 4, 6}).r == doctest::Approx(1.0));
  CHECK(pearson({1, 2, 3}, {-2, -4, -6}).r == doctest::Approx(-1.0));
}

TEST_CASE("Fisher z combination by hand") {
  // z = (7 atanh 0.5 + 17 atanh(-0.2) + 12 atanh 0.7) / 36 = 0.30017...,
  // se = 1/6, p = erfc(|z| / se / sqrt 2).
  const FisherCombined f = fisher_combine({0.5, -0.2, 0.7}, {10, 20, 15});
  CHECK(f.groups == 3);
  CHECK(f.z == doctest::Approx(0.3001748867707673).epsilon(1e-13));
  CHECK(f.r == doctest::Approx(0.2914726496446526).epsilon(1e-13));
  CHECK(f.standard_error == doctest::Approx(1.0 / 6).epsilon(1e-14));
  CHECK(f.p_value == doctest::Approx(0.07169510657281204).epsilon(1e-10));
  const FisherCombined skipped = fisher_combine({0.5, NAN, 1.0}, {3, 10, 10});
  CHECK(skipped.groups == 0);
  CHECK(std::isnan(skipped.r));
}

TEST_CASE("bootstrap interval: deterministic by seed, covers r, narrows with n") {
  Rng rng(5);
  std::vector<double> x(200), y(200);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = rng.normal();
    y[i] = 0.6 * x[i] + 0.8 * rng.normal();
  }
  const double r = pearson(x, y).r;
  const Interval a = bootstrap_pearson_interval(x, y, 500, 0.95, 1);
  const Interval b = bootstrap_pearson_interval(x, y, 500, 0.95, 1);
  CHECK(a.low == b.low);
  CHECK(a.high == b.high);
  CHECK(a.low < r);
  CHECK(r < a.high);
  // The normal-theory width for r = 0.6, n = 200 is about 2 * 1.96 * (1 - r^2) / sqrt(n) = 0.18.
  CHECK(a.high - a.low == doctest::Approx(0.18).epsilon(0.3));
  const std::vector<double> x50(x.begin(), x.begin() + 50), y50(y.begin(), y.begin() + 50);
  const Interval small = bootstrap_pearson_interval(x50, y50, 500, 0.95, 1);
  CHECK(small.high - small.low > a.high - a.low);
  CHECK(std::isnan(bootstrap_pearson_interval({1, 2}, {1, 2}, 100, 0.95, 1).low));
}
