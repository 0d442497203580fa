// report.h — the report of a sweep (summary.md and figures/), for
// `ricci report` and `ricci run`.
#pragma once

#include <string>
#include <vector>

#include "flow/summary.h"

namespace ricci {

// Writes dir/summary.md and dir/figures/*.svg from the sweep in `dir`, and
// returns the per-data-set results it reports (flow/summary.h). Data errors
// for a directory that is not a sweep or has malformed files.
std::vector<DatasetResult> write_report(const std::string& dir);

}  // namespace ricci
