// analysis.h — the whole analysis of one layer sequence: geometry of every
// layer at every k, rho_k per k, and optionally the local values of Hehl et
// al., the community structure of the classes and the graphs themselves.
// This is what `ricci analyze` and `ricci sweep` run.
//
// One pass over the layers: each layer's k-NN lists are computed once, for
// the largest k, and every smaller k takes their prefixes (geom/knn.h); the
// graphs of the previous layer are kept for the local values, and under
// paper-r its per-point geodesic sums, never more (unless the graphs are kept
// for export). A radius graph (GeometryOptions::radius) replaces the ks: one
// graph per layer, reported with k = 0. Each graph's edge curvature is
// computed once and serves its total, the local values, the class structure
// and the export. A layer's graphs can be computed apart (layer_graphs) and
// handed back as the first layer of later analyses: training never changes
// the input layer, so tracking the geometry during training searches its
// neighbours once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/matrix.h"
#include "flow/coefficients.h"
#include "flow/community.h"
#include "flow/geometry.h"
#include "flow/local.h"
#include "flow/paper_r.h"

namespace ricci {

struct AnalysisOptions {
  GeometryOptions geometry;
  bool include_input = false;  // rho_k also pairs the input transition (coefficients.h)
  // The first matrix is the input layer X_0 (layer 0); false: the matrices
  // are hidden layers only, numbered from 1 (e.g. activations exported
  // without the inputs).
  bool has_input = true;
  bool local = false;  // compute the layer and local coefficients too
  UnreachableRule unreachable = UnreachableRule::Undefined;  // for the local coefficients (local.h)
  // rho_k from the Forman totals whatever the curvature, as Hehl et al.'s
  // global coefficient does (layers.csv keeps the chosen curvature's total).
  bool global_forman = false;
  // One class label per point: the class structure of every graph
  // (community.h). Empty for none.
  std::vector<std::int64_t> labels;
  bool keep_graphs = false;  // keep every graph and its curvature (Analysis::graphs)

  CoefficientOptions coefficients() const { return {geometry.convention, include_input}; }
};

// One graph of the analysis with its curvature, kept for export.
struct LayerGraph {
  std::size_t k = 0, layer = 0;  // as in LayerGeometry
  Graph graph;
  std::vector<double> edge_curvature;    // per slot, the chosen curvature
  std::vector<double> scalar_curvature;  // per node, S(i)
};

struct Analysis {
  Curvature curvature = Curvature::Forman;     // the curvature of LayerGeometry::curvature_total
  Convention convention = Convention::Standard;
  std::size_t first_layer = 0;                 // the number of the first matrix: 0, or 1 without input
  double radius = 0.0;                         // > 0: radius graphs (k is 0 throughout)
  UnreachableRule unreachable = UnreachableRule::Undefined;
  std::vector<LayerGeometry> layers;           // by k (as given), then layer
  std::vector<RicciCoefficient> coefficients;  // one per k
  std::vector<LocalValues> local;              // one per k, when asked
  std::vector<LayerGraph> graphs;              // by k, then layer, when asked
};

// One layer's graphs at every k (or its radius graph), with their geometry
// and what the next layer's values need: what analyze_layers() computes per
// layer before it pairs the layer with the one before.
struct LayerGraphs {
  std::size_t points = 0;  // the layer's rows
  std::vector<int> ks;     // as given (empty for a radius graph)
  struct AtK {
    LayerGeometry row;               // its row, eta not yet set
    Graph graph;                     // standard convention
    std::vector<double> curvature;   // per slot, when more than the Forman total is needed
    PaperRLayer paper_r;             // paper-r convention
  };
  std::vector<AtK> at_k;  // one per k (one for a radius graph)
};

// The graphs of `layer`, numbered `number`, as analyze_layers() makes them
// under `options` (whose labels, when given, must number its rows). Checks
// the options, the matrix and the ks as analyze_layers() does.
LayerGraphs layer_graphs(MatrixViewF layer, std::size_t number, const std::vector<int>& ks,
                         const AnalysisOptions& options);

// Drops from `graphs` (layer_graphs() under `options`) what analyze_layers()
// does not read of a first layer: under the standard convention without
// local values or kept graphs, every graph and its curvature (the rows
// stay); otherwise nothing (the next layer's local values read the graphs,
// paper-r's eta the per-point sums). A sweep holds its data sets' input
// layers so, one per data set, for all its models.
void keep_only_needed(LayerGraphs& graphs, const AnalysisOptions& options);

// ks: each from 1 to n - 1 (none with a radius graph). `names` name the
// layers in errors. `on_layer` is called after each layer, for progress.
// `first`, when given, is layer_graphs() of layers[0] with the same ks and
// options, and is used instead of searching layers[0] again (the result is
// the same; a logic error when its points or ks differ); it is read, never
// copied, so one may serve many analyses at once. Errors as
// check_layers(), check_geometry_options() and check_coefficient_options();
// the local values, the labels and kept graphs are usage errors under
// paper-r, include_input without an input layer too, and labels that do
// not number the points are a data error.
Analysis analyze_layers(const std::vector<MatrixViewF>& layers, const std::vector<int>& ks,
                        const AnalysisOptions& options,
                        const std::function<void(std::size_t layer)>& on_layer = nullptr,
                        const std::vector<std::string>& names = {}, const LayerGraphs* first = nullptr);

// The rows of the ki-th of `k_count` ks from rows ordered by k, then layer
// (Analysis::layers): one model's layers at that k.
std::vector<LayerGeometry> rows_at_k(const std::vector<LayerGeometry>& rows, std::size_t k_count, std::size_t ki);

// k from fractions of n: round(f n), each from 1 to n - 1 (a usage error
// otherwise, naming the fraction).
std::vector<int> ks_from_fractions(const std::vector<double>& fractions, std::size_t n);

// The smallest k at which the k-NN graph of every layer is connected (the
// graph kind and tie rule of `options`; paper-r: directions ignored, every
// tie kept). Each layer costs one k-NN search at a generous k (at least 32,
// doubled until the graph connects) and a union-find over its entries in
// rank order (geom/connecting_k.h), never a search per candidate k. Errors
// as check_layers() (for k = 1).
std::size_t connecting_k(const std::vector<MatrixViewF>& layers, const GeometryOptions& options);

// The grid of `--k auto` for n points: k_low, then each next
// k = max(k + 1, round(1.5 k)), up to and including the first k >= 0.2 n,
// every k at most n - 1 (just k_low when it is already beyond 0.2 n).
std::vector<int> auto_k_grid(std::size_t k_low, std::size_t n);

}  // namespace ricci
