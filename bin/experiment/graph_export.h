// graph_export.h — the files of `ricci analyze --export-graph`: every graph
// of the analysis with its curvature, edge by edge and node by node, so that
// any value can be checked in networkx, GraphRicciCurvature or a notebook
// (docs/formats.md). analyze adds them to its output set under graphs/, so
// they are committed with the analysis or not at all (data/files.h).
//
//   edges_k<k>_layer<l>.csv  i,j,curvature: one row per edge {i, j}, zero-based
//                            point indices, i < j, rows in increasing (i, j);
//                            the chosen curvature of the edge
//   nodes_k<k>_layer<l>.csv  i,label,degree,scalar_curvature: one row per point
//                            (label empty without labels; S(i) the sum of its
//                            edges' curvature), and with --local
//                            mean_curvature,mean_expansion,local_coefficient
//                            (s_l(x) and e_l(x), empty at the last layer, and
//                            x's local coefficient, the same in every layer)
//
// <l> is the layer's number as in layers.csv (from 1 with --no-input); for
// a radius graph <k> is r<R> (edges_r0.5_layer1.csv). The edge file's
// curvature summed in row order is the layer's curvature_total in
// layers.csv, bit for bit.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "flow/analysis.h"

namespace ricci {

// Hands each file (its name and bytes) to `write`, which puts it in place.
// The analysis must have kept its graphs (AnalysisOptions::keep_graphs);
// `labels` is empty or has one label per point.
void write_graph_export(const Analysis& analysis, const std::vector<std::int64_t>& labels,
                        const std::function<void(const std::string& name, const std::string& text)>& write);

}  // namespace ricci
