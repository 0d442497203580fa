// geodesic.h — geodesic sums and hop distances by bit-parallel multi-source BFS.
//
// The fast path for definition 2 of docs/method.md (g = sum over i < j of the hop
// distance gamma(i, j), Baptista et al. 2024) and for the local coefficients
// of Hehl, von Renesse and Weber (2025), which need gamma_{l+1}(x, y) for y in
// the neighbour set N_l(x) of another layer's graph.
//
// 256 sources are searched together: each node holds one bit per source
// (four 64-bit words), "source s has reached this node". One level of all
// 256 searches is one pass over the graph,
//
//   new_d(v) = (OR over neighbours u of v of new_{d-1}(u)) AND NOT reached(v),
//
// the sources at distance exactly d from v. The pass pushes from the nodes
// that changed at the last level when they are few, and otherwise pulls into
// every node not yet reached by all sources (direction-optimizing BFS).
// Nodes are first renumbered in breadth-first order, so that each batch of
// consecutive sources lies in one region of the graph. Source batches are
// spread over `threads` workers; sums are 64-bit integers, so results are
// exact and do not depend on the number of threads. Memory O(n) words per
// worker, never n x n. All functions need an undirected graph (a usage error
// otherwise).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geom/bfs.h"
#include "geom/graph.h"

namespace ricci {

// g of the graph (bfs.h's GeodesicSum: infinite with the component count
// when the graph is disconnected, found before any search runs).
GeodesicSum geodesic_sum(const Graph& graph, int threads = 1);

// For each node i, sum over the nodes j reachable from i of gamma(i, j) (so
// within i's component when the graph is disconnected). For a connected
// graph these sum to 2 g.
std::vector<std::uint64_t> node_geodesic_sums(const Graph& graph, int threads = 1);

// Hop distances in `graph` from each node x to the members of a set of its
// own: the sets are the rows of `sets` (any CSR on the same nodes, typically
// the k-NN graph of another layer, so that row x is N(x)). Returns one
// distance per slot of `sets`, aligned with sets.targets: entry s in row x is
// gamma(x, sets.targets[s]), 0 when the member is x itself, kUnreachable when
// there is no path. Each batch of sources stops as soon as all its members
// are found. `sets` with a different node count, or naming a node outside
// the graph, is a usage error.
std::vector<std::int32_t> hop_distances_to_sets(const Graph& graph, const Graph& sets, int threads = 1);

}  // namespace ricci
