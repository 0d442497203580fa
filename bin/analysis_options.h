// analysis_options.h — the options that say how layers are analysed
// (--graph, --ties, --curvature, --ollivier-alpha, --convention,
// --include-input, --within-components, --global-forman, --local,
// --local-unreachable): one table and one reader for `ricci analyze` and
// the geometry `ricci train --track-every` tracks, so that both analyse
// alike.
#pragma once

#include <vector>

#include "bin/options.h"
#include "flow/analysis.h"

namespace ricci {

const std::vector<OptionSpec>& analysis_option_specs();

// The AnalysisOptions those flags give (threads, input layer, labels and
// kept graphs left at their defaults); usage errors for values that do not
// combine.
AnalysisOptions analysis_options_from(const Options& options);

// --ties: the rule given, or else `all` under the paper-r convention (which
// needs it) and `index` otherwise.
Ties tie_rule(const Options& options, Convention convention);

}  // namespace ricci
