// describe.cpp — mean, type-7 quantiles, box-plot summaries, least squares.
#include "flow/describe.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Type-7 quantile of values already sorted (non-empty).
double sorted_quantile(const std::vector<double>& sorted, double q) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

double mean(const std::vector<double>& values) {
  if (values.empty()) return kNaN;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  return sorted_quantile(values, q);
}

double median(std::vector<double> values) { return quantile(std::move(values), 0.5); }

BoxSummary box_summary(std::vector<double> values) {
  BoxSummary box;
  box.n = values.size();
  if (values.empty()) {
    box.q1 = box.median = box.q3 = box.whisker_low = box.whisker_high = kNaN;
    return box;
  }
  std::sort(values.begin(), values.end());
  box.q1 = sorted_quantile(values, 0.25);
  box.median = sorted_quantile(values, 0.5);
  box.q3 = sorted_quantile(values, 0.75);
  const double reach = 1.5 * (box.q3 - box.q1);
  box.whisker_low = box.q1;
  box.whisker_high = box.q3;
  for (double v : values) {
    if (v < box.q1 - reach || v > box.q3 + reach) {
      box.outliers.push_back(v);
      continue;
    }
    box.whisker_low = std::min(box.whisker_low, v);
    box.whisker_high = std::max(box.whisker_high, v);
  }
  return box;
}

LeastSquaresLine least_squares(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw std::logic_error("least_squares: x and y differ in length");
  LeastSquaresLine line;
  line.n = x.size();
  line.mean_x = mean(x);
  line.mean_y = mean(y);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - line.mean_x) * (y[i] - line.mean_y);
    sxx += (x[i] - line.mean_x) * (x[i] - line.mean_x);
  }
  // A constant x is found exactly: rounding in its mean can leave sxx > 0.
  const bool x_constant = std::all_of(x.begin(), x.end(), [&](double v) { return v == x[0]; });
  if (line.n < 2 || x_constant || sxx == 0.0) {
    line.slope = line.intercept = kNaN;
    return line;
  }
  line.slope = sxy / sxx;
  line.intercept = line.mean_y - line.slope * line.mean_x;
  return line;
}

}  // namespace ricci
