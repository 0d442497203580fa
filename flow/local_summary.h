// local_summary.h — the layer and local coefficients of Hehl et al.
// (docs/method.md, definition 6; local.h) summarised per model and per
// group of models, for `ricci sweep --local` and its report.
//
// Per model and k (a row of local.csv), from its LocalValues (LocalSummary,
// local.h):
//   transitions, layer_defined  the L transitions l = 0..L-1; those whose
//                               layer coefficient is defined
//   mean_layer                  the mean of the defined layer coefficients
//   points, local_defined       the n points; those whose local coefficient
//                               is defined (under the sweep's unreachable rule)
//   mean_local                  the mean of the defined local coefficients
//   share_local_negative        the share of those below 0
// Means are NaN when nothing is defined.
//
// Per group of models (an architecture or a data set, of one baseline) and
// k, over its analysed models (groups.h, is_analysed) whose value is
// defined, for each of mean_layer and mean_local (a LocalTest): the number
// of models, the median and mean of the per-model values, the sign test
// and the one-sample t-test against 0 (inference.h). The model is the
// unit, as for rho_k (definition 7): the points and layers of one model are
// not independent.
#pragma once

#include <cstddef>
#include <vector>

#include "flow/groups.h"
#include "flow/inference.h"
#include "flow/local.h"

namespace ricci {

struct LocalTest {
  std::size_t models = 0;     // with the value defined
  double median = 0, mean = 0;  // NaN for no models
  SignTest sign;
  OneSampleT t;
};
LocalTest local_test(const std::vector<double>& values);

struct LocalGroupRow {
  ModelGroup group;
  int k = 0;
  std::size_t models = 0;  // the group's analysed models with a summary at k
  LocalTest layer, local;  // of mean_layer and mean_local
};
// The row of one group at k: its analysed models' LocalSummary at k
// (SweepModel::local, in the sweep's k order).
LocalGroupRow local_group_row(const Sweep& sweep, const ModelGroup& group, int k);
// By baseline (sweep_baselines), architecture, then k: the rows of
// local_groups.csv. Empty unless the sweep has the local summaries.
std::vector<LocalGroupRow> local_group_rows(const Sweep& sweep);

}  // namespace ricci
