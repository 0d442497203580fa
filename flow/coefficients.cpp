// coefficients.cpp — eta, rho_k, z_k and the pooled coefficient.
#include "flow/coefficients.h"

#include <cmath>
#include <limits>

#include "data/error.h"
#include "data/format.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Names the variables (x = eta, y = the total curvature) in the reason of
// an undefined correlation.
Correlation named(Correlation c) {
  if (c.undefined == Undefined::XConstant) c.reason = "eta is the same for every layer";
  if (c.undefined == Undefined::YConstant) c.reason = "the total curvature is the same for every layer";
  return c;
}

RicciCoefficient coefficient_of(const RicciPairs& pairs, std::size_t k) {
  RicciCoefficient c;
  c.k = k;
  if (!pairs.reason.empty()) {
    c.pearson = c.spearman = undefined_correlation(Undefined::NoPairs, pairs.reason, pairs.eta.size());
    return c;
  }
  c.pearson = named(pearson(pairs.eta, pairs.curvature));
  c.spearman = named(spearman(pairs.eta, pairs.curvature));
  return c;
}

// The first row whose pairs are used: the input (layer 0) with
// include_input, else the first hidden layer.
std::size_t first_layer(const CoefficientOptions& options) { return options.include_input ? 0 : 1; }

std::string disconnected(const LayerGeometry& row) {
  return "layer " + std::to_string(row.layer) + " is disconnected (" + std::to_string(row.components) +
         " components)";
}

// The R code removes a model whose mean geodesic change into some layer is
// infinite (docs/method.md, "Conventions").
std::string removed_by_r_code(const LayerGeometry& row) {
  return "removed as the R code removes it: the geodesic change into layer " + std::to_string(row.layer) + " is " +
         format_double(row.eta) + " (a pair of points connected in one layer but not the other)";
}

}  // namespace

void check_coefficient_options(const CoefficientOptions& options) {
  if (options.include_input && options.convention == Convention::PaperR)
    throw usage_error("input transition",
                      "the paper-r convention follows the R code, which never pairs the input transition");
}

std::vector<double> eta_values(const std::vector<LayerGeometry>& rows, Convention convention) {
  std::vector<double> eta(rows.size(), kNaN);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (convention == Convention::PaperR) eta[i] = rows[i].eta;
    else if (rows[i].geodesic_finite && rows[i - 1].geodesic_finite)
      eta[i] = static_cast<double>(rows[i].geodesic_sum) - static_cast<double>(rows[i - 1].geodesic_sum);
  }
  return eta;
}

RicciPairs ricci_pairs(const std::vector<LayerGeometry>& rows, const CoefficientOptions& options) {
  RicciPairs pairs;
  const std::size_t first = first_layer(options);
  if (options.convention == Convention::PaperR) {
    for (std::size_t i = 1; i < rows.size(); ++i)
      if (std::isinf(rows[i].eta)) {
        pairs.reason = removed_by_r_code(rows[i]);
        return pairs;
      }
  } else {
    for (const LayerGeometry& row : rows)
      if (row.layer >= first && !row.geodesic_finite) {
        pairs.reason = disconnected(row);
        return pairs;
      }
  }
  const std::vector<double> eta = eta_values(rows, options.convention);
  for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
    if (rows[i].layer < first) continue;
    if (std::isnan(eta[i + 1])) continue;  // paper-r: an incomplete pair, dropped as cor.test drops it
    pairs.eta.push_back(eta[i + 1]);
    pairs.curvature.push_back(rows[i].curvature_total);
    pairs.layer.push_back(rows[i].layer);
  }
  return pairs;
}

std::size_t hidden_layer_count(const std::vector<LayerGeometry>& rows) {
  std::size_t count = 0;
  for (const LayerGeometry& row : rows) count += row.layer >= 1;
  return count;
}

double adjusted_coefficient(double rho, std::size_t hidden_layers) {
  if (hidden_layers <= 4 || !(std::fabs(rho) < 1.0)) return kNaN;
  return std::atanh(rho) / std::sqrt(static_cast<double>(hidden_layers) - 4.0);
}

RicciCoefficient ricci_coefficient(const std::vector<LayerGeometry>& rows, const CoefficientOptions& options) {
  RicciCoefficient c = coefficient_of(ricci_pairs(rows, options), rows.empty() ? 0 : rows[0].k);
  c.hidden_layers = hidden_layer_count(rows);
  c.z = adjusted_coefficient(c.pearson.r, c.hidden_layers);
  return c;
}

bool well_trained(double test_accuracy, double accuracy_threshold) { return test_accuracy > accuracy_threshold; }

PooledCoefficient pooled_coefficient(const std::vector<ModelGeometry>& models, double accuracy_threshold,
                                     const CoefficientOptions& options) {
  PooledCoefficient pooled;
  pooled.models = models.size();
  RicciPairs all;
  std::size_t k = 0;
  for (const ModelGeometry& model : models) {
    if (!well_trained(model.test_accuracy, accuracy_threshold)) continue;
    const RicciPairs pairs = ricci_pairs(model.rows, options);
    if (!pairs.reason.empty()) continue;
    ++pooled.models_used;
    pooled.model_pairs.push_back(pairs.eta.size());
    if (!model.rows.empty()) k = model.rows[0].k;
    all.eta.insert(all.eta.end(), pairs.eta.begin(), pairs.eta.end());
    all.curvature.insert(all.curvature.end(), pairs.curvature.begin(), pairs.curvature.end());
    all.layer.insert(all.layer.end(), pairs.layer.begin(), pairs.layer.end());
  }
  if (pooled.models_used == 0)
    all.reason = "no model is above the accuracy threshold with its pairs defined";
  pooled.coefficient = coefficient_of(all, k);
  pooled.pairs = std::move(all);
  return pooled;
}

}  // namespace ricci
