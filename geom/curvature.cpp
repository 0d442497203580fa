// curvature.cpp — Forman, augmented Forman and approximate Ollivier-Ricci.
#include "geom/curvature.h"

#include <algorithm>

#include "data/error.h"
#include "data/parallel.h"
#include "geom/ollivier.h"

namespace ricci {

namespace {

std::int64_t degree(const Graph& graph, std::size_t i) { return static_cast<std::int64_t>(graph.degree(i)); }

// Calls per_slot(i, j, slot) for every slot: node i, its neighbour j there.
template <class PerSlot>
void for_each_slot(const Graph& graph, PerSlot&& per_slot) {
  for (std::size_t i = 0; i < graph.nodes; ++i)
    for (std::size_t slot = graph.offsets[i]; slot < graph.offsets[i + 1]; ++slot)
      per_slot(i, static_cast<std::size_t>(graph.targets[slot]), slot);
}

// |a ^ b| for two sorted ranges.
std::uint32_t common_count(NeighborRange a, NeighborRange b) {
  std::uint32_t count = 0;
  const std::uint32_t *x = a.begin(), *y = b.begin();
  while (x != a.end() && y != b.end()) {
    if (*x < *y) {
      ++x;
    } else if (*y < *x) {
      ++y;
    } else {
      ++count;
      ++x;
      ++y;
    }
  }
  return count;
}

}  // namespace

const char* curvature_name(Curvature curvature) {
  switch (curvature) {
    case Curvature::Forman: return "forman";
    case Curvature::AugmentedForman: return "augmented-forman";
    case Curvature::ApproxOllivier: return "approx-ollivier";
    case Curvature::Ollivier: return "ollivier";
  }
  return "?";
}

Curvature parse_curvature(const std::string& name) {
  for (Curvature c : {Curvature::Forman, Curvature::AugmentedForman, Curvature::ApproxOllivier, Curvature::Ollivier})
    if (name == curvature_name(c)) return c;
  throw usage_error("curvature",
                    "expected forman, augmented-forman, approx-ollivier or ollivier, got '" + name + "'");
}

std::vector<std::int64_t> forman_curvature(const Graph& graph) {
  require_undirected(graph, "Forman-Ricci curvature");
  std::vector<std::int64_t> curvature(graph.targets.size());
  for_each_slot(graph, [&](std::size_t i, std::size_t j, std::size_t slot) {
    curvature[slot] = 4 - degree(graph, i) - degree(graph, j);  // F(i, j)
  });
  return curvature;
}

std::vector<std::int64_t> forman_node_curvature(const Graph& graph) {
  require_undirected(graph, "Forman-Ricci curvature");
  std::vector<std::int64_t> scalar(graph.nodes);
  for (std::size_t i = 0; i < graph.nodes; ++i) {
    std::int64_t neighbor_degrees = 0;
    for (std::uint32_t j : graph.neighbors(i)) neighbor_degrees += degree(graph, j);
    const std::int64_t d = degree(graph, i);
    scalar[i] = 4 * d - d * d - neighbor_degrees;  // sum over j of (4 - d_i - d_j)
  }
  return scalar;
}

std::int64_t forman_total(const Graph& graph) {
  require_undirected(graph, "Forman-Ricci curvature");
  // Each node i lies on deg(i) edges and contributes -deg(i) to each of them.
  std::int64_t squares = 0;
  for (std::size_t i = 0; i < graph.nodes; ++i) squares += degree(graph, i) * degree(graph, i);
  return 4 * static_cast<std::int64_t>(graph.edge_count()) - squares;
}

std::vector<std::uint32_t> edge_triangles(const Graph& graph, int threads) {
  require_undirected(graph, "triangle counts");
  std::vector<std::uint32_t> triangles(graph.targets.size(), 0);
  // Each edge is counted once, from its smaller end, which writes both of
  // its slots: tasks (blocks of nodes) never write the same slot. A node
  // costs a merge of two sorted neighbour lists per edge, about k^2 steps,
  // so a task of 512 nodes is tens of thousands of steps at k = 10, far
  // beyond the one atomic increment of taking it, while the tasks stay
  // many (n / 512) for the workers to share evenly on the layers that take
  // long.
  constexpr std::size_t kNodesPerTask = 512;
  parallel_for((graph.nodes + kNodesPerTask - 1) / kNodesPerTask, threads,
               [&](std::size_t task, int) {
                 const std::size_t end = std::min(graph.nodes, (task + 1) * kNodesPerTask);
                 for (std::size_t i = task * kNodesPerTask; i < end; ++i)
                   for (std::size_t slot = graph.offsets[i]; slot < graph.offsets[i + 1]; ++slot) {
                     const std::uint32_t j = graph.targets[slot];
                     if (j < i) continue;
                     const std::uint32_t t = common_count(graph.neighbors(i), graph.neighbors(j));
                     triangles[slot] = t;
                     triangles[find_slot(graph, j, static_cast<std::uint32_t>(i))] = t;
                   }
               });
  return triangles;
}

std::uint64_t triangle_count(const Graph& graph) {
  std::uint64_t sum = 0;
  for (std::uint32_t t : edge_triangles(graph)) sum += t;
  return sum / 6;  // each triangle has 3 edges, each edge 2 slots
}

std::vector<std::int64_t> augmented_forman_curvature(const Graph& graph, int threads) {
  std::vector<std::int64_t> curvature = forman_curvature(graph);
  const std::vector<std::uint32_t> triangles = edge_triangles(graph, threads);
  for (std::size_t slot = 0; slot < curvature.size(); ++slot) curvature[slot] += 3 * std::int64_t(triangles[slot]);
  return curvature;
}

std::int64_t augmented_forman_total(const Graph& graph, int threads) {
  // Each edge gains 3 t(i, j); t summed over slots counts every edge twice.
  std::int64_t triangles_on_slots = 0;
  for (std::uint32_t t : edge_triangles(graph, threads)) triangles_on_slots += t;
  return forman_total(graph) + 3 * (triangles_on_slots / 2);
}

std::vector<double> approx_ollivier_curvature(const Graph& graph, int threads) {
  const std::vector<std::uint32_t> triangles = edge_triangles(graph, threads);
  std::vector<double> curvature(graph.targets.size());
  for_each_slot(graph, [&](std::size_t i, std::size_t j, std::size_t slot) {
    // In terms of the smaller and larger degree, so both slots of an edge
    // round the same way.
    const double low_degree = static_cast<double>(std::min(graph.degree(i), graph.degree(j)));
    const double high_degree = static_cast<double>(std::max(graph.degree(i), graph.degree(j)));
    const double t = triangles[slot];
    const double base = 1.0 - 1.0 / low_degree - 1.0 / high_degree;
    const double upper = t / high_degree;
    const double lower = -std::max(0.0, base - t / low_degree) - std::max(0.0, base - t / high_degree) + t / high_degree;
    curvature[slot] = 0.5 * (lower + upper);
  });
  return curvature;
}

std::vector<double> edge_curvature(const Graph& graph, Curvature curvature, int threads, double ollivier_alpha) {
  if (curvature == Curvature::Ollivier) return ollivier_curvature(graph, ollivier_alpha, threads);
  if (curvature == Curvature::ApproxOllivier) return approx_ollivier_curvature(graph, threads);
  const std::vector<std::int64_t> values =
      curvature == Curvature::Forman ? forman_curvature(graph) : augmented_forman_curvature(graph, threads);
  return std::vector<double>(values.begin(), values.end());
}

std::vector<double> node_curvature(const Graph& graph, Curvature curvature, int threads, double ollivier_alpha) {
  return node_sums(graph, edge_curvature(graph, curvature, threads, ollivier_alpha));
}

double curvature_total(const Graph& graph, Curvature curvature, int threads, double ollivier_alpha) {
  if (curvature == Curvature::Forman) return static_cast<double>(forman_total(graph));
  if (curvature == Curvature::AugmentedForman) return static_cast<double>(augmented_forman_total(graph, threads));
  return edge_total(graph, edge_curvature(graph, curvature, threads, ollivier_alpha));
}

std::vector<double> node_sums(const Graph& graph, const std::vector<double>& per_slot) {
  std::vector<double> scalar(graph.nodes, 0.0);
  for_each_slot(graph, [&](std::size_t i, std::size_t, std::size_t slot) { scalar[i] += per_slot[slot]; });
  return scalar;
}

double edge_total(const Graph& graph, const std::vector<double>& per_slot) {
  double total = 0.0;
  for_each_slot(graph, [&](std::size_t i, std::size_t j, std::size_t slot) {
    if (i < j) total += per_slot[slot];
  });
  return total;
}

}  // namespace ricci
