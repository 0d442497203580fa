// protocol.cpp — best k, the per-model columns, the regression and the
// headline numbers of the paper's protocol.
#include "flow/protocol.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "data/error.h"
#include "flow/describe.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool same_group(const ModelGroup& group, const SweepModel& model) {
  return group.dataset == model.dataset && group.width == model.width && group.depth == model.depth &&
         group.baseline == model.baseline;
}

// The test set size of a group: the nodes of its models' layers (0 when none
// has layers, or when they differ: a k fraction of the group is then
// undefined, whatever the models' order).
std::size_t test_points(const Sweep& sweep, const ModelGroup& group) {
  std::size_t n = 0;
  for (std::size_t m : group.members) {
    if (sweep.models[m].layers.empty()) continue;
    const std::size_t nodes = sweep.models[m].layers[0].nodes;
    if (n != 0 && nodes != n) return 0;
    n = nodes;
  }
  return n;
}

}  // namespace

std::vector<ArchitectureBestK> best_k_per_architecture(const Sweep& sweep, const std::vector<GroupRow>& groups) {
  std::vector<ArchitectureBestK> best;
  for (const GroupRow& row : groups) {
    const ModelGroup& group = row.architecture;
    if (best.empty() || best.back().architecture.dataset != group.dataset ||
        best.back().architecture.width != group.width || best.back().architecture.depth != group.depth ||
        best.back().architecture.baseline != group.baseline) {
      ArchitectureBestK fresh;
      fresh.architecture = group;
      fresh.k_fraction = fresh.pooled_rho = kNaN;
      best.push_back(fresh);
    }
    ArchitectureBestK& b = best.back();
    const Correlation& pooled = row.pooled.coefficient.pearson;
    if (!pooled.defined()) continue;
    if (!b.found || pooled.r < b.pooled_rho || (pooled.r == b.pooled_rho && row.k < b.k)) {
      b.found = true;
      b.k = row.k;
      b.pooled_rho = pooled.r;
      b.models_used = row.pooled.models_used;
      const std::size_t n = test_points(sweep, group);
      b.k_fraction = n > 0 ? static_cast<double>(row.k) / static_cast<double>(n) : kNaN;
    }
  }
  return best;
}

std::vector<ModelProtocol> model_protocol(const Sweep& sweep, const std::vector<ArchitectureBestK>& best) {
  std::vector<ModelProtocol> out;
  for (const SweepModel& model : sweep.models) {
    ModelProtocol p;
    p.well_trained = is_well_trained(model, sweep);
    p.analysed = is_analysed(model, sweep);
    p.rho = p.z = kNaN;
    for (const ArchitectureBestK& b : best)
      if (b.found && same_group(b.architecture, model)) p.best_k = b.k;
    if (p.best_k > 0 && model.ok()) {
      const RicciCoefficient c = ricci_coefficient(layers_at_k(model, p.best_k), sweep.coefficients());
      p.rho = c.pearson.r;
      p.z = c.z;
    }
    out.push_back(p);
  }
  return out;
}

LinearModel accuracy_regression(const std::vector<SweepProtocol>& sweeps) {
  // The well-trained models with z defined, over every sweep in order.
  // (with another outcome than test accuracy: those with it defined too).
  std::vector<const SweepModel*> used;
  std::vector<double> z, outcome_of;
  for (const SweepProtocol& s : sweeps)
    for (std::size_t m = 0; m < s.sweep->models.size(); ++m) {
      const double outcome = model_outcome(s.sweep->models[m], s.sweep->outcome);
      if ((*s.protocol)[m].well_trained && !std::isnan((*s.protocol)[m].z) && !std::isnan(outcome)) {
        used.push_back(&s.sweep->models[m]);
        z.push_back((*s.protocol)[m].z);
        outcome_of.push_back(outcome);
      }
    }
  std::vector<std::vector<double>> columns(2);
  std::vector<std::string> names = {"(Intercept)", "z"};
  std::vector<double> accuracy;
  for (std::size_t i = 0; i < used.size(); ++i) {
    columns[0].push_back(1.0);
    columns[1].push_back(z[i]);
    accuracy.push_back(outcome_of[i]);
  }
  // Treatment coding: one 0/1 column per level after the first (levels in
  // order of first appearance: the first is the reference level).
  auto add_factor = [&](const std::string& factor, auto key) {
    std::vector<std::string> values;
    for (const SweepModel* m : used)
      if (std::find(values.begin(), values.end(), key(*m)) == values.end()) values.push_back(key(*m));
    for (std::size_t v = 1; v < values.size(); ++v) {
      names.push_back(factor + "=" + values[v]);
      std::vector<double> column;
      for (const SweepModel* m : used) column.push_back(key(*m) == values[v] ? 1.0 : 0.0);
      columns.push_back(std::move(column));
    }
  };
  add_factor("dataset", [](const SweepModel& m) { return m.dataset; });
  add_factor("width", [](const SweepModel& m) { return m.width; });
  add_factor("depth", [](const SweepModel& m) { return std::to_string(m.depth); });
  return ordinary_least_squares(columns, names, accuracy);
}

