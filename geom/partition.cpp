// partition.cpp — edges inside and across the parts of a partition, and the
// modularity and normalized cut they give.
#include "geom/partition.h"

#include <limits>
#include <stdexcept>
#include <string>

#include "data/error.h"

namespace ricci {

PartitionCut partition_cut(const Graph& graph, const std::vector<std::uint32_t>& part, std::size_t parts,
                           const std::vector<double>* edge_values) {
  require_undirected(graph, "partition cut");
  if (part.size() != graph.nodes)
    throw usage_error("partition cut: " + std::to_string(part.size()) + " part numbers for " +
                      std::to_string(graph.nodes) + " nodes");
  if (edge_values && edge_values->size() != graph.targets.size())
    throw std::logic_error("partition cut: " + std::to_string(edge_values->size()) + " edge values for " +
                           std::to_string(graph.targets.size()) + " slots");
  PartitionCut cut;
  cut.edges = graph.edge_count();
  cut.inside.assign(parts, 0);
  cut.volume.assign(parts, 0);
  for (std::size_t i = 0; i < graph.nodes; ++i) {
    if (part[i] >= parts)
      throw usage_error("partition cut: node " + std::to_string(i) + " is in part " + std::to_string(part[i]) +
                        ", beyond the " + std::to_string(parts) + " parts");
    cut.volume[part[i]] += graph.degree(i);
    for (std::size_t slot = graph.offsets[i]; slot < graph.offsets[i + 1]; ++slot) {
      const std::uint32_t j = graph.targets[slot];
      if (j <= i) continue;
      if (part[j] == part[i]) {
        ++cut.inside[part[i]];
        if (edge_values) cut.inside_sum += (*edge_values)[slot];
      } else {
        ++cut.cut_edges;
        if (edge_values) cut.cut_sum += (*edge_values)[slot];
      }
    }
  }
  return cut;
}

double modularity(const PartitionCut& cut) {
  if (cut.edges == 0) return std::numeric_limits<double>::quiet_NaN();
  const double m = static_cast<double>(cut.edges);
  double q = 0.0;
  for (std::size_t c = 0; c < cut.inside.size(); ++c) {
    const double share = static_cast<double>(cut.volume[c]) / (2.0 * m);
    q += static_cast<double>(cut.inside[c]) / m - share * share;
  }
  return q;
}

double normalized_cut(const PartitionCut& cut) {
  double sum = 0.0;
  for (std::size_t c = 0; c < cut.volume.size(); ++c) {
    if (cut.volume[c] == 0) return std::numeric_limits<double>::quiet_NaN();
    sum += static_cast<double>(cut.volume[c] - 2 * cut.inside[c]) / static_cast<double>(cut.volume[c]);
  }
  return 0.5 * sum;
}

}  // namespace ricci
