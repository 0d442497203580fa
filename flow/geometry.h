// geometry.h — the per-layer geometry of a layer sequence: for each k and
// each layer, the k-NN graph's size, components, geodesic sum and total
// curvature (docs/method.md, definitions 1 to 3).
//
// Input is any list of n x d_l matrices with the same n rows (the same points
// seen by each layer), so activations from any framework can be analysed.
// The k-NN lists of a layer are computed once for the largest k: the lists
// for a smaller k are their prefixes (geom/knn.h's prefix_lists, which
// follows ties across ks), so every k sees exactly the graph a separate
// search would give.
//
// Two conventions:
//   standard  docs/method.md: the undirected union (or mutual) k-NN graph;
//             deg(i) = distinct neighbours; g = sum over unordered pairs.
//   paper-r   the authors' original R code (Baptista et al., cccd::nng and
//             igraph; paper_r.h): the directed k-NN graph with every tie at
//             the k-th distance, degree = out + in, Forman-Ricci summed over
//             arcs, geodesics over ordered pairs (2 g).
//             docs/method.md lists every difference.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "data/matrix.h"
#include "flow/community.h"
#include "geom/curvature.h"
#include "geom/graph.h"
#include "geom/knn.h"

namespace ricci {

enum class Convention { Standard, PaperR };
// "standard" or "paper-r"; anything else is a usage error.
Convention parse_convention(const std::string& name);
const char* convention_name(Convention convention);
// "union" or "mutual"; anything else is a usage error.
GraphKind parse_graph_kind(const std::string& name);
const char* graph_kind_name(GraphKind kind);
// "index" or "all" (geom/knn.h); anything else is a usage error.
Ties parse_ties(const std::string& name);
const char* ties_name(Ties ties);

// The graph of each layer: a k-NN graph of a kind, or the radius graph
// (radius_graph.h) of radius R > 0, which replaces the ks.
struct GraphSpec {
  GraphKind kind = GraphKind::Union;
  double radius = 0.0;  // > 0: the radius graph
};
// "union", "mutual" or "radius:R" (R positive and finite); anything else is
// a usage error naming the graph kind.
GraphSpec parse_graph_spec(const std::string& text);

struct GeometryOptions {
  GraphKind graph = GraphKind::Union;
  double radius = 0.0;          // > 0: each layer's radius graph instead of k-NN graphs
  Curvature curvature = Curvature::Forman;
  double ollivier_alpha = 0.0;  // the laziness of Curvature::Ollivier (ollivier.h)
  Convention convention = Convention::Standard;
  Ties ties = Ties::Index;  // paper-r needs Ties::All, cccd::nng's rule
  // A deviation from the paper, off by default: on a disconnected graph,
  // sum geodesics within components only (so g stays finite).
  bool within_components = false;
  int threads = 1;  // workers; results do not depend on it
};

// One layer's graph at one k.
struct LayerGeometry {
  std::size_t k = 0;
  std::size_t layer = 0;
  std::size_t nodes = 0;
  std::size_t edges = 0;          // undirected edges (paper-r: arcs, n k)
  std::size_t components = 0;     // connected components (directions ignored)
  bool geodesic_finite = true;    // false when disconnected (unless within_components)
  std::uint64_t geodesic_sum = 0; // g_l, exact; meaningful when geodesic_finite
  std::int64_t forman_total = 0;  // total Forman-Ricci curvature, exact
  double curvature_total = 0.0;   // total of the chosen curvature (= forman_total for Forman)
  ClassStructure classes;         // against the points' labels, when given (community.h)
  // paper-r only: the R code's total geodesic change from the layer before
  // into this one (paper_r.h): finite, +-infinite or NaN; NaN for the first
  // layer. Under the standard convention eta follows from geodesic_sum
  // (coefficients.h) and this stays NaN.
  double eta = std::numeric_limits<double>::quiet_NaN();
};

// Checks the layers (at least one, same row count, finite values) and the
// ks (each from 1 to n - 1, no repeats): usage errors for impossible k, data
// errors naming the layer for bad matrices. `names` (e.g. file names) name
// the layers in errors; empty means "layer <l>".
void check_layers(const std::vector<MatrixViewF>& layers, const std::vector<int>& ks,
                  const std::vector<std::string>& names = {});
// The checks of the matrices alone (for radius graphs, which take no k).
void check_layer_matrices(const std::vector<MatrixViewF>& layers, const std::vector<std::string>& names = {});

// Usage errors for options that do not combine (paper-r with a mutual or
// radius graph, a curvature other than Forman, index ties or
// within_components; a radius graph with Ties::All; a directed graph; an
// Ollivier alpha that is not an exact fraction, ollivier.h).
void check_geometry_options(const GeometryOptions& options);

// The geometry of one graph (standard convention): what analyze_layers()
// computes for each layer and k. `edge_curvature`, when given, holds the
// chosen curvature per slot, already computed (the total is then its sum).
LayerGeometry graph_geometry(const Graph& graph, const GeometryOptions& options,
                             const std::vector<double>* edge_curvature = nullptr);

}  // namespace ricci
