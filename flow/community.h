// community.h — class-aware community structure of a layer's graph: how the
// k-NN graph G_l splits along the classes of the points (docs/method.md,
// definition 8; Hehl, von Renesse and Weber 2025, sec. 4.2, who find that
// class separability emerges as community structure).
//
// With labels y (one class per point) and the chosen edge curvature kappa:
//
//   modularity           Newman's Q of the partition by class (partition.h)
//   between_class_edges  the share of edges {i, j} with y_i != y_j
//   curvature_within     the mean of kappa over edges with y_i == y_j
//   curvature_between    the mean of kappa over edges with y_i != y_j
//   normalized_cut       1/2 sum over classes c of cut(c) / vol(c)
//                        (partition.h; Hehl et al.'s value for two classes)
//
// Each is NaN where undefined: no edges, no edge of the kind, a class whose
// nodes have no edges (for the cut).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "geom/graph.h"

namespace ricci {

struct ClassStructure {
  bool measured = false;  // false when no labels were given (every value NaN)
  double modularity = std::numeric_limits<double>::quiet_NaN();
  double between_class_edges = std::numeric_limits<double>::quiet_NaN();
  double curvature_within = std::numeric_limits<double>::quiet_NaN();
  double curvature_between = std::numeric_limits<double>::quiet_NaN();
  double normalized_cut = std::numeric_limits<double>::quiet_NaN();
};

// The classes of the points: class[i] numbers the distinct labels 0, 1, ...
// in increasing order of label.
struct Classes {
  std::vector<std::uint32_t> of_point;
  std::size_t count = 0;
};
Classes classes_of(const std::vector<std::int64_t>& labels);

// The measures above for a graph on the labelled points, with its per-slot
// edge curvature (graph.h). A graph whose node count differs from the
// number of labels is a usage error.
ClassStructure class_structure(const Graph& graph, const Classes& classes, const std::vector<double>& edge_curvature);

}  // namespace ricci
