// geom_geodesic.cpp — tests of geom/bfs.h, geom/geodesic.h and
// geom/shortest_paths.h: geodesic sums of graphs of known shape worked out by
// hand, and four algorithms (plain BFS, bit-parallel BFS, Dijkstra with unit
// weights, Floyd-Warshall) checked against each other on random graphs.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "data/error.h"
#include "data/random.h"
#include "geom/bfs.h"
#include "geom/geodesic.h"
#include "geom/knn.h"
#include "geom/shortest_paths.h"
#include "test/geom_shapes.h"

using namespace ricci;

namespace {

// g from Floyd-Warshall's full matrix (the upper triangle summed).
std::uint64_t floyd_warshall_sum(const Graph& graph) {
  const MatrixD d = floyd_warshall(graph);
  double sum = 0.0;
  for (std::size_t i = 0; i < graph.nodes; ++i)
    for (std::size_t j = i + 1; j < graph.nodes; ++j) sum += d(i, j);
  return static_cast<std::uint64_t>(sum);
}

// Random Gaussian points and their union k-NN graph.
Graph random_knn_graph(std::size_t n, std::size_t d, int k, Rng& rng) {
  MatrixF x(n, d);
  for (float& v : x.values()) v = static_cast<float>(rng.normal());
  return knn_graph(exact_knn(x, k));
}

}  // namespace

TEST_CASE("geodesic sums of graphs of known shape") {
  struct Known {
    const char* name;
    Graph graph;
    std::uint64_t g;
  };
  const Known known[] = {
      // Path of n nodes: sum over distances m = 1..n-1 of m (n - m) = n (n^2 - 1) / 6.
      {"path 10", shapes::path(10), 10 * 99 / 6},
      {"path 2", shapes::path(2), 1},
      // Cycle of n: each node sees distances summing to n^2/4 (n even) or
      // (n^2 - 1)/4 (n odd); g = n/2 times that. C6: 6 * 9 / 2, C7: 7 * 12 / 2.
      {"cycle 6", shapes::cycle(6), 27},
      {"cycle 7", shapes::cycle(7), 42},
      // Star with m leaves: m pairs at 1, m(m-1)/2 pairs at 2: g = m^2.
      {"star 5", shapes::star(5), 25},
      // Complete graph: every pair at 1.
      {"complete 6", shapes::complete(6), 15},
      // 3 x 4 grid, Manhattan distances: cols^2 g(path rows) + rows^2 g(path cols)
      // = 16 * 4 + 9 * 10 = 154.
      {"grid 3x4", shapes::grid(3, 4), 154},
      // 300 x 1 is a path: 300 (300^2 - 1) / 6 = 4499950, more than one batch of sources.
      {"path 300", shapes::path(300), 4499950},
      {"single node", shapes::path(1), 0},
  };
  for (const Known& shape : known) {
    CAPTURE(shape.name);
    for (int threads : {1, 2}) {
      const GeodesicSum fast = geodesic_sum(shape.graph, threads);
      CHECK(fast.finite);
      CHECK(fast.components == 1);
      CHECK(fast.sum == shape.g);
    }
    const GeodesicSum plain = geodesic_sum_bfs(shape.graph);
    CHECK(plain.finite);
    CHECK(plain.sum == shape.g);
    CHECK(floyd_warshall_sum(shape.graph) == shape.g);
  }
}

TEST_CASE("per-node geodesic sums of a path") {
  // Node i of a path of n: sum of |i - j| = i (i + 1) / 2 + (n - 1 - i)(n - i) / 2.
  const std::uint64_t n = 70;
  const std::vector<std::uint64_t> sums = node_geodesic_sums(shapes::path(n));
  REQUIRE(sums.size() == n);
  for (std::uint64_t i = 0; i < n; ++i) CHECK(sums[i] == i * (i + 1) / 2 + (n - 1 - i) * (n - i) / 2);
}

TEST_CASE("a disconnected graph has an infinite geodesic sum and reports its components") {
  // Two triangles and an isolated node: three components.
  const Graph g = graph_from_edges(7, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}});
  for (const GeodesicSum& s : {geodesic_sum(g), geodesic_sum_bfs(g)}) {
    CHECK_FALSE(s.finite);
    CHECK(s.components == 3);
    CHECK(s.sum == 0);
  }
  // Per-node sums stay within each component: 1 + 1 in a triangle, 0 alone.
  CHECK(node_geodesic_sums(g) == std::vector<std::uint64_t>{2, 2, 2, 2, 2, 2, 0});
  const GeodesicSum empty = geodesic_sum(graph_from_edges(0, {}));
  CHECK(empty.finite);
  CHECK(empty.components == 0);
  CHECK(empty.sum == 0);
}

