// geom_ollivier.cpp — tests of geom/ollivier.h: exact Ollivier-Ricci
// curvature on graphs worked by hand (path, cycle, complete graph, star,
// grid) for alpha 0 and 1/2, values from POT, and random graphs against the
// textbook transport solver on the full supports (no cancellation, distances
// by plain BFS).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "data/error.h"
#include "data/random.h"
#include "geom/bfs.h"
#include "geom/curvature.h"
#include "geom/knn.h"
#include "geom/ollivier.h"
#include "test/geom_shapes.h"
#include "test/transport_reference.h"

using namespace ricci;

namespace {

double kappa(const Graph& graph, std::uint32_t i, std::uint32_t j, double alpha) {
  const double value = ollivier_edge_curvature(graph, i, j, alpha);
  // The whole-graph computation gives the same value at both slots.
  const std::vector<double> all = ollivier_curvature(graph, alpha);
  CHECK(all[find_slot(graph, i, j)] == value);
  CHECK(all[find_slot(graph, j, i)] == value);
  return value;
}

// kappa(i, j) = 1 - W1 by the reference solver: mu_i = p/q on i and
// (1 - p/q) / deg(i) on each neighbour, scaled by q deg(i) deg(j), every
// support point kept (a node in both supports is a source and a sink).
double reference_kappa(const Graph& graph, std::uint32_t i, std::uint32_t j, std::int64_t p, std::int64_t q) {
  const std::int64_t di = static_cast<std::int64_t>(graph.degree(i)), dj = static_cast<std::int64_t>(graph.degree(j));
  std::vector<std::uint32_t> from(graph.neighbors(i).begin(), graph.neighbors(i).end());
  std::vector<std::uint32_t> to(graph.neighbors(j).begin(), graph.neighbors(j).end());
  std::vector<std::int64_t> supply(from.size(), (q - p) * dj), demand(to.size(), (q - p) * di);
  from.push_back(i);
  supply.push_back(p * di * dj);
  to.push_back(j);
  demand.push_back(p * di * dj);
  std::vector<std::vector<std::int64_t>> cost;
  for (std::uint32_t u : from) {
    const std::vector<std::int32_t> hops = bfs_distances(graph, u);
    std::vector<std::int64_t> row;
    for (std::uint32_t v : to) row.push_back(hops[v]);
    cost.push_back(row);
  }
  const std::int64_t total = q * di * dj;
  return 1.0 - static_cast<double>(ricci_test::reference_transport_cost(supply, demand, cost)) /
                   static_cast<double>(total);
}

}  // namespace

TEST_CASE("exact Ollivier-Ricci on paths and cycles, worked by hand") {
  // alpha = 0. Path, inner edge {2, 3}: mu_2 = 1/2 on 1, 3 and mu_3 = 1/2
  // on 2, 4; 1 -> 2 and 3 -> 4 cost 1 each: W = 1, kappa = 0. End edge
  // {0, 1}: mu_0 = delta_1, mu_1 = 1/2 on 0, 2: W = 1, kappa = 0.
  const Graph path = shapes::path(6);
  CHECK(kappa(path, 2, 3, 0.0) == 0.0);
  CHECK(kappa(path, 0, 1, 0.0) == 0.0);
  // alpha = 1/2. Inner edge: net +1/4 on 1 and 2, -1/4 on 3 and 4; every
  // pairing costs 1/4 (1 + 3) or 1/4 (2 + 2): W = 1, kappa = 0. End edge:
  // net +1/4 on 0, -1/4 on 2, two apart: W = 1/2, kappa = 1/2.
  CHECK(kappa(path, 2, 3, 0.5) == 0.0);
  CHECK(kappa(path, 0, 1, 0.5) == 0.5);

  // Cycles, edge {0, 1}, alpha = 0: C3 = K3 moves 1/2 from 1 to 0 (kappa
  // 1/2); from C4 on, n-1 -> 0 and 1 -> 2 at cost 1 (kappa 0).
  CHECK(kappa(shapes::cycle(3), 0, 1, 0.0) == 0.5);
  for (std::uint32_t n : {4u, 5u, 6u, 9u}) CHECK(kappa(shapes::cycle(n), 0, 1, 0.0) == 0.0);
  // alpha = 1/2: net +1/4 on 0 and n-1, -1/4 on 1 and 2. C4: n-1 = 3 is next
  // to 2, W = 1/2, kappa 1/2. C5: 0 -> 1 (1) and 4 -> 2 (2), W = 3/4, kappa
  // 1/4. C6 and beyond: 5 -> 2 is 3 away, W = 1, kappa 0.
  CHECK(kappa(shapes::cycle(4), 0, 1, 0.5) == 0.5);
  CHECK(kappa(shapes::cycle(5), 0, 1, 0.5) == 0.25);
  CHECK(kappa(shapes::cycle(6), 0, 1, 0.5) == 0.0);
  CHECK(kappa(shapes::cycle(9), 0, 1, 0.5) == 0.0);
}

