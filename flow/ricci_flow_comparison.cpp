// ricci_flow_comparison.cpp — regularised networks against their twins.
#include "flow/ricci_flow_comparison.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "flow/coefficients.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? kNaN : sum / static_cast<double>(v.size());
}

// rho_k of a model at its architecture's best k (NaN where there is none).
double rho_at_best_k(const Sweep& sweep, const SweepModel& model, const std::vector<ArchitectureBestK>& best) {
  for (const ArchitectureBestK& b : best)
    if (b.found && b.architecture.baseline == Baseline::None && b.architecture.dataset == model.dataset &&
        b.architecture.width == model.width && b.architecture.depth == model.depth)
      return ricci_coefficient(layers_at_k(model, b.k), sweep.coefficients()).pearson.r;
  return kNaN;
}

}  // namespace

void set_aside_regularised(Sweep& sweep) {
  std::vector<SweepModel> kept;
  for (SweepModel& m : sweep.models)
    (m.ricci_flow == sweep.ricci_flow ? kept : sweep.regularised).push_back(std::move(m));
  sweep.models = std::move(kept);
}

PairedComparison paired_comparison(const std::string& measure, const std::vector<double>& regularised,
                                   const std::vector<double>& twin) {
  PairedComparison c;
  c.measure = measure;
  std::vector<double> a, b, difference;
  for (std::size_t i = 0; i < regularised.size() && i < twin.size(); ++i)
    if (std::isfinite(regularised[i]) && std::isfinite(twin[i])) {
      a.push_back(regularised[i]);
      b.push_back(twin[i]);
      difference.push_back(regularised[i] - twin[i]);
    }
  c.pairs = difference.size();
  c.mean_regularised = mean(a);
  c.mean_twin = mean(b);
  c.mean_difference = mean(difference);
  c.t = one_sample_t(difference);
  c.sign = sign_test(difference);
  return c;
}

const char* verdict_words(RegulariserVerdict verdict) {
  switch (verdict) {
    case RegulariserVerdict::Helped: return "helped";
    case RegulariserVerdict::Hurt: return "hurt";
    case RegulariserVerdict::NothingMeasurable: break;
  }
  return "did nothing measurable";
}

std::vector<RicciFlowRow> ricci_flow_comparison(const Sweep& sweep, const std::vector<ArchitectureBestK>& best) {
  // The twins by (data set, width, depth, seed): trained on the true labels.
  std::map<std::tuple<std::string, std::string, std::size_t, std::uint64_t>, const SweepModel*> twins;
  for (const SweepModel& m : sweep.models)
    if (m.baseline == Baseline::None) twins[{m.dataset, m.width, m.depth, m.seed}] = &m;
  // The rows in order of first appearance of (data set, lambda).
  std::vector<RicciFlowRow> rows;
  struct Values {
    std::vector<double> accuracy[2], rho[2], negative[2];
    std::vector<std::vector<double>> robustness[2];  // by robustness_names
  };
  std::vector<Values> values;
  // The outcomes beyond the test accuracy (the accuracies under attack,
  // fgsm_accuracy_eps*, pgd_accuracy_eps*), as the protocol names them.
  std::vector<std::string> robustness_names = sweep_outcomes(sweep);
  robustness_names.erase(robustness_names.begin());
  for (const SweepModel& m : sweep.regularised) {
    if (m.baseline != Baseline::None || !m.ok()) continue;
    const auto twin_it = twins.find({m.dataset, m.width, m.depth, m.seed});
    if (twin_it == twins.end() || !twin_it->second->ok()) continue;
    const SweepModel& twin = *twin_it->second;
    auto row = std::find_if(rows.begin(), rows.end(), [&](const RicciFlowRow& r) {
      return r.dataset == m.dataset && r.ricci_flow == m.ricci_flow;
    });
    if (row == rows.end()) {
      rows.push_back({m.dataset, m.ricci_flow, sweep.ricci_flow, 0, {}, RegulariserVerdict::NothingMeasurable});
      values.emplace_back();
      row = rows.end() - 1;
      values.back().robustness[0].resize(robustness_names.size());
      values.back().robustness[1].resize(robustness_names.size());
    }
    Values& v = values[static_cast<std::size_t>(row - rows.begin())];
    ++row->pairs;
    const SweepModel* side[2] = {&m, &twin};
    for (int s = 0; s < 2; ++s) {
      v.accuracy[s].push_back(side[s]->test_accuracy);
      const double rho = rho_at_best_k(sweep, *side[s], best);
      v.rho[s].push_back(rho);
      v.negative[s].push_back(std::isnan(rho) ? kNaN : rho < 0 ? 1.0 : 0.0);
      for (std::size_t c = 0; c < robustness_names.size(); ++c)
        v.robustness[s][c].push_back(model_outcome(*side[s], robustness_names[c]));
    }
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Values& v = values[r];
    rows[r].measures.push_back(paired_comparison("test_accuracy", v.accuracy[0], v.accuracy[1]));
    rows[r].measures.push_back(paired_comparison("rho_best", v.rho[0], v.rho[1]));
    rows[r].measures.push_back(paired_comparison("rho_negative", v.negative[0], v.negative[1]));
    for (std::size_t c = 0; c < robustness_names.size(); ++c)
      rows[r].measures.push_back(paired_comparison(robustness_names[c], v.robustness[0][c], v.robustness[1][c]));
    // Both tests at 5 %, in one direction: the sign test needs 6 pairs or
    // more to get there, and it guards the t test where the differences
    // have no spread (t infinite, p 0, on a few pairs of equal accuracies).
    const PairedComparison& accuracy = rows[r].measures[0];
    const bool up = accuracy.sign.above > accuracy.sign.below, down = accuracy.sign.below > accuracy.sign.above;
    if (accuracy.t.p_value < 0.05 && accuracy.sign.p_value < 0.05 &&
        ((accuracy.mean_difference > 0 && up) || (accuracy.mean_difference < 0 && down)))
      rows[r].verdict = accuracy.mean_difference > 0 ? RegulariserVerdict::Helped : RegulariserVerdict::Hurt;
  }
  return rows;
}

}  // namespace ricci
