// local.cpp — mean node curvature, mean neighbour expansion, and their
// correlations over points and over layers.
#include "flow/local.h"

#include <cmath>
#include <limits>

#include "data/error.h"
#include "flow/describe.h"
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
  return mean_node_curvature(graph, edge_curvature(graph, curvature, threads));
}

std::vector<double> mean_node_curvature(const Graph& graph, const std::vector<double>& edge_curvature) {
  const std::vector<double> scalar = node_sums(graph, edge_curvature);
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

UnreachableRule parse_unreachable_rule(const std::string& name) {
  if (name == "undefined") return UnreachableRule::Undefined;
  if (name == "skip-layer") return UnreachableRule::SkipLayer;
  throw usage_error("unreachable neighbours", "expected undefined or skip-layer, got '" + name + "'");
}

const char* unreachable_rule_name(UnreachableRule rule) {
  return rule == UnreachableRule::SkipLayer ? "skip-layer" : "undefined";
}

std::vector<Correlation> local_coefficients(const LocalValues& values, UnreachableRule rule) {
  std::vector<Correlation> out;
  const std::size_t layers = values.scalar.size();
  const std::size_t points = layers == 0 ? 0 : values.scalar[0].size();
  std::vector<double> s(layers), e(layers);
  for (std::size_t x = 0; x < points; ++x) {
    std::size_t first_undefined = layers;
    for (std::size_t l = 0; l < layers; ++l) {
      s[l] = values.scalar[l][x];
      e[l] = values.expansion[l][x];
      if (first_undefined == layers && !(std::isfinite(s[l]) && std::isfinite(e[l]))) first_undefined = l;
    }
    if (rule == UnreachableRule::Undefined && first_undefined < layers) {
      const std::string l = std::to_string(first_undefined);
      out.push_back(undefined_correlation(
          Undefined::NoPairs,
          std::isfinite(s[first_undefined])
              ? "a neighbour at layer " + l + " is unreachable at layer " + std::to_string(first_undefined + 1)
              : "no neighbour at layer " + l,
          layers));
      continue;
    }
    out.push_back(finite_pearson(s, e));
  }
  return out;
}

LocalSummary summarise_local(const LocalValues& values, UnreachableRule rule) {
  LocalSummary summary;
  summary.k = static_cast<int>(values.k);
  std::vector<double> layer, local;  // the defined coefficients
  for (const Correlation& c : layer_coefficients(values)) {
    ++summary.transitions;
    if (c.defined()) layer.push_back(c.r);
  }
  std::size_t negative = 0;
  for (const Correlation& c : local_coefficients(values, rule)) {
    ++summary.points;
    if (c.defined()) local.push_back(c.r), negative += c.r < 0;
  }
  summary.layer_defined = layer.size();
  summary.local_defined = local.size();
  summary.mean_layer = mean(layer);
  summary.mean_local = mean(local);
  summary.share_local_negative = local.empty() ? kNaN : static_cast<double>(negative) / static_cast<double>(local.size());
  return summary;
}

}  // namespace ricci
