// describe.h — descriptive statistics: the mean, quantiles and the median,
// the five-number summary of a box plot, and the least-squares line
// (docs/method.md, definition 7). The correlations and tests are in
// statistics.h.
//
//   quantile    R's default, type 7, and numpy.percentile's default
//               ("linear"): with x_(0) <= ... <= x_(n-1) the sorted values and
//               h = (n - 1) q, Q(q) = x_(floor h) + (h - floor h)
//               (x_(floor h + 1) - x_(floor h))
//   median      Q(0.5)
//   box plot    Tukey's: the quartiles Q(0.25), Q(0.5), Q(0.75); whiskers at
//               the most extreme values within 1.5 IQR of the box (IQR =
//               Q(0.75) - Q(0.25)); the values beyond them are outliers
//   least       the line y = a + b x minimising sum (y_i - a - b x_i)^2:
//   squares     b = sum (x - mx)(y - my) / sum (x - mx)^2, a = my - b mx
//
// Every function takes its values by copy or const reference and is O(n) or,
// where it sorts, O(n log n).
#pragma once

#include <cstddef>
#include <vector>

namespace ricci {

// The arithmetic mean, summed in order; NaN for no values.
double mean(const std::vector<double>& values);

// The q-quantile (type 7, above) of values, q in [0, 1]; NaN for no values.
double quantile(std::vector<double> values, double q);
double median(std::vector<double> values);

struct BoxSummary {
  std::size_t n = 0;  // values summarised; 0: every other field is NaN
  double q1 = 0, median = 0, q3 = 0, whisker_low = 0, whisker_high = 0;
  std::vector<double> outliers;  // in increasing order
};
BoxSummary box_summary(std::vector<double> values);

struct LeastSquaresLine {
  std::size_t n = 0;  // points fitted
  double slope = 0, intercept = 0;
  double mean_x = 0, mean_y = 0;
  // The fitted value at x, as my + b (x - mx) (the line through the means).
  double at(double x) const { return mean_y + slope * (x - mean_x); }
};

// The least-squares line of y on x (same length, else std::logic_error);
// slope and intercept are NaN with fewer than 2 points or a constant x.
LeastSquaresLine least_squares(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ricci
