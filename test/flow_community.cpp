// flow_community.cpp — tests of flow/community.h: the class structure of
// two triangles joined by an edge, worked by hand, and the numbering of
// classes.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "data/error.h"
#include "flow/community.h"
#include "geom/curvature.h"

using namespace ricci;

TEST_CASE("class structure of two triangles joined by an edge, by hand") {
  // Classes {0, 1, 2} and {3, 4, 5} (labels 7 and -1). Forman curvature:
  // degrees 2, 2, 3 in each triangle, so F = 0, -1, -1 inside each triangle
  // and F(2, 3) = 4 - 3 - 3 = -2 on the one edge between the classes.
  // Within: (0 - 1 - 1) * 2 / 6 = -2/3; between: -2. Q = 5/14 and
  // Ncut = 1/7 (geom/partition.h's test); one edge of seven is between.
  const Graph g = graph_from_edges(6, {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {3, 5}, {4, 5}});
  const Classes classes = classes_of({7, 7, 7, -1, -1, -1});
  CHECK(classes.count == 2);
  CHECK(classes.of_point == std::vector<std::uint32_t>{1, 1, 1, 0, 0, 0});
  const ClassStructure s = class_structure(g, classes, edge_curvature(g, Curvature::Forman));
  CHECK(s.measured);
  CHECK(s.modularity == doctest::Approx(5.0 / 14.0).epsilon(1e-15));
  CHECK(s.between_class_edges == doctest::Approx(1.0 / 7.0).epsilon(1e-15));
  CHECK(s.curvature_within == doctest::Approx(-2.0 / 3.0).epsilon(1e-15));
  CHECK(s.curvature_between == -2.0);
  CHECK(s.normalized_cut == doctest::Approx(1.0 / 7.0).epsilon(1e-15));

  // One class: nothing between, so the between-class mean is undefined.
  const ClassStructure one = class_structure(g, classes_of({3, 3, 3, 3, 3, 3}), edge_curvature(g, Curvature::Forman));
  CHECK(one.between_class_edges == 0.0);
  CHECK(std::isnan(one.curvature_between));
  CHECK(one.curvature_within == doctest::Approx(-6.0 / 7.0).epsilon(1e-15));
  CHECK(one.modularity == 0.0);

  CHECK_THROWS_AS(class_structure(g, classes_of({0, 1}), edge_curvature(g, Curvature::Forman)), Error);
}

TEST_CASE("class structure over four classes equals networkx's") {
  // Four triangles in a ring with two chords, labels 9, 2, 5, 7 (node 4 moved
  // to class 5). Printed by networkx 2.8.8: community.modularity(G, classes)
  // = 0.29166666666666663; 0.5 * sum over classes of cut_size / volume
  // = 0.9166666666666666; 8 of 18 edges between classes; Forman 4 - d_i - d_j
  // has mean -2 within and between.
  const Graph g = graph_from_edges(12, {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {3, 5}, {4, 5}, {5, 6}, {6, 7},
                                        {7, 8}, {6, 8}, {8, 9}, {9, 10}, {10, 11}, {9, 11}, {11, 0}, {1, 4}, {7, 10}});
  const Classes classes = classes_of({9, 9, 9, 2, 5, 2, 5, 5, 5, 7, 7, 7});
  CHECK(classes.count == 4);
  const ClassStructure s = class_structure(g, classes, edge_curvature(g, Curvature::Forman));
  CHECK(std::fabs(s.modularity - 0.29166666666666663) < 1e-15);
  CHECK(std::fabs(s.normalized_cut - 0.9166666666666666) < 1e-15);
  CHECK(s.between_class_edges == doctest::Approx(8.0 / 18.0).epsilon(1e-15));
  CHECK(s.curvature_within == -2.0);
  CHECK(s.curvature_between == -2.0);
}
