// analysis_tables.h — the tables of an analysis as typed columns: what
// `ricci analyze` writes as layers.csv, coefficients.csv and (with --local)
// layer_coefficients.csv, local_coefficients.csv and local_values.csv, what
// `ricci sweep` writes in its layers.csv after the model's columns, and what
// the Python module returns as NumPy arrays. One definition of the columns
// and their values for all three (docs/formats.md describes the files).
#pragma once

#include "data/io/columns.h"
#include "flow/analysis.h"

namespace ricci {

// layers.csv: k, layer, nodes, edges, components, geodesic_sum (inf when
// the graph is disconnected), forman_total, eta (g_l - g_{l-1}; NaN at the
// first layer and where a geodesic sum is infinite; under paper-r the R
// code's total change, which may be inf, -inf or NaN), curvature (the name of
// the curvature measured), curvature_total, curvature_prev (the previous
// row's curvature_total, Ric_{l-1}; NaN at the first layer: (eta,
// curvature_prev) of one row is a pair of Eq. 8, docs/method.md definition
// 4), then the class structure
// (modularity, between_class_edges, curvature_within, curvature_between,
// normalized_cut; NaN without labels). One row per k and layer, by k, then
// layer; k is NaN (an empty cell) for a radius graph.
ColumnTable layer_table(const Analysis& analysis);

// coefficients.csv: k, rho, pairs, p_value, spearman, spearman_p_value, z,
// reason (empty when rho is defined). One row per k.
ColumnTable coefficient_table(const Analysis& analysis);

// The local tables of Hehl et al. (flow/local.h), empty without local values:
// layer_coefficients.csv (k, layer, rho, points, p_value, reason),
// local_coefficients.csv (k, point, rho, layers, p_value, reason) and
// local_values.csv (k, layer, point, mean_curvature, mean_expansion).
ColumnTable layer_coefficient_table(const Analysis& analysis);
ColumnTable local_coefficient_table(const Analysis& analysis);
ColumnTable local_value_table(const Analysis& analysis);

}  // namespace ricci
