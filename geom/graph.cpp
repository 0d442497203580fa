// graph.cpp — building CSR graphs (from k-NN lists or edges) and components.
#include "geom/graph.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "data/error.h"

namespace ricci {

namespace {

// Builds an undirected CSR graph from arcs (each arc i -> j adds j to row i
// and i to row j), its rows sorted and without repeated neighbours. The rows
// come out sorted from two stable counting sorts of the entries, by
// neighbour and then by row: O(nodes + arcs), no comparison sort.
Graph symmetric_graph(std::size_t nodes, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& arcs) {
  // Pass 1: the rows of the entries, grouped by neighbour (the neighbour
  // of the entries at by_neighbor[start[v] .. start[v + 1]) is v).
  std::vector<std::size_t> start(nodes + 1, 0);
  for (const auto& arc : arcs) {
    ++start[arc.second + 1];
    ++start[arc.first + 1];
  }
  for (std::size_t v = 0; v < nodes; ++v) start[v + 1] += start[v];
  std::vector<std::uint32_t> by_neighbor(start[nodes]);
  std::vector<std::size_t> fill(start.begin(), start.end() - 1);
  for (const auto& arc : arcs) {
    by_neighbor[fill[arc.second]++] = arc.first;
    by_neighbor[fill[arc.first]++] = arc.second;
  }
  // Pass 2: each neighbour v, in increasing order, appended to its rows.
  std::vector<std::size_t> row_start(nodes + 1, 0);
  for (std::uint32_t row : by_neighbor) ++row_start[row + 1];
  for (std::size_t i = 0; i < nodes; ++i) row_start[i + 1] += row_start[i];
  std::vector<std::uint32_t> slots(by_neighbor.size());
  fill.assign(row_start.begin(), row_start.end() - 1);
  for (std::size_t v = 0; v < nodes; ++v)
    for (std::size_t e = start[v]; e < start[v + 1]; ++e) slots[fill[by_neighbor[e]]++] = static_cast<std::uint32_t>(v);

  Graph graph;
  graph.nodes = nodes;
  graph.offsets.assign(nodes + 1, 0);
  graph.targets.reserve(slots.size());
  for (std::size_t i = 0; i < nodes; ++i) {
    const auto first = slots.begin() + static_cast<std::ptrdiff_t>(row_start[i]);
    const auto last = std::unique(first, slots.begin() + static_cast<std::ptrdiff_t>(row_start[i + 1]));
    graph.targets.insert(graph.targets.end(), first, last);
    graph.offsets[i + 1] = graph.targets.size();
  }
  graph.targets.shrink_to_fit();
  return graph;
}

}  // namespace

Graph knn_graph(const KnnLists& lists, GraphKind kind) {
  return KnnGraphLadder(lists, kind).at(lists.k);  // the ladder's top rung: every entry of the lists
}

namespace {

// The k at which each entry of `lists` enters the prefix lists (the
// KnnGraphLadder comment in graph.h): 1 + the first place of its row at its
// distance, or 1 + its own place under Ties::Index.
std::vector<std::uint32_t> entry_ks(const KnnLists& lists) {
  std::vector<std::uint32_t> enter(lists.neighbors.size());
  for (std::size_t i = 0; i < lists.points; ++i) {
    const std::size_t first = lists.offsets[i], last = lists.offsets[i + 1];
    std::size_t tie_start = first;
    for (std::size_t e = first; e < last; ++e) {
      if (lists.ties == Ties::Index || lists.squared_distances[e] != lists.squared_distances[tie_start]) tie_start = e;
      enter[e] = static_cast<std::uint32_t>(tie_start - first + 1);
    }
  }
  return enter;
}

}  // namespace

KnnGraphLadder::KnnGraphLadder(const KnnLists& lists, GraphKind kind) : max_k_(lists.k) {
  const std::size_t n = lists.points;
  const std::vector<std::uint32_t> enter = entry_ks(lists);
  top_.nodes = n;
  if (kind == GraphKind::Directed) {
    // Each row sorted by neighbour, its entries' ks carried along.
    top_.directed = true;
    top_.offsets = lists.offsets;
    top_.targets.resize(lists.neighbors.size());
    enter_.resize(lists.neighbors.size());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> row;
    for (std::size_t i = 0; i < n; ++i) {
      row.clear();
      for (std::size_t e = lists.offsets[i]; e < lists.offsets[i + 1]; ++e) row.emplace_back(lists.neighbors[e], enter[e]);
      std::sort(row.begin(), row.end());
      for (std::size_t m = 0; m < row.size(); ++m) {
        top_.targets[lists.offsets[i] + m] = row[m].first;
        enter_[lists.offsets[i] + m] = row[m].second;
      }
    }
    return;
  }
  // Every entry i -> j puts j in row i and i in row j, with the entry's k.
  // Pass 1 groups these by neighbour; pass 2 appends each neighbour, in
  // increasing order, to its rows, so every row comes out sorted, an edge
  // given by both of its entries appearing twice in a row.
  struct Item {
    std::uint32_t node, enter;
  };
  std::vector<std::size_t> start(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t e = lists.offsets[i]; e < lists.offsets[i + 1]; ++e) {
      ++start[lists.neighbors[e] + 1];
      ++start[i + 1];
    }
  for (std::size_t v = 0; v < n; ++v) start[v + 1] += start[v];
  std::vector<Item> by_neighbor(start[n]);
  std::vector<std::size_t> fill(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t e = lists.offsets[i]; e < lists.offsets[i + 1]; ++e) {
      const std::uint32_t j = lists.neighbors[e];
      by_neighbor[fill[j]++] = {static_cast<std::uint32_t>(i), enter[e]};
      by_neighbor[fill[i]++] = {j, enter[e]};
    }
  std::vector<std::size_t> row_start(n + 1, 0);
  for (const Item& item : by_neighbor) ++row_start[item.node + 1];
  for (std::size_t i = 0; i < n; ++i) row_start[i + 1] += row_start[i];
  std::vector<Item> slots(by_neighbor.size());
  fill.assign(row_start.begin(), row_start.end() - 1);
  for (std::size_t v = 0; v < n; ++v)
    for (std::size_t e = start[v]; e < start[v + 1]; ++e)
      slots[fill[by_neighbor[e].node]++] = {static_cast<std::uint32_t>(v), by_neighbor[e].enter};
  by_neighbor = {};

  // One slot per edge: the union takes the smaller k of its entries, the
  // mutual graph the larger and only edges given by both entries.
  top_.offsets.assign(n + 1, 0);
  top_.targets.reserve(slots.size());
  enter_.reserve(slots.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t s = row_start[i]; s < row_start[i + 1];) {
      const bool both = s + 1 < row_start[i + 1] && slots[s + 1].node == slots[s].node;
      if (kind == GraphKind::Union) {
        top_.targets.push_back(slots[s].node);
        enter_.push_back(both ? std::min(slots[s].enter, slots[s + 1].enter) : slots[s].enter);
      } else if (both) {
        top_.targets.push_back(slots[s].node);
        enter_.push_back(std::max(slots[s].enter, slots[s + 1].enter));
      }
      s += both ? 2 : 1;
    }
    top_.offsets[i + 1] = top_.targets.size();
  }
}