TEST_CASE("bit-parallel, plain BFS, Dijkstra and Floyd-Warshall agree on random graphs") {
  Rng rng(31);
  for (std::uint32_t n : {50u, 257u, 600u}) {
    CAPTURE(n);
    const Graph graph = shapes::random_connected(n, n / 2, rng);
    const GeodesicSum plain = geodesic_sum_bfs(graph);
    REQUIRE(plain.finite);
    CHECK(geodesic_sum(graph, 1).sum == plain.sum);
    CHECK(geodesic_sum(graph, 3).sum == plain.sum);
    if (n <= 257) CHECK(floyd_warshall_sum(graph) == plain.sum);

    // Per node: bit-parallel sums against one BFS and one Dijkstra per node.
    const std::vector<std::uint64_t> sums = node_geodesic_sums(graph, 2);
    std::size_t mismatches = 0;
    for (std::size_t source = 0; source < n; ++source) {
      const std::vector<std::int32_t> hops = bfs_distances(graph, source);
      const std::vector<double> unit = dijkstra(graph, {}, source);
      std::uint64_t bfs_sum = 0;
      for (std::size_t v = 0; v < n; ++v) {
        bfs_sum += static_cast<std::uint64_t>(hops[v]);
        if (unit[v] != hops[v]) ++mismatches;
      }
      if (bfs_sum != sums[source]) ++mismatches;
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("geodesic sums of k-NN graphs agree across algorithms and thread counts") {
  Rng rng(32);
  const Graph graph = random_knn_graph(700, 5, 8, rng);
  const GeodesicSum plain = geodesic_sum_bfs(graph);
  REQUIRE(plain.finite);
  for (int threads : {1, 2, 4}) CHECK(geodesic_sum(graph, threads).sum == plain.sum);
  CHECK(node_geodesic_sums(graph, 1) == node_geodesic_sums(graph, 3));
}

TEST_CASE("hop distances to the neighbour sets of another graph") {
  Rng rng(33);
  // Two "layers": the sets are the k-NN graph of one point set, the
  // distances are taken in the k-NN graph of another.
  const Graph sets = random_knn_graph(400, 3, 6, rng);
  const Graph graph = random_knn_graph(400, 3, 4, rng);
  const std::vector<std::int32_t> fast = hop_distances_to_sets(graph, sets, 2);
  REQUIRE(fast.size() == sets.targets.size());
  std::size_t mismatches = 0;
  for (std::size_t x = 0; x < sets.nodes; ++x) {
    const std::vector<std::int32_t> hops = bfs_distances(graph, x);
    for (std::size_t slot = sets.offsets[x]; slot < sets.offsets[x + 1]; ++slot)
      if (fast[slot] != hops[sets.targets[slot]]) ++mismatches;
  }
  CHECK(mismatches == 0);
  CHECK(hop_distances_to_sets(graph, sets, 1) == fast);
  // In its own graph every neighbour is at distance 1.
  for (std::int32_t d : hop_distances_to_sets(sets, sets)) CHECK(d == 1);
}

TEST_CASE("hop distances to sets: the node itself, unreachable members") {
  // Path 0-1-2 and the separate edge 3-4. Sets (a directed CSR): row 0 asks
  // for {0, 2, 4}, row 3 for {4}, row 4 for {0, 3}.
  const Graph graph = graph_from_edges(5, {{0, 1}, {1, 2}, {3, 4}});
  Graph sets;
  sets.nodes = 5;
  sets.directed = true;
  sets.offsets = {0, 3, 3, 3, 4, 6};
  sets.targets = {0, 2, 4, 4, 0, 3};
  CHECK(hop_distances_to_sets(graph, sets) == std::vector<std::int32_t>{0, 2, kUnreachable, 1, kUnreachable, 1});

  Graph wrong = sets;
  wrong.nodes = 4;
  CHECK_THROWS_AS(hop_distances_to_sets(graph, wrong), Error);
  Graph outside = sets;
  outside.targets[2] = 5;
  CHECK_THROWS_AS(hop_distances_to_sets(graph, outside), Error);
}

TEST_CASE("Dijkstra and Floyd-Warshall with weights") {
  // Triangle 0-1-2 with w(0,1) = 5, w(1,2) = 1, w(0,2) = 2, and a pendant 3
  // on 1 with w = 4: d(0,1) = 3 via 2, d(0,3) = 7.
  const Graph g = graph_from_edges(4, {{0, 1}, {1, 2}, {0, 2}, {1, 3}});
  auto weight = [](std::uint32_t a, std::uint32_t b) {
    if (a > b) std::swap(a, b);
    if (a == 0 && b == 1) return 5.0;
    if (a == 1 && b == 2) return 1.0;
    if (a == 0 && b == 2) return 2.0;
    return 4.0;
  };
  std::vector<double> weights;
  for (std::size_t i = 0; i < g.nodes; ++i)
    for (std::uint32_t j : g.neighbors(i)) weights.push_back(weight(static_cast<std::uint32_t>(i), j));
  CHECK(dijkstra(g, weights, 0) == std::vector<double>{0, 3, 2, 7});
  const MatrixD all = floyd_warshall(g, weights);
  CHECK(all(3, 0) == 7.0);
  CHECK(all(2, 3) == 5.0);

  // Random integer weights (sums exact in double): both algorithms agree.
  Rng rng(34);
  const Graph r = shapes::random_connected(120, 200, rng);
  std::vector<double> w(r.targets.size());
  for (std::size_t i = 0; i < r.nodes; ++i)
    for (std::size_t slot = r.offsets[i]; slot < r.offsets[i + 1]; ++slot) {
      const std::size_t j = r.targets[slot];
      w[slot] = static_cast<double>((i * 7 + j * 7 + (i * j) % 5) % 9 + 1);  // symmetric in i, j
    }
  const MatrixD fw = floyd_warshall(r, w);
  std::size_t mismatches = 0;
  for (std::size_t s = 0; s < r.nodes; ++s) {
    const std::vector<double> d = dijkstra(r, w, s);
    for (std::size_t v = 0; v < r.nodes; ++v)
      if (d[v] != fw(s, v)) ++mismatches;
  }
  CHECK(mismatches == 0);

  // Unreachable nodes are at infinity.
  const Graph split = graph_from_edges(3, {{0, 1}});
  CHECK(std::isinf(dijkstra(split, {}, 0)[2]));
  CHECK(std::isinf(floyd_warshall(split)(2, 1)));
}

TEST_CASE("shortest-path functions reject bad arguments") {
  const Graph g = shapes::path(4);
  CHECK_THROWS_AS(bfs_distances(g, 4), Error);
  CHECK_THROWS_AS(dijkstra(g, {}, 9), Error);
  try {
    dijkstra(g, {1.0, -1.0, 1.0, 1.0, 1.0, 1.0}, 0);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Data);
    CHECK(std::string(e.what()).find("slot 1") != std::string::npos);
  }
  CHECK_THROWS_AS(dijkstra(g, {1.0}, 0), Error);
  CHECK_THROWS_AS(floyd_warshall(graph_from_edges(5000, {})), Error);

  Graph directed = g;
  directed.directed = true;
  CHECK_THROWS_AS(geodesic_sum(directed), Error);
  CHECK_THROWS_AS(node_geodesic_sums(directed), Error);
}

TEST_CASE("geodesic sums of dense graphs (the whole-row search) agree with one BFS per node") {
  // Mean degree 45 and up takes the whole-row search (geodesic.cpp,
  // dense_sums); each case is checked against one plain BFS per node.
  // Thick rings (each node joined to its 25 or 40 nearest on either side:
  // many levels, rows saturating one after another), k-NN graphs of
  // Gaussian points at large k (few levels), and two dense components
  // (rows that stop growing short of n). n of 600 and 700: rows of two
  // 512-bit chunks, the second partly used.
  auto thick_ring = [](std::uint32_t n, std::uint32_t reach) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    for (std::uint32_t i = 0; i < n; ++i)
      for (std::uint32_t s = 1; s <= reach; ++s) edges.emplace_back(i, (i + s) % n);
    return graph_from_edges(n, edges);
  };
  auto per_node_bfs = [](const Graph& graph) {
    std::vector<std::uint64_t> sums(graph.nodes, 0);
    for (std::size_t source = 0; source < graph.nodes; ++source)
      for (std::int32_t hops : bfs_distances(graph, source))
        if (hops > 0) sums[source] += static_cast<std::uint64_t>(hops);
    return sums;
  };
  Rng rng(41);
  std::vector<Graph> graphs = {thick_ring(700, 25), thick_ring(600, 40), random_knn_graph(600, 6, 60, rng),
                               random_knn_graph(700, 3, 200, rng)};
  // Two dense components: a thick ring and a k-NN graph side by side.
  {
    const Graph a = thick_ring(400, 30), b = random_knn_graph(300, 4, 50, rng);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges = edge_list(a);
    for (const auto& e : edge_list(b)) edges.emplace_back(e.first + 400, e.second + 400);
    graphs.push_back(graph_from_edges(700, edges));
  }
  for (std::size_t c = 0; c < graphs.size(); ++c) {
    CAPTURE(c);
    const Graph& graph = graphs[c];
    REQUIRE(static_cast<double>(graph.targets.size()) >= 45.0 * static_cast<double>(graph.nodes));
    const std::vector<std::uint64_t> expect = per_node_bfs(graph);
    for (int threads : {1, 3}) CHECK(node_geodesic_sums(graph, threads) == expect);
    const std::size_t components = connected_components(graph).count;
    const GeodesicSum got = geodesic_sum(graph, 2);
    CHECK(got.components == components);
    CHECK(got.finite == (components == 1));
    std::uint64_t ordered_pairs = 0;
    for (std::uint64_t s : expect) ordered_pairs += s;
    if (components == 1) CHECK(got.sum == ordered_pairs / 2);
  }
  CHECK(geodesic_sum(graphs.back(), 1).components == 2);
}
