// knn_margin.cpp — the margins of exact k-NN's GEMM passes, derived.
//
// Notation. a = x_q and b = x_r are two distinct points (float rows of d
// coordinates); N_a = ||a||^2, N_b = ||b||^2, G = a.b and D = ||a - b||^2 =
// N_a + N_b - 2G are exact real numbers. Rounding is to nearest, u = 2^-24
// and v = 2^-53 are the unit roundoffs of float and double, and (Higham,
// "Accuracy and Stability of Numerical Algorithms", 2nd ed., ch. 3)
//
//   gamma_m = m u / (1 - m u),   gamma'_m = m v / (1 - m v),
//
// so that a value formed by m roundings is within a factor 1 +- gamma_m of
// its exact value (Lemma 3.1). We use (1 + gamma_j)(1 + gamma_k) <=
// 1 + gamma_{j+k} and gamma_j + gamma_k <= gamma_{j+k} (Lemma 3.3),
// gamma_m / (1 - gamma_k) <= gamma_{m+k} (from the definition), and for
// x, y >= 0, 1 / (1 + x) >= 1 - x and (1 - x)(1 - y) >= 1 - x - y.
// Underflow: an operation may also err by lambda, the smallest normal number
// of its precision (2^-126, 2^-1022), which covers gradual underflow and
// results flushed to zero. Inputs are never flushed (no denormals-are-zero,
// as in any build without -ffast-math).
//
// The double quantities of knn.h:
//   Nhat_a = sum_p a_p^2, the squares exact, at most d roundings:
//     Nhat_a = N_a (1 + theta'_d), |theta'_d| <= gamma'_d.
//   dist2, the definition: a difference and a square (3 factors) and at most
//     d - 1 additions of non-negative terms, and D <= 2 (N_a + N_b):
//     dist2 >= (1 - gamma'_{d+2}) D >= D - 2 gamma'_{d+2} (N_a + N_b).
//
// The GEMM of a pass, in precision T (gamma_m is then in T's u), forms
// key = S - 2 a.b from the prefill S >= 0 of its output entry: d products
// and d additions in an order the BLAS chooses, with or without FMA (any
// ordinary evaluation, not Strassen). Whatever the order (Higham sec. 3.1),
// with sum_p |a_p b_p| <= (N_a + N_b) / 2 (Cauchy-Schwarz),
//
//   key = S - 2G + E,   |E| <= gamma_{d+1} (S + N_a + N_b) + A,
//
// A the underflow allowance: at most 2d + 2 roundings (the GEMM's 2d, two
// more forming S) each err by lambda, doubled by alpha = -2 and grown by
// the later roundings by (1 + u)^(d+1) <= 2, so A = 8 (d + 1) lambda. As
// D = N_a + N_b - S + key - E, for every pair
//
//   dist2 >= key + (1 - gamma_{d+1} - 2 gamma'_{d+2}) (N_a + N_b) - (1 + gamma_{d+1}) S - A.   (*)
//
// Each pass picks S so that N_b's coefficient in (*) is >= 0 (that term is
// dropped: N_b is unknown for points never looked at) and so that N_a's
// coefficient is at least a multiple of Nhat_a known in advance. f = fl(1 - c)
// <= 1 - c + v / 2, as 1 - c lies in [1/2, 1).
//
// Float pass: S = W_r = fl32(fl(f Nhat_r)), so (1 + gamma_{d+1}) S <=
// (1 + gamma_{d+2})(1 + gamma'_{d+1}) f N_b. N_b's coefficient is >= 0 when
// f <= (1 - gamma_{d+1} - 2 gamma'_{d+2})(1 - gamma_{d+2})(1 - gamma'_{d+1}),
// which holds when f <= 1 - gamma_{2d+3} - gamma'_{3d+5}. The code takes
//
//   c = gamma_{2d+3}     the GEMM's rounding, once on the products (bounded
//                        with N_b) and once on W_r (d + 1 each), and W_r's
//                        rounding to float (1);
//     + gamma'_{3d+6}    the reference's rounding (d + 2), twice as
//                        D <= 2 (N_a + N_b), Nhat_r and its product with f
//                        (d + 1), and one v for the roundings of c itself
//                        (three, losing less than 4 v c < v / 2) and of f
//                        (v / 2).
//
// N_a's coefficient is then at least f (1 + gamma'_{d+1}), and
// f (1 + gamma'_{d+1}) N_a >= fl(f Nhat_a), so
//   dist2(q, r) >= key(q, r) + fl(f Nhat_q) - A:  query_factor f.
//
// Double pass: S = fl(Nhat_a + W_r), W_r = fl(f Nhat_r), so (1 + gamma'_{d+1}) S
// <= (1 + gamma'_{2d+2}) N_a + (1 + gamma'_{2d+3}) f N_b. N_b's coefficient
// is >= 0 when f <= 1 - gamma'_{5d+8}, that is c >= gamma'_{5d+8} + v / 2.
// N_a's coefficient is >= 1 - gamma'_{d+1} - 2 gamma'_{d+2} - (1 + gamma'_{2d+2})
// >= -gamma'_{5d+7}, and fl(-c Nhat_a) <= -c (1 - gamma'_{d+1}) N_a, so
//   dist2(q, r) >= key(q, r) + fl(-c Nhat_q) - A  when c >= gamma'_{6d+8}.
// The code takes
//
//   c = gamma'_{6d+9}    the larger need, gamma'_{6d+8}: 5d + 7 roundings on
//                        N_a (the GEMM's d + 1 on the products, the
//                        reference's d + 2 twice, and on the prefill Nhat_a's
//                        d, its sum's 1 and the GEMM's d + 1), d + 1 more in
//                        fl(-c Nhat_a); and one v for c's evaluation (two
//                        roundings). It exceeds N_b's need too, gamma'_{5d+8}
//                        + v / 2, by more than d v;
//
// and query_factor -c.
//
// Both keys are offered to the selection as floats rounded down (the float
// pass's already are), which only lowers key_max.
#include "geom/knn_margin.h"

