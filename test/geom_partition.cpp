// geom_partition.cpp — tests of geom/partition.h: modularity and the
// normalized cut on graphs worked by hand, and against networkx.
#include <doctest/doctest.h>

#include <cmath>

#include "data/error.h"
#include "geom/partition.h"
#include "test/geom_shapes.h"

using namespace ricci;

TEST_CASE("modularity and normalized cut of two triangles joined by an edge, by hand") {
  // Parts {0, 1, 2} and {3, 4, 5}: m = 7, L = 3 and 3, degrees 2, 2, 3 in
  // each part so vol = 7 and 7, one edge cut.
  // Q = 2 (3/7 - (7/14)^2) = 5/14; Ncut = 1/2 (1/7 + 1/7) = 1/7.
  const Graph g = graph_from_edges(6, {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {3, 5}, {4, 5}});
  const PartitionCut cut = partition_cut(g, {0, 0, 0, 1, 1, 1}, 2);
  CHECK(cut.edges == 7);
  CHECK(cut.cut_edges == 1);
  CHECK(cut.inside == std::vector<std::uint64_t>{3, 3});
  CHECK(cut.volume == std::vector<std::uint64_t>{7, 7});
  CHECK(modularity(cut) == doctest::Approx(5.0 / 14.0).epsilon(1e-15));
  CHECK(normalized_cut(cut) == doctest::Approx(1.0 / 7.0).epsilon(1e-15));
  // One part holding everything: Q = 1 - 1 = 0, nothing cut.
  const PartitionCut whole = partition_cut(g, {0, 0, 0, 0, 0, 0}, 1);
  CHECK(modularity(whole) == 0.0);
  CHECK(normalized_cut(whole) == 0.0);
}

TEST_CASE("modularity and normalized cut of K4, a star and a path in three parts, by hand") {
  // K4, parts {0, 1}, {2, 3}: m = 6, L = 1 and 1, vol = 6 and 6, 4 edges cut:
  // Q = 2 (1/6 - 1/4) = -1/6, Ncut = 1/2 (4/6 + 4/6) = 2/3.
  const PartitionCut k4 = partition_cut(shapes::complete(4), {0, 0, 1, 1}, 2);
  CHECK(modularity(k4) == doctest::Approx(-1.0 / 6.0).epsilon(1e-15));
  CHECK(normalized_cut(k4) == doctest::Approx(2.0 / 3.0).epsilon(1e-15));
  // Star with 5 leaves, the centre alone: every edge cut, vol = 5 and 5:
  // Q = 2 (0 - 1/4) = -1/2, Ncut = 1.
  const PartitionCut star = partition_cut(shapes::star(5), {1, 0, 0, 0, 0, 0}, 2);
  CHECK(modularity(star) == -0.5);
  CHECK(normalized_cut(star) == 1.0);
  // Path 0-...-5 in parts {0, 1}, {2, 3}, {4, 5}: m = 5, L = 1 each, vol = 3,
  // 4, 3: Q = 3/5 - (9 + 16 + 9)/100 = 0.26; Ncut = 1/2 (1/3 + 2/4 + 1/3) = 7/12.
  const PartitionCut path = partition_cut(shapes::path(6), {0, 0, 1, 1, 2, 2}, 3);
  CHECK(modularity(path) == doctest::Approx(0.26).epsilon(1e-15));
  CHECK(normalized_cut(path) == doctest::Approx(7.0 / 12.0).epsilon(1e-15));
}

TEST_CASE("modularity and normalized cut equal networkx's") {
  // Values printed by networkx 2.8.8: community.modularity(G, classes) and
  // 0.5 * cuts.normalized_cut_size(G, class 0, class 1), Hehl et al.'s form.
  const Graph g = graph_from_edges(
      9, {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {3, 5}, {4, 5}, {5, 6}, {6, 7}, {7, 8}, {8, 5}, {1, 8}});
  const PartitionCut two = partition_cut(g, {0, 0, 0, 1, 1, 1, 1, 0, 0}, 2);
  CHECK(std::fabs(modularity(two) - 0.24652777777777785) < 1e-15);
  CHECK(std::fabs(normalized_cut(two) - 0.2517482517482518) < 1e-15);
  const PartitionCut three = partition_cut(g, {0, 0, 1, 1, 2, 2, 2, 0, 1}, 3);
  CHECK(std::fabs(modularity(three) - -0.0034722222222222238) < 1e-15);
}

TEST_CASE("partition measures: undefined cases and bad input") {
  // No edges: modularity undefined; a part of isolated nodes: Ncut undefined.
  const PartitionCut empty = partition_cut(graph_from_edges(3, {}), {0, 1, 1}, 2);
  CHECK(std::isnan(modularity(empty)));
  CHECK(std::isnan(normalized_cut(empty)));
  const PartitionCut isolated = partition_cut(graph_from_edges(3, {{0, 1}}), {0, 0, 1}, 2);
  CHECK(modularity(isolated) == doctest::Approx(0.0));
  CHECK(std::isnan(normalized_cut(isolated)));
  CHECK_THROWS_AS(partition_cut(shapes::path(3), {0, 1}, 2), Error);
  CHECK_THROWS_AS(partition_cut(shapes::path(3), {0, 1, 2}, 2), Error);
}
