// groups.cpp — models grouped by data set and architecture, and groups.csv.
#include "flow/groups.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "flow/describe.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Groups of the models of one baseline with equal keys, in order of first appearance.
template <class Key>
std::vector<ModelGroup> group_by(const Sweep& sweep, Baseline baseline, Key key) {
  std::vector<ModelGroup> groups;
  for (std::size_t m = 0; m < sweep.models.size(); ++m) {
    if (sweep.models[m].baseline != baseline) continue;
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

// The stream of Rng(k, stream) that resamples models; the pairs' bootstrap
// (bootstrap_pearson_interval) draws from stream 0 (docs/method.md,
// definition 7).
constexpr std::uint64_t kModelStream = 1;

}  // namespace

const char* baseline_name(Baseline baseline) {
  switch (baseline) {
    case Baseline::None: return "none";
    case Baseline::Untrained: return "untrained";
    case Baseline::ShuffledLabels: return "shuffled-labels";
  }
  return "none";
}

bool parse_baseline(const std::string& name, Baseline& baseline) {
  for (Baseline b : {Baseline::None, Baseline::Untrained, Baseline::ShuffledLabels})
    if (name == baseline_name(b)) {
      baseline = b;
      return true;
    }
  return false;
}

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

bool well_trained_model(Baseline baseline, bool ok, double test_accuracy, double accuracy_threshold) {
  return baseline == Baseline::None && ok && well_trained(test_accuracy, accuracy_threshold);
}

bool is_well_trained(const SweepModel& model, const Sweep& sweep) {
  return well_trained_model(model.baseline, model.ok(), model.test_accuracy, sweep.threshold_for(model.dataset));
}

bool is_analysed(const SweepModel& model, const Sweep& sweep) {
  return model.baseline == Baseline::None ? is_well_trained(model, sweep) : model.ok();
}

std::vector<Baseline> sweep_baselines(const Sweep& sweep) {
  std::vector<Baseline> baselines = {Baseline::None};
  for (const SweepModel& model : sweep.models)
    if (std::find(baselines.begin(), baselines.end(), model.baseline) == baselines.end())
      baselines.push_back(model.baseline);
  return baselines;
}

std::vector<ModelGroup> dataset_groups(const Sweep& sweep, Baseline baseline) {
  return group_by(sweep, baseline, [](const SweepModel& m) { return ModelGroup{m.dataset, "", 0, {}, m.baseline}; });
}

std::vector<ModelGroup> architecture_groups(const Sweep& sweep, Baseline baseline) {
  return group_by(sweep, baseline,
                  [](const SweepModel& m) { return ModelGroup{m.dataset, m.width, m.depth, {}, m.baseline}; });
}

std::vector<ModelRho> model_rhos(const Sweep& sweep, const ModelGroup& group, int k, bool analysed_only) {
  std::vector<ModelRho> rhos;
  for (std::size_t m : group.members) {
    if (!sweep.models[m].ok() || (analysed_only && !is_analysed(sweep.models[m], sweep))) continue;
    const RicciCoefficient c = ricci_coefficient(layers_at_k(sweep.models[m], k), sweep.coefficients());
    if (c.pearson.defined()) rhos.push_back({m, c.pearson, c.z});
  }
  return rhos;
}

PooledCoefficient group_pooled_coefficient(const Sweep& sweep, const ModelGroup& group, int k) {
  std::vector<ModelGeometry> pool;
  for (std::size_t m : group.members) {
    const SweepModel& model = sweep.models[m];
    std::vector<LayerGeometry> rows = layers_at_k(model, k);
    if (is_analysed(model, sweep) && !rows.empty()) pool.push_back({model.test_accuracy, std::move(rows)});
  }
  // Every model pooled is analysed already: no threshold left to apply.
  return pooled_coefficient(pool, -std::numeric_limits<double>::infinity(), sweep.coefficients());
}

ModelLevel model_level(const Sweep& sweep, const ModelGroup& group, int k, const PooledCoefficient& pooled) {
  ModelLevel level;
  std::vector<double> z, rho;
  for (const ModelRho& m : model_rhos(sweep, group, k, true)) {
    rho.push_back(m.rho.r);
    if (!std::isnan(m.z)) z.push_back(m.z);
  }
  level.z = one_sample_t(z);
  level.sign = sign_test(rho);
  level.pooled_interval = bootstrap_cluster_pearson_interval(pooled.pairs.eta, pooled.pairs.curvature,
                                                             pooled.model_pairs, kBootstrapResamples, kBootstrapLevel,
                                                             static_cast<std::uint64_t>(k), kModelStream);
  return level;
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
  for (Baseline baseline : sweep_baselines(sweep))
    for (const ModelGroup& architecture : architecture_groups(sweep, baseline)) {
      const double mean_test_accuracy = accuracy_summary(sweep, architecture).mean_test;
      for (int k : sweep.ks) {
        GroupRow row;
        row.architecture = architecture;
        row.k = k;
        row.mean_test_accuracy = mean_test_accuracy;
        row.pooled = group_pooled_coefficient(sweep, architecture, k);
        row.pooled_interval = bootstrap_pearson_interval(row.pooled.pairs.eta, row.pooled.pairs.curvature,
                                                         kBootstrapResamples, kBootstrapLevel,
                                                         static_cast<std::uint64_t>(k));
        const std::vector<ModelRho> rhos = model_rhos(sweep, architecture, k);
        std::vector<double> analysed_rho;
        std::vector<std::size_t> analysed_pairs;
        for (const ModelRho& m : rhos)
          if (is_analysed(sweep.models[m.model], sweep)) {
            analysed_rho.push_back(m.rho.r);
            analysed_pairs.push_back(m.rho.n);
          }
        row.fisher = fisher_combine(analysed_rho, analysed_pairs);
        row.rho_accuracy = rho_accuracy(sweep, rhos);
        row.model_level = model_level(sweep, architecture, k, row.pooled);
        rows.push_back(std::move(row));
      }
    }
  return rows;
}

}  // namespace ricci
