// geom_knn_margin.cpp — tests of geom/knn_margin.h: the margin of each GEMM
// pass bounds the reference dist2 from below on every pair of points, checked
// in exact arithmetic on data chosen to make the float keys coarse (far from
// the origin) or to make every rounding count (one or two coordinates); the
// same data break a margin a few times smaller, so the check has teeth; and
// exact k-NN equals knn_reference on lattices whose float keys tie and whose
// double keys sit at the margin, settled by all three passes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "data/blas.h"
#include "data/random.h"
#include "geom/knn.h"
#include "geom/knn_margin.h"

using namespace ricci;

namespace {

// dist2 >= base + key in exact arithmetic: base + key is s + e exactly
// (Knuth's TwoSum), and as dist2 and s are doubles, dist2 > s already
// exceeds s + e (|e| is at most half the spacing of doubles at s).
bool at_least(double dist2, double base, double key) {
  const double s = base + key;
  const double key_part = s - base;
  const double e = (base - (s - key_part)) + (key - key_part);
  return dist2 > s || (dist2 == s && e <= 0.0);
}

// ||x_i||^2 of every row, summed in double as exact_knn sums it.
std::vector<double> squared_norms(const MatrixF& x) {
  const std::vector<float> origin(x.cols(), 0.0f);
  std::vector<double> norms(x.rows());
  for (std::size_t i = 0; i < x.rows(); ++i) norms[i] = squared_distance(x.row(i), origin.data(), x.cols());
  return norms;
}

// The keys of every pair (q, r) of rows of x, n x n, formed as the passes
// form them (knn_margin.h): the prefill W_r (float pass) or N_q + W_r
// (double pass), then one GEMM with alpha = -2 and beta = 1.
std::vector<double> pass_keys(const MatrixF& x, const std::vector<double>& norms, const PassMargin& margin,
                              bool double_pass) {
  const std::size_t n = x.rows(), d = x.cols();
  std::vector<double> keys(n * n);
  if (!double_pass) {
    std::vector<float> tile(n * n);
    for (std::size_t q = 0; q < n; ++q)
      for (std::size_t r = 0; r < n; ++r) tile[q * n + r] = static_cast<float>(margin.column_factor * norms[r]);
    gemm(false, true, n, n, d, -2.0f, x.data(), d, x.data(), d, 1.0f, tile.data(), n);
    for (std::size_t i = 0; i < n * n; ++i) keys[i] = tile[i];
  } else {
    const std::vector<double> rows(x.data(), x.data() + n * d);
    for (std::size_t q = 0; q < n; ++q)
      for (std::size_t r = 0; r < n; ++r) keys[q * n + r] = norms[q] + margin.column_factor * norms[r];
    gemm(false, true, n, n, d, -2.0, rows.data(), d, rows.data(), d, 1.0, keys.data(), n);
  }
  return keys;
}

// How many pairs of distinct points break dist2(q, r) >= fl(query_factor
// N_q) + key(q, r). The underflow allowance A is left out, which makes the
// check stricter by about 1e-36.
std::size_t broken_pairs(const MatrixF& x, const PassMargin& margin, bool double_pass) {
  const std::size_t n = x.rows(), d = x.cols();
  const std::vector<double> norms = squared_norms(x);
  const std::vector<double> keys = pass_keys(x, norms, margin, double_pass);
  std::size_t broken = 0;
  for (std::size_t q = 0; q < n; ++q)
    for (std::size_t r = 0; r < n; ++r) {
      const double dist2 = squared_distance(x.row(q), x.row(r), d);
      if (q != r && dist2 > 0.0 && !at_least(dist2, margin.query_factor * norms[q], keys[q * n + r])) ++broken;
    }
  return broken;
}

// A margin `shrink` times smaller than the pass's own.
PassMargin shrunk(const PassMargin& margin, double shrink, bool double_pass) {
  PassMargin smaller = margin;
  smaller.c = margin.c / shrink;
  smaller.column_factor = 1.0 - smaller.c;
  smaller.query_factor = double_pass ? -smaller.c : 1.0 - smaller.c;
  return smaller;
}

MatrixF gaussian(std::size_t n, std::size_t d, Rng& rng, double offset) {
  MatrixF x(n, d);
  for (float& v : x.values()) v = static_cast<float>(offset + rng.normal());
  return x;
}

double largest_norm(const MatrixF& x) {
  const std::vector<double> norms = squared_norms(x);
  return *std::max_element(norms.begin(), norms.end());
}

}  // namespace

TEST_CASE("at_least compares a double with the exact sum of two doubles") {
  const double v = std::ldexp(1.0, -53);
  CHECK(at_least(1.0, 0.5, 0.5));
  CHECK_FALSE(at_least(1.0, 1.0, v * v));   // 1 + 2^-106 rounds to 1, but exceeds it
  CHECK(at_least(1.0, 1.0, -v * v));
  CHECK_FALSE(at_least(0.0, 1e-300, 0.0));
}