namespace {

// The slots of `from` (with their entering ks, `enter`) that enter at k or
// below, into `to` and `to_enter` (rows stay sorted).
void cut_rung(const Graph& from, const std::vector<std::uint32_t>& enter, std::size_t k, Graph& to,
              std::vector<std::uint32_t>* to_enter) {
  to.nodes = from.nodes;
  to.directed = from.directed;
  to.offsets.assign(from.nodes + 1, 0);
  to.targets.resize(from.targets.size());  // cut to the slots kept below
  if (to_enter) to_enter->resize(from.targets.size());
  std::uint32_t* out = to.targets.data();
  std::uint32_t* out_enter = to_enter ? to_enter->data() : nullptr;
  const std::uint32_t* target = from.targets.data();
  const std::uint32_t* in_enter = enter.data();
  const auto limit = static_cast<std::uint32_t>(k);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < from.nodes; ++i) {
    for (std::size_t s = from.offsets[i]; s < from.offsets[i + 1]; ++s) {
      out[kept] = target[s];  // written always, kept only when the edge is in the graph at k
      if (out_enter) out_enter[kept] = in_enter[s];
      kept += in_enter[s] <= limit;
    }
    to.offsets[i + 1] = kept;
  }
  to.targets.resize(kept);
  to.targets.shrink_to_fit();
  if (to_enter) to_enter->resize(kept);
}

}  // namespace

