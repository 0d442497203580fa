// stability.h — the rho-stability stopping rule (--stop-when-stable):
// stop training once the global Ricci coefficient rho_k (docs/method.md,
// definition 4) has stopped moving.
//
// The rule watches the tracked epochs only (every N epochs and epoch 0).
// rho_k has settled at a tracked epoch when it and the `window` tracked
// epochs before it all have rho_k defined and
//
//   max - min of those window + 1 values < tolerance,
//
// and the run is stable when rho_k has settled at every k tracked. So the
// earliest epoch the rule can stop at is window x N. An undefined rho_k (a
// disconnected graph, fewer than 3 pairs) is never settled: a run whose
// graphs keep splitting trains on to its last epoch.
#pragma once

#include <cstddef>
#include <vector>

namespace ricci {

struct StabilityRule {
  std::size_t window = 3;   // tracked epochs before the current one that must agree with it
  double tolerance = 0.05;  // the largest spread (max - min) that counts as still
};

// Whether the series `rho` (one value per tracked epoch, NaN for undefined)
// has settled at its last value under `rule`. A window of 0 settles as soon
// as the last value is defined.
bool rho_settled(const std::vector<double>& rho, const StabilityRule& rule);

// Whether every series of `rho_by_k` (one per k, each one value per tracked
// epoch) has settled at its last value; false for no series.
bool rho_stable(const std::vector<std::vector<double>>& rho_by_k, const StabilityRule& rule);

// The position (0-based, in tracked epochs) of the first tracked epoch at
// which the prefixes of `rho_by_k` up to it are stable: where the rule stops
// a run with these series; SIZE_MAX when it never does. The series must have
// equal lengths (std::logic_error otherwise).
std::size_t stable_stop_position(const std::vector<std::vector<double>>& rho_by_k, const StabilityRule& rule);

}  // namespace ricci
