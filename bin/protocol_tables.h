// protocol_tables.h — the files of the paper's protocol (flow/protocol.h)
// after a sweep: written by `ricci sweep` when it ends, by `ricci merge`,
// and recomputed by `ricci report`.
//
// groups.csv      the pooled coefficient per data set x width x depth x k
//                 (sweep_tables.h)
// best_k.csv      dataset, width, depth, best_k, k_fraction, pooled_rho,
//                 models_used: per architecture, the k of the grid with the
//                 most negative pooled rho (ties to the smaller k)
// regression.csv  term, estimate, std_error, t, p_value: test accuracy on z,
//                 data set, width and depth (treatment coding) over the
//                 well-trained models with z defined; an aliased term has
//                 empty cells
// models.csv      its protocol columns recomputed: well_trained (0/1),
//                 best_k, rho_best and z_best (empty where undefined)
//
// Each is a function of models.csv's committed columns and layers.csv, so a
// resumed or merged sweep gets the same bytes as an uninterrupted one.
#pragma once

#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/table.h"
#include "flow/protocol.h"

namespace ricci {

Table best_k_table(const std::vector<ArchitectureBestK>& best);
Table regression_table(const LinearModel& model);

// models.csv with its protocol columns (the last four, added when missing)
// set from `protocol`, aligned with the rows.
Table models_with_protocol(Table models, const std::vector<ModelProtocol>& protocol);

// Reads the sweep from `models` and `layers` under `settings` (sweep.json's),
// then adds groups.csv, best_k.csv, regression.csv and models.csv with its
// protocol columns to `set` (data/files.h: the caller commits them together).
void add_protocol_files(OutputSet& set, Sweep settings, const Table& models, const Table& layers);

}  // namespace ricci
