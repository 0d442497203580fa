// groups.cpp — models grouped by data set and architecture, and groups.csv.
#include "flow/groups.h"

#include <algorithm>
#include <limits>

#include "flow/describe.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Groups of models with equal keys, in order of first appearance.
template <class Key>
std::vector<ModelGroup> group_by(const Sweep& sweep, Key key) {
  std::vector<ModelGroup> groups;
  for (std::size_t m = 0; m < sweep.models.size(); ++m) {
    const ModelGroup model_key = key(sweep.models[m]);
    auto same = [&](const ModelGroup& g) {
      return g.dataset == model_key.dataset && g.width == model_key.width && g.depth == model_key.depth;
    };
    auto it = std::find_if(groups.begin(), groups.end(), same);
    if (it == groups.end()) it = groups.insert(groups.end(), model_key);
    it->members.push_back(m);
  }
  return groups;
}

}  // namespace

std::vector<LayerGeometry> layers_at_k(const SweepModel& model, int k) {
  std::vector<LayerGeometry> rows;
  for (const LayerGeometry& row : model.layers)
    if (row.k == static_cast<std::size_t>(k)) rows.push_back(row);
  return rows;
}

double Sweep::threshold_for(const std::string& dataset) const {
  const auto it = dataset_thresholds.find(dataset);
  return it == dataset_thresholds.end() ? accuracy_threshold : it->second;
}

bool is_well_trained(const SweepModel& model, const Sweep& sweep) {
  return model.ok() && well_trained(model.test_accuracy, sweep.threshold_for(model.dataset));
}

std::vector<ModelGroup> dataset_groups(const Sweep& sweep) {
  return group_by(sweep, [](const SweepModel& m) { return ModelGroup{m.dataset, "", 0, {}}; });
}

std::vector<ModelGroup> architecture_groups(const Sweep& sweep) {
  return group_by(sweep, [](const SweepModel& m) { return ModelGroup{m.dataset, m.width, m.depth, {}}; });
}

std::vector<ModelRho> model_rhos(const Sweep& sweep, const ModelGroup& group, int k) {
  std::vector<ModelRho> rhos;
  for (std::size_t m : group.members) {
    if (!sweep.models[m].ok()) continue;
    const Correlation rho = ricci_coefficient(layers_at_k(sweep.models[m], k), sweep.coefficients()).pearson;
    if (rho.defined()) rhos.push_back({m, rho});
  }
  return rhos;
}

PooledCoefficient group_pooled_coefficient(const Sweep& sweep, const ModelGroup& group, int k) {
  std::vector<ModelGeometry> pool;
  for (std::size_t m : group.members) {
    const SweepModel& model = sweep.models[m];
    std::vector<LayerGeometry> rows = layers_at_k(model, k);
    if (model.ok() && !rows.empty()) pool.push_back({model.test_accuracy, std::move(rows)});
  }
  return pooled_coefficient(pool, sweep.threshold_for(group.dataset), sweep.coefficients());
}

RhoAccuracy rho_accuracy(const Sweep& sweep, const std::vector<ModelRho>& rhos) {
  std::vector<double> rho, accuracy;
  for (const ModelRho& m : rhos) {
    rho.push_back(m.rho.r);
    accuracy.push_back(sweep.models[m.model].test_accuracy);
  }
  return {pearson(rho, accuracy), spearman(rho, accuracy)};
}

AccuracySummary accuracy_summary(const Sweep& sweep, const ModelGroup& group) {
  AccuracySummary summary;
  summary.models = group.members.size();
  std::vector<double> train, test;
  for (std::size_t m : group.members)
    if (sweep.models[m].ok()) {
      train.push_back(sweep.models[m].train_accuracy);
      test.push_back(sweep.models[m].test_accuracy);
    }
  summary.trained = test.size();
  summary.mean_train = mean(train);
  summary.mean_test = mean(test);
  summary.min_test = test.empty() ? kNaN : *std::min_element(test.begin(), test.end());
  return summary;
}

std::vector<GroupRow> group_rows(const Sweep& sweep) {
  std::vector<GroupRow> rows;
  for (const ModelGroup& architecture : architecture_groups(sweep)) {
    const double mean_test_accuracy = accuracy_summary(sweep, architecture).mean_test;
    for (int k : sweep.ks) {
      GroupRow row;
      row.architecture = architecture;
      row.k = k;
      row.mean_test_accuracy = mean_test_accuracy;
      row.pooled = group_pooled_coefficient(sweep, architecture, k);
      row.pooled_interval = bootstrap_pearson_interval(row.pooled.pairs.eta, row.pooled.pairs.curvature, 1000, 0.95,
                                                       static_cast<std::uint64_t>(k));
      const std::vector<ModelRho> rhos = model_rhos(sweep, architecture, k);
      std::vector<double> well_trained_rho;
      std::vector<std::size_t> well_trained_pairs;
      for (const ModelRho& m : rhos)
        if (is_well_trained(sweep.models[m.model], sweep)) {
          well_trained_rho.push_back(m.rho.r);
          well_trained_pairs.push_back(m.rho.n);
        }
      row.fisher = fisher_combine(well_trained_rho, well_trained_pairs);
      row.rho_accuracy = rho_accuracy(sweep, rhos);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace ricci
