// statistics.cpp — Pearson, Spearman, their p-values, Fisher z, bootstrap.
#include "flow/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "data/random.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The continued fraction of I_x(a, b) (Numerical Recipes, betacf), by the
// modified Lentz method; converges quickly for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double x, double a, double b) {
  const double tiny = 1e-300;
  const double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < 1e-16) break;
  }
  return h;
}

// ln Gamma(x), x > 0, by the reentrant lgamma_r: std::lgamma also writes the
// sign to the global `signgam`, a data race when models are analysed in
// parallel (ricci sweep).
double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

}  // namespace

double incomplete_beta(double x, double a, double b) {
  if (!(a > 0.0 && b > 0.0) || !(x >= 0.0 && x <= 1.0)) return kNaN;
  if (x == 0.0 || x == 1.0) return x;
  // front = x^a (1 - x)^b / B(a, b), in logs
  const double log_front = log_gamma(a + b) - log_gamma(a) - log_gamma(b) + a * std::log(x) +
                           b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(x, a, b) / a;
  return 1.0 - front * beta_continued_fraction(1.0 - x, b, a) / b;
}

double student_t_p_value(double t, double df) {
  if (std::isnan(t) || !(df > 0.0)) return kNaN;
  if (std::isinf(t)) return 0.0;
  return incomplete_beta(df / (df + t * t), 0.5 * df, 0.5);
}

double correlation_p_value(double r, std::size_t n) {
  if (n < 3 || std::isnan(r)) return kNaN;
  const double df = static_cast<double>(n) - 2.0;
  if (std::fabs(r) >= 1.0) return 0.0;
  const double t = r * std::sqrt(df / ((1.0 - r) * (1.0 + r)));
  return student_t_p_value(t, df);
}

Correlation undefined_correlation(Undefined why, std::string reason, std::size_t n) {
  Correlation c;
  c.r = c.p_value = kNaN;
  c.n = n;
  c.undefined = why;
  c.reason = std::move(reason);
  return c;
}

Correlation pearson(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw std::logic_error("pearson: x and y differ in length");
  const std::size_t count = x.size();
  if (count < 3)
    return undefined_correlation(Undefined::FewPairs, "fewer than 3 pairs (" + std::to_string(count) + ")", count);
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
      return undefined_correlation(Undefined::NotFinite, "a value is not finite (pair " + std::to_string(i) + ")",
                                   count);
  // Constant variables are found exactly, before rounding in the mean could
  // hide them behind a tiny non-zero variance.
  const auto constant = [&](bool x_constant) {
    return x_constant ? undefined_correlation(Undefined::XConstant, "x is constant", count)
                      : undefined_correlation(Undefined::YConstant, "y is constant", count);
  };
  const bool x_constant = std::all_of(x.begin(), x.end(), [&](double v) { return v == x[0]; });
  const bool y_constant = std::all_of(y.begin(), y.end(), [&](double v) { return v == y[0]; });
  if (x_constant || y_constant) return constant(x_constant);
  const double n = static_cast<double>(count);
  const double mean_x = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const double dx = x[i] - mean_x, dy = y[i] - mean_y;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx == 0.0 || syy == 0.0) return constant(sxx == 0.0);
  Correlation c;
  c.n = count;
  c.r = std::max(-1.0, std::min(1.0, sxy / std::sqrt(sxx * syy)));
  c.p_value = correlation_p_value(c.r, c.n);
  return c;
}

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start + 1;
    while (end < order.size() && values[order[end]] == values[order[start]]) ++end;
    const double rank = 0.5 * static_cast<double>(start + 1 + end);  // mean of start+1 .. end
    for (std::size_t i = start; i < end; ++i) ranks[order[i]] = rank;
    start = end;
  }
  return ranks;
}

Correlation spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw std::logic_error("spearman: x and y differ in length");
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) return pearson(x, y);  // same reason
  return pearson(average_ranks(x), average_ranks(y));
}

FisherCombined fisher_combine(const std::vector<double>& r, const std::vector<std::size_t>& n) {
  if (r.size() != n.size()) throw std::logic_error("fisher_combine: r and n differ in length");
  double weighted = 0, weights = 0;
  FisherCombined f;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (n[i] <= 3 || !(std::fabs(r[i]) < 1.0)) continue;
    const double w = static_cast<double>(n[i]) - 3.0;
    weighted += w * std::atanh(r[i]);
    weights += w;
    ++f.groups;
  }
  if (f.groups == 0) {
    f.r = f.z = f.standard_error = f.p_value = kNaN;
    return f;
  }
  f.z = weighted / weights;
  f.r = std::tanh(f.z);
  f.standard_error = 1.0 / std::sqrt(weights);
  f.p_value = std::erfc(std::fabs(f.z / f.standard_error) / std::sqrt(2.0));
  return f;
}

Interval bootstrap_pearson_interval(const std::vector<double>& x, const std::vector<double>& y,
                                    std::size_t resamples, double level, std::uint64_t seed) {
  Interval interval{kNaN, kNaN};
  if (!pearson(x, y).defined() || resamples == 0 || !(level > 0.0 && level < 1.0)) return interval;
  Rng rng(seed);
  const std::size_t n = x.size();
  std::vector<double> rs, bx(n), by(n);
  rs.reserve(resamples);
  for (std::size_t b = 0; b < resamples; ++b) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto j = static_cast<std::size_t>(rng.uniform_index(n));
      bx[i] = x[j];
      by[i] = y[j];
    }
    const Correlation c = pearson(bx, by);
    if (c.defined()) rs.push_back(c.r);
  }
  return percentile_interval(std::move(rs), level);
}

Interval percentile_interval(std::vector<double> statistics, double level) {
  if (statistics.empty()) return {kNaN, kNaN};
  std::sort(statistics.begin(), statistics.end());
  // The empirical quantile at q: the value of rank ceil(q m), 1-based.
  const auto at = [&](double q) {
    const double position = std::ceil(q * static_cast<double>(statistics.size()));
    const auto index = static_cast<std::size_t>(std::max(1.0, position)) - 1;
    return statistics[std::min(index, statistics.size() - 1)];
  };
  return {at(0.5 * (1.0 - level)), at(1.0 - 0.5 * (1.0 - level))};
}

}  // namespace ricci
