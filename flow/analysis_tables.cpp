// analysis_tables.cpp — the rows of an analysis's tables.
#include "flow/analysis_tables.h"

#include <limits>

#include "flow/coefficients.h"
#include "flow/local.h"

namespace ricci {

namespace {

constexpr ColumnType kInteger = ColumnType::Integer, kNumber = ColumnType::Number, kText = ColumnType::Text;
const double kMissing = std::numeric_limits<double>::quiet_NaN();

// k as written: missing for a radius graph, which takes none.
double k_cell(const Analysis& analysis, std::size_t k) { return analysis.radius > 0.0 ? kMissing : double(k); }

}  // namespace

ColumnTable layer_table(const Analysis& analysis) {
  ColumnTable table = column_table(
      {{"k", kInteger}, {"layer", kInteger}, {"nodes", kInteger}, {"edges", kInteger}, {"components", kInteger},
       {"geodesic_sum", kInteger}, {"forman_total", kInteger}, {"eta", kNumber}, {"curvature", kText},
       {"curvature_total", kNumber}, {"curvature_prev", kNumber}, {"modularity", kNumber}, {"between_class_edges", kNumber},
       {"curvature_within", kNumber}, {"curvature_between", kNumber}, {"normalized_cut", kNumber}});
  for (std::size_t ki = 0; ki < analysis.coefficients.size(); ++ki) {
    const std::vector<LayerGeometry> layers = rows_at_k(analysis.layers, analysis.coefficients.size(), ki);
    const std::vector<double> eta = eta_values(layers, analysis.convention);
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const LayerGeometry& g = layers[l];
      const ClassStructure& c = g.classes;
      const double geodesic_sum =
          g.geodesic_finite ? static_cast<double>(g.geodesic_sum) : std::numeric_limits<double>::infinity();
      table.add_row({k_cell(analysis, g.k), g.layer, g.nodes, g.edges, g.components, geodesic_sum,
                     static_cast<double>(g.forman_total), eta[l], curvature_name(analysis.curvature),
                     g.curvature_total, l > 0 ? layers[l - 1].curvature_total : kMissing, c.modularity, c.between_class_edges, c.curvature_within, c.curvature_between,
                     c.normalized_cut});
    }
  }
  return table;
}

ColumnTable coefficient_table(const Analysis& analysis) {
  ColumnTable table = column_table({{"k", kInteger}, {"rho", kNumber}, {"pairs", kInteger}, {"p_value", kNumber},
                                    {"spearman", kNumber}, {"spearman_p_value", kNumber}, {"z", kNumber},
                                    {"reason", kText}});
  for (const RicciCoefficient& c : analysis.coefficients)
    table.add_row({k_cell(analysis, c.k), c.pearson.r, c.pearson.n, c.pearson.p_value, c.spearman.r,
                   c.spearman.p_value, c.z, c.pearson.reason});
  return table;
}

ColumnTable layer_coefficient_table(const Analysis& analysis) {
  ColumnTable table = column_table({{"k", kInteger}, {"layer", kInteger}, {"rho", kNumber}, {"points", kInteger},
                                    {"p_value", kNumber}, {"reason", kText}});
  for (const LocalValues& local : analysis.local) {
    const std::vector<Correlation> by_layer = layer_coefficients(local);
    for (std::size_t l = 0; l < by_layer.size(); ++l) {
      const Correlation& c = by_layer[l];
      table.add_row({k_cell(analysis, local.k), analysis.first_layer + l, c.r, c.n, c.p_value, c.reason});
    }
  }
  return table;
}

ColumnTable local_coefficient_table(const Analysis& analysis) {
  ColumnTable table = column_table({{"k", kInteger}, {"point", kInteger}, {"rho", kNumber}, {"layers", kInteger},
                                    {"p_value", kNumber}, {"reason", kText}});
  for (const LocalValues& local : analysis.local) {
    const std::vector<Correlation> by_point = local_coefficients(local, analysis.unreachable);
    for (std::size_t x = 0; x < by_point.size(); ++x) {
      const Correlation& c = by_point[x];
      table.add_row({k_cell(analysis, local.k), x, c.r, c.n, c.p_value, c.reason});
    }
  }
  return table;
}

ColumnTable local_value_table(const Analysis& analysis) {
  ColumnTable table = column_table({{"k", kInteger}, {"layer", kInteger}, {"point", kInteger},
                                    {"mean_curvature", kNumber}, {"mean_expansion", kNumber}});
  for (const LocalValues& local : analysis.local)
    for (std::size_t l = 0; l < local.scalar.size(); ++l)
      for (std::size_t x = 0; x < local.scalar[l].size(); ++x)
        table.add_row({k_cell(analysis, local.k), analysis.first_layer + l, x, local.scalar[l][x], local.expansion[l][x]});
  return table;
}

}  // namespace ricci
