// stopping.cpp — training's stopping rules applied to tracked epochs (stopping.h).
#include "bin/experiment/stopping.h"

#include <cmath>
#include <cstdint>

#include "nn/early_stopping.h"

namespace ricci {

RuleStop stability_stop(const TrackedSeries& run, const StoppingRules& rules) {
  const std::size_t stable = stable_stop_position(run.rho, rules.stability);
  if (stable == SIZE_MAX) return {0, NAN};
  return {run.epochs[stable], run.test_accuracy[stable]};
}

RuleStop patience_stop(const TrackedSeries& run, const StoppingRules& rules) {
  // The validation losses from the first trained epoch on (epoch 0 has none).
  const std::size_t first = !run.epochs.empty() && run.epochs[0] == 0 ? 1 : 0;
  const std::vector<double> losses(run.validation_loss.begin() + static_cast<std::ptrdiff_t>(first),
                                   run.validation_loss.end());
  const std::size_t wait = (rules.patience + rules.every - 1) / rules.every;
  const bool validated = !losses.empty() && !std::isnan(losses[0]);  // a sweep without a validation part has none
  const std::size_t tracked = validated ? patience_stop_epoch(losses, wait) : 0;
  if (tracked == 0) return {0, NAN};
  return {run.epochs[first + tracked - 1], run.test_accuracy[first + tracked - 1]};
}

}  // namespace ricci
