// coefficients.h — the global Ricci coefficient, its adjusted form and the
// pooled coefficient (docs/method.md, definitions 4 and 5; Baptista et al.,
// "Deep Learning as Ricci Flow", 2024, Eq. 8 and Eq. 11).
//
// For one model and one k, with g_l the geodesic sum and Ric_l the total
// curvature of layer l (geometry.h), layer 0 the input and 1..L the hidden
// layers:
//
//   eta_l = g_{l+1} - g_l                  the change into the next layer
//   rho_k = Pearson correlation of (eta_l, Ric_l) over l = 1..L-1   (Eq. 8)
//
// over the hidden layers only: L - 1 pairs. rho_k < 0 is Ricci-flow-like:
// a positively curved layer contracts into the next (eta < 0), a negatively
// curved one expands. With include_input the input transition
// (g_1 - g_0, Ric_0) is paired too (L pairs): an extension, not the paper's
// coefficient. (layers.csv writes eta where the change arrives: its row l
// holds g_l - g_{l-1}.) rho_k is undefined, with the reason, when a layer
// used is disconnected (g infinite) or there are fewer than 3 pairs. A layer
// sequence without an input layer (rows numbered from 1) is paired the same
// way.
//
// The adjusted coefficient of Eq. 11, as printed in the paper, is
//
//   z_k = arctanh(rho_k) / sqrt(L - 4),
//
// undefined for L <= 4 and where rho_k is undefined or +-1.
//
// Under the paper-r convention (the authors' R code, paper_r.h) eta is the
// R code's total of per-point changes, which pairs unreachable in a layer
// leave finite, infinite or NaN: a model with an infinite eta anywhere (the
// input transition included) is removed, as the R code removes it, and a
// pair whose eta is NaN is dropped, as cor.test drops incomplete pairs.
//
// The pooled coefficient of a group of models (the paper pools the
// well-trained models of one data set x width x depth) is the Pearson
// correlation over all (model, l) pairs of the models whose test accuracy is
// above the threshold (strictly, as the paper writes "> 99%" and the R code
// `acc > a`) and whose pairs are defined.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "flow/geometry.h"
#include "flow/statistics.h"

namespace ricci {

// Which pairs make rho_k.
struct CoefficientOptions {
  Convention convention = Convention::Standard;
  bool include_input = false;  // also the input transition (standard convention only)
};

// A usage error for options that do not combine (include_input under paper-r,
// whose R code never pairs the input transition).
void check_coefficient_options(const CoefficientOptions& options);

// eta of the rows of one model at one k (ordered by layer), aligned with the
// rows: entry i is the change from rows[i - 1] to rows[i]. Standard:
// g_i - g_{i-1}, NaN for the first row and where a geodesic sum is
// infinite. paper-r: the rows' own `eta` (paper_r.h).
std::vector<double> eta_values(const std::vector<LayerGeometry>& rows, Convention convention = Convention::Standard);

struct RicciCoefficient {
  std::size_t k = 0;
  Correlation pearson;   // rho_k, its p-value, pairs, and the reason when undefined
  Correlation spearman;  // the rank version, for robustness
  std::size_t hidden_layers = 0;  // L: the rows after the input
  double z = 0.0;        // Eq. 11; NaN where undefined
};

// The (eta_l, Ric_l) pairs of one model, or the reason they are not
// defined (a disconnected layer; under paper-r an infinite eta).
struct RicciPairs {
  std::vector<double> eta, curvature;
  std::vector<std::size_t> layer;  // l of each pair (eta_l = g_{l+1} - g_l, Ric_l)
  std::string reason;  // empty when the pairs are defined
};
RicciPairs ricci_pairs(const std::vector<LayerGeometry>& rows, const CoefficientOptions& options);

// rho_k and z_k of one model from its rows at one k (ordered by layer).
RicciCoefficient ricci_coefficient(const std::vector<LayerGeometry>& rows, const CoefficientOptions& options);

// Eq. 11: arctanh(rho) / sqrt(L - 4); NaN for L <= 4, NaN rho or |rho| >= 1.
double adjusted_coefficient(double rho, std::size_t hidden_layers);

// The hidden layers of a model's rows: those after the input (layer >= 1).
std::size_t hidden_layer_count(const std::vector<LayerGeometry>& rows);

// One model's rows at one k and its test accuracy, for pooling.
struct ModelGeometry {
  double test_accuracy = 0.0;
  std::vector<LayerGeometry> rows;
};

// Whether a model counts as well-trained: test accuracy above the threshold,
// strictly ("> 99%" in the paper, `acc > a` in the R code).
bool well_trained(double test_accuracy, double accuracy_threshold);

struct PooledCoefficient {
  RicciCoefficient coefficient;
  std::size_t models = 0;        // models in the group
  std::size_t models_used = 0;   // well-trained, with pairs defined
  RicciPairs pairs;              // the pooled (eta_l, Ric_l) pairs
  std::vector<std::size_t> model_pairs;  // how many of them each model used gave, in order
};

PooledCoefficient pooled_coefficient(const std::vector<ModelGeometry>& models, double accuracy_threshold,
                                     const CoefficientOptions& options);

}  // namespace ricci
