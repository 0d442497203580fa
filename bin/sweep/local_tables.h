// local_tables.h — the tables of `ricci sweep --local`: the layer and local
// coefficients of Hehl et al. (docs/method.md, definition 6) per model and
// per group (flow/local_summary.h computes every number; these format them).
//
// local.csv         model, dataset, width, depth, seed, baseline, k,
//                   transitions, layer_defined, mean_layer_coefficient,
//                   points, local_defined, mean_local_coefficient,
//                   local_negative_share: one row per model that ran and k,
//                   committed with the model's rows (store.h)
// local_groups.csv  dataset, width, depth, baseline, k, models, then for
//                   layer (the per-model mean layer coefficients) and local
//                   (the per-model mean local coefficients): <x>_models,
//                   <x>_median, <x>_mean, <x>_negative, <x>_sign_p_value,
//                   <x>_t, <x>_t_p_value (LocalGroupRow); a function of
//                   local.csv and models.csv, recomputed as groups.csv is
#pragma once

#include <string>
#include <vector>

#include "bin/sweep/tables.h"
#include "data/io/table.h"
#include "flow/local_summary.h"

namespace ricci {

std::vector<std::string> local_header();

// A model's rows of local.csv: one per k, from its analysis's local values
// under `rule`; none when it did not run.
std::vector<std::vector<std::string>> local_rows(const ModelKey& key, const ModelOutcome& outcome,
                                                 UnreachableRule rule);

// Checks local.csv against models.csv: for each model whose status is ok,
// in models.csv order, one row per k of `ks` in order, nothing else (data
// errors naming the file and line).
void check_local_rows(const Table& models, const Table& local, const std::vector<int>& ks, const std::string& dir);

// Adds to each model of `models` (read_sweep_models, same order as
// models.csv) its summaries from local.csv. Data errors name the file.
void read_local_summaries(const Table& local, std::vector<SweepModel>& models);

}  // namespace ricci
