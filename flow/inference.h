// inference.h — tests with the model as the unit (docs/method.md,
// definition 7 and "Baselines and null tests"): the layer pairs of one
// model are not independent observations, so a claim about models is tested
// over models.
//
//   Mann-Whitney U   two samples x (n1 values) and y (n2): with R_x the sum
//                    of x's ranks in the pooled sample (ties given their
//                    average rank), U_x = R_x - n1 (n1 + 1) / 2 and
//                    U_y = n1 n2 - U_x. Two-sided p by the normal
//                    approximation with the tie and continuity corrections:
//                      mu = n1 n2 / 2,
//                      sigma^2 = n1 n2 / 12 ((n + 1) - sum_t (t^3 - t) / (n (n - 1))),
//                      z = (max(U_x, U_y) - mu - 1/2) / sigma,  p = min(1, 2 (1 - Phi(z)))
//                    (n = n1 + n2, t the sizes of the groups of tied
//                    values): SciPy's mannwhitneyu(x, y, method="asymptotic")
//   sign test        of values against 0: the count below 0 among the
//                    values other than 0, exact two-sided binomial with
//                    p = 1/2: P = min(1, 2 P(X <= min(below, above))),
//                    X ~ Binomial(below + above, 1/2) (SciPy's binomtest)
//   one-sample t     of values against 0: t = mean / (s / sqrt n), s the
//                    sample standard deviation (n - 1 in the denominator),
//                    two-sided p from Student's t with n - 1 degrees of
//                    freedom (SciPy's ttest_1samp)
//   bootstraps       percentile intervals from seeded resamples
//                    (percentile_interval, statistics.h): of a difference of
//                    means (each sample resampled on its own) and of a
//                    pooled Pearson r whose pairs come in clusters (whole
//                    clusters, i.e. models, resampled)
//
// Each is O(n log n) but the bootstraps, O(resamples n).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "flow/statistics.h"

namespace ricci {

struct MannWhitney {
  std::size_t n1 = 0, n2 = 0;
  double u = 0;        // U of the first sample, U_x; NaN when a sample is empty
  double z = 0;        // the normal deviate above; NaN when a sample is empty
  double p_value = 0;  // two-sided; NaN when a sample is empty, 1 when every value is tied
};
// Non-finite values are a std::logic_error (the caller passes defined values).
MannWhitney mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y);

struct SignTest {
  std::size_t below = 0, above = 0;  // values < 0 and > 0 (zeros excluded)
  double p_value = 0;                // two-sided; NaN when every value is 0 (or there are none)
};
SignTest sign_test(const std::vector<double>& values);

// The two-sided binomial tail of the sign test: P(|X - m/2| >= |k - m/2|),
// X ~ Binomial(m, 1/2); NaN for m = 0.
double binomial_half_p_value(std::size_t k, std::size_t m);

struct OneSampleT {
  std::size_t n = 0;
  double mean = 0;     // NaN for no values
  double t = 0;        // NaN for fewer than 2 values; +-inf when they are equal and not 0
  double p_value = 0;  // two-sided, n - 1 degrees of freedom; NaN where t is
};
OneSampleT one_sample_t(const std::vector<double>& values);

// mean(x) - mean(y), and its percentile interval from `resamples` pairs of
// resamples (x's n1 values drawn with replacement, then y's n2), drawn by
// Rng(seed, stream). NaN when either sample is empty.
struct MeanDifference {
  double difference = 0;
  Interval interval;
};
MeanDifference bootstrap_mean_difference(const std::vector<double>& x, const std::vector<double>& y,
                                         std::size_t resamples, double level, std::uint64_t seed,
                                         std::uint64_t stream);

// The percentile interval of Pearson r over the pairs (x_i, y_i) that come
// in clusters of consecutive pairs, of sizes `cluster_sizes` (summing to
// x's length): each resample draws as many clusters as there are, with
// replacement, by Rng(seed, stream), and pools their pairs. Resamples whose
// r is undefined are skipped; NaN bounds when r of the data is undefined.
Interval bootstrap_cluster_pearson_interval(const std::vector<double>& x, const std::vector<double>& y,
                                            const std::vector<std::size_t>& cluster_sizes, std::size_t resamples,
                                            double level, std::uint64_t seed, std::uint64_t stream);

}  // namespace ricci