#include <cmath>
#include <limits>

namespace ricci {

namespace {

// A pass runs only when its margin c is below 2% of ||x_q||^2. The
// derivation needs c <= 1/8 (f in [1/2, 1), c's evaluation) and
// (d + 1) u <= ln 2 (the growth (1 + u)^(d+1) <= 2), both implied; and a
// wider margin would rarely prove a query, so the float pass is skipped
// (d above about 164,000) and the double pass runs alone.
constexpr double kMaxMargin = 0.02;

// Overflow guard on the largest squared norm M: a key and every partial sum
// of its GEMM are at most (1 + gamma_{d+1})(S + 2 M) + A in magnitude, with
// S <= 2.001 M (the double pass's Nhat_q + W_r), so below 4.1 M. The float
// keys, and the double keys rounded to float, must stay finite: 4.1 M <
// FLT_MAX ~ 3.4e38, M < 8.2e37. 1e36 is a round value below that; larger
// data skip both passes and are searched exhaustively.
constexpr double kLargestNorm = 1e36;

// gamma_m for unit roundoff unit, infinite when m unit >= 1.
double gamma(double m, double unit) {
  return m * unit < 1.0 ? m * unit / (1.0 - m * unit) : std::numeric_limits<double>::infinity();
}

PassMargin make_margin(double c, double query_factor, double absolute, double largest_norm) {
  PassMargin margin;
  margin.usable = c < kMaxMargin && largest_norm <= kLargestNorm;
  margin.c = c;
  margin.column_factor = 1.0 - c;
  margin.query_factor = query_factor;
  margin.absolute = absolute;
  return margin;
}

}  // namespace

PassMargin float_pass_margin(std::size_t dimension, double largest_norm) {
  const double d = static_cast<double>(dimension), u = std::ldexp(1.0, -24), v = std::ldexp(1.0, -53);
  const double c = gamma(2 * d + 3, u) + gamma(3 * d + 6, v);
  return make_margin(c, 1.0 - c, 8 * (d + 1) * std::ldexp(1.0, -126), largest_norm);
}

PassMargin double_pass_margin(std::size_t dimension, double largest_norm) {
  const double d = static_cast<double>(dimension), v = std::ldexp(1.0, -53);
  const double c = gamma(6 * d + 9, v);
  return make_margin(c, -c, 8 * (d + 1) * std::ldexp(1.0, -1022), largest_norm);
}

// The test's own rounding. base comes from PassMargin::base, whose product
// is accounted for in c. The rest: the subtraction of A (at most v |base|),
// the sum base + key_max (v (1 + v)(|base| + |key_max|)) and t + slack
// (v (t + slack)), less than 3 v s in all, s = |t| + |base| + |key_max|.
// The slack, 2^-50 s = 8 v s (a power of two, so the scaling is exact; the
// sum s loses at most a factor (1 - v)^2), is larger: when the computed test
// passes, base + key_max > t exactly. t is the dist2 of distinct points, at
// least 2^-298, so the slack never underflows.
bool proves_farther(double base, double key_max, double t) {
  const double bound = base + key_max;
  const double slack = std::ldexp(std::fabs(t) + std::fabs(base) + std::fabs(key_max), -50);
  return bound > t + slack;
}

}  // namespace ricci
