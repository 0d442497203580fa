// local.h — the layer and local Ricci coefficients of Hehl, von Renesse and
// Weber ("Neural Feature Geometry Evolves as Discrete Ricci Flow", 2025;
// docs/method.md, definition 6).
//
// For a point x at layer l, with N_l(x) its neighbours and deg_l(x) = |N_l(x)|
// in the k-NN graph G_l, S_l(x) the scalar curvature (sum of the edge
// curvatures at x) and gamma_l the hop distance in G_l:
//
//   s_l(x) = S_l(x) / deg_l(x)                       mean curvature at x
//   e_l(x) = mean over y in N_l(x) of (gamma_{l+1}(x, y) - gamma_l(x, y))
//          = mean over y in N_l(x) of gamma_{l+1}(x, y) - 1
//                                                     how far x's neighbours move apart
//
// for the transitions l = 0..L-1. The layer coefficient of layer l is the
// Pearson correlation over points x of (s_l(x), e_l(x)); the local
// coefficient of point x is the correlation over layers l of the same pairs.
// Negative values are Ricci-flow-like. s_l(x) is undefined when x has no
// neighbour (possible in the mutual and radius graphs) and e_l(x) when a
// neighbour is unreachable in G_{l+1}. The layer coefficient of layer l
// leaves such points out, as the authors' code does. For the local
// coefficient the rule is a choice (UnreachableRule): by default x's
// coefficient is undefined, as in the authors' code; on request the layers
// where x's values are undefined are dropped and the rest correlated.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "flow/statistics.h"
#include "geom/curvature.h"
#include "geom/graph.h"

namespace ricci {

// s_l(x) for every node of G_l (NaN where deg = 0).
std::vector<double> mean_node_curvature(const Graph& graph, Curvature curvature, int threads);

// e_l(x) for every node: `current` is G_l (its rows are the sets N_l(x)) and
// `next` is G_{l+1} on the same nodes (NaN where undefined).
std::vector<double> mean_expansion(const Graph& current, const Graph& next, int threads);

// The per-point values of one k: scalar[l][x] = s_l(x) and
// expansion[l][x] = e_l(x), l = 0..L-1.
struct LocalValues {
  std::size_t k = 0;
  std::vector<std::vector<double>> scalar, expansion;
};

// What a point's local coefficient is when one of its values is undefined
// (a neighbour unreachable in the next layer, or no neighbour at all):
//   Undefined  the coefficient is undefined, with the first such layer as the
//              reason (Hehl et al.'s code: NaN); the default;
//   SkipLayer  those layers are dropped and the rest correlated.
enum class UnreachableRule { Undefined, SkipLayer };
// "undefined" or "skip-layer"; anything else is a usage error.
UnreachableRule parse_unreachable_rule(const std::string& name);
const char* unreachable_rule_name(UnreachableRule rule);

// s_l(x) from the per-slot curvature of G_l, already computed.
std::vector<double> mean_node_curvature(const Graph& graph, const std::vector<double>& edge_curvature);

// The layer coefficients (one per transition l, leaving out points whose
// values are undefined) and the local coefficients (one per point, under
// `rule`).
std::vector<Correlation> layer_coefficients(const LocalValues& values);
std::vector<Correlation> local_coefficients(const LocalValues& values,
                                            UnreachableRule rule = UnreachableRule::Undefined);

// One model's values at one k summarised (local_summary.h has the
// definitions): the transitions and points, how many of their coefficients
// are defined, the mean layer and local coefficients over those (NaN for
// none) and the share of the local ones below 0.
struct LocalSummary {
  int k = 0;
  std::size_t transitions = 0, layer_defined = 0;
  double mean_layer = 0;
  std::size_t points = 0, local_defined = 0;
  double mean_local = 0, share_local_negative = 0;
};
// Cost: the coefficients', O(L n).
LocalSummary summarise_local(const LocalValues& values, UnreachableRule rule);

}  // namespace ricci
