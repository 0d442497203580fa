// local.cpp — mean node curvature, mean neighbour expansion, and their
// correlations over points and over layers.
#include "flow/local.h"

#include <cmath>
#include <limits>

#include "geom/bfs.h"
#include "geom/geodesic.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Pearson over the pairs where both values are finite.
Correlation finite_pearson(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> fx, fy;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      fx.push_back(x[i]);
      fy.push_back(y[i]);
    }
  return pearson(fx, fy);
}

}  // namespace

std::vector<double> mean_node_curvature(const Graph& graph, Curvature curvature, int threads) {
  const std::vector<double> scalar = node_curvature(graph, curvature, threads);
  std::vector<double> mean(graph.nodes, kNaN);
  for (std::size_t x = 0; x < graph.nodes; ++x)
    if (graph.degree(x) > 0) mean[x] = scalar[x] / static_cast<double>(graph.degree(x));
  return mean;
}

std::vector<double> mean_expansion(const Graph& current, const Graph& next, int threads) {
  // Distances in G_{l+1} from x to each member of N_l(x), one per slot of G_l.
  const std::vector<std::int32_t> hops = hop_distances_to_sets(next, current, threads);
  std::vector<double> expansion(current.nodes, kNaN);
  for (std::size_t x = 0; x < current.nodes; ++x) {
    const std::size_t degree = current.degree(x);
    if (degree == 0) continue;
    std::int64_t sum = 0;
    bool reachable = true;
    for (std::size_t s = current.offsets[x]; s < current.offsets[x + 1]; ++s) {
      if (hops[s] == kUnreachable) reachable = false;
      sum += hops[s];
    }
    if (reachable) expansion[x] = static_cast<double>(sum) / static_cast<double>(degree) - 1.0;
  }
  return expansion;
}

std::vector<Correlation> layer_coefficients(const LocalValues& values) {
  std::vector<Correlation> out;
  for (std::size_t l = 0; l < values.scalar.size(); ++l)
    out.push_back(finite_pearson(values.scalar[l], values.expansion[l]));
  return out;
}

std::vector<Correlation> local_coefficients(const LocalValues& values) {
  std::vector<Correlation> out;
  const std::size_t points = values.scalar.empty() ? 0 : values.scalar[0].size();
  std::vector<double> s(values.scalar.size()), e(values.scalar.size());
  for (std::size_t x = 0; x < points; ++x) {
    for (std::size_t l = 0; l < values.scalar.size(); ++l) {
      s[l] = values.scalar[l][x];
      e[l] = values.expansion[l][x];
    }
    out.push_back(finite_pearson(s, e));
  }
  return out;
}

}  // namespace ricci