TEST_CASE("exact Ollivier-Ricci on complete graphs and stars, worked by hand") {
  // K_n, alpha = 0: only 1/(n-1) moves, from j to i: kappa = (n-2)/(n-1).
  // alpha = 1/2: 1/2 - 1/(2(n-1)) moves from i to j: kappa = n / (2(n-1)).
  for (std::uint32_t n : {2u, 3u, 4u, 6u, 9u}) {
    CAPTURE(n);
    const Graph k = shapes::complete(n);
    CHECK(kappa(k, 0, 1, 0.0) == doctest::Approx(double(n - 2) / double(n - 1)).epsilon(1e-15));
    CHECK(kappa(k, 0, n - 1, 0.5) == doctest::Approx(double(n) / double(2 * (n - 1))).epsilon(1e-15));
  }
  // Star with m leaves, edge {0, 1}. alpha = 0: mu_0 = 1/m on the leaves,
  // mu_1 = delta_0: every leaf moves to the centre, W = 1, kappa = 0.
  // alpha = 1/2: net -1/2 + 1/(2m) on leaf 1, +1/(2m) on the others, which
  // are 2 from leaf 1: W = (m - 1)/m, kappa = 1/m.
  for (std::uint32_t m : {1u, 2u, 5u}) {
    CAPTURE(m);
    const Graph star = shapes::star(m);
    CHECK(kappa(star, 0, 1, 0.0) == 0.0);
    CHECK(kappa(star, 0, 1, 0.5) == doctest::Approx(1.0 / m).epsilon(1e-15));
  }
}

TEST_CASE("exact Ollivier-Ricci on a 3 x 3 grid, worked by hand") {
  // Nodes r * 3 + c. Centre edge {4, 1}: mu_4 = 1/4 on 1, 3, 5, 7 and mu_1 =
  // 1/3 on 0, 2, 4. alpha = 0: 7 -> 4, 3 -> 0, 5 -> 2 and 1 -> {0, 2, 4}, all
  // at cost 1: W = 1, kappa = 0.
  const Graph grid = shapes::grid(3, 3);
  CHECK(kappa(grid, 4, 1, 0.0) == 0.0);
  // alpha = 1/2 (in 24ths): sources 4 (8), 3, 5, 7 (3 each); sinks 1 (9), 0,
  // 2 (4 each). 3 -> 0 and 5 -> 2 at 1; 7 is 2 from 1, 4 is 2 from 0 and 2:
  // 3 + 3 + 6 (7 -> 1) + 6 (4 -> 1) + 4 (4 -> 0, 2 at 2) = 22: kappa = 1/12,
  // and no plan is cheaper (every unit costs 1, 2 units of 0 and 2 and all
  // of 7's 3 cost 2).
  CHECK(kappa(grid, 4, 1, 0.5) == doctest::Approx(1.0 / 12.0).epsilon(1e-15));
  // Corner edge {0, 1}. alpha = 0: mu_0 = 1/2 on 1, 3; mu_1 = 1/3 on 0, 2, 4;
  // 3 -> 0, 4 and 1 -> 2, 4 all at cost 1: kappa = 0. alpha = 1/2 (in 12ths):
  // sources 0 (4), 3 (3); sinks 1 (3), 2 (2), 4 (2); 2 is 2 or 3 from both
  // and 3 reaches only 4 at cost 1: W >= 7 + 2 + 1 = 10, met by 3 -> 4, 3 ->
  // 1, 0 -> 1, 0 -> 2: kappa = 1/6.
  CHECK(kappa(grid, 0, 1, 0.0) == 0.0);
  CHECK(kappa(grid, 0, 1, 0.5) == doctest::Approx(1.0 / 6.0).epsilon(1e-15));
}

TEST_CASE("exact Ollivier-Ricci equals POT's exact transport on a small graph") {
  // Two triangles joined by {2, 3}, a square 5-6-7-8 on the second, and the
  // chord {1, 8}. Values printed by POT 0.8.2 (ot.emd2 of the distributions
  // GraphRicciCurvature builds: (1 - alpha)/deg on the neighbours and alpha
  // on the node, costs from networkx's shortest path lengths).
  const Graph g = graph_from_edges(
      9, {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {3, 5}, {4, 5}, {5, 6}, {6, 7}, {7, 8}, {8, 5}, {1, 8}});
  struct Value {
    std::uint32_t i, j;
    double kappa;
  };
  const std::vector<Value> alpha_zero = {
      {0, 1, 0.33333333333333337}, {0, 2, 0.33333333333333337}, {1, 2, 0.33333333333333337},
      {1, 8, -0.33333333333333326}, {2, 3, -0.33333333333333326}, {3, 4, 0.33333333333333337},
      {3, 5, 0.083333333333333481}, {4, 5, 0.25}, {5, 6, 0}, {5, 8, -0.16666666666666652}, {6, 7, 0},
      {7, 8, 1.1102230246251565e-16}};
  const std::vector<Value> alpha_half = {
      {0, 1, 0.41666666666666674}, {0, 2, 0.41666666666666674}, {1, 2, 0.33333333333333326},
      {1, 8, -0.16666666666666652}, {2, 3, -0.16666666666666652}, {3, 4, 0.41666666666666674},
      {3, 5, 0.125}, {4, 5, 0.25}, {5, 6, 0}, {5, 8, -0.041666666666666519}, {6, 7, 0.5},
      {7, 8, 0.16666666666666685}};
  for (const auto& [alpha, values] : {std::make_pair(0.0, alpha_zero), std::make_pair(0.5, alpha_half)}) {
    const std::vector<double> all = ollivier_curvature(g, alpha);
    for (const Value& v : values) {
      CAPTURE(v.i);
      CAPTURE(v.j);
      CHECK(std::fabs(all[find_slot(g, v.i, v.j)] - v.kappa) < 1e-12);
    }
  }
}

