// local.h — the report's section on the layer and local coefficients
// of Hehl et al. (`ricci sweep --local`; docs/method.md, definition 6).
#pragma once

#include <string>

#include "flow/groups.h"

namespace ricci {

// "## Layer and local coefficients (Hehl et al.)": per data set, baseline
// and k, over the analysed models (flow/local_summary.h), the median of the
// per-model mean layer coefficient and of the mean local coefficient, how
// many are negative, and the sign test and t-test over models; empty when
// the sweep has no local summaries.
std::string local_section(const Sweep& sweep);

}  // namespace ricci