LinearModel accuracy_regression(const Sweep& sweep, const std::vector<ModelProtocol>& protocol) {
  return accuracy_regression(std::vector<SweepProtocol>{{&sweep, &protocol}});
}

double model_outcome(const SweepModel& model, const std::string& outcome) {
  if (outcome == "test_accuracy") return model.test_accuracy;
  const auto it = model.outcomes.find(outcome);
  return it == model.outcomes.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

std::vector<std::string> sweep_outcomes(const Sweep& sweep) {
  std::vector<std::string> names = {"test_accuracy"};
  for (const SweepModel& model : sweep.models)
    for (const auto& entry : model.outcomes)
      if (std::find(names.begin(), names.end(), entry.first) == names.end()) names.push_back(entry.first);
  return names;
}

void check_outcome(const Sweep& sweep, const std::string& outcome) {
  const std::vector<std::string> names = sweep_outcomes(sweep);
  if (std::find(names.begin(), names.end(), outcome) != names.end()) return;
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  throw usage_error("outcome", "the sweep's models have no outcome '" + outcome + "' (they have " + list +
                                   "; the accuracies under attack come with --attack)");
}

std::vector<OutcomeCorrelation> outcome_correlations(const Sweep& sweep, const std::vector<ModelProtocol>& protocol,
                                                     const std::string& outcome) {
  // Data sets and baselines in order of first appearance (the grid's order).
  std::vector<std::pair<std::string, Baseline>> keys;
  for (const SweepModel& model : sweep.models)
    if (std::find(keys.begin(), keys.end(), std::make_pair(model.dataset, model.baseline)) == keys.end())
      keys.push_back({model.dataset, model.baseline});
  std::vector<OutcomeCorrelation> out;
  for (const auto& [dataset, baseline] : keys) {
    std::vector<double> z, z_outcome, rho, rho_outcome;
    for (std::size_t m = 0; m < sweep.models.size(); ++m) {
      const SweepModel& model = sweep.models[m];
      if (model.dataset != dataset || model.baseline != baseline || !protocol[m].analysed) continue;
      const double value = model_outcome(model, outcome);
      if (std::isnan(value)) continue;
      if (!std::isnan(protocol[m].z)) {
        z.push_back(protocol[m].z);
        z_outcome.push_back(value);
      }
      if (!std::isnan(protocol[m].rho)) {
        rho.push_back(protocol[m].rho);
        rho_outcome.push_back(value);
      }
    }
    OutcomeCorrelation row;
    row.dataset = dataset;
    row.baseline = baseline;
    row.z = pearson(z, z_outcome);
    row.rho = pearson(rho, rho_outcome);
    double sum = 0;
    for (double v : z_outcome) sum += v;
    row.mean_outcome = z_outcome.empty() ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(z_outcome.size());
    out.push_back(std::move(row));
  }
  return out;
}

Headline headline_numbers(const Sweep& sweep, const std::vector<ArchitectureBestK>& best,
                          const std::vector<ModelProtocol>& protocol, Baseline baseline) {
  Headline h;
  std::vector<double> changes;
  for (std::size_t m = 0; m < sweep.models.size(); ++m) {
    const ModelProtocol& p = protocol[m];
    if (sweep.models[m].baseline != baseline || !p.analysed || std::isnan(p.rho)) continue;
    ++h.analysed;
    h.negative += p.rho < 0;
    // Ric over the hidden layers 1..L at the best k: last against first.
    std::vector<double> hidden;
    for (const LayerGeometry& row : layers_at_k(sweep.models[m], p.best_k))
      if (row.layer >= 1) hidden.push_back(row.curvature_total);
    if (hidden.size() < 2) continue;
    const double change = hidden.back() - hidden.front();
    changes.push_back(change);
    h.rising += change > 0;
    h.falling += change < 0;
  }
  h.share_negative = h.analysed > 0 ? static_cast<double>(h.negative) / static_cast<double>(h.analysed) : kNaN;
  h.median_curvature_change = median(changes);
  h.k_fraction_low = h.k_fraction_high = kNaN;
  for (const ArchitectureBestK& b : best) {
    if (b.architecture.baseline != baseline || !b.found || std::isnan(b.k_fraction)) continue;
    if (std::isnan(h.k_fraction_low) || b.k_fraction < h.k_fraction_low) h.k_fraction_low = b.k_fraction;
    if (std::isnan(h.k_fraction_high) || b.k_fraction > h.k_fraction_high) h.k_fraction_high = b.k_fraction;
  }
  return h;
}

}  // namespace ricci

namespace ricci {

PooledHeadline pooled_headline(const std::vector<Headline>& headlines) {
  PooledHeadline p;
  for (const Headline& h : headlines) {
    p.analysed += h.analysed;
    p.negative += h.negative;
    p.sweeps += h.analysed > 0;
  }
  p.share_negative = p.analysed > 0 ? static_cast<double>(p.negative) / static_cast<double>(p.analysed) : kNaN;
  return p;
}

}  // namespace ricci
