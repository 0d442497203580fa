// layers_table.cpp — the rows of layers.csv, written and read back, and of coefficients.csv.
#include "bin/layers_table.h"

#include "flow/coefficients.h"

namespace ricci {

namespace {

std::string whole(std::size_t value) { return csv_integer(static_cast<std::int64_t>(value)); }

}  // namespace

std::vector<std::string> layer_columns() {
  return {"k", "layer", "nodes", "edges", "components", "geodesic_sum", "forman_total", "eta", "curvature",
          "curvature_total", "curvature_prev", "modularity", "between_class_edges", "curvature_within",
          "curvature_between", "normalized_cut"};
}

std::vector<std::vector<std::string>> layer_cells(const Analysis& analysis) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t ki = 0; ki < analysis.coefficients.size(); ++ki) {
    const std::vector<LayerGeometry> layers = rows_at_k(analysis.layers, analysis.coefficients.size(), ki);
    const std::vector<double> eta = eta_values(layers, analysis.convention);
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const LayerGeometry& g = layers[l];
      const ClassStructure& c = g.classes;
      rows.push_back({analysis.radius > 0.0 ? "" : whole(g.k), whole(g.layer), whole(g.nodes), whole(g.edges),
                      whole(g.components), g.geodesic_finite ? std::to_string(g.geodesic_sum) : "inf",
                      csv_integer(g.forman_total), csv_number(eta[l]), curvature_name(analysis.curvature),
                      csv_number(g.curvature_total), l > 0 ? csv_number(layers[l - 1].curvature_total) : "",
                      csv_number(c.modularity), csv_number(c.between_class_edges),
                      csv_number(c.curvature_within), csv_number(c.curvature_between), csv_number(c.normalized_cut)});
    }
  }
  return rows;
}

std::vector<std::string> coefficient_columns() {
  return {"k", "rho", "pairs", "p_value", "spearman", "spearman_p_value", "z", "reason"};
}

std::vector<std::vector<std::string>> coefficient_cells(const Analysis& analysis) {
  std::vector<std::vector<std::string>> rows;
  for (const RicciCoefficient& c : analysis.coefficients)
    rows.push_back({analysis.radius > 0.0 ? "" : whole(c.k), csv_number(c.pearson.r), whole(c.pearson.n),
                    csv_number(c.pearson.p_value), csv_number(c.spearman.r), csv_number(c.spearman.p_value),
                    csv_number(c.z), c.pearson.reason});
  return rows;
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
