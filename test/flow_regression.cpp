// flow_regression.cpp — ordinary least squares against the closed form of a
// straight line, against NumPy (numpy.linalg.lstsq, the t test from SciPy)
// on the paper's kind of design, and aliased columns marked as R's lm() does.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "flow/regression.h"
#include "flow/statistics.h"

using namespace ricci;

TEST_CASE("a straight line: b = Sxy / Sxx, a = my - b mx, and their standard errors") {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6}, y = {1, 3, 2, 5, 4, 6};
  // mx = 3.5, my = 3.5, Sxx = 17.5, Sxy = 15.5: b = 31/35, a = 3.5 (1 - 31/35) = 0.4.
  // Residuals y - a - b x; RSS = 4.2714..., s^2 = RSS / 4.
  const double b = 15.5 / 17.5, a = 3.5 - b * 3.5;
  double rss = 0;
  for (std::size_t i = 0; i < 6; ++i) rss += (y[i] - a - b * x[i]) * (y[i] - a - b * x[i]);
  const double s2 = rss / 4;
  const LinearModel model = ordinary_least_squares({std::vector<double>(6, 1.0), x}, {"(Intercept)", "x"}, y);
  REQUIRE(model.terms.size() == 2);
  CHECK(model.n == 6);
  CHECK(model.rank == 2);
  CHECK(model.df() == 4);
  CHECK(model.terms[1].estimate == doctest::Approx(b).epsilon(1e-14));
  CHECK(model.terms[0].estimate == doctest::Approx(a).epsilon(1e-13));
  CHECK(model.terms[1].std_error == doctest::Approx(std::sqrt(s2 / 17.5)).epsilon(1e-13));
  CHECK(model.terms[0].std_error == doctest::Approx(std::sqrt(s2 * (1.0 / 6 + 3.5 * 3.5 / 17.5))).epsilon(1e-13));
  CHECK(model.terms[1].t == doctest::Approx(b / std::sqrt(s2 / 17.5)).epsilon(1e-12));
  CHECK(model.terms[1].p_value == doctest::Approx(student_t_p_value(model.terms[1].t, 4)).epsilon(1e-12));
  // R^2 of a line is Pearson's r squared.
  CHECK(model.r_squared == doctest::Approx(std::pow(pearson(x, y).r, 2)).epsilon(1e-13));
}

TEST_CASE("accuracy ~ z + data set + depth, as the protocol fits it, against NumPy") {
  // /usr/bin/python3: b = numpy.linalg.lstsq(X, y); s^2 = RSS / (9 - 4);
  // se = sqrt(diag(s^2 (X'X)^-1)); p = 2 scipy.stats.t.sf(|t|, 5).
  const std::vector<double> y = {0.991, 0.995, 0.993, 0.999, 0.992, 0.997, 0.996, 0.998, 0.994};
  const std::vector<double> z = {-0.8, -1.2, -0.3, -1.5, -0.2, -0.9, -1.1, -0.7, -0.4};
  const std::vector<double> dataset = {0, 0, 0, 1, 1, 1, 1, 0, 1}, depth = {0, 1, 0, 1, 0, 1, 0, 1, 1};
  const LinearModel model = ordinary_least_squares({std::vector<double>(9, 1.0), z, dataset, depth},
                                                   {"(Intercept)", "z", "dataset=b", "depth=11"}, y);
  const double estimate[] = {0.9909412607449862, -0.002679083094555832, 0.00090257879656141, 0.0025988538681942772};
  const double std_error[] = {0.0015835916967599543, 0.0017705093412797455, 0.001346264635719354,
                              0.0014706955143793696};
  const double t[] = {625.7555295171494, -1.5131708328742046, 0.6704319289194818, 1.7670917214233757};
  const double p[] = {1.9781922618552412e-13, 0.19065038360185774, 0.5322981362578796, 0.13746164844604505};
  REQUIRE(model.terms.size() == 4);
  for (std::size_t j = 0; j < 4; ++j) {
    CAPTURE(j);
    CHECK_FALSE(model.terms[j].aliased);
    CHECK(model.terms[j].estimate == doctest::Approx(estimate[j]).epsilon(1e-10));
    CHECK(model.terms[j].std_error == doctest::Approx(std_error[j]).epsilon(1e-9));
    CHECK(model.terms[j].t == doctest::Approx(t[j]).epsilon(1e-9));
    CHECK(model.terms[j].p_value == doctest::Approx(p[j]).epsilon(1e-7));
  }
  CHECK(model.r_squared == doctest::Approx(0.668481375358172).epsilon(1e-10));
  CHECK(model.terms[1].name == "z");
}

TEST_CASE("an aliased column gets no estimate; the rest is the fit without it") {
  const std::vector<double> x = {1, 2, 3, 4, 5}, y = {2, 4, 5, 4, 5};
  std::vector<double> twice;
  for (double v : x) twice.push_back(2 * v);
  const std::vector<double> ones(5, 1.0);
  const LinearModel aliased = ordinary_least_squares({ones, x, twice}, {"(Intercept)", "x", "2x"}, y);
  const LinearModel plain = ordinary_least_squares({ones, x}, {"(Intercept)", "x"}, y);
  CHECK(aliased.rank == 2);
  CHECK(aliased.df() == 3);
  CHECK(aliased.terms[2].aliased);
  CHECK(std::isnan(aliased.terms[2].estimate));
  CHECK(aliased.terms[1].estimate == doctest::Approx(plain.terms[1].estimate).epsilon(1e-12));
  CHECK(aliased.terms[1].p_value == doctest::Approx(plain.terms[1].p_value).epsilon(1e-12));
  // As many columns as observations: a perfect fit with no degrees of freedom left.
  const LinearModel saturated = ordinary_least_squares({{1, 1}, {0, 1}}, {"(Intercept)", "d"}, {3, 5});
  CHECK(saturated.terms[1].estimate == doctest::Approx(2.0));
  CHECK(saturated.df() == 0);
  CHECK(std::isnan(saturated.terms[1].p_value));
  const LinearModel empty = ordinary_least_squares({{}}, {"(Intercept)"}, {});
  CHECK(empty.reason == "no observations");
}
