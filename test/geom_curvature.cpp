// geom_curvature.cpp — tests of geom/curvature.h: Forman, augmented Forman,
// triangles and approximate Ollivier-Ricci on graphs of known shape (values
// worked out by hand below) and against direct edge-by-edge sums.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "data/error.h"
#include "data/random.h"
#include "geom/curvature.h"
#include "geom/knn.h"
#include "test/geom_shapes.h"

using namespace ricci;

namespace {

// The value at the slot of edge {i, j}, from row i.
template <class T>
T at_edge(const Graph& graph, const std::vector<T>& per_slot, std::size_t i, std::uint32_t j) {
  const std::size_t slot = find_slot(graph, i, j);
  REQUIRE(slot < per_slot.size());
  return per_slot[slot];
}

}  // namespace

TEST_CASE("Forman-Ricci curvature of a path, a cycle and a star") {
  // Path of 6: end edges 4 - 1 - 2 = 1, inner edges 4 - 2 - 2 = 0; Ric = 2.
  // S = (1, 1, 0, 0, 1, 1): an end sees one end edge, its neighbour one end
  // edge and one inner edge.
  const Graph path = shapes::path(6);
  CHECK(forman_curvature(path) == std::vector<std::int64_t>{1, 1, 0, 0, 0, 0, 0, 0, 1, 1});
  CHECK(forman_node_curvature(path) == std::vector<std::int64_t>{1, 1, 0, 0, 1, 1});
  CHECK(forman_total(path) == 2);
  // Path of 2: one edge 4 - 1 - 1 = 2.
  CHECK(forman_total(shapes::path(2)) == 2);

  // Cycle: every edge 4 - 2 - 2 = 0.
  CHECK(forman_total(shapes::cycle(9)) == 0);
  CHECK(forman_node_curvature(shapes::cycle(9)) == std::vector<std::int64_t>(9, 0));

  // Star with m = 5 leaves: each edge 4 - 5 - 1 = -2; Ric = -10;
  // S(centre) = 5 * (-2), S(leaf) = -2.
  const Graph star = shapes::star(5);
  CHECK(forman_total(star) == -10);
  CHECK(forman_node_curvature(star) == std::vector<std::int64_t>{-10, -2, -2, -2, -2, -2});
}

TEST_CASE("Forman, augmented Forman and triangles of complete graphs") {
  for (std::int64_t n : {3, 4, 7}) {
    CAPTURE(n);
    const Graph k = shapes::complete(static_cast<std::uint32_t>(n));
    // F = 4 - 2(n - 1) on each of n(n-1)/2 edges: Ric = n(n-1)(3-n).
    CHECK(forman_total(k) == n * (n - 1) * (3 - n));
    // Each edge lies on n - 2 triangles; C(n, 3) triangles in all.
    for (std::uint32_t t : edge_triangles(k)) CHECK(t == std::uint32_t(n - 2));
    CHECK(triangle_count(k) == std::uint64_t(n * (n - 1) * (n - 2) / 6));
    // F# = 4 - 2(n-1) + 3(n-2) = n per edge: total n^2 (n-1) / 2.
    for (std::int64_t f : augmented_forman_curvature(k)) CHECK(f == n);
    CHECK(augmented_forman_total(k) == n * n * (n - 1) / 2);
  }
}

TEST_CASE("Forman curvature of a 3 x 4 grid") {
  // Ric = 4|E| - sum deg^2. |E| = 3*3 + 2*4 = 17. Degrees: 4 corners of 2,
  // 6 border nodes of 3, 2 inner nodes of 4: sum deg^2 = 16 + 54 + 32 = 102.
  // Ric = 68 - 102 = -34. No triangles, so F# = F.
  const Graph grid = shapes::grid(3, 4);
  CHECK(forman_total(grid) == -34);
  CHECK(triangle_count(grid) == 0);
  CHECK(augmented_forman_total(grid) == -34);
  // The edge between the two inner nodes 5 and 6: 4 - 4 - 4 = -4.
  CHECK(at_edge(grid, forman_curvature(grid), 5, 6) == -4);
  // A corner edge {0, 1}: 4 - 2 - 3 = -1.
  CHECK(at_edge(grid, forman_curvature(grid), 0, 1) == -1);
}

