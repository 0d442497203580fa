// summary.cpp — the per-data-set results, best k, rho against accuracy, and
// the values the report's figures draw.
#include "flow/summary.h"

#include <cmath>
#include <limits>

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The rho_k of the group's models that ran (analysed_only: its analysed
// models) with rho_k defined, in group order.
std::vector<double> defined_rhos(const Sweep& sweep, const ModelGroup& group, int k, bool analysed_only) {
  std::vector<double> rhos;
  for (const ModelRho& m : model_rhos(sweep, group, k, analysed_only)) rhos.push_back(m.rho.r);
  return rhos;
}

}  // namespace

ModelCounts model_counts(const Sweep& sweep, Baseline baseline) {
  ModelCounts counts;
  for (const SweepModel& model : sweep.models) {
    if (model.baseline != baseline) continue;
    ++counts.models;
    counts.trained += model.ok();
    counts.well_trained += is_well_trained(model, sweep);
  }
  return counts;
}

std::vector<DatasetResult> dataset_results(const Sweep& sweep) {
  std::vector<DatasetResult> results;
  for (const ModelGroup& dataset : dataset_groups(sweep))
    for (int k : sweep.ks) {
      DatasetResult result;
      result.dataset = dataset.dataset;
      result.k = k;
      std::vector<double> rhos;
      for (const ModelRho& m : model_rhos(sweep, dataset, k))
        if (is_well_trained(sweep.models[m.model], sweep)) rhos.push_back(m.rho.r);
      result.well_trained = rhos.size();
      for (double rho : rhos) result.negative += rho < 0;
      result.share_negative =
          rhos.empty() ? kNaN : static_cast<double>(result.negative) / static_cast<double>(rhos.size());
      result.median_rho = median(rhos);
      PooledCoefficient pooled = group_pooled_coefficient(sweep, dataset, k);
      result.model_level = model_level(sweep, dataset, k, pooled);
      result.pooled = pooled.coefficient.pearson;
      result.pooled_pairs = std::move(pooled.pairs);
      result.eta_on_curvature = least_squares(result.pooled_pairs.curvature, result.pooled_pairs.eta);
      results.push_back(std::move(result));
    }
  return results;
}

std::vector<BestK> best_k_per_dataset(const std::vector<DatasetResult>& results) {
  std::vector<BestK> best;
  for (const DatasetResult& result : results) {
    if (best.empty() || best.back().dataset != result.dataset) best.push_back({result.dataset, false, 0, kNaN});
    BestK& b = best.back();
    if (result.pooled.defined() && (!b.found || result.pooled.r < b.pooled_rho))
      b = {result.dataset, true, result.k, result.pooled.r};
  }
  return best;
}

std::vector<ModelsRhoAccuracy> rho_accuracy_across_models(const Sweep& sweep) {
  std::vector<ModelsRhoAccuracy> out;
  for (const ModelGroup& dataset : dataset_groups(sweep))
    for (int k : sweep.ks) out.push_back({dataset.dataset, k, rho_accuracy(sweep, model_rhos(sweep, dataset, k))});
  return out;
}

std::vector<ArchitecturesRhoAccuracy> rho_accuracy_across_architectures(const Sweep& sweep,
                                                                        const std::vector<GroupRow>& groups) {
  std::vector<ArchitecturesRhoAccuracy> out;
  for (int k : sweep.ks) {
    std::vector<double> rho, accuracy;
    for (const GroupRow& row : groups) {
      const double r = row.pooled.coefficient.pearson.r;
      if (row.architecture.baseline == Baseline::None && row.k == k && !std::isnan(r) &&
          !std::isnan(row.mean_test_accuracy)) {
        rho.push_back(r);
        accuracy.push_back(row.mean_test_accuracy);
      }
    }
    out.push_back({k, pearson(rho, accuracy)});
  }
  return out;
}

LayerDistributions layer_distributions(const Sweep& sweep, const ModelGroup& group, int k) {
  std::vector<std::vector<double>> eta, curvature;  // by layer
  for (std::size_t m : group.members) {
    if (!is_well_trained(sweep.models[m], sweep)) continue;
    const std::vector<LayerGeometry> rows = layers_at_k(sweep.models[m], k);
    const std::vector<double> eta_l = eta_values(rows, sweep.convention);
    if (eta.size() < rows.size()) eta.resize(rows.size()), curvature.resize(rows.size());
    for (std::size_t l = 0; l < rows.size(); ++l) {
      if (!std::isnan(eta_l[l])) eta[l].push_back(eta_l[l]);
      curvature[l].push_back(rows[l].curvature_total);
    }
  }
  LayerDistributions out;
  for (std::size_t l = 0; l < eta.size(); ++l) {
    out.eta.push_back(box_summary(eta[l]));
    out.curvature.push_back(box_summary(curvature[l]));
  }
  return out;
}

std::vector<double> mean_rho_per_k(const Sweep& sweep, const ModelGroup& group, bool analysed_only) {
  std::vector<double> means;
  for (int k : sweep.ks) means.push_back(mean(defined_rhos(sweep, group, k, analysed_only)));
  return means;
}

std::vector<ModelPairs> model_pairs(const Sweep& sweep, const ModelGroup& group, int k) {
  std::vector<ModelPairs> out;
  for (std::size_t m : group.members) {
    if (!is_well_trained(sweep.models[m], sweep)) continue;
    RicciPairs pairs = ricci_pairs(layers_at_k(sweep.models[m], k), sweep.coefficients());
    if (pairs.reason.empty()) out.push_back({m, std::move(pairs)});
  }
  return out;
}

std::vector<RhoSpread> rho_spread_per_k(const Sweep& sweep, const ModelGroup& group, bool analysed_only) {
  std::vector<RhoSpread> spread;
  for (int k : sweep.ks) {
    const std::vector<double> rhos = defined_rhos(sweep, group, k, analysed_only);
    spread.push_back({rhos.size(), quantile(rhos, 0.25), median(rhos), quantile(rhos, 0.75)});
  }
  return spread;
}

}  // namespace ricci
