// null_tests.cpp — trained groups against baseline groups, per architecture
// and per data set.
#include "flow/null_tests.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "flow/describe.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The stream of Rng(k, stream) that resamples the two groups (docs/method.md, definition 7).
constexpr std::uint64_t kDifferenceStream = 2;

std::size_t count_negative(const std::vector<double>& rho) {
  std::size_t negative = 0;
  for (double r : rho) negative += r < 0;
  return negative;
}

double share(std::size_t part, std::size_t whole) {
  return whole == 0 ? kNaN : static_cast<double>(part) / static_cast<double>(whole);
}

std::vector<double> analysed_rho(const Sweep& sweep, const ModelGroup& group, int k) {
  std::vector<double> rho;
  for (const ModelRho& m : model_rhos(sweep, group, k, true)) rho.push_back(m.rho.r);
  return rho;
}

NullTest compare(const Sweep& sweep, const ModelGroup& trained, const ModelGroup& baseline, int k) {
  NullTest test;
  test.trained = trained;
  test.trained.members.clear();
  test.baseline = baseline.baseline;
  test.k = k;
  const std::vector<double> x = analysed_rho(sweep, trained, k), y = analysed_rho(sweep, baseline, k);
  test.trained_models = x.size();
  test.baseline_models = y.size();
  test.trained_negative = count_negative(x);
  test.baseline_negative = count_negative(y);
  test.trained_share_negative = share(test.trained_negative, x.size());
  test.baseline_share_negative = share(test.baseline_negative, y.size());
  test.trained_mean_rho = mean(x);
  test.baseline_mean_rho = mean(y);
  test.difference = bootstrap_mean_difference(x, y, kBootstrapResamples, kBootstrapLevel, static_cast<std::uint64_t>(k),
                                              kDifferenceStream);
  test.test = mann_whitney_u(x, y);
  return test;
}

// Each trained group against the group of each baseline with the same
// data set, width and depth (an empty group where the baseline has none).
std::vector<NullTest> tests_of(const Sweep& sweep, std::vector<ModelGroup> (*groups)(const Sweep&, Baseline)) {
  std::vector<NullTest> tests;
  const std::vector<Baseline> baselines = sweep_baselines(sweep);
  for (const ModelGroup& trained : groups(sweep, Baseline::None))
    for (int k : sweep.ks)
      for (std::size_t b = 1; b < baselines.size(); ++b) {
        ModelGroup match{trained.dataset, trained.width, trained.depth, {}, baselines[b]};
        for (const ModelGroup& group : groups(sweep, baselines[b]))
          if (group.dataset == trained.dataset && group.width == trained.width && group.depth == trained.depth)
            match = group;
        tests.push_back(compare(sweep, trained, match, k));
      }
  return tests;
}

}  // namespace

NullTest null_test(const Sweep& sweep, const ModelGroup& trained, Baseline baseline, int k) {
  std::vector<std::uint64_t> seeds;
  for (std::size_t m : trained.members) seeds.push_back(sweep.models[m].seed);
  ModelGroup twins{trained.dataset, trained.width, trained.depth, {}, baseline};
  for (std::size_t m = 0; m < sweep.models.size(); ++m) {
    const SweepModel& model = sweep.models[m];
    const bool same_group = model.dataset == trained.dataset &&
                            (trained.depth == 0 || (model.width == trained.width && model.depth == trained.depth));
    if (model.baseline == baseline && same_group && std::find(seeds.begin(), seeds.end(), model.seed) != seeds.end())
      twins.members.push_back(m);
  }
  return compare(sweep, trained, twins, k);
}

std::vector<NullTest> null_tests(const Sweep& sweep) { return tests_of(sweep, architecture_groups); }

std::vector<NullTest> dataset_null_tests(const Sweep& sweep) { return tests_of(sweep, dataset_groups); }

NullVerdict null_verdict(const NullTest& test) {
  if (std::isnan(test.test.p_value) || std::isnan(test.difference.difference)) return NullVerdict::Untestable;
  if (test.test.p_value >= 0.05) return NullVerdict::NoDifference;
  if (test.difference.difference < 0) return NullVerdict::More;
  if (test.difference.difference > 0) return NullVerdict::Less;
  return NullVerdict::NoDifference;
}

}  // namespace ricci
