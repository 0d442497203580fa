// geometry.cpp — k-NN graphs, components, geodesic sums and curvature totals
// for a sequence of layers.
#include "flow/geometry.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "data/error.h"
#include "geom/bfs.h"
#include "geom/geodesic.h"
#include "geom/ollivier.h"

namespace ricci {

namespace {

// g, honouring within_components: the per-node sums within components, halved.
void set_geodesics(const Graph& graph, const GeometryOptions& options, LayerGeometry& row) {
  const GeodesicSum g = geodesic_sum(graph, options.threads);
  row.components = g.components;
  row.geodesic_finite = g.finite;
  row.geodesic_sum = g.sum;
  if (!g.finite && options.within_components) {
    std::uint64_t total = 0;
    for (std::uint64_t s : node_geodesic_sums(graph, options.threads)) total += s;
    row.geodesic_finite = true;
    row.geodesic_sum = total / 2;
  }
}

}  // namespace

Convention parse_convention(const std::string& name) {
  if (name == "standard") return Convention::Standard;
  if (name == "paper-r") return Convention::PaperR;
  throw usage_error("convention", "expected standard or paper-r, got '" + name + "'");
}

const char* convention_name(Convention convention) {
  return convention == Convention::PaperR ? "paper-r" : "standard";
}

GraphKind parse_graph_kind(const std::string& name) {
  if (name == "union") return GraphKind::Union;
  if (name == "mutual") return GraphKind::Mutual;
  throw usage_error("graph kind", "expected union or mutual, got '" + name + "'");
}

GraphSpec parse_graph_spec(const std::string& text) {
  const std::string prefix = "radius:";
  if (text.compare(0, prefix.size(), prefix) != 0) return {parse_graph_kind(text), 0.0};
  const std::string value = text.substr(prefix.size());
  char* end = nullptr;
  const double radius = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !(radius > 0.0) || !std::isfinite(radius))
    throw usage_error("graph kind", "radius:R needs a positive, finite radius R, got '" + value + "'");
  return {GraphKind::Union, radius};
}

Ties parse_ties(const std::string& name) {
  if (name == "index") return Ties::Index;
  if (name == "all") return Ties::All;
  throw usage_error("ties", "expected index or all, got '" + name + "'");
}

const char* ties_name(Ties ties) { return ties == Ties::All ? "all" : "index"; }

const char* graph_kind_name(GraphKind kind) {
  switch (kind) {
    case GraphKind::Union: return "union";
    case GraphKind::Mutual: return "mutual";
    case GraphKind::Directed: return "directed";
  }
  return "?";
}

void check_layers(const std::vector<MatrixViewF>& layers, const std::vector<int>& ks,
                  const std::vector<std::string>& names) {
  check_layer_matrices(layers, names);
  const std::size_t n = layers[0].rows();
  if (ks.empty()) throw usage_error("k", "no k given");
  std::set<int> seen;
  for (int k : ks) {
    if (k < 1 || static_cast<std::size_t>(k) >= n)
      throw usage_error("k", "k = " + std::to_string(k) + " is out of range: it must be from 1 to n - 1 = " +
                        std::to_string(n - 1) + " for n = " + std::to_string(n) + " points");
    if (!seen.insert(k).second) throw usage_error("k", "k = " + std::to_string(k) + " given twice");
  }
}

void check_layer_matrices(const std::vector<MatrixViewF>& layers, const std::vector<std::string>& names) {
  auto name = [&](std::size_t l) { return l < names.size() ? names[l] : "layer " + std::to_string(l); };
  if (layers.empty()) throw usage_error("no layers to analyse");
  const std::size_t n = layers[0].rows();
  for (std::size_t l = 0; l < layers.size(); ++l) {
    if (layers[l].rows() != n)
      throw data_error(name(l) + ": " + std::to_string(layers[l].rows()) + " rows, but " + name(0) + " has " +
                       std::to_string(n) + " (every layer must hold the same points)");
    if (layers[l].rows() == 0 || layers[l].cols() == 0) throw data_error(name(l) + ": empty matrix");
    const MatrixViewF m = layers[l];
    for (std::size_t i = 0; i < m.size(); ++i)
      if (!std::isfinite(m.data()[i]))
        throw data_error(name(l) + ": row " + std::to_string(i / m.cols()) + ", column " +
                         std::to_string(i % m.cols()) + " is " + (std::isnan(m.data()[i]) ? "NaN" : "infinite"));
  }
}

LayerGeometry graph_geometry(const Graph& graph, const GeometryOptions& options,
                             const std::vector<double>* edge_curvature) {
  LayerGeometry row;
  row.nodes = graph.nodes;
  row.edges = graph.edge_count();
  row.forman_total = forman_total(graph);
  if (options.curvature == Curvature::Forman)
    row.curvature_total = static_cast<double>(row.forman_total);
  else if (edge_curvature)
    row.curvature_total = edge_total(graph, *edge_curvature);
  else
    row.curvature_total = curvature_total(graph, options.curvature, options.threads, options.ollivier_alpha);
  set_geodesics(graph, options, row);
  return row;
}

void check_geometry_options(const GeometryOptions& options) {
  if (options.convention == Convention::PaperR) {
    if (options.graph != GraphKind::Union || options.radius > 0.0)
      throw usage_error("graph kind",
                        "must be union under the paper-r convention (it uses the directed k-NN graph)");
    if (options.curvature != Curvature::Forman)
      throw usage_error("curvature", "must be forman under the paper-r convention (it is defined for Forman only)");
    if (options.ties != Ties::All)
      throw usage_error("ties", "must be all under the paper-r convention (cccd::nng keeps every tie)");
    if (options.within_components)
      throw usage_error("within components",
                        "does not apply under the paper-r convention, which follows the R code's own handling of "
                        "disconnected graphs");
  }
  if (options.graph == GraphKind::Directed) throw usage_error("graph kind", "expected union or mutual");
  if (options.radius > 0.0 && options.ties != Ties::Index)
    throw usage_error("ties", "does not apply to a radius graph, which keeps every point within the radius");
  if (options.curvature == Curvature::Ollivier) laziness_fraction(options.ollivier_alpha);
}

}  // namespace ricci
