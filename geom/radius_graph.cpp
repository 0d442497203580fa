// radius_graph.cpp — radius graphs by float GEMM tiles, a proven margin and
// an exact check of every pair the margin cannot exclude.
#include "geom/radius_graph.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "data/blas.h"
#include "data/error.h"
#include "data/format.h"
#include "data/parallel.h"
#include "geom/gemm_tiles.h"
#include "geom/knn.h"
#include "geom/knn_margin.h"

namespace ricci {

namespace {

using Edges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Below this R * R the margin's slack could underflow (knn_margin.cpp):
// such radii take the exhaustive path.
const double kSmallestMarginRadius2 = std::ldexp(1.0, -900);

// R * R, after the checks of both entry points.
double checked_radius2(MatrixViewF points, double radius) {
  if (!(radius > 0.0) || !std::isfinite(radius))
    throw usage_error("radius", "must be positive and finite, got " + format_double(radius));
  if (points.rows() == 0) throw data_error("radius graph: the point set is empty");
  if (points.rows() >= (std::size_t(1) << 32))
    throw usage_error("radius graph: n = " + std::to_string(points.rows()) + " points; at most 2^32 - 1 are supported");
  for (std::size_t i = 0; i < points.rows(); ++i)
    for (std::size_t p = 0; p < points.cols(); ++p)
      if (!std::isfinite(points(i, p)))
        throw data_error("radius graph: point " + std::to_string(i) + ", coordinate " + std::to_string(p) + " is " +
                         (std::isnan(points(i, p)) ? "NaN" : "infinite"));
  return radius * radius;
}

// The edges {i, j}, i < j, of the query rows [first, last), found exactly.
void exhaustive_rows(MatrixViewF points, double radius2, std::size_t first, std::size_t last, Edges& edges) {
  for (std::size_t i = first; i < last; ++i)
    for (std::size_t j = i + 1; j < points.rows(); ++j)
      if (squared_distance(points.row(i), points.row(j), points.cols()) <= radius2)
        edges.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j));
}

}  // namespace

Graph radius_graph_reference(MatrixViewF points, double radius) {
  const double radius2 = checked_radius2(points, radius);
  Edges edges;
  exhaustive_rows(points, radius2, 0, points.rows(), edges);
  return graph_from_edges(points.rows(), edges);
}

Graph radius_graph(MatrixViewF points, double radius, int threads) {
  const double radius2 = checked_radius2(points, radius);
  const std::size_t n = points.rows(), d = points.cols();
  std::vector<double> norms(n);
  double largest = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double norm = 0.0;
    for (std::size_t p = 0; p < d; ++p) norm += double(points(i, p)) * double(points(i, p));
    norms[i] = norm;
    largest = std::max(largest, norm);
  }
  const PassMargin margin = float_pass_margin(d, largest);
  const bool use_margin = margin.usable && radius2 >= kSmallestMarginRadius2;
  std::vector<float> column_terms(n);  // W_j = fl32(f N_j)
  for (std::size_t j = 0; j < n; ++j) column_terms[j] = static_cast<float>(margin.column_factor * norms[j]);

  const std::size_t tasks = (n + kQueryTile - 1) / kQueryTile;
  std::vector<Edges> found(tasks);
  parallel_for(tasks, threads, [&](std::size_t task, int) {
    const std::size_t first = task * kQueryTile, rows = std::min(kQueryTile, n - first);
    Edges& edges = found[task];
    if (!use_margin) {
      exhaustive_rows(points, radius2, first, first + rows, edges);
      return;
    }
    std::vector<float> tile(rows * std::min(kReferenceTile, n));
    // Only references after the tile's first query can pair with it (j > i).
    for (std::size_t r0 = first; r0 < n; r0 += kReferenceTile) {
      const std::size_t cols = std::min(kReferenceTile, n - r0);
      // keys (rows x cols) = W[r0 .. r0+cols) on every row
      //   - 2 points[first .. first+rows) (rows x d) * points[r0 .. r0+cols)^T (d x cols)
      for (std::size_t q = 0; q < rows; ++q)
        std::copy(column_terms.begin() + r0, column_terms.begin() + r0 + cols, tile.begin() + q * cols);
      gemm(false, true, rows, cols, d, -2.0f, points.row(first), d, points.row(r0), d, 1.0f, tile.data(), cols);
      for (std::size_t q = 0; q < rows; ++q) {
        const std::size_t i = first + q;
        const double base = margin.base(norms[i]);
        for (std::size_t c = 0; c < cols; ++c) {
          const std::size_t j = r0 + c;
          if (j <= i || proves_farther(base, tile[q * cols + c], radius2)) continue;
          if (squared_distance(points.row(i), points.row(j), d) <= radius2)
            edges.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j));
        }
      }
    }
  });
  Edges edges;
  for (const Edges& part : found) edges.insert(edges.end(), part.begin(), part.end());
  return graph_from_edges(n, edges);
}

}  // namespace ricci
