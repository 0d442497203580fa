// geom_knn_ties.cpp — the Ties::All rule of geom/knn.h (cccd::nng's, in the
// authors' R code): exact_knn and knn_reference against a brute force that
// follows cccd's rule literally, on integer layers full of exact ties and
// duplicates; prefix_lists against a fresh search for every smaller k.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "data/random.h"
#include "geom/knn.h"

using namespace ricci;

namespace {

// cccd::nng's rule, written as the R code reads: for row i of the distance
// matrix (i itself included, at distance 0), d = sort(row); j != i is a
// neighbour when dist(i, j) <= d[k + 1] (1-based). Distances compared as
// double dist2 (the square root is monotone). Neighbours listed by
// (dist2, j), as the lists are.
std::vector<std::vector<std::pair<double, std::uint32_t>>> cccd_rule(const MatrixF& x, std::size_t k) {
  const std::size_t n = x.rows(), d = x.cols();
  std::vector<std::vector<std::pair<double, std::uint32_t>>> rows(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> row(n);
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (std::size_t p = 0; p < d; ++p) {
        const double diff = double(x(i, p)) - double(x(j, p));
        sum += diff * diff;
      }
      row[j] = sum;
    }
    std::vector<double> sorted = row;
    std::sort(sorted.begin(), sorted.end());
    const double bound = sorted[k];  // d[k + 1] in R's 1-based indexing
    for (std::size_t j = 0; j < n; ++j)
      if (j != i && row[j] <= bound) rows[i].emplace_back(row[j], static_cast<std::uint32_t>(j));
    std::sort(rows[i].begin(), rows[i].end());
  }
  return rows;
}

void check_lists_equal_rule(const KnnLists& lists, const std::vector<std::vector<std::pair<double, std::uint32_t>>>& rule) {
  REQUIRE(lists.points == rule.size());
  REQUIRE(lists.offsets.size() == rule.size() + 1);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < rule.size(); ++i) {
    if (lists.count(i) != rule[i].size()) {
      ++mismatches;
      continue;
    }
    for (std::size_t m = 0; m < rule[i].size(); ++m)
      if (lists.row(i)[m] != rule[i][m].second || lists.squared_distances[lists.offsets[i] + m] != rule[i][m].first)
        ++mismatches;
  }
  CHECK(mismatches == 0);
}

// Integer coordinates in {0..levels-1}^d: squared distances are small
// integers, so nearly every row has ties at its k-th neighbour, and many
// points repeat (a ReLU layer's exact duplicates).
MatrixF integer_layer(std::size_t n, std::size_t d, std::size_t levels, Rng& rng) {
  MatrixF x(n, d);
  for (float& v : x.values()) v = static_cast<float>(rng.uniform_index(levels));
  return x;
}

}  // namespace

TEST_CASE("Ties::All on a line worked by hand") {
  // Points 0, 1, 2, 3 on a line, k = 1: point 1 has 0 and 2 both at
  // distance 1, so both are its neighbours; point 0 has only 1.
  MatrixF line(4, 1);
  for (std::size_t i = 0; i < 4; ++i) line(i, 0) = static_cast<float>(i);
  const KnnLists lists = exact_knn(line, 1, 1, Ties::All);
  CHECK(lists.ties == Ties::All);
  CHECK(std::vector<std::uint32_t>(lists.row(0), lists.row(0) + lists.count(0)) == std::vector<std::uint32_t>{1});
  CHECK(std::vector<std::uint32_t>(lists.row(1), lists.row(1) + lists.count(1)) == std::vector<std::uint32_t>{0, 2});
  CHECK(std::vector<std::uint32_t>(lists.row(2), lists.row(2) + lists.count(2)) == std::vector<std::uint32_t>{1, 3});
  CHECK(std::vector<std::uint32_t>(lists.row(3), lists.row(3) + lists.count(3)) == std::vector<std::uint32_t>{2});
  // Five identical points, k = 2: every other point is at distance 0 = the
  // 2nd distance, so each has all 4 others (Ties::Index keeps 2).
  MatrixF same(5, 2, 1.5f);
  const KnnLists all = exact_knn(same, 2, 1, Ties::All);
  for (std::size_t i = 0; i < 5; ++i) CHECK(all.count(i) == 4);
  CHECK(exact_knn(same, 2).count(3) == 2);
}

TEST_CASE("exact k-NN under Ties::All equals cccd's rule on integer layers full of ties") {
  Rng rng(41);
  const MatrixF small = integer_layer(150, 3, 4, rng);    // 64 cells: duplicates everywhere
  const MatrixF wide = integer_layer(300, 6, 3, rng);     // 729 cells: ties, fewer duplicates
  const MatrixF line = integer_layer(120, 1, 200, rng);   // ties on both sides of a point
  for (const MatrixF* x : {&small, &wide, &line})
    for (std::size_t k : {1u, 2u, 5u, 17u, 40u}) {
      CAPTURE(k);
      const auto rule = cccd_rule(*x, k);
      check_lists_equal_rule(knn_reference(*x, static_cast<int>(k), Ties::All), rule);
      for (int threads : {1, 2}) check_lists_equal_rule(exact_knn(*x, static_cast<int>(k), threads, Ties::All), rule);
    }
}

TEST_CASE("Ties::All: the cube's corners, ties wider than the candidate margin") {
  // From any corner of {0,1}^8, 8 corners are at distance 1 and 28 at
  // distance 2: with k = 10 the row holds all 36 (settled exhaustively).
  Rng rng(42);
  const std::vector<std::size_t> order = rng.permutation(256);
  MatrixF corners(256, 8);
  for (std::size_t i = 0; i < 256; ++i)
    for (std::size_t p = 0; p < 8; ++p) corners(i, p) = static_cast<float>((order[i] >> p) & 1u);
  const KnnLists lists = exact_knn(corners, 10, 2, Ties::All);
  for (std::size_t i = 0; i < 256; ++i) CHECK(lists.count(i) == 36);
  check_lists_equal_rule(lists, cccd_rule(corners, 10));
}

TEST_CASE("prefix_lists gives the lists of a fresh search for every smaller k") {
  // Under Ties::All a tie straddling the k-th place makes the prefix longer
  // than k: the prefix of the k_max lists is not their first k entries.
  Rng rng(43);
  const MatrixF x = integer_layer(200, 2, 6, rng);
  for (Ties ties : {Ties::Index, Ties::All}) {
    const KnnLists large = exact_knn(x, 30, 2, ties);
    for (std::size_t k : {1u, 3u, 7u, 12u, 29u, 30u}) {
      CAPTURE(k);
      const KnnLists prefix = prefix_lists(large, k);
      const KnnLists fresh = exact_knn(x, static_cast<int>(k), 1, ties);
      CHECK(prefix.k == k);
      CHECK(prefix.offsets == fresh.offsets);
      CHECK(prefix.neighbors == fresh.neighbors);
      CHECK(prefix.squared_distances == fresh.squared_distances);
    }
  }
  bool longer = false;  // the case the rule exists for occurs here
  const KnnLists large = exact_knn(x, 30, 1, Ties::All);
  for (std::size_t i = 0; i < 200; ++i) longer |= prefix_lists(large, 7).count(i) > 7;
  CHECK(longer);
}
