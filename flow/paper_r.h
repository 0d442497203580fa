// paper_r.h — the numbers of the authors' R code, followed step by step
// (Baptista et al. 2024, fMNIST_kNN_RCoef_eval.r; docs/method.md,
// "Conventions"): the paper-r convention.
//
// Per layer, the R code builds cccd::nng(x, k): the directed k-NN graph in
// which i -> j for every j at most as far as i's k-th nearest (every tie
// kept: geom/knn.h, Ties::All). Then, with igraph,
//
//   curvature   degree() counts out + in arcs, D_i; the Forman-Ricci total
//               is the sum over arcs i -> j of 4 - D_i - D_j
//               = 4 arcs - sum_i D_i^2 (only hidden layers are used);
//   geodesics   distances() ignores directions and returns the full n x n
//               matrix, Inf for unreachable pairs; a layer's g is its sum,
//               over ordered pairs (2 g), infinite when disconnected;
//   eta         per point i, the row sum of distances(G_l) - distances(G_{l-1})
//               with na.rm = TRUE, then summed over points. A pair
//               unreachable in both layers gives Inf - Inf = NaN and drops
//               out; a pair reachable in G_{l-1} only gives +Inf, in G_l only
//               -Inf. So point i's sum is
//                 NaN    when its row holds both +Inf and -Inf,
//                 +Inf   when it holds +Inf only, -Inf when -Inf only,
//                 else   sum over j in its component of D_l(i, j) - D_{l-1}(i, j)
//                        (its components in both layers are then the same);
//               aggregate() drops the NaN points before summing, so the
//               layer's total is NaN when both +Inf and -Inf points remain,
//               +-Inf when one kind does, and the finite sum otherwise (NaN
//               too when no point is left: the R code would then stop with an
//               error, as its tables no longer align).
//
// The coefficient rules that follow (a model with an infinite eta is
// removed, a NaN pair is dropped) are in coefficients.h.
#pragma once

#include <cstdint>
#include <vector>

#include "flow/geometry.h"
#include "geom/knn.h"

namespace ricci {

// One layer at one k as the R code sees it: its row of layers.csv, and what
// the eta of the next transition needs (per point: its component in the
// graph with directions ignored, and the sum of its distances to the points
// it reaches).
struct PaperRLayer {
  LayerGeometry row;  // eta left NaN: it needs the layer before (paper_r_eta)
  std::vector<std::uint32_t> component;    // n: component of each point
  std::vector<std::size_t> component_size; // per component
  std::vector<std::uint64_t> node_sums;    // n: sum over reachable j of D(i, j)
};

// The layer's geometry from its k-NN lists (Ties::All for the R code's
// graphs) on `threads` workers. Cost: one bit-parallel BFS pass (geom/geodesic.h).
PaperRLayer paper_r_layer(const KnnLists& lists, int threads);

// The R code's total geodesic change from `before` to `after` (the same
// points): finite, +-infinite or NaN, as above. Cost O(n log n).
double paper_r_eta(const PaperRLayer& before, const PaperRLayer& after);

}  // namespace ricci
