// inference.cpp — Mann-Whitney U, the sign test, the one-sample t-test and
// the bootstraps over models.
#include "flow/inference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "data/random.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 1 - Phi(z), the upper tail of the standard normal.
double normal_upper_tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

MannWhitney mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y) {
  MannWhitney test;
  test.n1 = x.size();
  test.n2 = y.size();
  test.u = test.z = test.p_value = kNaN;
  if (x.empty() || y.empty()) return test;
  std::vector<double> pooled = x;
  pooled.insert(pooled.end(), y.begin(), y.end());
  for (double v : pooled)
    if (!std::isfinite(v)) throw std::logic_error("mann_whitney_u: a value is not finite");
  const std::vector<double> ranks = average_ranks(pooled);
  double rank_sum_x = 0;
  for (std::size_t i = 0; i < x.size(); ++i) rank_sum_x += ranks[i];
  const double n1 = static_cast<double>(test.n1), n2 = static_cast<double>(test.n2), n = n1 + n2;
  test.u = rank_sum_x - n1 * (n1 + 1) / 2;
  const double u = std::max(test.u, n1 * n2 - test.u);
  // The tie term: sum over groups of tied values of t^3 - t.
  std::sort(pooled.begin(), pooled.end());
  double ties = 0;
  for (std::size_t start = 0; start < pooled.size();) {
    std::size_t end = start + 1;
    while (end < pooled.size() && pooled[end] == pooled[start]) ++end;
    const double t = static_cast<double>(end - start);
    ties += t * t * t - t;
    start = end;
  }
  const double sigma = std::sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))));
  test.z = (u - n1 * n2 / 2 - 0.5) / sigma;  // -inf when every value is tied (sigma = 0)
  test.p_value = std::min(1.0, 2 * normal_upper_tail(test.z));
  return test;
}

double binomial_half_p_value(std::size_t k, std::size_t m) {
  if (m == 0) return kNaN;
  const std::size_t low = std::min(k, m - k);
  if (2 * low == m) return 1.0;
  // P(X <= low) = I_{1/2}(m - low, low + 1), the regularized incomplete beta.
  const double tail = incomplete_beta(0.5, static_cast<double>(m - low), static_cast<double>(low + 1));
  return std::min(1.0, 2 * tail);
}

SignTest sign_test(const std::vector<double>& values) {
  SignTest test;
  for (double v : values) {
    test.below += v < 0;
    test.above += v > 0;
  }
  test.p_value = binomial_half_p_value(test.below, test.below + test.above);
  return test;
}

OneSampleT one_sample_t(const std::vector<double>& values) {
  OneSampleT test;
  test.n = values.size();
  test.mean = test.t = test.p_value = kNaN;
  if (values.empty()) return test;
  double sum = 0;
  for (double v : values) sum += v;
  const double n = static_cast<double>(values.size());
  test.mean = sum / n;
  if (values.size() < 2) return test;
  double squares = 0;
  for (double v : values) squares += (v - test.mean) * (v - test.mean);
  const double standard_error = std::sqrt(squares / (n - 1)) / std::sqrt(n);
  if (standard_error == 0) {
    if (test.mean == 0) return test;
    test.t = test.mean > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    test.p_value = 0;
    return test;
  }
  test.t = test.mean / standard_error;
  test.p_value = student_t_p_value(test.t, n - 1);
  return test;
}

MeanDifference bootstrap_mean_difference(const std::vector<double>& x, const std::vector<double>& y,
                                         std::size_t resamples, double level, std::uint64_t seed,
                                         std::uint64_t stream) {
  MeanDifference out{kNaN, {kNaN, kNaN}};
  if (x.empty() || y.empty()) return out;
  auto mean_of = [](const std::vector<double>& v) {
    double sum = 0;
    for (double value : v) sum += value;
    return sum / static_cast<double>(v.size());
  };
  out.difference = mean_of(x) - mean_of(y);
  Rng rng(seed, stream);
  auto resampled_mean = [&](const std::vector<double>& v) {
    double sum = 0;
    for (std::size_t i = 0; i < v.size(); ++i) sum += v[static_cast<std::size_t>(rng.uniform_index(v.size()))];
    return sum / static_cast<double>(v.size());
  };
  std::vector<double> differences;
  differences.reserve(resamples);
  for (std::size_t b = 0; b < resamples; ++b) {
    const double mean_x = resampled_mean(x);
    differences.push_back(mean_x - resampled_mean(y));
  }
  out.interval = percentile_interval(std::move(differences), level);
  return out;
}

Interval bootstrap_cluster_pearson_interval(const std::vector<double>& x, const std::vector<double>& y,
                                            const std::vector<std::size_t>& cluster_sizes, std::size_t resamples,
                                            double level, std::uint64_t seed, std::uint64_t stream) {
  if (x.size() != y.size()) throw std::logic_error("bootstrap_cluster_pearson_interval: x and y differ in length");
  std::vector<std::size_t> starts;
  std::size_t total = 0;
  for (std::size_t size : cluster_sizes) starts.push_back(total), total += size;
  if (total != x.size()) throw std::logic_error("bootstrap_cluster_pearson_interval: clusters do not cover the pairs");
  if (!pearson(x, y).defined() || resamples == 0) return {kNaN, kNaN};
  Rng rng(seed, stream);
  const std::size_t clusters = cluster_sizes.size();
  std::vector<double> rs, bx, by;
  rs.reserve(resamples);
  for (std::size_t b = 0; b < resamples; ++b) {
    bx.clear();
    by.clear();
    for (std::size_t c = 0; c < clusters; ++c) {
      const auto pick = static_cast<std::size_t>(rng.uniform_index(clusters));
      bx.insert(bx.end(), x.begin() + starts[pick], x.begin() + starts[pick] + cluster_sizes[pick]);
      by.insert(by.end(), y.begin() + starts[pick], y.begin() + starts[pick] + cluster_sizes[pick]);
    }
    const Correlation c = pearson(bx, by);
    if (c.defined()) rs.push_back(c.r);
  }
  return percentile_interval(std::move(rs), level);
}

}  // namespace ricci
