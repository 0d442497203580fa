// connecting_k.cpp — ranks of k-NN entries, bucketed, and a union-find.
#include "geom/connecting_k.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "data/error.h"

namespace ricci {

namespace {

// Disjoint sets with union by size and path halving.
struct UnionFind {
  std::vector<std::uint32_t> parent;
  std::vector<std::uint32_t> size;
  std::size_t sets = 0;

  explicit UnionFind(std::size_t n) : parent(n), size(n, 1), sets(n) {
    for (std::size_t i = 0; i < n; ++i) parent[i] = static_cast<std::uint32_t>(i);
  }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (size[a] < size[b]) std::swap(a, b);
    parent[b] = a;
    size[a] += size[b];
    --sets;
  }
};

// The rank of each entry of the lists (aligned with lists.neighbors): the
// smallest k whose list holds it.
std::vector<std::uint32_t> entry_ranks(const KnnLists& lists) {
  std::vector<std::uint32_t> rank(lists.neighbors.size());
  for (std::size_t i = 0; i < lists.points; ++i) {
    const std::size_t first = lists.offsets[i];
    for (std::size_t m = 0; m < lists.count(i); ++m) {
      std::size_t place = m;
      if (lists.ties == Ties::All)
        while (place > 0 && lists.squared_distances[first + place - 1] == lists.squared_distances[first + m]) --place;
      rank[first + m] = static_cast<std::uint32_t>(std::min(place, lists.k - 1) + 1);
    }
  }
  return rank;
}

}  // namespace

std::size_t smallest_connecting_k(const KnnLists& lists, GraphKind kind) {
  if (kind == GraphKind::Directed) throw usage_error("graph kind", "connectivity needs union or mutual");
  const std::size_t n = lists.points;
  if (n <= 1) return 1;
  const std::vector<std::uint32_t> rank = entry_ranks(lists);

  // The edges with the rank at which each enters the graph, bucketed by rank.
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> by_rank(lists.k + 1);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t m = 0; m < lists.count(i); ++m) {
      const std::size_t slot = lists.offsets[i] + m;
      const std::uint32_t j = lists.neighbors[slot];
      if (kind == GraphKind::Union) {
        by_rank[rank[slot]].emplace_back(static_cast<std::uint32_t>(i), j);
        continue;
      }
      // Mutual: from the smaller end, when i is also in j's row.
      if (j < i) continue;
      const std::uint32_t* row_j = lists.row(j);
      const std::uint32_t* found = std::find(row_j, row_j + lists.count(j), static_cast<std::uint32_t>(i));
      if (found == row_j + lists.count(j)) continue;
      const std::uint32_t back = rank[lists.offsets[j] + static_cast<std::size_t>(found - row_j)];
      by_rank[std::max(rank[slot], back)].emplace_back(static_cast<std::uint32_t>(i), j);
    }

  UnionFind sets(n);
  for (std::size_t k = 1; k <= lists.k; ++k) {
    for (const auto& edge : by_rank[k]) sets.join(edge.first, edge.second);
    if (sets.sets == 1) return k;
  }
  return 0;
}

}  // namespace ricci
