// paper_r.cpp — the R code's graphs, curvature totals and geodesic changes.
#include "flow/paper_r.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "geom/geodesic.h"
#include "geom/graph.h"

namespace ricci {

PaperRLayer paper_r_layer(const KnnLists& lists, int threads) {
  PaperRLayer layer;
  LayerGeometry& row = layer.row;
  const std::size_t n = lists.points, arcs = lists.neighbors.size();
  row.nodes = n;
  row.edges = arcs;
  // D_i = out + in (arcs from i, k or more under cccd's tie rule, plus arcs
  // into i); Ric = sum over arcs of (4 - D_i - D_j) = 4 arcs - sum_i D_i^2.
  std::vector<std::int64_t> degree(n);
  for (std::size_t i = 0; i < n; ++i) degree[i] = static_cast<std::int64_t>(lists.count(i));
  for (std::uint32_t j : lists.neighbors) ++degree[j];
  std::int64_t sum_squares = 0;
  for (std::int64_t d : degree) sum_squares += d * d;
  row.forman_total = 4 * static_cast<std::int64_t>(arcs) - sum_squares;
  row.curvature_total = static_cast<double>(row.forman_total);

  // Directions ignored, as igraph's distances() does by default.
  const Graph graph = knn_graph(lists, GraphKind::Union);
  Components components = connected_components(graph);
  layer.component = std::move(components.label);
  layer.component_size = std::move(components.sizes);
  layer.node_sums = node_geodesic_sums(graph, threads);
  row.components = components.count;
  row.geodesic_finite = components.count <= 1;
  if (row.geodesic_finite)
    for (std::uint64_t s : layer.node_sums) row.geodesic_sum += s;  // ordered pairs: 2 g
  return layer;
}

double paper_r_eta(const PaperRLayer& before, const PaperRLayer& after) {
  const std::size_t n = after.component.size();
  // A point's cell: the points in its component in both layers. It reaches
  // some j in `before` but not in `after` (+Inf) when its component in
  // `before` is larger than its cell, and the reverse (-Inf) likewise.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> cells(n);  // (component pair, point)
  for (std::size_t i = 0; i < n; ++i)
    cells[i] = {(std::uint64_t(before.component[i]) << 32) | after.component[i], static_cast<std::uint32_t>(i)};
  std::sort(cells.begin(), cells.end());
  std::vector<std::size_t> cell_size(n);
  for (std::size_t first = 0; first < n;) {
    std::size_t last = first;
    while (last < n && cells[last].first == cells[first].first) ++last;
    for (std::size_t c = first; c < last; ++c) cell_size[cells[c].second] = last - first;
    first = last;
  }

  bool plus = false, minus = false, any = false;
  std::int64_t finite = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const bool lost = before.component_size[before.component[i]] > cell_size[i];   // +Inf in i's row
    const bool gained = after.component_size[after.component[i]] > cell_size[i];   // -Inf in i's row
    if (lost && gained) continue;  // NaN: aggregate() drops the point
    any = true;
    if (lost) plus = true;
    else if (gained) minus = true;
    else finite += static_cast<std::int64_t>(after.node_sums[i]) - static_cast<std::int64_t>(before.node_sums[i]);
  }
  const double inf = std::numeric_limits<double>::infinity();
  if (!any || (plus && minus)) return std::numeric_limits<double>::quiet_NaN();
  if (plus) return inf;
  if (minus) return -inf;
  return static_cast<double>(finite);
}

}  // namespace ricci
