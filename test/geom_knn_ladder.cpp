// geom_knn_ladder.cpp — the k-NN graph ladder built straight from the points
// (graph.h, KnnGraphLadder's second constructor; knn_ladder.cpp) against
// each k's graph from a brute-force search for that k.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/error.h"
#include "data/random.h"
#include "geom/graph.h"
#include "geom/knn.h"

using namespace ricci;

namespace {

void check_same_graph(const Graph& got, const Graph& expect) {
  CHECK(got.nodes == expect.nodes);
  CHECK(got.directed == expect.directed);
  CHECK(got.offsets == expect.offsets);
  CHECK(got.targets == expect.targets);
}

// Every k of `ks`, both tie rules, all three kinds, both routes, 1 and 3
// threads: the ladder's graph equals knn_graph(knn_reference(x, k)).
void check_ladder_against_reference(const MatrixF& x, const std::vector<int>& ks) {
  for (const Ties ties : {Ties::Index, Ties::All})
    for (const GraphKind kind : {GraphKind::Union, GraphKind::Mutual, GraphKind::Directed})
      for (const LadderRoute route : {LadderRoute::Distances, LadderRoute::Lists, LadderRoute::Auto})
        for (const int threads : {1, 3}) {
          const KnnGraphLadder ladder = knn_ladder(x, ks, kind, ties, threads, route);
          const std::vector<Graph> each = ladder.at_each(ks);  // each cut from the next larger k's
          // The distances computed twice instead of kept (as for large n).
          const KnnGraphLadder twice(x, ks, kind, ties, threads, 0);
          REQUIRE(each.size() == ks.size());
          for (std::size_t i = 0; i < ks.size(); ++i) {
            const int k = ks[i];
            CAPTURE(k);
            CAPTURE(static_cast<int>(ties));
            CAPTURE(static_cast<int>(kind));
            CAPTURE(static_cast<int>(route));
            CAPTURE(threads);
            const Graph expect = knn_graph(knn_reference(x, k, ties), kind);
            check_same_graph(ladder.at(static_cast<std::size_t>(k)), expect);
            check_same_graph(each[i], expect);
            check_same_graph(twice.at(static_cast<std::size_t>(k)), expect);
          }
        }
}

}  // namespace

TEST_CASE("the ladder from the points equals each k's graph from a brute-force search, ties and duplicates too") {
  // Integer points in a small square: many equal distances, duplicate
  // points (distance 0) and ties straddling the k-th place at every k.
  // 61 points: not a multiple of the 4 query rows or the 16 points a step
  // of the distance kernel takes, so the padded tails are exercised. The
  // ks unsorted, one repeated, and k = n - 1 (every other point).
  Rng rng(5);
  MatrixF x(61, 2);
  for (float& v : x.values()) v = static_cast<float>(rng.uniform_index(5));
  check_ladder_against_reference(x, {7, 1, 20, 3, 7, 60, 33});
}

TEST_CASE("the ladder from the points equals the brute-force graphs on continuous data with dead units") {
  // ReLU-like rows: Gaussian coordinates cut at 0, so rows share exact
  // zeros, and a block of identical all-zero rows (dead points); distances
  // otherwise distinct, their order decided by the last bits of doubles.
  Rng rng(11);
  MatrixF x(150, 9);
  for (std::size_t i = 0; i < x.rows(); ++i)
    for (std::size_t p = 0; p < x.cols(); ++p)
      x(i, p) = i % 10 == 3 ? 0.0f : std::max(0.0f, static_cast<float>(3.0 * rng.normal() + 1e4 * (p == 0)));
  check_ladder_against_reference(x, {5, 12, 40, 90, 149});
}

TEST_CASE("the ladder from the points takes only its own ks, and refuses what exact_knn refuses") {
  Rng rng(3);
  MatrixF x(20, 3);
  for (float& v : x.values()) v = static_cast<float>(rng.normal());
  const KnnGraphLadder ladder(x, {4, 9}, GraphKind::Union, Ties::Index);
  CHECK(ladder.max_k() == 9);
  CHECK_NOTHROW(ladder.at(4));
  CHECK_NOTHROW(ladder.at(9));
  for (const std::size_t k : {0, 1, 5, 8, 10}) {
    CAPTURE(k);
    CHECK_THROWS_AS(ladder.at(k), std::logic_error);
    CHECK_THROWS_AS(ladder.at_each({4, static_cast<int>(k)}), std::logic_error);
  }

  // The same errors, word for word, as a search for the offending k.
  auto message = [](auto&& call) -> std::string {
    try {
      call();
    } catch (const Error& error) {
      return error.what();
    }
    return "no error";
  };
  for (const LadderRoute route : {LadderRoute::Distances, LadderRoute::Lists, LadderRoute::Auto}) {
    CAPTURE(static_cast<int>(route));
    CHECK(message([&] { knn_ladder(x, {4, 20}, GraphKind::Union, Ties::All, 1, route); }) ==
          message([&] { exact_knn(x, 20); }));
    CHECK(message([&] { knn_ladder(x, {0, 4}, GraphKind::Union, Ties::All, 1, route); }) ==
          message([&] { exact_knn(x, 0); }));
    CHECK(message([&] { knn_ladder(x, {}, GraphKind::Union, Ties::All, 1, route); }) == "k-NN graph: no k given");
    MatrixF bad = x;
    bad(7, 2) = std::numeric_limits<float>::quiet_NaN();
    CHECK(message([&] { knn_ladder(bad, {4}, GraphKind::Union, Ties::All, 1, route); }) ==
          message([&] { exact_knn(bad, 4); }));
    CHECK(message([&] { knn_ladder(MatrixF(0, 3), {1}, GraphKind::Union, Ties::All, 1, route); }) ==
          message([&] { exact_knn(MatrixF(0, 3), 1); }));
  }
}