std::vector<Graph> KnnGraphLadder::at_each(const std::vector<int>& ks) const {
  std::vector<std::size_t> order(ks.size());
  for (std::size_t i = 0; i < ks.size(); ++i) {
    order[i] = i;
    check_k(ks[i] < 1 ? 0 : static_cast<std::size_t>(ks[i]));
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ks[a] > ks[b]; });
  std::vector<Graph> graphs(ks.size());
  const Graph* from = &top_;
  const std::vector<std::uint32_t>* from_enter = &enter_;
  std::vector<std::uint32_t> enters[2];
  int next = 0;
  for (std::size_t index : order) {
    const auto k = static_cast<std::size_t>(ks[index]);
    Graph& to = graphs[index];
    if (k == max_k_) {
      to = top_;
      continue;
    }
    cut_rung(*from, *from_enter, k, to, &enters[next]);
    from = &to;
    from_enter = &enters[next];
    next ^= 1;
  }
  return graphs;
}

void KnnGraphLadder::check_k(std::size_t k) const {
  if (k < 1 || k > max_k_ ||
      (!grid_.empty() && !std::binary_search(grid_.begin(), grid_.end(), static_cast<std::uint32_t>(k))))
    throw std::logic_error("KnnGraphLadder::at: k = " + std::to_string(k) + " is not " +
                           (grid_.empty() ? "from 1 to " + std::to_string(max_k_) : std::string("one of the ladder's ks")));
}

Graph KnnGraphLadder::at(std::size_t k) const {
  check_k(k);
  if (k == max_k_) return top_;
  Graph graph;
  cut_rung(top_, enter_, k, graph, nullptr);
  return graph;
}

Graph graph_from_edges(std::size_t nodes,
                       const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
  if (nodes >= (std::size_t(1) << 32))
    throw usage_error("graph: " + std::to_string(nodes) + " nodes; at most 2^32 - 1 are supported");
  for (const auto& edge : edges) {
    if (edge.first >= nodes || edge.second >= nodes)
      throw usage_error("graph: edge {" + std::to_string(edge.first) + ", " + std::to_string(edge.second) +
                        "} names a node outside 0.." + std::to_string(nodes) + "-1");
    if (edge.first == edge.second)
      throw usage_error("graph: self-loop at node " + std::to_string(edge.first));
  }
  return symmetric_graph(nodes, edges);
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> edge_list(const Graph& graph) {
  require_undirected(graph, "edge_list");
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  edges.reserve(graph.edge_count());
  for (std::size_t i = 0; i < graph.nodes; ++i)
    for (std::uint32_t j : graph.neighbors(i))
      if (i < j) edges.emplace_back(static_cast<std::uint32_t>(i), j);
  return edges;
}

std::size_t find_slot(const Graph& graph, std::size_t i, std::uint32_t j) {
  const NeighborRange row = graph.neighbors(i);
  const std::uint32_t* it = std::lower_bound(row.begin(), row.end(), j);
  return it != row.end() && *it == j ? static_cast<std::size_t>(it - graph.targets.data())
                                     : graph.targets.size();
}

void require_undirected(const Graph& graph, const char* what) {
  if (graph.directed) throw usage_error(std::string(what) + ": needs an undirected graph (union or mutual)");
}

Components connected_components(const Graph& graph) {
  require_undirected(graph, "connected components");
  const std::uint32_t none = UINT32_MAX;
  Components components;
  components.label.assign(graph.nodes, none);
  std::vector<std::uint32_t> queue(graph.nodes);
  for (std::size_t start = 0; start < graph.nodes; ++start) {
    if (components.label[start] != none) continue;
    const auto c = static_cast<std::uint32_t>(components.count++);
    std::size_t head = 0, tail = 0;
    queue[tail++] = static_cast<std::uint32_t>(start);
    components.label[start] = c;
    while (head < tail) {
      const std::uint32_t v = queue[head++];
      for (std::uint32_t w : graph.neighbors(v))
        if (components.label[w] == none) {
          components.label[w] = c;
          queue[tail++] = w;
        }
    }
    components.sizes.push_back(tail);
  }
  return components;
}

}  // namespace ricci
