// geom_knn.cpp — tests of geom/knn.h and geom/duplicates.h: knn_reference
// (the brute-force definition) on a case worked by hand, and exact k-NN
// against knn_reference on random data, duplicates, exact ties and near-ties
// that float GEMM cannot resolve.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "data/error.h"
#include "data/random.h"
#include "geom/duplicates.h"
#include "geom/knn.h"

using namespace ricci;

namespace {

// Checks exact_knn against knn_reference, entry for entry; returns how its queries were settled.
KnnSettled check_against_brute_force(const MatrixF& x, int k, int threads = 2) {
  const KnnLists fast = exact_knn(x, k, threads);
  const KnnSettled& settled = fast.settled;
  CHECK(settled.by_duplicates + settled.float_margin + settled.double_margin + settled.exhaustive ==
        settled.distinct_points);
  const KnnLists slow = knn_reference(x, k);
  REQUIRE(fast.points == x.rows());
  REQUIRE(fast.k == std::size_t(k));
  std::size_t mismatches = 0;
  for (std::size_t s = 0; s < slow.neighbors.size(); ++s)
    if (fast.neighbors[s] != slow.neighbors[s] || fast.squared_distances[s] != slow.squared_distances[s])
      ++mismatches;
  CHECK(mismatches == 0);
  return settled;
}

void check_for_each_k(const MatrixF& x, std::initializer_list<int> ks) {
  for (int k : ks) {
    CAPTURE(k);
    check_against_brute_force(x, k);
  }
}

MatrixF gaussian(std::size_t n, std::size_t d, Rng& rng, double scale = 1.0, double offset = 0.0) {
  MatrixF x(n, d);
  for (float& v : x.values()) v = static_cast<float>(offset + scale * rng.normal());
  return x;
}

// ReLU-layer-like data: non-negative, ~30% all-zero rows, ~20% copies of a
// few rows, rows in random order.
MatrixF relu_like(std::size_t n, std::size_t d, Rng& rng) {
  MatrixF base = gaussian(5, d, rng);
  MatrixF x(n, d);
  for (std::size_t i = 0; i < n; ++i) {
    const double u = rng.uniform();
    const std::size_t copy = static_cast<std::size_t>(rng.uniform_index(5));
    for (std::size_t p = 0; p < d; ++p) {
      double v = 0.0;
      if (u < 0.3) v = 0.0;
      else if (u < 0.5) v = base(copy, p);
      else v = rng.normal();
      x(i, p) = static_cast<float>(std::max(0.0, v));
    }
  }
  return x;
}

}  // namespace

TEST_CASE("squared_distance sums double differences in coordinate order") {
  const float a[3] = {1.0f, 2.0f, 0.5f}, b[3] = {4.0f, -2.0f, 0.5f};
  CHECK(squared_distance(a, b, 3) == 25.0);  // 9 + 16 + 0
  CHECK(squared_distance(a, a, 3) == 0.0);
}

TEST_CASE("knn_reference on five points worked by hand") {
  // The unit square's corners 0 (0,0), 1 (1,0), 2 (0,1), 3 (1,1) and 4 (3,0).
  // Squared distances: 0-1 1, 0-2 1, 0-3 2, 0-4 9, 1-2 2, 1-3 1, 1-4 4,
  // 2-3 1, 2-4 10, 3-4 5. Ties at 1 and 2 go to the smaller index.
  MatrixF x(5, 2);
  const float rows[5][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {3, 0}};
  for (std::size_t i = 0; i < 5; ++i) {
    x(i, 0) = rows[i][0];
    x(i, 1) = rows[i][1];
  }
  const KnnLists lists = knn_reference(x, 3);
  REQUIRE(lists.points == 5);
  REQUIRE(lists.k == 3);
  const std::uint32_t neighbors[5][3] = {{1, 2, 3}, {0, 3, 2}, {0, 3, 1}, {1, 2, 0}, {1, 3, 0}};
  const double squared_distances[5][3] = {{1, 1, 2}, {1, 1, 2}, {1, 1, 2}, {1, 1, 2}, {4, 5, 9}};
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t t = 0; t < 3; ++t) {
      CHECK(lists.row(i)[t] == neighbors[i][t]);
      CHECK(lists.squared_distances[i * 3 + t] == squared_distances[i][t]);
    }
  CHECK_THROWS_AS(knn_reference(x, 5), Error);
  CHECK_THROWS_AS(knn_reference(MatrixF(0, 2), 1), Error);
}

