// community.cpp — the partition by class of a layer's graph, and the mean
// edge curvature within and between classes.
#include "flow/community.h"

#include <algorithm>
#include <string>

#include "data/error.h"
#include "geom/partition.h"

namespace ricci {

Classes classes_of(const std::vector<std::int64_t>& labels) {
  std::vector<std::int64_t> distinct = labels;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  Classes classes;
  classes.count = distinct.size();
  classes.of_point.reserve(labels.size());
  for (std::int64_t y : labels)
    classes.of_point.push_back(
        static_cast<std::uint32_t>(std::lower_bound(distinct.begin(), distinct.end(), y) - distinct.begin()));
  return classes;
}

ClassStructure class_structure(const Graph& graph, const Classes& classes, const std::vector<double>& edge_curvature) {
  if (classes.of_point.size() != graph.nodes)
    throw usage_error("labels", std::to_string(classes.of_point.size()) + " labels for " +
                                    std::to_string(graph.nodes) + " points");
  // The curvature sums over the edges within and between classes come
  // from the same pass (each edge once, in slot order).
  const PartitionCut cut = partition_cut(graph, classes.of_point, classes.count, &edge_curvature);
  ClassStructure s;
  s.measured = true;
  s.modularity = modularity(cut);
  s.normalized_cut = normalized_cut(cut);
  if (cut.edges > 0) s.between_class_edges = static_cast<double>(cut.cut_edges) / static_cast<double>(cut.edges);
  const std::uint64_t within_edges = cut.edges - cut.cut_edges;
  if (within_edges > 0) s.curvature_within = cut.inside_sum / static_cast<double>(within_edges);
  if (cut.cut_edges > 0) s.curvature_between = cut.cut_sum / static_cast<double>(cut.cut_edges);
  return s;
}

}  // namespace ricci
