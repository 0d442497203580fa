// graph.h — the compact graph of geom/: CSR adjacency with sorted rows.
//
// A Graph on nodes 0..n-1 stores, for each node i, its neighbours in
// increasing order in targets[offsets[i] .. offsets[i+1]). An undirected
// graph lists every edge {i, j} twice (j in row i and i in row j), has no
// self-loops and no repeated neighbours, so deg(i) is the number of distinct
// neighbours (docs/method.md, definition 1). A slot is a position in `targets`;
// per-edge quantities (curvature.h, shortest_paths.h) are vectors aligned
// with the slots, so edge {i, j} has the same value at both of its slots.
//
// Graphs of a point cloud come from its k-NN lists (knn.h): the union graph
// (i ~ j when i -> j or j -> i; the default of Baptista et al. 2024), the
// mutual graph (both directions), or the directed graph i -> j itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "geom/knn.h"

namespace ricci {

enum class GraphKind { Union, Mutual, Directed };

// The neighbours of one node: a sorted range of node numbers.
struct NeighborRange {
  const std::uint32_t* first = nullptr;
  const std::uint32_t* last = nullptr;
  const std::uint32_t* begin() const { return first; }
  const std::uint32_t* end() const { return last; }
  std::size_t size() const { return static_cast<std::size_t>(last - first); }
};

struct Graph {
  std::size_t nodes = 0;
  bool directed = false;
  std::vector<std::size_t> offsets{0};  // nodes + 1
  std::vector<std::uint32_t> targets;   // slots; each row sorted increasing

  NeighborRange neighbors(std::size_t i) const {
    return {targets.data() + offsets[i], targets.data() + offsets[i + 1]};
  }
  // Out-degree; for an undirected graph the number of distinct neighbours.
  std::size_t degree(std::size_t i) const { return offsets[i + 1] - offsets[i]; }
  // Undirected edges {i, j} (each counted once), or arcs of a directed graph.
  std::size_t edge_count() const { return directed ? targets.size() : targets.size() / 2; }
};

// The graph of k-NN lists (of either tie rule): kind Union (default),
// Mutual or Directed: the top rung of KnnGraphLadder (below). Cost O(n + m)
// for m list entries (O(m log k) for Directed, whose rows are sorted).
Graph knn_graph(const KnnLists& lists, GraphKind kind = GraphKind::Union);

// The graphs of one set of k-NN lists at every k from 1 to lists.k:
// at(k) equals knn_graph(prefix_lists(lists, k), kind), but the lists are
// not cut and the graph is not built anew for each k. An entry at place p
// of row i (0-based, rows nearest first) is in the prefix for k exactly when
// k > q, q the first place of row i at the same distance (q = p under
// Ties::Index; under Ties::All an entry tied with the k-th comes with it,
// knn.h). So an edge {i, j} enters the union graph at the smaller of its two
// entries' k (the larger for the mutual graph, which needs both; an arc of
// the directed graph at its own). The ladder holds the graph at lists.k and,
// per slot, the k at which that edge enters; at(k) keeps the slots entering
// at k or below, in one pass (rows stay sorted). Building costs what one
// knn_graph of the whole lists costs (two counting sorts, O(n + m) for m
// list entries) and 4 bytes per slot more; each at(k) is O(slots at lists.k).
//
// The second constructor builds the ladder of a point set's graphs at the
// given ks (each 1 <= k < n, in any order, repeats allowed) straight from
// the points, without k-NN lists; at(k) then takes those ks only (a logic
// error otherwise) and equals, graph for graph,
// KnnGraphLadder(exact_knn(points, max k, threads, ties), kind).at(k).
// How (knn_ladder.cpp): every squared distance of knn.h's definition in
// double, a query block at a time against the points stored coordinate by
// coordinate (the same operations in the same order as squared_distance,
// so the same bits, on every vector width); per point, the k-th smallest
// (distance, index) at every k of the grid (nested selections, largest k
// first); then each row of the graph in increasing neighbour order, an
// entry i -> j belonging to the k-NN list of i at k exactly when
// (dist2, j) <= that k-th smallest (under Ties::All: dist2 <= its distance),
// and an edge entering at the smallest grid k its kind allows. Time O(n^2 d)
// (the distances twice) plus O(n) per point for the selections, memory
// O(n d + n |ks|) besides the graph, and the n^2 distances themselves when
// they fit in keep_bytes (then they are computed once): for large k the whole search costs
// less than the lists' sort and the ladder's scattered writes, for small k
// more than the GEMM search (knn_ladder() below chooses).
constexpr std::size_t kLadderKeepBytes = std::size_t(128) << 20;
class KnnGraphLadder {
 public:
  explicit KnnGraphLadder(const KnnLists& lists, GraphKind kind = GraphKind::Union);
  KnnGraphLadder(MatrixViewF points, const std::vector<int>& ks, GraphKind kind, Ties ties, int threads = 1,
                 std::size_t keep_bytes = kLadderKeepBytes);
  std::size_t max_k() const { return max_k_; }
  // The graph at k: 1 <= k <= max_k(), or one of the ks of the second
  // constructor (a logic error otherwise).
  Graph at(std::size_t k) const;
  // at(k) for every k of `ks` (any order, repeats allowed), in that order:
  // the same graphs, each cut from the next larger k's instead of from the
  // top, so the passes read the smaller graphs (the checks of at()).
  std::vector<Graph> at_each(const std::vector<int>& ks) const;

 private:
  void check_k(std::size_t k) const;  // at()'s logic error for a k it does not hold
  Graph top_;                        // the graph at max_k
  std::vector<std::uint32_t> enter_;  // per slot of top_, the k at which it enters (or the grid k it enters at)
  std::size_t max_k_ = 0;
  std::vector<std::uint32_t> grid_;  // the second constructor's ks, increasing; empty: every k
};

// The ladder of `points`' k-NN graphs at the ks, by the route that is
// cheaper for this n, d and largest k: the k-NN lists of exact_knn at the
// largest k and the first constructor, or the second constructor. Both
// give the same graphs; Route::Lists and Route::Distances force one (for
// tests and benchmarks). The checks and errors of exact_knn.
enum class LadderRoute { Auto, Lists, Distances };
KnnGraphLadder knn_ladder(MatrixViewF points, const std::vector<int>& ks, GraphKind kind, Ties ties, int threads = 1,
                          LadderRoute route = LadderRoute::Auto);

// The undirected graph on `nodes` nodes with the given edges; repeated edges
// (in either orientation) count once. A node number >= nodes or a self-loop
// is a usage error.
Graph graph_from_edges(std::size_t nodes,
                       const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges);

// The undirected edges {i, j}, i < j, in increasing order of (i, j).
std::vector<std::pair<std::uint32_t, std::uint32_t>> edge_list(const Graph& graph);

// The slot of neighbour j in row i, or graph.targets.size() if j is not a
// neighbour of i (binary search in the sorted row).
std::size_t find_slot(const Graph& graph, std::size_t i, std::uint32_t j);

// Throws a usage error naming `what` when `graph` is directed.
void require_undirected(const Graph& graph, const char* what);

// Connected components of an undirected graph: label[i] numbers i's component,
// components numbered in increasing order of their smallest node; sizes[c] is
// the number of nodes of component c. Breadth-first, O(n + edges).
struct Components {
  std::size_t count = 0;
  std::vector<std::uint32_t> label;
  std::vector<std::size_t> sizes;
};
Components connected_components(const Graph& graph);

}  // namespace ricci
