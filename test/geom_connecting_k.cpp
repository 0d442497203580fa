// geom_connecting_k.cpp — smallest_connecting_k against the definition: the
// k-NN graph built for every k in turn, and its components counted.
#include <doctest/doctest.h>

#include <cstddef>
#include <initializer_list>

#include "data/random.h"
#include "geom/connecting_k.h"
#include "geom/graph.h"
#include "geom/knn.h"

using namespace ricci;

namespace {

// The first k at which knn_graph(knn_reference(x, k)) has one component; 0
// when none up to k_max.
std::size_t by_definition(const MatrixF& x, std::size_t k_max, GraphKind kind, Ties ties) {
  for (std::size_t k = 1; k <= k_max; ++k)
    if (connected_components(knn_graph(knn_reference(x, static_cast<int>(k), ties), kind)).count == 1) return k;
  return 0;
}

// Three clusters of points on an integer grid, far apart: the union graph
// connects once k reaches into the next cluster.
MatrixF clusters(Rng& rng, std::size_t per_cluster) {
  MatrixF x(3 * per_cluster, 2);
  for (std::size_t i = 0; i < x.rows(); ++i) {
    const float centre = 100.0f * static_cast<float>(i % 3) * static_cast<float>(i % 3);
    x(i, 0) = centre + static_cast<float>(rng.uniform_index(5));
    x(i, 1) = static_cast<float>(rng.uniform_index(5));
  }
  return x;
}

}  // namespace

TEST_CASE("smallest_connecting_k equals the definition for both graphs and tie rules") {
  Rng rng(51);
  MatrixF gaussian(120, 3);
  for (float& v : gaussian.values()) v = static_cast<float>(rng.normal());
  const MatrixF grid = clusters(rng, 25);
  for (const MatrixF* x : std::initializer_list<const MatrixF*>{&gaussian, &grid})
    for (GraphKind kind : {GraphKind::Union, GraphKind::Mutual})
      for (Ties ties : {Ties::Index, Ties::All}) {
        CAPTURE(static_cast<int>(kind));
        CAPTURE(static_cast<int>(ties));
        const std::size_t k_max = 40;
        const std::size_t expected = by_definition(*x, k_max, kind, ties);
        CHECK(smallest_connecting_k(exact_knn(*x, static_cast<int>(k_max), 2, ties), kind) == expected);
      }
  // The clusters of 25 points each connect only beyond k = 24 in the union
  // graph (each point's 24 nearest are in its own cluster).
  CHECK(smallest_connecting_k(exact_knn(grid, 40), GraphKind::Union) > 24);
}

TEST_CASE("smallest_connecting_k is 0 when the lists are too short to connect the graph") {
  Rng rng(52);
  const MatrixF grid = clusters(rng, 25);
  CHECK(smallest_connecting_k(exact_knn(grid, 10), GraphKind::Union) == 0);
  CHECK(smallest_connecting_k(exact_knn(grid, 74), GraphKind::Union) > 0);  // k = n - 1: complete
}