TEST_CASE("duplicate rows are grouped by value, -0 equal to +0") {
  MatrixF x(6, 2);
  const float rows[6][2] = {{1, 2}, {0, 0}, {1, 2}, {-0.0f, 0}, {3, 1}, {1, 2}};
  for (std::size_t i = 0; i < 6; ++i) {
    x(i, 0) = rows[i][0];
    x(i, 1) = rows[i][1];
  }
  const DuplicateGroups g = group_duplicate_rows(x);
  REQUIRE(g.groups() == 3);
  // Groups in order of their smallest member: {0, 2, 5}, {1, 3}, {4}.
  CHECK(g.group_of == std::vector<std::uint32_t>{0, 1, 0, 1, 2, 0});
  CHECK(g.members == std::vector<std::uint32_t>{0, 2, 5, 1, 3, 4});
  CHECK(g.size(0) == 3);
  CHECK(g.representative(1) == 1);
  CHECK(g.representative(2) == 4);
}

TEST_CASE("exact k-NN equals brute force on Gaussian data") {
  Rng rng(11);
  const MatrixF x = gaussian(400, 6, rng);
  check_for_each_k(x, {1, 5, 30});
  // Well-separated distances: the float GEMM's margin settles every query.
  const KnnSettled settled = check_against_brute_force(x, 8);
  CHECK(settled.float_margin == 400);
}

TEST_CASE("exact k-NN equals brute force in 784 dimensions") {
  Rng rng(12);
  MatrixF x(150, 784);
  for (float& v : x.values()) v = rng.uniform() < 0.5 ? 0.0f : static_cast<float>(rng.uniform());
  check_against_brute_force(x, 10);
}

TEST_CASE("exact k-NN with many duplicate points, groups larger and smaller than k") {
  Rng rng(13);
  const MatrixF x = relu_like(300, 8, rng);
  check_for_each_k(x, {30, 120});
  // With k = 3 the all-zero rows and the copies are groups of more than k
  // points, settled by their duplicates alone.
  const KnnSettled settled = check_against_brute_force(x, 3);
  CHECK(settled.distinct_points < 300);
  CHECK(settled.by_duplicates > 0);
}

TEST_CASE("exact k-NN breaks exact ties by the smaller index") {
  // Integer coordinates in {0..3}^3: distances are small integers, so nearly
  // every query has ties at its k-th neighbour, and points repeat.
  Rng rng(14);
  MatrixF x(200, 3);
  for (float& v : x.values()) v = static_cast<float>(rng.uniform_index(4));
  check_for_each_k(x, {1, 6, 25});
  // A hand-checked case: on a line at 0, 1, 2, 3, point 1 has 0 and 2 at
  // distance 1; k = 1 must pick 0.
  MatrixF line(4, 1);
  for (std::size_t i = 0; i < 4; ++i) line(i, 0) = static_cast<float>(i);
  const KnnLists lists = exact_knn(line, 2);
  CHECK(std::vector<std::uint32_t>(lists.row(1), lists.row(1) + 2) == std::vector<std::uint32_t>{0, 2});
  CHECK(std::vector<std::uint32_t>(lists.row(3), lists.row(3) + 2) == std::vector<std::uint32_t>{2, 1});
  CHECK(lists.squared_distances[3 * 2 + 1] == 4.0);
}

TEST_CASE("exact k-NN where float GEMM rounding swaps near-equal distances") {
  Rng rng(15);
  // A large common offset: ||x||^2 ~ 1e7 while distances are ~1e-6, so the
  // float GEMM's ranking is noise; the double pass settles every query.
  const KnnSettled far = check_against_brute_force(gaussian(200, 10, rng, 1e-3, 1000.0), 7);
  CHECK(far.float_margin == 0);
  CHECK(far.double_margin == 200);
  // A moderate offset: the margin proves most queries, some fall back.
  check_against_brute_force(gaussian(300, 4, rng, 1.0, 30.0), 12);
  // Points on a circle at equal spacing: pairs of neighbours at (nearly)
  // equal distances on both sides of every point.
  MatrixF circle(180, 2);
  for (std::size_t i = 0; i < 180; ++i) {
    const double angle = 2.0 * 3.14159265358979323846 * double(i) / 180.0;
    circle(i, 0) = static_cast<float>(std::cos(angle));
    circle(i, 1) = static_cast<float>(std::sin(angle));
  }
  check_against_brute_force(circle, 4);
}

