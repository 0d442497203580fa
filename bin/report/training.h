// training.h — the report's section on the geometry during training
// (a sweep run with --track-every): rho_k against epoch per architecture,
// and where the two stopping rules would stop its models.
#pragma once

#include <string>
#include <vector>

#include "bin/report/svg.h"
#include "flow/groups.h"

namespace ricci {

struct TrainingReport {
  std::string markdown;  // "## Geometry during training"; empty when the sweep did not track
  std::vector<std::pair<std::string, Figure>> figures;  // file name (under figures/) and figure
};

// From the sweep in `dir` (its sweep.json and training_geometry.csv) and
// its models (read_sweep): per data set and k, rho_k against epoch with the
// median and interquartile range over the seeds of each architecture
// (flow/training_summary.h); per architecture and k set, the epoch at which
// the rho-stability rule (flow/stability.h, the sweep's window and
// tolerance) and the validation-loss rule (bin/experiment/stopping.h, the sweep's
// patience, or 5 epochs when it set none) would stop each trained model
// and the test accuracy there, beside the last epoch. Both rules are
// applied to the tracked epochs only: a patience of P epochs waits
// ceil(P / N) tracked epochs, which is exact with --track-every 1. Data
// errors name the file.
TrainingReport training_report(const std::string& dir, const Sweep& sweep);

}  // namespace ricci
