// radius_graph.h — the epsilon-neighbourhood (radius) graph of a point cloud.
//
// Definition 1 of docs/method.md, the variant Hehl, von Renesse and Weber
// (2025) use in their theory and validation: i ~ j (i != j) when
// |x_i - x_j| <= R, decided exactly as knn.h decides distances,
//
//   dist2(i, j) <= R * R,   dist2 the double sum of squared float differences
//                           in coordinate order (squared_distance, knn.h),
//                           R * R rounded once to double.
//
// How: float GEMM tiles give keys W_j - 2 x_i.x_j, and the float pass margin
// of exact k-NN (knn_margin.h) bounds dist2(i, j) from below by base_i + key;
// a pair whose bound proves dist2 > R * R is no edge, and every other pair's
// dist2 is computed exactly and compared. When the margin is not usable (huge
// norms, a tiny R, very high dimension) every pair is computed exactly.
// Query tiles run on `threads` workers; the graph does not depend on it.
// Cost: O(n^2 d) multiply-adds in float GEMM plus O(d) per pair that the
// bound cannot exclude (the edges and near misses); memory O(n d + edges).
#pragma once

#include "data/matrix.h"
#include "geom/graph.h"

namespace ricci {

// The radius graph of the rows of `points` (n x d). R must be positive and
// finite (a usage error naming the radius otherwise); an empty point set or a
// NaN or infinite coordinate is a data error.
Graph radius_graph(MatrixViewF points, double radius, int threads = 1);

// The definition computed directly: every pair's dist2 in double. O(n^2 d);
// for tests.
Graph radius_graph_reference(MatrixViewF points, double radius);

}  // namespace ricci
