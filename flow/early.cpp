// early.cpp — rho_k and the training loss at each tracked epoch against the
// final outcome, across the models of an architecture.
#include "flow/early.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "flow/protocol.h"

namespace ricci {

std::vector<EarlyRow> early_rows(const Sweep& sweep, const std::map<std::size_t, TrackedTraining>& tracked) {
  std::vector<EarlyRow> rows;
  const std::vector<std::string> outcomes = sweep_outcomes(sweep);
  for (const ModelGroup& group : architecture_groups(sweep)) {
    // The architecture's models that ran and were tracked, and every epoch any of them tracked.
    std::vector<std::pair<const SweepModel*, const TrackedTraining*>> members;
    std::set<std::size_t> epochs;
    for (std::size_t m : group.members) {
      const SweepModel& model = sweep.models[m];
      const auto found = tracked.find(model.index);
      if (!model.ok() || found == tracked.end()) continue;
      members.push_back({&model, &found->second});
      epochs.insert(found->second.epochs.begin(), found->second.epochs.end());
    }
    for (const std::string& outcome : outcomes)
      for (std::size_t ki = 0; ki < sweep.ks.size(); ++ki)
        for (std::size_t epoch : epochs) {
          std::vector<double> rho, rho_outcome, loss, loss_outcome;
          for (const auto& [model, series] : members) {
            const auto at = std::lower_bound(series->epochs.begin(), series->epochs.end(), epoch);
            if (at == series->epochs.end() || *at != epoch) continue;
            const auto e = static_cast<std::size_t>(at - series->epochs.begin());
            const double value = model_outcome(*model, outcome);
            if (std::isnan(value)) continue;
            if (ki < series->rho.size() && !std::isnan(series->rho[ki][e])) {
              rho.push_back(series->rho[ki][e]);
              rho_outcome.push_back(value);
            }
            if (!std::isnan(series->train_loss[e])) {
              loss.push_back(series->train_loss[e]);
              loss_outcome.push_back(value);
            }
          }
          EarlyRow row;
          row.architecture = group;
          row.epoch = epoch;
          row.k = sweep.ks[ki];
          row.outcome = outcome;
          row.rho = pearson(rho, rho_outcome);
          row.loss = pearson(loss, loss_outcome);
          rows.push_back(std::move(row));
        }
  }
  return rows;
}

std::vector<EarlyVerdict> early_verdicts(const std::vector<EarlyRow>& rows) {
  std::vector<EarlyVerdict> verdicts;
  for (std::size_t begin = 0; begin < rows.size();) {
    // The rows of one architecture, outcome and k are consecutive (early_rows' order).
    std::size_t end = begin;
    const EarlyRow& first = rows[begin];
    while (end < rows.size() && rows[end].k == first.k && rows[end].outcome == first.outcome &&
           rows[end].architecture.dataset == first.architecture.dataset &&
           rows[end].architecture.width == first.architecture.width &&
           rows[end].architecture.depth == first.architecture.depth)
      ++end;
    EarlyVerdict v;
    v.architecture = first.architecture;
    v.k = first.k;
    v.outcome = first.outcome;
    bool all_later_better = true;  // walking backwards: every compared epoch from here on is better
    for (std::size_t r = end; r-- > begin;) {
      const EarlyRow& row = rows[r];
      if (std::isnan(row.rho.r) || std::isnan(row.loss.r)) continue;
      ++v.compared;
      const bool better = std::fabs(row.rho.r) > std::fabs(row.loss.r);
      if (better) {
        ++v.better;
        v.first_epoch = static_cast<long>(row.epoch);
      }
      all_later_better = all_later_better && better;
      if (all_later_better) v.from_epoch = static_cast<long>(row.epoch);
    }
    verdicts.push_back(v);
    begin = end;
  }
  return verdicts;
}

}  // namespace ricci
