// coefficients.cpp — eta, rho_k and the pooled coefficient.
#include "flow/coefficients.h"

#include <cmath>
#include <limits>

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

}  // namespace

std::vector<double> eta_values(const std::vector<LayerGeometry>& rows) {
  std::vector<double> eta(rows.size(), kNaN);
  for (std::size_t l = 1; l < rows.size(); ++l)
    if (rows[l].geodesic_finite && rows[l - 1].geodesic_finite)
      eta[l] = static_cast<double>(rows[l].geodesic_sum) - static_cast<double>(rows[l - 1].geodesic_sum);
  return eta;
}

RicciPairs ricci_pairs(const std::vector<LayerGeometry>& rows, Convention convention) {
  RicciPairs pairs;
  for (const LayerGeometry& row : rows)
    if (!row.geodesic_finite) {
      pairs.reason = "layer " + std::to_string(row.layer) + " is disconnected (" +
                     std::to_string(row.components) + " components)";
      return pairs;
    }
  const std::vector<double> eta = eta_values(rows);
  const std::size_t first = convention == Convention::PaperR ? 2 : 1;
  for (std::size_t l = first; l < rows.size(); ++l) {
    pairs.eta.push_back(eta[l]);
    pairs.curvature.push_back(rows[l - 1].curvature_total);
  }
  return pairs;
}

RicciCoefficient ricci_coefficient(const std::vector<LayerGeometry>& rows, Convention convention) {
  return coefficient_of(ricci_pairs(rows, convention), rows.empty() ? 0 : rows[0].k);
}

bool well_trained(double test_accuracy, double accuracy_threshold, Convention convention) {
  return convention == Convention::PaperR ? test_accuracy > accuracy_threshold : test_accuracy >= accuracy_threshold;
}

PooledCoefficient pooled_coefficient(const std::vector<ModelGeometry>& models, double accuracy_threshold,
                                     Convention convention) {
  PooledCoefficient pooled;
  pooled.models = models.size();
  RicciPairs all;
  std::size_t k = 0;
  for (const ModelGeometry& model : models) {
    if (!well_trained(model.test_accuracy, accuracy_threshold, convention)) continue;
    const RicciPairs pairs = ricci_pairs(model.rows, convention);
    if (!pairs.reason.empty()) continue;
    ++pooled.models_used;
    if (!model.rows.empty()) k = model.rows[0].k;
    all.eta.insert(all.eta.end(), pairs.eta.begin(), pairs.eta.end());
    all.curvature.insert(all.curvature.end(), pairs.curvature.begin(), pairs.curvature.end());
  }
  if (pooled.models_used == 0)
    all.reason = "no model reaches the accuracy threshold with connected graphs";
  pooled.coefficient = coefficient_of(all, k);
  pooled.pairs = std::move(all);
  return pooled;
}

}  // namespace ricci
