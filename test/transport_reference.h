// transport_reference.h — the minimum transport cost by the textbook method,
// for checking geom/transport.h and geom/ollivier.h.
//
// Successive shortest paths with Bellman-Ford on the complete bipartite
// residual network (no potentials, no phases, no bit sets): each round finds
// a cheapest path from any source with mass left to any sink still short,
// along arcs u -> v of cost c(u, v) and back along flow at cost -c(u, v),
// and ships the path's bottleneck. Integer masses and costs, so the result
// is exact. O(M (m + m')^3) at worst: for small problems only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace ricci_test {

// cost[u][v] >= 0 for sources u and sinks v; sum supply = sum demand.
inline std::int64_t reference_transport_cost(const std::vector<std::int64_t>& supply,
                                             const std::vector<std::int64_t>& demand,
                                             const std::vector<std::vector<std::int64_t>>& cost) {
  const std::size_t m = supply.size(), n = demand.size();
  constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max() / 4;
  std::vector<std::int64_t> left = supply, need = demand;
  std::vector<std::vector<std::int64_t>> flow(m, std::vector<std::int64_t>(n, 0));
  std::int64_t total = 0;
  for (;;) {
    // Nodes 0..m-1 are sources, m..m+n-1 sinks. Distances from the sources
    // holding mass.
    std::vector<std::int64_t> dist(m + n, kInf);
    std::vector<std::int64_t> parent(m + n, -1);
    for (std::size_t u = 0; u < m; ++u)
      if (left[u] > 0) dist[u] = 0;
    for (std::size_t round = 0; round < m + n; ++round) {
      bool changed = false;
      for (std::size_t u = 0; u < m; ++u)
        for (std::size_t v = 0; v < n; ++v) {
          if (dist[u] < kInf && dist[u] + cost[u][v] < dist[m + v]) {
            dist[m + v] = dist[u] + cost[u][v];
            parent[m + v] = static_cast<std::int64_t>(u);
            changed = true;
          }
          if (flow[u][v] > 0 && dist[m + v] < kInf && dist[m + v] - cost[u][v] < dist[u]) {
            dist[u] = dist[m + v] - cost[u][v];
            parent[u] = static_cast<std::int64_t>(m + v);
            changed = true;
          }
        }
      if (!changed) break;
    }
    std::size_t best = m + n;
    for (std::size_t v = 0; v < n; ++v)
      if (need[v] > 0 && dist[m + v] < kInf && (best == m + n || dist[m + v] < dist[best])) best = m + v;
    if (best == m + n) break;
    // The bottleneck along the path back to its source.
    std::int64_t amount = need[best - m];
    std::size_t node = best;
    while (parent[node] >= 0) {
      const std::size_t prev = static_cast<std::size_t>(parent[node]);
      if (node < m) amount = std::min(amount, flow[node][prev - m]);  // back along flow
      node = prev;
    }
    amount = std::min(amount, left[node]);
    left[node] -= amount;
    need[best - m] -= amount;
    total += amount * dist[best];
    node = best;
    while (parent[node] >= 0) {
      const std::size_t prev = static_cast<std::size_t>(parent[node]);
      if (node >= m) flow[prev][node - m] += amount;
      else flow[node][prev - m] -= amount;
      node = prev;
    }
  }
  return total;
}

}  // namespace ricci_test