TEST_CASE("each pass's margin bounds dist2 from below on every pair, and a smaller one does not") {
  Rng rng(41);
  for (std::size_t d : {1, 2, 3, 4, 8, 32}) {
    for (double offset : {0.0, 10.0, 1000.0}) {
      CAPTURE(d);
      CAPTURE(offset);
      const MatrixF x = gaussian(200, d, rng, offset);
      const PassMargin float_margin = float_pass_margin(d, largest_norm(x));
      const PassMargin double_margin = double_pass_margin(d, largest_norm(x));
      REQUIRE(float_margin.usable);
      REQUIRE(double_margin.usable);
      CHECK(broken_pairs(x, float_margin, false) == 0);
      CHECK(broken_pairs(x, double_margin, true) == 0);
      // Teeth: near the origin in one or two coordinates the roundings of
      // some pair use more than a quarter (float) or a sixteenth (double)
      // of the margin, so a margin that much smaller breaks there.
      if (d <= 2 && offset == 0.0) {
        CHECK(broken_pairs(x, shrunk(float_margin, 4.0, false), false) > 0);
        CHECK(broken_pairs(x, shrunk(double_margin, 16.0, true), true) > 0);
      }
    }
  }
}

TEST_CASE("the margins grow with d and switch off where they cannot hold") {
  // c by hand for d = 2: gamma_7 in float plus gamma'_12 in double; gamma'_21.
  const double u = std::ldexp(1.0, -24), v = std::ldexp(1.0, -53);
  const PassMargin f2 = float_pass_margin(2, 1.0), d2 = double_pass_margin(2, 1.0);
  CHECK(f2.c == doctest::Approx(7 * u / (1 - 7 * u) + 12 * v / (1 - 12 * v)).epsilon(1e-15));
  CHECK(d2.c == doctest::Approx(21 * v / (1 - 21 * v)).epsilon(1e-15));
  CHECK(f2.column_factor == 1.0 - f2.c);
  CHECK(f2.query_factor == f2.column_factor);
  CHECK(d2.query_factor == -d2.c);
  CHECK(f2.absolute == 24 * std::ldexp(1.0, -126));
  CHECK(d2.absolute == 24 * std::ldexp(1.0, -1022));
  CHECK(float_pass_margin(100, 1.0).c > float_pass_margin(10, 1.0).c);
  // The float margin reaches 2% of ||x||^2 near d = 164,000, and no pass
  // runs when a key could overflow a float.
  CHECK(float_pass_margin(160000, 1.0).usable);
  CHECK_FALSE(float_pass_margin(170000, 1.0).usable);
  CHECK(double_pass_margin(170000, 1.0).usable);
  CHECK_FALSE(float_pass_margin(3, 2e36).usable);
  CHECK_FALSE(double_pass_margin(3, 2e36).usable);
}

TEST_CASE("proves_farther is strict and allows for its own rounding") {
  CHECK(proves_farther(1.0, 1.0, 1.99));
  CHECK_FALSE(proves_farther(1.0, 1.0, 2.0));
  // 4 ulp below the bound: inside the slack (8 u53 (|t| + |base| + |key_max|)).
  CHECK_FALSE(proves_farther(1.0, 1.0, 2.0 - 4 * std::ldexp(1.0, -52)));
  CHECK(proves_farther(-5.0, 7.0, 1.0));
  CHECK_FALSE(proves_farther(-5.0, 6.0, 1.0));
}

TEST_CASE("exact k-NN on lattices whose float keys tie and whose double keys sit at the margin") {
  // Two 11 x 11 lattices in the first two coordinates, every other coordinate
  // at the lattice's offset (+-3000, ||x||^2 ~ 9e6 d): one with step 2^-4,
  // whose distances the float keys cannot tell apart but the double keys
  // can, and one with step 2^-12 (one float ulp at 3000), whose distances
  // differ by less than the double margin. Lattice distances tie exactly in
  // many ways. Plus 100 Gaussian points near the origin, which the float
  // pass settles; rows shuffled.
  Rng rng(42);
  for (std::size_t d : {8, 32}) {
    for (int k : {4, 12}) {
      CAPTURE(d);
      CAPTURE(k);
      const std::size_t side = 11, lattice = side * side;
      MatrixF x(2 * lattice + 100, d);
      const std::vector<std::size_t> order = rng.permutation(x.rows());
      std::size_t next = 0;
      for (int cluster = 0; cluster < 2; ++cluster) {
        const double offset = cluster == 0 ? -3000.0 : 3000.0;
        const double step = std::ldexp(1.0, cluster == 0 ? -4 : -12);
        for (std::size_t i = 0; i < lattice; ++i) {
          const std::size_t row = order[next++];
          for (std::size_t p = 0; p < d; ++p) x(row, p) = static_cast<float>(offset);
          x(row, 0) = static_cast<float>(offset + step * (static_cast<double>(i % side) - 5.0));
          x(row, 1) = static_cast<float>(offset + step * (static_cast<double>(i / side) - 5.0));
        }
      }
      while (next < x.rows()) {
        const std::size_t row = order[next++];
        for (std::size_t p = 0; p < d; ++p) x(row, p) = static_cast<float>(rng.normal());
      }
      const KnnLists fast = exact_knn(x, k);
      const KnnLists reference = knn_reference(x, k);
      CHECK(fast.neighbors == reference.neighbors);
      CHECK(fast.squared_distances == reference.squared_distances);
      CHECK(fast.settled.float_margin == 100);
      CHECK(fast.settled.double_margin == lattice);
      CHECK(fast.settled.exhaustive == lattice);
    }
  }
}
