// analysis.cpp — one pass over the layers for every k; the connecting k.
#include "flow/analysis.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "data/error.h"
#include "data/format.h"
#include "flow/paper_r.h"
#include "geom/connecting_k.h"
#include "geom/knn.h"
#include "geom/radius_graph.h"

namespace ricci {

namespace {

void check_analysis_options(const AnalysisOptions& options) {
  check_geometry_options(options.geometry);
  check_coefficient_options(options.coefficients());
  if (options.local && options.geometry.convention == Convention::PaperR)
    throw usage_error("local coefficients", "Hehl et al.'s layer and local coefficients are not defined under "
                                            "the paper-r convention");
  if (options.geometry.convention == Convention::PaperR && (!options.labels.empty() || options.keep_graphs))
    throw usage_error("convention", "the class structure and the graph export need the standard convention");
  if (options.include_input && !options.has_input)
    throw usage_error("input transition", "there is no input layer to pair (the layers are hidden layers only)");
}

// Whether the graphs' per-edge curvature is needed beyond the total.
bool needs_edge_curvature(const AnalysisOptions& options) {
  return options.geometry.curvature != Curvature::Forman || options.local || !options.labels.empty() ||
         options.keep_graphs;
}

// The checks of analyze_layers() on `layers` and `ks`.
void check_analysis(const std::vector<MatrixViewF>& layers, const std::vector<int>& ks, const AnalysisOptions& options,
                    const std::vector<std::string>& names) {
  check_analysis_options(options);
  if (options.geometry.radius > 0.0) {
    if (!ks.empty()) throw usage_error("k", "does not apply to a radius graph, whose radius sets the neighbours");
    check_layer_matrices(layers, names);
  } else {
    check_layers(layers, ks, names);
  }
  if (!options.labels.empty() && options.labels.size() != layers[0].rows())
    throw data_error("labels: " + std::to_string(options.labels.size()) + " labels for " +
                     std::to_string(layers[0].rows()) + " points");
}

// layer_graphs() without its checks.
LayerGraphs graphs_of_layer(MatrixViewF layer, std::size_t number, const std::vector<int>& ks,
                            const AnalysisOptions& options, const Classes& classes) {
  const GeometryOptions& geometry = options.geometry;
  const bool radius = geometry.radius > 0.0;
  const bool per_edge = needs_edge_curvature(options);
  LayerGraphs result;
  result.points = layer.rows();
  result.ks = ks;
  result.at_k.resize(radius ? 1 : ks.size());
  const int k_max = radius ? 0 : *std::max_element(ks.begin(), ks.end());
  const bool paper_r = geometry.convention == Convention::PaperR;
  const KnnLists all = radius || !paper_r ? KnnLists{} : exact_knn(layer, k_max, geometry.threads, geometry.ties);
  // Every k's graph cut from one ladder (geom/graph.h), not built anew.
  std::vector<Graph> graphs;  // per k, from the ladder
  if (!radius && !paper_r) graphs = knn_ladder(layer, ks, geometry.graph, geometry.ties, geometry.threads).at_each(ks);
  for (std::size_t ki = 0; ki < result.at_k.size(); ++ki) {
    LayerGraphs::AtK& at = result.at_k[ki];
    const std::size_t k = radius ? 0 : static_cast<std::size_t>(ks[ki]);
    if (geometry.convention == Convention::PaperR) {
      at.paper_r = paper_r_layer(prefix_lists(all, k), geometry.threads);
      at.row = at.paper_r.row;
    } else {
      at.graph = radius ? radius_graph(layer, geometry.radius, geometry.threads) : std::move(graphs[ki]);
      if (per_edge) at.curvature = edge_curvature(at.graph, geometry.curvature, geometry.threads, geometry.ollivier_alpha);
      at.row = graph_geometry(at.graph, geometry, per_edge ? &at.curvature : nullptr);
      if (!options.labels.empty()) at.row.classes = class_structure(at.graph, classes, at.curvature);
    }
    at.row.k = k;
    at.row.layer = number;
  }
  return result;
}

}  // namespace

LayerGraphs layer_graphs(MatrixViewF layer, std::size_t number, const std::vector<int>& ks,
                         const AnalysisOptions& options) {
  check_analysis({layer}, ks, options, {});
  return graphs_of_layer(layer, number, ks, options, classes_of(options.labels));
}

void keep_only_needed(LayerGraphs& graphs, const AnalysisOptions& options) {
  if (options.geometry.convention == Convention::PaperR || options.local || options.keep_graphs) return;
  for (LayerGraphs::AtK& at : graphs.at_k) {
    LayerGeometry row = std::move(at.row);
    at = LayerGraphs::AtK{};
    at.row = std::move(row);
  }
}

Analysis analyze_layers(const std::vector<MatrixViewF>& layers, const std::vector<int>& ks,
                        const AnalysisOptions& options, const std::function<void(std::size_t layer)>& on_layer,
                        const std::vector<std::string>& names, const LayerGraphs* first) {
  const GeometryOptions& geometry = options.geometry;
  check_analysis(layers, ks, options, names);
  if (first && (first->points != layers[0].rows() || first->ks != ks))
    throw std::logic_error("analyze_layers: the first layer's graphs are of other points or other ks");
  const Classes classes = classes_of(options.labels);

  // The graphs of each layer: one per k, or the one radius graph.
  const bool radius = geometry.radius > 0.0;
  const std::size_t count = layers.size(), graph_count = radius ? 1 : ks.size();
  Analysis result;
  result.curvature = geometry.curvature;
  result.convention = geometry.convention;
  result.first_layer = options.has_input ? 0 : 1;
  result.radius = geometry.radius;
  result.unreachable = options.unreachable;
  result.layers.resize(graph_count * count);
  if (options.keep_graphs) result.graphs.resize(graph_count * count);
  if (options.local) {
    result.local.resize(graph_count);
    for (std::size_t ki = 0; ki < graph_count; ++ki) result.local[ki].k = radius ? 0 : static_cast<std::size_t>(ks[ki]);
  }
  // G_{l-1} per k, for the local values and paper-r's eta: `first` itself
  // (never copied: one layer's graphs may serve many analyses), or the
  // graphs computed here.
  LayerGraphs previous_owned, current_owned;
  const LayerGraphs* previous = nullptr;
  for (std::size_t l = 0; l < count; ++l) {
    const std::size_t layer = result.first_layer + l;
    const bool given = l == 0 && first;
    if (!given) current_owned = graphs_of_layer(layers[l], layer, ks, options, classes);
    const LayerGraphs& current = given ? *first : current_owned;
    for (std::size_t ki = 0; ki < graph_count; ++ki) {
      const LayerGraphs::AtK& at = current.at_k[ki];
      LayerGeometry row = at.row;
      if (geometry.convention == Convention::PaperR) {
        if (l > 0) row.eta = paper_r_eta(previous->at_k[ki].paper_r, at.paper_r);
      } else {
        if (options.keep_graphs)
          result.graphs[ki * count + l] = LayerGraph{row.k, layer, at.graph, at.curvature, node_sums(at.graph, at.curvature)};
        if (options.local) {
          LocalValues& local = result.local[ki];
          if (l > 0) local.expansion.push_back(mean_expansion(previous->at_k[ki].graph, at.graph, geometry.threads));
          if (l + 1 < count) local.scalar.push_back(mean_node_curvature(at.graph, at.curvature));
        }
        if (!options.local && !given) current_owned.at_k[ki] = LayerGraphs::AtK{};  // nothing of it is needed again
      }
      result.layers[ki * count + l] = row;
    }
    if (given) {
      previous = first;
    } else {
      previous_owned = std::move(current_owned);
      previous = &previous_owned;
    }
    if (on_layer) on_layer(l);
  }
  for (std::size_t ki = 0; ki < graph_count; ++ki) {
    std::vector<LayerGeometry> rows = rows_at_k(result.layers, graph_count, ki);
    // Hehl et al.'s global coefficient correlates with Forman's total always.
    if (options.global_forman)
      for (LayerGeometry& row : rows) row.curvature_total = static_cast<double>(row.forman_total);
    result.coefficients.push_back(ricci_coefficient(rows, options.coefficients()));
  }
  return result;
}

std::vector<LayerGeometry> rows_at_k(const std::vector<LayerGeometry>& rows, std::size_t k_count, std::size_t ki) {
  const std::size_t per_k = rows.size() / k_count;
  return {rows.begin() + static_cast<std::ptrdiff_t>(ki * per_k),
          rows.begin() + static_cast<std::ptrdiff_t>((ki + 1) * per_k)};
}

std::vector<int> ks_from_fractions(const std::vector<double>& fractions, std::size_t n) {
  std::vector<int> ks;
  for (double f : fractions) {
    const double k = std::round(f * static_cast<double>(n));
    if (!(f > 0.0) || k < 1 || k > static_cast<double>(n) - 1)
      throw usage_error("fraction of n", format_double(f) + " of n = " + std::to_string(n) + " gives k = " +
                        format_double(k) + ", outside 1 to n - 1");
    ks.push_back(static_cast<int>(k));
  }
  return ks;
}

std::size_t connecting_k(const std::vector<MatrixViewF>& layers, const GeometryOptions& options) {
  check_layers(layers, {1});
  const std::size_t n = layers[0].rows();
  const GraphKind kind = options.convention == Convention::PaperR ? GraphKind::Union : options.graph;
  const Ties ties = options.convention == Convention::PaperR ? Ties::All : options.ties;
  std::size_t needed = 1;  // the largest over the layers so far
  for (const MatrixViewF layer : layers) {
    // Only whether this layer needs more than `needed` matters.
    for (std::size_t k_search = std::min(n - 1, std::max<std::size_t>(32, needed));; k_search = std::min(n - 1, 2 * k_search)) {
      const std::size_t k = smallest_connecting_k(exact_knn(layer, static_cast<int>(k_search), options.threads, ties), kind);
      if (k > 0) {
        needed = std::max(needed, k);
        break;
      }
      if (k_search == n - 1) throw std::logic_error("connecting_k: the graph at k = n - 1 is not connected");
    }
  }
  return needed;
}

std::vector<int> auto_k_grid(std::size_t k_low, std::size_t n) {
  std::vector<int> grid;
  const double top = 0.2 * static_cast<double>(n);
  for (std::size_t k = k_low;; k = std::max(k + 1, static_cast<std::size_t>(std::llround(1.5 * static_cast<double>(k))))) {
    if (k > n - 1) break;
    grid.push_back(static_cast<int>(k));
    if (static_cast<double>(k) >= top) break;
  }
  return grid;
}

}  // namespace ricci
