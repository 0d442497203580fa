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
// neighbour (possible in the mutual graph) and e_l(x) when a neighbour is
// unreachable in G_{l+1}; such points are left out of the correlations.
#pragma once

#include <cstddef>
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

// The layer coefficients (one per transition l) and the local coefficients
// (one per point), skipping undefined values.
std::vector<Correlation> layer_coefficients(const LocalValues& values);
std::vector<Correlation> local_coefficients(const LocalValues& values);

}  // namespace ricci
