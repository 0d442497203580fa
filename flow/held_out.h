// held_out.h — the best k chosen on one half of the seeds and evaluated on
// the other (docs/method.md, "Held-out selection of k"; --select-k-on half).
//
// The paper's protocol (protocol.h) picks, per architecture, the k whose
// pooled rho is most negative and reports rho at that k for the same
// models: the selection makes rho negative even for noise. Here the choice
// and the report use different models:
//
//   split       the distinct seeds of the sweep's models, in increasing
//               order: the first floor(s / 2) of the s seeds are the
//               selection half, the others the evaluation half (so with
//               seeds 1..36, 1..18 select and 19..36 evaluate)
//   selection   per architecture and baseline (groups.h), the k of the grid
//               whose pooled rho over the group's analysed models of the
//               selection half is most negative (ties: the smaller k)
//   evaluation  at that k, the group's analysed models of the evaluation
//               half with rho defined: their count, how many have rho < 0,
//               the share, the mean rho, the mean z (Eq. 11) with its
//               one-sample t-test, and their pooled rho
//   headline    per baseline, the same over every architecture: the
//               held-out counterpart of the paper's 93.2%
//
// Nothing here is random: the split is a function of the seeds alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "flow/groups.h"
#include "flow/inference.h"

namespace ricci {

struct SeedSplit {
  std::vector<std::uint64_t> selection, evaluation;  // each in increasing order
};
SeedSplit seed_split(const Sweep& sweep);

// The members of `group` whose seed is in `seeds` (in increasing order).
ModelGroup with_seeds(const Sweep& sweep, ModelGroup group, const std::vector<std::uint64_t>& seeds);

struct HeldOutRow {
  ModelGroup architecture;  // with its baseline
  bool found = false;       // false when no pooled rho of the selection half is defined
  int k = 0;
  double selection_pooled_rho = 0;  // NaN when not found
  std::size_t selection_models = 0;  // the models pooled at k
  std::vector<double> rho, z;        // the evaluation models' rho at k, and their z where defined
  std::size_t negative = 0;          // of rho, those < 0
  double share_negative = 0, mean_rho = 0;  // NaN when rho is empty
  OneSampleT mean_z;
  Correlation pooled;                // the evaluation models' pooled rho at k
};
// Per baseline (sweep_baselines), then architecture in order of first appearance.
std::vector<HeldOutRow> held_out_rows(const Sweep& sweep, const SeedSplit& split);

struct HeldOutHeadline {
  Baseline baseline = Baseline::None;
  std::size_t analysed = 0, negative = 0;  // evaluation models with rho defined at their held-out k; rho < 0
  double share_negative = 0;               // NaN when none
  OneSampleT mean_z;
};
// One per baseline of the sweep, in the order of sweep_baselines.
std::vector<HeldOutHeadline> held_out_headlines(const Sweep& sweep, const std::vector<HeldOutRow>& rows);

}  // namespace ricci
