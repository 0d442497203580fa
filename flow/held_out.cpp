// held_out.cpp — the seed split, k chosen on one half, rho and z on the other.
#include "flow/held_out.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "flow/describe.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

ModelGroup with_seeds(const Sweep& sweep, ModelGroup group, const std::vector<std::uint64_t>& seeds) {
  std::vector<std::size_t> kept;
  for (std::size_t m : group.members)
    if (std::binary_search(seeds.begin(), seeds.end(), sweep.models[m].seed)) kept.push_back(m);
  group.members = std::move(kept);
  return group;
}

SeedSplit seed_split(const Sweep& sweep) {
  std::vector<std::uint64_t> seeds;
  for (const SweepModel& model : sweep.models) seeds.push_back(model.seed);
  std::sort(seeds.begin(), seeds.end());
  seeds.erase(std::unique(seeds.begin(), seeds.end()), seeds.end());
  const auto half = static_cast<std::ptrdiff_t>(seeds.size() / 2);
  return {std::vector<std::uint64_t>(seeds.begin(), seeds.begin() + half),
          std::vector<std::uint64_t>(seeds.begin() + half, seeds.end())};
}

std::vector<HeldOutRow> held_out_rows(const Sweep& sweep, const SeedSplit& split) {
  std::vector<HeldOutRow> rows;
  for (Baseline baseline : sweep_baselines(sweep))
    for (const ModelGroup& architecture : architecture_groups(sweep, baseline)) {
      HeldOutRow row;
      row.architecture = architecture;
      row.selection_pooled_rho = row.share_negative = row.mean_rho = kNaN;
      row.pooled = undefined_correlation(Undefined::NoPairs, "no k was selected", 0);
      row.mean_z = one_sample_t({});
      const ModelGroup selection = with_seeds(sweep, architecture, split.selection);
      for (int k : sweep.ks) {
        const PooledCoefficient pooled = group_pooled_coefficient(sweep, selection, k);
        const Correlation& r = pooled.coefficient.pearson;
        if (r.defined() && (!row.found || r.r < row.selection_pooled_rho)) {  // ks in grid order: ties keep the first
          row.found = true;
          row.k = k;
          row.selection_pooled_rho = r.r;
          row.selection_models = pooled.models_used;
        }
      }
      if (row.found) {
        const ModelGroup evaluation = with_seeds(sweep, architecture, split.evaluation);
        for (const ModelRho& m : model_rhos(sweep, evaluation, row.k, true)) {
          row.rho.push_back(m.rho.r);
          row.negative += m.rho.r < 0;
          if (!std::isnan(m.z)) row.z.push_back(m.z);
        }
        if (!row.rho.empty()) row.share_negative = static_cast<double>(row.negative) / static_cast<double>(row.rho.size());
        row.mean_rho = mean(row.rho);
        row.mean_z = one_sample_t(row.z);
        row.pooled = group_pooled_coefficient(sweep, evaluation, row.k).coefficient.pearson;
      }
      rows.push_back(std::move(row));
    }
  return rows;
}

std::vector<HeldOutHeadline> held_out_headlines(const Sweep& sweep, const std::vector<HeldOutRow>& rows) {
  std::vector<HeldOutHeadline> out;
  for (Baseline baseline : sweep_baselines(sweep)) {
    HeldOutHeadline h;
    h.baseline = baseline;
    std::vector<double> z;
    for (const HeldOutRow& row : rows) {
      if (row.architecture.baseline != baseline) continue;
      h.analysed += row.rho.size();
      h.negative += row.negative;
      z.insert(z.end(), row.z.begin(), row.z.end());
    }
    h.share_negative = h.analysed ? static_cast<double>(h.negative) / static_cast<double>(h.analysed) : kNaN;
    h.mean_z = one_sample_t(z);
    out.push_back(h);
  }
  return out;
}

}  // namespace ricci