TEST_CASE("exact k-NN with exact ties wider than the candidate margin") {
  // The corners of the cube {0,1}^8 in a shuffled order: from any corner, 8
  // are at distance 1 and 28 at distance 2. With k = 10 the 10th neighbour
  // is tied with 19 others at distance 2, more than the 10 extra candidates
  // kept, so no margin can exclude the rest: queries are settled
  // exhaustively, with the tie among the 28 broken by index.
  Rng rng(18);
  std::vector<std::size_t> order = rng.permutation(256);
  MatrixF corners(256, 8);
  for (std::size_t i = 0; i < 256; ++i)
    for (std::size_t p = 0; p < 8; ++p) corners(i, p) = static_cast<float>((order[i] >> p) & 1u);
  const KnnSettled settled = check_against_brute_force(corners, 10);
  CHECK(settled.exhaustive == 256);
}

TEST_CASE("exact k-NN across several GEMM tiles") {
  Rng rng(16);
  // More than 2048 distinct points: several reference tiles and query tiles.
  check_against_brute_force(gaussian(2300, 3, rng), 5);
}

TEST_CASE("exact k-NN does not depend on the number of threads") {
  // Duplicates (float pass), a far offset (double pass) and cube corners
  // (exhaustive): every path gives the same lists on any number of threads.
  Rng rng(17);
  std::vector<MatrixF> sets = {relu_like(500, 5, rng), gaussian(300, 4, rng, 1e-2, 300.0)};
  MatrixF corners(128, 7);
  for (std::size_t i = 0; i < 128; ++i)
    for (std::size_t p = 0; p < 7; ++p) corners(i, p) = static_cast<float>(((i * 37) % 128 >> p) & 1u);
  sets.push_back(corners);
  for (const MatrixF& x : sets) {
    const KnnLists reference = exact_knn(x, 9, 1);
    for (int threads : {2, 3, 7}) {
      const KnnLists lists = exact_knn(x, 9, threads);
      CHECK(lists.neighbors == reference.neighbors);
      CHECK(lists.squared_distances == reference.squared_distances);
    }
  }
}

TEST_CASE("exact k-NN of identical points and of zero-dimensional points") {
  MatrixF same(5, 3, 2.5f);
  const KnnLists lists = exact_knn(same, 3);
  // All distances 0: the neighbours of i are the smallest other indices.
  CHECK(std::vector<std::uint32_t>(lists.row(0), lists.row(0) + 3) == std::vector<std::uint32_t>{1, 2, 3});
  CHECK(std::vector<std::uint32_t>(lists.row(2), lists.row(2) + 3) == std::vector<std::uint32_t>{0, 1, 3});
  CHECK(std::vector<std::uint32_t>(lists.row(4), lists.row(4) + 3) == std::vector<std::uint32_t>{0, 1, 2});
  check_against_brute_force(MatrixF(4, 0), 2);
}

TEST_CASE("exact k-NN rejects bad input with one clear error") {
  auto error_of = [](const MatrixF& x, int k) -> Error {
    try {
      exact_knn(x, k);
    } catch (const Error& e) {
      return e;
    }
    FAIL("no error thrown");
    return Error(ErrorKind::Data, "");
  };
  MatrixF x(10, 2, 1.0f);
  x(0, 0) = 0.0f;

  const Error empty = error_of(MatrixF(0, 3), 1);
  CHECK(empty.kind() == ErrorKind::Data);
  CHECK(std::string(empty.what()).find("empty") != std::string::npos);

  for (int k : {0, -3}) {
    const Error e = error_of(x, k);
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(std::string(e.what()).find("k = " + std::to_string(k)) != std::string::npos);
  }
  for (int k : {10, 11}) {
    const Error e = error_of(x, k);
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(std::string(e.what()).find("k = " + std::to_string(k)) != std::string::npos);
    CHECK(std::string(e.what()).find("n = 10") != std::string::npos);
  }

  MatrixF with_nan = x;
  with_nan(7, 1) = std::numeric_limits<float>::quiet_NaN();
  const Error nan = error_of(with_nan, 3);
  CHECK(nan.kind() == ErrorKind::Data);
  CHECK(std::string(nan.what()).find("point 7, coordinate 1 is NaN") != std::string::npos);

  MatrixF with_inf = x;
  with_inf(2, 0) = -std::numeric_limits<float>::infinity();
  const Error inf = error_of(with_inf, 3);
  CHECK(inf.kind() == ErrorKind::Data);
  CHECK(std::string(inf.what()).find("point 2, coordinate 0 is infinite") != std::string::npos);
}
