// protocol_tables.h — the files of the paper's protocol (flow/protocol.h)
// after a sweep: written by `ricci sweep` when it ends, by `ricci merge`,
// and recomputed by `ricci report`.
//
// groups.csv      the pooled coefficient per data set x width x depth x
//                 baseline x k (tables.h)
// best_k.csv      dataset, width, depth, baseline, best_k, k_fraction,
//                 pooled_rho, models_used: per architecture and baseline,
//                 the k of the grid with the most negative pooled rho (ties
//                 to the smaller k)
// regression.csv  term, estimate, std_error, t, p_value: test accuracy on z,
//                 data set, width and depth (treatment coding) over the
//                 well-trained models with z defined; an aliased term has
//                 empty cells
// models.csv      its protocol columns recomputed: well_trained (0/1),
//                 best_k, rho_best and z_best (empty where undefined)
// null_tests.csv  when the sweep has baseline models: dataset, width,
//                 depth, k, baseline, trained_models, baseline_models,
//                 trained_share_negative, baseline_share_negative,
//                 trained_mean_rho, baseline_mean_rho, difference, ci_low,
//                 ci_high, p_value (flow/null_tests.h)
// local_groups.csv with --local: the layer and local coefficients per
//                 architecture, baseline and k (local_tables.h)
// early.csv       with --track-every: per architecture, tracked epoch, k and
//                 outcome, rho_k and the training loss at the epoch against
//                 the final outcome across models (flow/early.h)
// held_out.csv    with --select-k-on half: per architecture and baseline,
//                 the seeds of each half, the k chosen on the selection
//                 half and rho, z and the share negative on the evaluation
//                 half (flow/held_out.h)
//
// Each is a function of models.csv's committed columns and layers.csv, so a
// resumed or merged sweep gets the same bytes as an uninterrupted one.
#pragma once

#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/table.h"
#include "flow/held_out.h"
#include "flow/null_tests.h"
#include "flow/protocol.h"

namespace ricci {

// models.csv with its protocol columns (well_trained, best_k, rho_best,
// z_best; found by name, added when missing)
// set from `protocol`, aligned with the rows.
Table models_with_protocol(Table models, const std::vector<ModelProtocol>& protocol);

// Reads the sweep from `models` and `layers` (and `local`, local.csv, which
// a sweep with --local needs) under `settings` (sweep.json's), then adds
// groups.csv, best_k.csv, regression.csv, models.csv with its protocol
// columns, and null_tests.csv, local_groups.csv, held_out.csv and (from
// `tracking`, training_geometry.csv, when the sweep tracked) early.csv
// where they apply, to `set` (data/files.h: the caller commits them
// together).
void add_protocol_files(OutputSet& set, Sweep settings, const Table& models, const Table& layers,
                        const Table* local = nullptr, const Table* tracking = nullptr);

}  // namespace ricci
