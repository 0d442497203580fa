// early.h — early prediction (docs/method.md, definition 15): does the
// geometry of a network early in training tell how good it will be, and
// better than its training loss at the same epoch does?
//
// From a sweep tracked during training (--track-every): per architecture
// (data set x width x depth, the trained networks: baseline none), tracked
// epoch e, k and outcome (the final test accuracy, and each accuracy under
// attack when the sweep has them), across the architecture's models (its
// seeds) that ran and were tracked at e:
//
//   rho   Pearson r of rho_k at epoch e with the final outcome, and its
//         two-sided p-value (t with n - 2 degrees of freedom: the model is
//         the unit, n the models with both defined)
//   loss  the same for the training loss at epoch e (the whole training
//         set's, training_geometry.csv's train_loss)
//
// The verdict per architecture, k and outcome compares |r|: geometry
// predicts better than loss at epoch e when both are defined and
// |r_rho| > |r_loss|; `from_epoch` is the first tracked epoch from which it
// does so at every later tracked epoch where both are defined (the last
// epoch included), and `first_epoch` the first at which it does at all.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "flow/groups.h"
#include "flow/statistics.h"

namespace ricci {

// One model's tracked series (training_geometry.csv): its tracked epochs in
// increasing order, the training loss at each, and rho_k at each per k of
// the sweep (NaN where undefined).
struct TrackedTraining {
  std::vector<std::size_t> epochs;
  std::vector<double> train_loss;
  std::vector<std::vector<double>> rho;  // [k index][epoch index]
};

struct EarlyRow {
  ModelGroup architecture;  // baseline none
  std::size_t epoch = 0;
  int k = 0;
  std::string outcome;  // test_accuracy, or a column of SweepModel::outcomes
  Correlation rho;      // rho_k at the epoch against the final outcome
  Correlation loss;     // the training loss at the epoch against it
};

// The rows, by architecture (grid order), outcome (test_accuracy first,
// then the sweep's others, protocol.h sweep_outcomes), k (sweep order),
// epoch (increasing: every epoch any of the architecture's models
// tracked). `tracked` holds the series by model index (SweepModel::index);
// models without one are left out.
std::vector<EarlyRow> early_rows(const Sweep& sweep, const std::map<std::size_t, TrackedTraining>& tracked);

struct EarlyVerdict {
  ModelGroup architecture;
  int k = 0;
  std::string outcome;
  std::size_t compared = 0;  // epochs with both correlations defined
  std::size_t better = 0;    // of those, |r_rho| > |r_loss|
  long first_epoch = -1;     // the first such epoch; -1 when none
  long from_epoch = -1;      // the first from which every later compared epoch is one; -1 when none
};
// One per architecture, outcome and k of `rows` (in their order).
std::vector<EarlyVerdict> early_verdicts(const std::vector<EarlyRow>& rows);

}  // namespace ricci
