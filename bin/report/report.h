// report.h — the report of a sweep (summary.md and figures/), for
// `ricci report` and `ricci run`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "flow/architecture_answers.h"
#include "flow/held_out.h"
#include "flow/null_tests.h"
#include "flow/protocol.h"
#include "flow/summary.h"

namespace ricci {

// The headline numbers of a report, for `ricci run` to print.
struct ReportNumbers {
  std::vector<DatasetResult> results;       // per data set and k (flow/summary.h)
  std::vector<NullTest> null_tests;         // per data set, k and baseline (dataset_null_tests)
  std::vector<Baseline> baselines;          // of the sweep, none first
  std::vector<Headline> headlines;          // the protocol's, one per baseline (flow/protocol.h)
  bool held_out = false;                    // --select-k-on half
  SeedSplit split;                          // its seeds (flow/held_out.h)
  std::vector<HeldOutHeadline> held_out_headlines;  // one per baseline
  // Each architecture against its controls at its own best k, and held out
  // (flow/architecture_answers.h; the second empty without --select-k-on half).
  std::vector<ArchitectureAnswer> architecture_answers, held_out_answers;
};

// The report of the sweep in `dir` as text: summary.md's markdown (its
// figures linked as figures/NAME), the figures (name, SVG) and the numbers.
struct ReportText {
  std::string markdown;
  std::vector<std::pair<std::string, std::string>> figures;
  ReportNumbers numbers;
};
// How the report reads a sweep. `outcome`: what the protocol's regression
// explains (flow/protocol.h): the paper's test_accuracy, or a column of
// models.csv such as fgsm_accuracy_eps0.1 (a usage error naming --outcome
// when the sweep has none such). `beside`: sweeps of the same networks
// analysed otherwise (`ricci sweep --from DIR`, e.g. under the other
// convention), whose headline numbers join the protocol section's table as
// columns; a data error when one's weights.csv differs from dir's.
struct ReportOptions {
  std::string outcome = "test_accuracy";
  std::vector<std::string> beside;
};
ReportText report_text(const std::string& dir, const ReportOptions& options = {});

// Writes dir/summary.md and dir/figures/*.svg (a new figures/ folder in
// place of the old) from the sweep in `dir`, all made visible together, and
// returns the numbers it reports (`options` as in report_text). The caller holds dir's lock (folders.h).
// Data errors for a directory that is not a sweep or has malformed files;
// nothing is written then.
ReportNumbers write_report(const std::string& dir, const ReportOptions& options = {});

}  // namespace ricci
