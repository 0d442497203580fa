// statistics.h — the correlation statistics the papers report (docs/method.md,
// definition 7).
//
//   Pearson r     r = sum (x - mx)(y - my) / sqrt(sum (x - mx)^2 sum (y - my)^2)
//   its p-value   two-sided, from t = r sqrt((n - 2) / (1 - r^2)) with n - 2
//                 degrees of freedom: p = I_{df / (df + t^2)}(df / 2, 1 / 2),
//                 I the regularized incomplete beta function
//   Spearman rho  Pearson r of the ranks, ties given their average rank; its
//                 p-value by the same t approximation
//   Fisher z      z = atanh(r); correlations from groups of n_i points are
//                 combined as the mean of z_i weighted by n_i - 3, whose
//                 standard error is 1 / sqrt(sum (n_i - 3)) (Fisher 1921)
//   bootstrap     a percentile confidence interval for r from resampled pairs,
//                 drawn by our seeded generator
//
// A correlation is undefined with fewer than 3 pairs, a value that is not
// finite, or when either variable is constant; it is then NaN, `undefined`
// says why and `reason` says it in words, calling the variables x and y. A
// caller that knows what x and y are names them from `undefined` (as the
// Ricci coefficient does: "eta is the same for every layer").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ricci {

// Why a correlation is undefined.
enum class Undefined {
  No,          // it is defined
  FewPairs,    // fewer than 3 pairs
  NotFinite,   // a value is NaN or infinite
  XConstant,   // x takes one value only
  YConstant,   // y takes one value only
  NoPairs,     // the caller could not form the pairs (reason says why)
};

struct Correlation {
  double r = 0.0;        // NaN when undefined
  double p_value = 0.0;  // two-sided; NaN when undefined
  std::size_t n = 0;     // pairs used
  Undefined undefined = Undefined::No;
  std::string reason;    // why, in words; empty when defined
  bool defined() const { return undefined == Undefined::No; }
};

// An undefined correlation from n pairs: NaN r and p-value.
Correlation undefined_correlation(Undefined why, std::string reason, std::size_t n);

// x and y must have the same length (else std::logic_error).
Correlation pearson(const std::vector<double>& x, const std::vector<double>& y);
Correlation spearman(const std::vector<double>& x, const std::vector<double>& y);

// Ranks 1..n, ties given the average of the ranks they span.
std::vector<double> average_ranks(const std::vector<double>& values);

// Two-sided p-value of a correlation r from n pairs (t test, n - 2 df).
double correlation_p_value(double r, std::size_t n);

// The regularized incomplete beta function I_x(a, b), a, b > 0, x in [0, 1]
// (continued fraction, modified Lentz; Numerical Recipes 6.4).
double incomplete_beta(double x, double a, double b);

// Two-sided p-value of Student's t with df degrees of freedom.
double student_t_p_value(double t, double df);

struct FisherCombined {
  double r = 0.0;         // tanh of the weighted mean z
  double z = 0.0;         // the weighted mean of atanh(r_i)
  double standard_error = 0.0;
  double p_value = 0.0;   // two-sided, H0: the common correlation is 0
  std::size_t groups = 0; // groups used (those with n_i > 3 and |r_i| < 1)
};

// Combines correlations r_i from n_i pairs each. Groups with n_i <= 3 or an
// undefined r_i are skipped; with none left, every field is NaN.
FisherCombined fisher_combine(const std::vector<double>& r, const std::vector<std::size_t>& n);

struct Interval {
  double low = 0.0, high = 0.0;
};

// The percentile interval at `level` of `statistics` (bootstrap
// replicates; sorted here): the values of rank ceil(q m) among the m sorted
// values, q = (1 - level) / 2 and (1 + level) / 2. NaN bounds for none.
Interval percentile_interval(std::vector<double> statistics, double level);

// Every bootstrap of flow/ (the pooled rho's two intervals in groups.h, the
// null tests' difference of means in null_tests.h; docs/method.md,
// definition 7) takes kBootstrapResamples resamples at level
// kBootstrapLevel. With 1,000 resamples the 2.5% and 97.5% percentiles are
// the replicates of rank 25 and 975, each with 25 replicates beyond it, the
// number usually advised as the least for percentile intervals (Efron and
// Tibshirani, "An Introduction to the Bootstrap", 1993); each resample costs
// one pass over the pairs, so a group's intervals stay a small part of a
// sweep. 0.95 is the confidence of the "95% interval" that docs/method.md
// and every table promise. Both shape the numbers of the sweep's tables:
// changing either changes its files.
constexpr std::size_t kBootstrapResamples = 1000;
constexpr double kBootstrapLevel = 0.95;

// Percentile bootstrap interval of Pearson r at `level` (e.g. 0.95) from
// `resamples` resamples of the pairs, drawn with Rng(seed). Resamples whose r
// is undefined are skipped; NaN bounds when the correlation is undefined.
Interval bootstrap_pearson_interval(const std::vector<double>& x, const std::vector<double>& y,
                                    std::size_t resamples, double level, std::uint64_t seed);

}  // namespace ricci
