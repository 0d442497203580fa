// result_tables.h — the tables of a sweep's statistics as typed columns
// (data/io/columns.h): what `ricci sweep`, `merge` and `report` write as
// groups.csv, best_k.csv, null_tests.csv, held_out.csv, regression.csv and
// local_groups.csv, defined once beside the analysis tables
// (analysis_tables.h), so that the driver, the Python module and the fuzzers
// share them without the driver. docs/formats.md describes the files.
#pragma once

#include <vector>

#include "data/io/columns.h"
#include "flow/early.h"
#include "flow/groups.h"
#include "flow/held_out.h"
#include "flow/local_summary.h"
#include "flow/null_tests.h"
#include "flow/protocol.h"
#include "flow/regression.h"
#include "flow/ricci_flow_comparison.h"

namespace ricci {

// groups.csv: per architecture, baseline and k, the pooled rho with its
// layer-pair p-value and intervals, Fisher's z over models, rho against
// accuracy, and the model-level tests (docs/method.md, definition 7).
ColumnTable groups_table(const std::vector<GroupRow>& rows);

// best_k.csv: per architecture and baseline, the k of the most negative
// pooled rho (empty when none is defined), as a share of n, and its models.
ColumnTable best_k_table(const std::vector<ArchitectureBestK>& best);
// early.csv: dataset, width, depth, epoch, k, outcome, models, rho_r,
// rho_p_value, loss_models, loss_r, loss_p_value (flow/early.h; models and
// loss_models the models with each pair defined).
ColumnTable early_table(const std::vector<EarlyRow>& rows);

// null_tests.csv: per data set (architecture cells empty), k and baseline,
// the trained models against the baseline's (null_tests.h).
ColumnTable null_tests_table(const std::vector<NullTest>& tests);

// held_out.csv: per architecture and baseline, k chosen on the selection
// seeds and evaluated on the others (held_out.h).
ColumnTable held_out_table(const std::vector<HeldOutRow>& rows, const SeedSplit& split);

// regression.csv: the terms of the accuracy regression (regression.h).
ColumnTable regression_table(const LinearModel& model);

// local_groups.csv: per architecture, baseline and k, the layer and local
// coefficients' tests over models (local_summary.h).
ColumnTable local_groups_table(const std::vector<LocalGroupRow>& rows);

// ricci_flow.csv: per data set, lambda and measure, the regularised networks
// against their twins (ricci_flow_comparison.h).
ColumnTable ricci_flow_table(const std::vector<RicciFlowRow>& rows);

}  // namespace ricci
