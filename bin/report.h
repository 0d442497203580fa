// report.h — the report of a sweep (summary.md and figures/), for
// `ricci report` and `ricci run`.
#pragma once

#include <string>
#include <vector>

#include "flow/summary.h"

namespace ricci {

// Writes dir/summary.md and dir/figures/*.svg (a new figures/ folder in
// place of the old) from the sweep in `dir`, all made visible together, and
// returns the per-data-set results it reports (flow/summary.h). The caller
// holds dir's lock (folders.h). Data errors for a directory that is not a
// sweep or has malformed files; nothing is written then.
std::vector<DatasetResult> write_report(const std::string& dir);

}  // namespace ricci
