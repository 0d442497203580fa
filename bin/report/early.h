// early.h — the report's section on early prediction (a sweep run with
// --track-every): from which tracked epoch the geometry predicts the final
// outcome better than the training loss does (flow/early.h).
#pragma once

#include <string>

#include "flow/groups.h"

namespace ricci {

// "## Early prediction" from the sweep in `dir` (its training_geometry.csv)
// and its models (read_sweep): per architecture, outcome and k, the tracked
// epochs at which |r| of rho_k with the final outcome beats |r| of the
// training loss, the first of them and the first from which it always
// does, and both correlations at the first and the last tracked epochs.
// Empty when the sweep did not track. Data errors name the file.
std::string early_section(const std::string& dir, const Sweep& sweep);

}  // namespace ricci
