// analysis.cpp — one pass over the layers for every k.
#include "flow/analysis.h"

#include <algorithm>
#include <cmath>

#include "data/error.h"
#include "data/format.h"
#include "geom/knn.h"

namespace ricci {

Analysis analyze_layers(const std::vector<MatrixF>& layers, const std::vector<int>& ks,
                        const AnalysisOptions& options, const std::function<void(std::size_t layer)>& on_layer,
                        const std::vector<std::string>& names) {
  const GeometryOptions& geometry = options.geometry;
  check_geometry_options(geometry);
  if (options.local && geometry.convention == Convention::PaperR)
    throw usage_error("local coefficients", "Hehl et al.'s layer and local coefficients are not defined under "
                                            "the paper-r convention");
  check_layers(layers, ks, names);

  const std::size_t count = layers.size();
  const int k_max = *std::max_element(ks.begin(), ks.end());
  Analysis result;
  result.curvature = geometry.curvature;
  result.layers.resize(ks.size() * count);
  if (options.local) {
    result.local.resize(ks.size());
    for (std::size_t ki = 0; ki < ks.size(); ++ki) result.local[ki].k = static_cast<std::size_t>(ks[ki]);
  }
  std::vector<Graph> previous(ks.size());  // G_{l-1} per k, for the local values
  for (std::size_t l = 0; l < count; ++l) {
    const KnnLists all = exact_knn(layers[l], k_max, geometry.threads);
    for (std::size_t ki = 0; ki < ks.size(); ++ki) {
      const KnnLists lists = prefix_lists(all, static_cast<std::size_t>(ks[ki]));
      LayerGeometry row;
      if (geometry.convention == Convention::PaperR) {
        row = paper_r_geometry(lists, geometry);
      } else {
        Graph graph = knn_graph(lists, geometry.graph);
        row = graph_geometry(graph, geometry);
        if (options.local) {
          LocalValues& local = result.local[ki];
          if (l > 0) local.expansion.push_back(mean_expansion(previous[ki], graph, geometry.threads));
          if (l + 1 < count) local.scalar.push_back(mean_node_curvature(graph, geometry.curvature, geometry.threads));
          previous[ki] = std::move(graph);
        }
      }
      row.k = static_cast<std::size_t>(ks[ki]);
      row.layer = l;
      result.layers[ki * count + l] = row;
    }
    if (on_layer) on_layer(l);
  }
  for (std::size_t ki = 0; ki < ks.size(); ++ki) {
    result.coefficients.push_back(ricci_coefficient(rows_at_k(result.layers, ks.size(), ki), geometry.convention));
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

}  // namespace ricci
