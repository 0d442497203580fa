// geom_graph.cpp — tests of geom/graph.h: k-NN graphs (union, mutual,
// directed) checked against their definitions, CSR invariants, components.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "data/error.h"
#include "data/random.h"
#include "geom/graph.h"
#include "geom/knn.h"

using namespace ricci;

namespace {

std::vector<std::uint32_t> row_of(const Graph& graph, std::size_t i) {
  return std::vector<std::uint32_t>(graph.neighbors(i).begin(), graph.neighbors(i).end());
}

bool in_list(const KnnLists& lists, std::size_t i, std::uint32_t j) {
  return std::find(lists.row(i), lists.row(i) + lists.k, j) != lists.row(i) + lists.k;
}

}  // namespace

TEST_CASE("k-NN graphs of points on a line, worked by hand") {
  // Points 0, 1, 2, 4, 8 with k = 1. Nearest: 0 -> 1; 1 -> 0 (0 and 2 tie at
  // distance 1, the smaller index wins); 2 -> 1; 3 (at 4) -> 2 (distance 2);
  // 4 (at 8) -> 3 (distance 4).
  MatrixF x(5, 1);
  const float at[5] = {0, 1, 2, 4, 8};
  for (std::size_t i = 0; i < 5; ++i) x(i, 0) = at[i];
  const KnnLists lists = exact_knn(x, 1);
  CHECK(lists.neighbors == std::vector<std::uint32_t>{1, 0, 1, 2, 3});

  const Graph directed = knn_graph(lists, GraphKind::Directed);
  CHECK(directed.directed);
  CHECK(directed.edge_count() == 5);
  CHECK(directed.targets == std::vector<std::uint32_t>{1, 0, 1, 2, 3});

  // Union: the path 0-1-2-3-4.
  const Graph path = knn_graph(lists);
  CHECK_FALSE(path.directed);
  CHECK(path.edge_count() == 4);
  CHECK(row_of(path, 0) == std::vector<std::uint32_t>{1});
  CHECK(row_of(path, 1) == std::vector<std::uint32_t>{0, 2});
  CHECK(row_of(path, 2) == std::vector<std::uint32_t>{1, 3});
  CHECK(row_of(path, 4) == std::vector<std::uint32_t>{3});
  CHECK(path.degree(0) == 1);
  CHECK(path.degree(3) == 2);

  // Mutual: only 0 -> 1 and 1 -> 0 agree.
  const Graph mutual = knn_graph(lists, GraphKind::Mutual);
  CHECK(mutual.edge_count() == 1);
  CHECK(row_of(mutual, 0) == std::vector<std::uint32_t>{1});
  CHECK(mutual.degree(2) == 0);
  CHECK(mutual.degree(4) == 0);
}

TEST_CASE("union and mutual k-NN graphs follow their definitions on random data") {
  Rng rng(21);
  MatrixF x(250, 4);
  for (float& v : x.values()) v = static_cast<float>(rng.normal());
  const int k = 6;
  const KnnLists lists = exact_knn(x, k);
  const Graph union_graph = knn_graph(lists, GraphKind::Union);
  const Graph mutual_graph = knn_graph(lists, GraphKind::Mutual);
  std::size_t union_edges = 0, mutual_edges = 0;
  for (std::size_t i = 0; i < 250; ++i) {
    std::set<std::uint32_t> expect_union, expect_mutual;
    for (std::uint32_t j = 0; j < 250; ++j) {
      if (j == i) continue;
      const bool forward = in_list(lists, i, j), backward = in_list(lists, j, i);
      if (forward || backward) expect_union.insert(j);
      if (forward && backward) expect_mutual.insert(j);
    }
    CHECK(row_of(union_graph, i) == std::vector<std::uint32_t>(expect_union.begin(), expect_union.end()));
    CHECK(row_of(mutual_graph, i) == std::vector<std::uint32_t>(expect_mutual.begin(), expect_mutual.end()));
    CHECK(union_graph.degree(i) >= std::size_t(k));
    CHECK(mutual_graph.degree(i) <= std::size_t(k));
    union_edges += expect_union.size();
    mutual_edges += expect_mutual.size();
  }
  CHECK(union_graph.edge_count() == union_edges / 2);
  CHECK(mutual_graph.edge_count() == mutual_edges / 2);
}

