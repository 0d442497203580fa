// layers_table.cpp — the rows of layers.csv, written and read back, and of coefficients.csv.
#include "bin/experiment/layers_table.h"

#include "flow/analysis_tables.h"

namespace ricci {

std::vector<std::string> layer_columns() { return text_table(layer_table(Analysis{})).header; }

std::vector<std::vector<std::string>> layer_cells(const Analysis& analysis) {
  return text_table(layer_table(analysis)).rows;
}

std::vector<std::string> coefficient_columns() { return text_table(coefficient_table(Analysis{})).header; }

std::vector<std::vector<std::string>> coefficient_cells(const Analysis& analysis) {
  return text_table(coefficient_table(analysis)).rows;
}

std::vector<LayerGeometry> read_layer_geometry(const Table& layers, const std::string& what) {
  const std::size_t k = layers.column("k", what), layer = layers.column("layer", what),
                    nodes = layers.column("nodes", what), edges = layers.column("edges", what),
                    components = layers.column("components", what), geodesic = layers.column("geodesic_sum", what),
                    forman = layers.column("forman_total", what), curvature = layers.column("curvature_total", what),
                    eta = layers.column("eta", what);
  std::vector<LayerGeometry> rows;
  for (const std::vector<std::string>& row : layers.rows) {
    LayerGeometry g;
    g.k = csv_whole_number(row[k], what, "k");
    g.layer = csv_whole_number(row[layer], what, "layer");
    g.nodes = csv_whole_number(row[nodes], what, "nodes");
    g.edges = csv_whole_number(row[edges], what, "edges");
    g.components = csv_whole_number(row[components], what, "components");
    g.geodesic_finite = row[geodesic] != "inf";
    g.geodesic_sum = g.geodesic_finite ? csv_whole_number(row[geodesic], what, "geodesic_sum") : 0;
    g.forman_total = csv_integer_value(row[forman], what, "forman_total");
    g.curvature_total = csv_value(row[curvature], what);
    g.eta = csv_value(row[eta], what);  // used under paper-r only (geometry.h)
    rows.push_back(g);
  }
  return rows;
}

}  // namespace ricci
