// analysis.h — the whole analysis of one layer sequence: geometry of every
// layer at every k, rho_k per k, and optionally the local values of Hehl et
// al. This is what `ricci analyze` and `ricci sweep` run.
//
// One pass over the layers: each layer's k-NN lists are computed once, for
// the largest k, and every smaller k takes their prefixes; for the local
// values the graphs of the previous layer are kept, never more.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "data/matrix.h"
#include "flow/coefficients.h"
#include "flow/geometry.h"
#include "flow/local.h"

namespace ricci {

struct AnalysisOptions {
  GeometryOptions geometry;
  bool local = false;  // compute the layer and local coefficients too
};

struct Analysis {
  Curvature curvature = Curvature::Forman;     // the curvature of LayerGeometry::curvature_total
  std::vector<LayerGeometry> layers;           // by k (as given), then layer
  std::vector<RicciCoefficient> coefficients;  // one per k
  std::vector<LocalValues> local;              // one per k, when asked
};

// ks: each from 1 to n - 1. `names` name the layers in errors. `on_layer`
// is called after each layer, for progress. Errors as check_layers() and
// check_geometry_options(); the local values are a usage error under paper-r.
Analysis analyze_layers(const std::vector<MatrixF>& layers, const std::vector<int>& ks,
                        const AnalysisOptions& options,
                        const std::function<void(std::size_t layer)>& on_layer = nullptr,
                        const std::vector<std::string>& names = {});

// The rows of the ki-th of `k_count` ks from rows ordered by k, then layer
// (Analysis::layers): one model's layers at that k.
std::vector<LayerGeometry> rows_at_k(const std::vector<LayerGeometry>& rows, std::size_t k_count, std::size_t ki);

// k from fractions of n: round(f n), each from 1 to n - 1 (a usage error
// otherwise, naming the fraction).
std::vector<int> ks_from_fractions(const std::vector<double>& fractions, std::size_t n);

}  // namespace ricci
