// bfs.h — breadth-first search and the plain streamed geodesic sum.
//
// Definition 2 of docs/method.md (Baptista et al., "Deep Learning as Ricci Flow",
// 2024): the geodesic distance gamma(i, j) is the hop count of a shortest
// path in the k-NN graph, and
//
//   g = sum over unordered pairs i < j of gamma(i, j),
//
// an exact integer, infinite when the graph is disconnected (then the number
// of components is reported instead). Nothing here stores an n x n matrix:
// distances are produced one source at a time and summed.
//
// This is the simple path, one BFS per source (O(n (n + edges))): the
// reference for the bit-parallel multi-source BFS of geodesic.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geom/graph.h"

namespace ricci {

// Distance value of a node that cannot be reached.
constexpr std::int32_t kUnreachable = -1;

// The geodesic sum g of a graph. When the graph is disconnected, finite is
// false, sum is 0 and components (> 1) says why; a graph of 0 or 1 nodes has
// g = 0.
struct GeodesicSum {
  bool finite = true;
  std::size_t components = 0;
  std::uint64_t sum = 0;
};

// The part of g known from the components alone: finite and components set,
// sum 0. Both geodesic-sum paths start here and search only when finite.
GeodesicSum geodesic_sum_components(const Graph& graph);

// Hop distances from `source` to every node (kUnreachable where there is no
// path), following the rows of the graph (out-arcs when it is directed).
// A source outside the graph is a usage error.
std::vector<std::int32_t> bfs_distances(const Graph& graph, std::size_t source);

// g by one BFS per source, summed in 64-bit integers. Undirected graphs only.
GeodesicSum geodesic_sum_bfs(const Graph& graph);

}  // namespace ricci
