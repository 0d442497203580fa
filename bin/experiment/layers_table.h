// layers_table.h — layers.csv, the geometry of every layer at every k, and
// coefficients.csv, rho_k and z_k at every k: one writer each for `ricci
// analyze` and `ricci sweep` (the text of flow/analysis_tables.h's
// layer_table and coefficient_table), and the reader of layers.csv.
//
// Columns (docs/formats.md): k, layer, nodes, edges, components,
// geodesic_sum (an exact integer, `inf` when the graph is disconnected),
// forman_total, eta (g_l - g_{l-1}; empty at the first layer and where a
// geodesic sum is infinite; under paper-r the R code's total change, which
// may be inf, -inf or empty), curvature (the name of the curvature measured),
// curvature_total, curvature_prev (the previous row's curvature_total,
// Ric_{l-1}, empty at the first layer: (eta, curvature_prev) of one row is a
// pair of Eq. 8, docs/method.md definition 4), then the class structure (modularity,
// between_class_edges, curvature_within, curvature_between, normalized_cut;
// empty without labels). k is empty for a radius graph. A sweep's
// layers.csv puts the columns that identify the model (model, dataset,
// width, depth, seed) before them.
#pragma once

#include <string>
#include <vector>

#include "data/io/table.h"
#include "flow/analysis.h"

namespace ricci {

// The columns of layers.csv after any identifying ones.
std::vector<std::string> layer_columns();

// The cells of those columns for every k and layer of an analysis, in its
// order (by k, then layer).
std::vector<std::vector<std::string>> layer_cells(const Analysis& analysis);

// The columns of coefficients.csv after any identifying ones: k, rho,
// pairs, p_value, spearman, spearman_p_value, z, reason (docs/formats.md;
// rho empty and the reason given where undefined, z empty for L <= 4, k
// empty for a radius graph).
std::vector<std::string> coefficient_columns();

// The cells of those columns for every k of an analysis, in its order.
std::vector<std::vector<std::string>> coefficient_cells(const Analysis& analysis);

// The geometry of each row of a layers.csv table (with or without the
// identifying columns), in row order; a data error naming `what` (the file)
// for a missing column or a malformed cell.
std::vector<LayerGeometry> read_layer_geometry(const Table& layers, const std::string& what);

}  // namespace ricci
