// coefficients.h — the global Ricci coefficient and the pooled coefficient
// (docs/method.md, definitions 4 and 5; Baptista et al., "Deep Learning as Ricci
// Flow", 2024).
//
// For one model and one k, with g_l the geodesic sum and Ric_l the total
// curvature of layer l (geometry.h):
//
//   eta_l = g_l - g_{l-1},                         l = 1..L
//   rho_k = Pearson correlation of (eta_l, Ric_{l-1}) over l = 1..L
//
// rho_k < 0 is Ricci-flow-like: layers that are positively curved contract
// (their successor has smaller geodesics), negatively curved ones expand.
// Under the paper-r convention the input layer's curvature is not used, as
// in the authors' R code: the pairs are l = 2..L. rho_k is undefined, with
// the reason, when a layer's graph is disconnected (g infinite) or there
// are fewer than 3 pairs.
//
// The pooled coefficient of a group of models (the paper pools the
// well-trained models of one architecture) is the Pearson correlation over
// all (model, l) pairs of the models whose test accuracy is at least the
// threshold (paper-r: above it, as the R code's `acc > a`) and whose graphs
// are all connected.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "flow/geometry.h"
#include "flow/statistics.h"

namespace ricci {

// eta_l for the rows of one model at one k (ordered by layer): NaN for
// layer 0 and where g_l or g_{l-1} is infinite.
std::vector<double> eta_values(const std::vector<LayerGeometry>& rows);

struct RicciCoefficient {
  std::size_t k = 0;
  Correlation pearson;   // rho_k, its p-value, pairs, and the reason when undefined
  Correlation spearman;  // the rank version, for robustness
};

// The (eta_l, Ric_{l-1}) pairs of one model, or the reason they are not
// defined (a disconnected layer).
struct RicciPairs {
  std::vector<double> eta, curvature;
  std::string reason;  // empty when the pairs are defined
};
RicciPairs ricci_pairs(const std::vector<LayerGeometry>& rows, Convention convention);

// rho_k of one model from its rows at one k (ordered by layer).
RicciCoefficient ricci_coefficient(const std::vector<LayerGeometry>& rows, Convention convention);

// One model's rows at one k and its test accuracy, for pooling.
struct ModelGeometry {
  double test_accuracy = 0.0;
  std::vector<LayerGeometry> rows;
};

// Whether a model counts as well-trained for pooling: test accuracy at least
// the threshold (paper-r: above it, as the R code's `acc > a`).
bool well_trained(double test_accuracy, double accuracy_threshold, Convention convention);

struct PooledCoefficient {
  RicciCoefficient coefficient;
  std::size_t models = 0;        // models in the group
  std::size_t models_used = 0;   // well-trained and connected
  RicciPairs pairs;              // the pooled (eta_l, Ric_{l-1}) pairs
};

PooledCoefficient pooled_coefficient(const std::vector<ModelGeometry>& models, double accuracy_threshold,
                                     Convention convention);

}  // namespace ricci