TEST_CASE("exact Ollivier-Ricci equals the textbook solver on random graphs, for several alpha") {
  Rng rng(2024);
  struct Fraction {
    std::int64_t p, q;
  };
  for (int trial = 0; trial < 30; ++trial) {
    CAPTURE(trial);
    const auto n = static_cast<std::uint32_t>(4 + rng.uniform_index(30));
    const Graph g = shapes::random_connected(n, rng.uniform_index(3 * n), rng);
    for (Fraction a : {Fraction{0, 1}, Fraction{1, 2}, Fraction{1, 10}, Fraction{3, 7}, Fraction{1, 1}}) {
      const double alpha = double(a.p) / double(a.q);
      CAPTURE(alpha);
      const std::vector<double> all = ollivier_curvature(g, alpha, 1 + trial % 3);
      for (const auto& e : edge_list(g)) {
        const double expected = reference_kappa(g, e.first, e.second, a.p, a.q);
        CHECK(std::fabs(all[find_slot(g, e.first, e.second)] - expected) < 1e-12);
        CHECK(all[find_slot(g, e.second, e.first)] == all[find_slot(g, e.first, e.second)]);
      }
    }
  }
}

TEST_CASE("exact Ollivier-Ricci of a k-NN graph does not depend on the thread count") {
  Rng rng(5);
  MatrixF x(600, 4);
  for (float& v : x.values()) v = static_cast<float>(rng.normal());
  const Graph g = knn_graph(exact_knn(x, 12));
  const std::vector<double> one = ollivier_curvature(g, 0.0, 1);
  CHECK(ollivier_curvature(g, 0.0, 3) == one);
  CHECK(edge_curvature(g, Curvature::Ollivier, 2) == one);
  CHECK(ollivier_curvature(g, 0.5, 2) == ollivier_curvature(g, 0.5, 1));
  // A sample of edges against the textbook solver.
  const auto edges = edge_list(g);
  for (std::size_t e = 0; e < edges.size(); e += 97)
    CHECK(std::fabs(one[find_slot(g, edges[e].first, edges[e].second)] -
                    reference_kappa(g, edges[e].first, edges[e].second, 0, 1)) < 1e-12);
}

TEST_CASE("alpha as an exact fraction, and bad input") {
  CHECK(laziness_fraction(0.0).numerator == 0);
  CHECK(laziness_fraction(0.0).denominator == 1);
  CHECK(laziness_fraction(0.5).numerator == 1);
  CHECK(laziness_fraction(0.5).denominator == 2);
  CHECK(laziness_fraction(0.1).denominator == 10);
  CHECK(laziness_fraction(1.0 / 3.0).denominator == 3);
  CHECK(laziness_fraction(0.123456).numerator == 1929);  // 123456 / 10^6 in lowest terms
  CHECK(laziness_fraction(0.123456).denominator == 15625);
  CHECK(laziness_fraction(1.0).numerator == 1);
  for (double bad : {-0.1, 1.5, std::nan(""), std::nextafter(0.5, 1.0)}) {
    CAPTURE(bad);
    try {
      laziness_fraction(bad);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Usage);
      CHECK(e.subject() == "Ollivier alpha");
    }
  }
  const Graph path = shapes::path(4);
  CHECK_THROWS_AS(ollivier_edge_curvature(path, 0, 2), Error);
  Graph directed = path;
  directed.directed = true;
  CHECK_THROWS_AS(ollivier_curvature(directed), Error);
}

TEST_CASE("knn_pair_ollivier: each k-NN entry carries its union edge's curvature") {
  Rng rng(11);
  MatrixF points(40, 3);
  for (float& v : points.values()) v = static_cast<float>(rng.normal());
  const KnnLists lists = knn_reference(points, 5);
  const Graph graph = knn_graph(lists, GraphKind::Union);
  const std::vector<double> kappa = knn_pair_ollivier(lists, 0.0, 2);
  REQUIRE(kappa.size() == lists.neighbors.size());
  for (std::size_t i = 0; i < lists.points; ++i)
    for (std::size_t e = lists.offsets[i]; e < lists.offsets[i + 1]; ++e)
      CHECK(kappa[e] == ollivier_edge_curvature(graph, static_cast<std::uint32_t>(i), lists.neighbors[e]));
}
