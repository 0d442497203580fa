// stopping.h — where training's two stopping rules stop a tracked run,
// applied in one place to its tracked epochs: the report asks where each
// rule would stop every model of a sweep, from the rows of
// training_geometry.csv. The rules themselves are training's:
// rho-stability (flow/stability.h, what --stop-when-stable applies while
// training) and validation-loss patience (nn/early_stopping.h, --patience).
#pragma once

#include <cstddef>
#include <vector>

#include "flow/stability.h"

namespace ricci {

// One model's tracked epochs, in order.
struct TrackedSeries {
  std::vector<std::size_t> epochs;
  std::vector<double> train_loss, test_accuracy, validation_loss;  // per tracked epoch (NaN where there is none)
  std::vector<std::vector<double>> rho;                // per k, per tracked epoch
};

// The rules' settings: the tracking interval, --patience (in epochs) and the
// stability rule's window and tolerance.
struct StoppingRules {
  std::size_t every = 0, patience = 5;
  StabilityRule stability;
};

// Where a rule stops: the tracked epoch (0: it never does) and the test
// accuracy there (NaN when it never does).
struct RuleStop {
  std::size_t epoch = 0;
  double test_accuracy = 0;
};

// rho-stability: the first tracked epoch at which rho_k has moved less than
// the tolerance over the window, at every k.
RuleStop stability_stop(const TrackedSeries& run, const StoppingRules& rules);

// Patience, counted in tracked epochs (ceil(patience / every)), on the
// validation losses from the first trained epoch on; never for a run
// without a validation part.
RuleStop patience_stop(const TrackedSeries& run, const StoppingRules& rules);

}  // namespace ricci