TEST_CASE("approximate Ollivier-Ricci curvature, worked by hand") {
  // kappa = 1/2 (kappa_low + kappa_up), kappa_up = t / max, kappa_low =
  // -(1 - 1/di - 1/dj - t/min)_+ - (1 - 1/di - 1/dj - t/max)_+ + t/max.
  //
  // Complete graph K_n: d = n - 1, t = n - 2, 1 - 2/(n-1) - (n-2)/(n-1) < 0,
  // so kappa = (n-2)/(n-1), which is also the exact Ollivier curvature.
  for (std::uint32_t n : {3u, 5u}) {
    for (double kappa : approx_ollivier_curvature(shapes::complete(n)))
      CHECK(kappa == doctest::Approx(double(n - 2) / double(n - 1)));
  }
  // Cycle (d = 2, t = 0): 1 - 1/2 - 1/2 = 0, so kappa = 0.
  for (double kappa : approx_ollivier_curvature(shapes::cycle(8))) CHECK(kappa == 0.0);

  // Edges 0-1, 0-2, 1-2, 1-3, 1-4: degrees d0 = 2, d1 = 4, d2 = 2.
  //   {0, 1}: t = 1, base 1 - 1/2 - 1/4 = 1/4, (1/4 - 1/2)_+ = 0, (1/4 - 1/4)_+ = 0:
  //           low = 1/4, up = 1/4, kappa = 1/4.
  //   {0, 2}: d = 2, 2, t = 1: base 0, low = up = 1/2, kappa = 1/2.
  //   {1, 3}: d = 4, 1, t = 0: base -1/4, kappa = 0.
  const Graph g = graph_from_edges(5, {{0, 1}, {0, 2}, {1, 2}, {1, 3}, {1, 4}});
  const std::vector<double> kappa = approx_ollivier_curvature(g);
  CHECK(at_edge(g, kappa, 0, 1) == doctest::Approx(0.25));
  CHECK(at_edge(g, kappa, 1, 0) == doctest::Approx(0.25));
  CHECK(at_edge(g, kappa, 0, 2) == doctest::Approx(0.5));
  CHECK(at_edge(g, kappa, 2, 1) == doctest::Approx(0.25));
  CHECK(at_edge(g, kappa, 3, 1) == doctest::Approx(0.0));

  // Two joined centres with two leaves each: the bridge {0, 1} has d = 3, 3,
  // t = 0, base 1/3: low = -2/3, up = 0, kappa = -1/3.
  const Graph bridge = graph_from_edges(6, {{0, 1}, {0, 2}, {0, 3}, {1, 4}, {1, 5}});
  CHECK(at_edge(bridge, approx_ollivier_curvature(bridge), 0, 1) == doctest::Approx(-1.0 / 3.0));
  // A 3 x 3 grid's centre edges have d = 4, 3, t = 0: base 1 - 1/4 - 1/3 =
  // 5/12, low = -5/6, kappa = -5/12.
  const Graph grid = shapes::grid(3, 3);
  CHECK(at_edge(grid, approx_ollivier_curvature(grid), 4, 1) == doctest::Approx(-5.0 / 12.0));
}

TEST_CASE("curvature totals and node sums against edge-by-edge sums on random graphs") {
  Rng rng(41);
  const Graph g = shapes::random_connected(80, 400, rng);
  // Triangles by brute force over all node triples.
  std::vector<std::vector<bool>> adjacent(80, std::vector<bool>(80, false));
  for (const auto& e : edge_list(g)) adjacent[e.first][e.second] = adjacent[e.second][e.first] = true;
  const std::vector<std::uint32_t> triangles = edge_triangles(g, 3);
  CHECK(edge_triangles(g, 1) == triangles);
  std::uint64_t triples = 0;
  for (std::uint32_t a = 0; a < 80; ++a)
    for (std::uint32_t b = a + 1; b < 80; ++b)
      for (std::uint32_t c = b + 1; c < 80; ++c) triples += adjacent[a][b] && adjacent[b][c] && adjacent[a][c];
  CHECK(triangle_count(g) == triples);
  for (const auto& e : edge_list(g)) {
    std::uint32_t common = 0;
    for (std::uint32_t c = 0; c < 80; ++c) common += adjacent[e.first][c] && adjacent[e.second][c];
    CHECK(at_edge(g, triangles, e.first, e.second) == common);
    CHECK(at_edge(g, triangles, e.second, e.first) == common);
  }

  // Totals as plain sums over the edge list; node sums as half of the total.
  for (Curvature c : {Curvature::Forman, Curvature::AugmentedForman, Curvature::ApproxOllivier, Curvature::Ollivier}) {
    CAPTURE(curvature_name(c));
    const std::vector<double> per_slot = edge_curvature(g, c);
    double by_edges = 0.0;
    for (const auto& e : edge_list(g)) {
      const double value = at_edge(g, per_slot, e.first, e.second);
      CHECK(value == at_edge(g, per_slot, e.second, e.first));
      by_edges += value;
    }
    CHECK(curvature_total(g, c) == doctest::Approx(by_edges));
    double half_nodes = 0.0;
    for (double s : node_curvature(g, c)) half_nodes += s / 2.0;
    CHECK(half_nodes == doctest::Approx(by_edges));
  }
  std::int64_t forman_by_edges = 0;
  for (const auto& e : edge_list(g))
    forman_by_edges += 4 - std::int64_t(g.degree(e.first)) - std::int64_t(g.degree(e.second));
  CHECK(forman_total(g) == forman_by_edges);
  const std::vector<std::int64_t> scalar = forman_node_curvature(g);
  const std::vector<double> generic = node_curvature(g, Curvature::Forman);
  for (std::size_t i = 0; i < 80; ++i) CHECK(double(scalar[i]) == generic[i]);
}

TEST_CASE("triangle counts of a larger k-NN graph do not depend on the thread count") {
  Rng rng(42);
  MatrixF x(1500, 3);
  for (float& v : x.values()) v = static_cast<float>(rng.normal());
  const Graph g = knn_graph(exact_knn(x, 8));
  const std::vector<std::uint32_t> one = edge_triangles(g, 1);
  CHECK(edge_triangles(g, 4) == one);
  // Against a different count: for each slot (i, j), the neighbours w of i
  // that find_slot locates in row j.
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < g.nodes; ++i)
    for (std::size_t slot = g.offsets[i]; slot < g.offsets[i + 1]; ++slot) {
      std::uint32_t common = 0;
      for (std::uint32_t w : g.neighbors(i)) common += find_slot(g, g.targets[slot], w) < g.targets.size();
      mismatches += common != one[slot];
    }
  CHECK(mismatches == 0);
}

TEST_CASE("curvature names parse, and bad input is refused") {
  for (Curvature c : {Curvature::Forman, Curvature::AugmentedForman, Curvature::ApproxOllivier, Curvature::Ollivier})
    CHECK(parse_curvature(curvature_name(c)) == c);
  try {
    parse_curvature("olivier");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(std::string(e.what()).find("olivier") != std::string::npos);
  }
  Graph directed = shapes::path(3);
  directed.directed = true;
  CHECK_THROWS_AS(forman_total(directed), Error);
  CHECK_THROWS_AS(edge_triangles(directed), Error);
}