TEST_CASE("graph_from_edges merges repeated edges and sorts rows") {
  const Graph g = graph_from_edges(4, {{2, 0}, {0, 2}, {3, 1}, {0, 1}, {1, 0}});
  CHECK(g.nodes == 4);
  CHECK(g.edge_count() == 3);
  CHECK(g.offsets == std::vector<std::size_t>{0, 2, 4, 5, 6});
  CHECK(g.targets == std::vector<std::uint32_t>{1, 2, 0, 3, 0, 1});
  CHECK(edge_list(g) == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 1}, {0, 2}, {1, 3}});
  CHECK(find_slot(g, 1, 3) == 3);
  CHECK(find_slot(g, 1, 2) == g.targets.size());
}

TEST_CASE("graph_from_edges rejects self-loops and unknown nodes") {
  CHECK_THROWS_AS(graph_from_edges(3, {{1, 1}}), Error);
  try {
    graph_from_edges(3, {{0, 3}});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(std::string(e.what()).find("{0, 3}") != std::string::npos);
  }
}

TEST_CASE("connected components, numbered by their smallest node") {
  // {0, 3, 4}, {1, 2}, {5}: three components.
  const Graph g = graph_from_edges(6, {{0, 3}, {3, 4}, {2, 1}});
  const Components c = connected_components(g);
  CHECK(c.count == 3);
  CHECK(c.label == std::vector<std::uint32_t>{0, 1, 1, 0, 0, 2});
  CHECK(c.sizes == std::vector<std::size_t>{3, 2, 1});

  const Components none = connected_components(graph_from_edges(0, {}));
  CHECK(none.count == 0);

  MatrixF x(5, 1);
  for (std::size_t i = 0; i < 5; ++i) x(i, 0) = static_cast<float>(i);
  const Graph directed = knn_graph(exact_knn(x, 1), GraphKind::Directed);
  CHECK_THROWS_AS(connected_components(directed), Error);
}

TEST_CASE("a k-NN graph of two far clusters has two components") {
  Rng rng(22);
  MatrixF x(60, 2);
  for (std::size_t i = 0; i < 60; ++i) {
    x(i, 0) = static_cast<float>(rng.normal() + (i % 2 == 0 ? 0.0 : 100.0));
    x(i, 1) = static_cast<float>(rng.normal());
  }
  const Components c = connected_components(knn_graph(exact_knn(x, 5)));
  CHECK(c.count == 2);
  CHECK(c.sizes == std::vector<std::size_t>{30, 30});
  for (std::size_t i = 0; i < 60; ++i) CHECK(c.label[i] == i % 2);
}

TEST_CASE("the k-NN graph ladder equals each k's graph built from a search for that k") {
  // Integer points in a small square: many equal distances and duplicate
  // points, so both tie rules and ties straddling the k-th place occur. The
  // reference searches each k anew, brute force (knn_reference), and builds
  // its graph; the ladder cuts every k from one search at the largest.
  Rng rng(5);
  MatrixF x(60, 2);
  for (float& v : x.values()) v = static_cast<float>(rng.uniform_index(5));
  const int top = 20;
  for (const Ties ties : {Ties::Index, Ties::All}) {
    const KnnLists lists = exact_knn(x, top, 1, ties);
    for (const GraphKind kind : {GraphKind::Union, GraphKind::Mutual, GraphKind::Directed}) {
      const KnnGraphLadder ladder(lists, kind);
      CHECK(ladder.max_k() == std::size_t(top));
      for (int k = 1; k <= top; ++k) {
        CAPTURE(k);
        CAPTURE(static_cast<int>(ties));
        CAPTURE(static_cast<int>(kind));
        const Graph expect = knn_graph(knn_reference(x, k, ties), kind);
        const Graph got = ladder.at(static_cast<std::size_t>(k));
        CHECK(got.nodes == expect.nodes);
        CHECK(got.directed == expect.directed);
        CHECK(got.offsets == expect.offsets);
        CHECK(got.targets == expect.targets);
      }
      CHECK_THROWS_AS(ladder.at(0), std::logic_error);
      CHECK_THROWS_AS(ladder.at(top + 1), std::logic_error);
    }
  }
}
