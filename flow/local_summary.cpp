// local_summary.cpp — the layer and local coefficients per group of models.
#include "flow/local_summary.h"

#include <cmath>

#include "flow/describe.h"

namespace ricci {

LocalTest local_test(const std::vector<double>& values) {
  LocalTest test;
  test.models = values.size();
  test.median = median(values);
  test.mean = mean(values);
  test.sign = sign_test(values);
  test.t = one_sample_t(values);
  return test;
}

LocalGroupRow local_group_row(const Sweep& sweep, const ModelGroup& group, int k) {
  LocalGroupRow row;
  row.group = group;
  row.k = k;
  std::vector<double> layer, local;  // the analysed models' defined values
  for (std::size_t m : group.members) {
    const SweepModel& model = sweep.models[m];
    if (!is_analysed(model, sweep)) continue;
    for (const LocalSummary& summary : model.local) {
      if (summary.k != k) continue;
      ++row.models;
      if (!std::isnan(summary.mean_layer)) layer.push_back(summary.mean_layer);
      if (!std::isnan(summary.mean_local)) local.push_back(summary.mean_local);
    }
  }
  row.layer = local_test(layer);
  row.local = local_test(local);
  return row;
}

std::vector<LocalGroupRow> local_group_rows(const Sweep& sweep) {
  std::vector<LocalGroupRow> rows;
  if (!sweep.local) return rows;
  for (Baseline baseline : sweep_baselines(sweep))
    for (const ModelGroup& architecture : architecture_groups(sweep, baseline))
      for (int k : sweep.ks) rows.push_back(local_group_row(sweep, architecture, k));
  return rows;
}

}  // namespace ricci
