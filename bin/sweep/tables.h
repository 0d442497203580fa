// tables.h — the tables of a sweep: the headers of models.csv and
// layers.csv, one model's rows, the one reader of a sweep's files into a
// Sweep (flow/groups.h), and groups.csv.
//
// models.csv    model, dataset, width, depth, seed, baseline, status,
//               train_accuracy, test_accuracy, train_loss, test_loss, epochs,
//               (with a Ricci-flow axis) ricci_flow, with --attack the
//               columns fgsm_accuracy_eps<EPS> and pgd_accuracy_eps<EPS>
//               (nn/attack.h), then rho_k<k> and p_k<k> for each k ("ok" status, or why the
//               model failed), then the protocol's well_trained, best_k,
//               rho_best, z_best (protocol_tables.h; the last three filled
//               when the sweep ends)
// layers.csv    model, dataset, width, depth, seed, baseline, then the
//               columns of `ricci analyze`'s layers.csv (layers_table.h)
// coefficients.csv  the same identifying columns, then those of `ricci
//               analyze`'s coefficients.csv: the models' rho_k in long form,
//               one row per model that ran and k
// training_geometry.csv (with --track-every) model, dataset, width, depth,
//               seed, baseline, then the columns of `ricci train`'s
//               training_geometry.csv (tracking.h), one row per tracked
//               epoch and k
// groups.csv    one row per architecture (dataset, width, depth), baseline
//               and k: models, models_used, mean_test_accuracy, pooled_rho,
//               pooled_p_value, pooled_pairs, pooled_ci_low, pooled_ci_high,
//               fisher_rho, fisher_p_value, rho_accuracy_r,
//               rho_accuracy_p_value, model_ci_low, model_ci_high, z_models,
//               mean_z, z_t, z_p_value, rho_models, rho_negative,
//               sign_p_value, reason (why the pooled rho is undefined): the
//               GroupRow of flow/groups.h.
//
// groups.csv is a function of the other two files, so a resumed sweep, or
// shards merged, give the same groups as one uninterrupted sweep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bin/experiment/stopping.h"
#include "bin/sweep/config.h"
#include "data/io/table.h"
#include "flow/analysis.h"
#include "flow/early.h"
#include "flow/groups.h"

namespace ricci {

// models.csv's header for the ks: after epochs, with ricci_flow (a sweep
// with a Ricci-flow axis) the column ricci_flow (the model's lambda), then
// the attack columns (config.h attack_columns).
std::vector<std::string> models_header(const std::vector<int>& ks, bool ricci_flow = false,
                                       const std::vector<std::string>& attack_columns = {});
std::vector<std::string> layers_header();
std::vector<std::string> coefficients_header();
std::vector<std::string> tracking_header();

// The identifying cells of a model: model, dataset, width, depth, seed, baseline.
struct ModelKey {
  std::size_t index = 0;
  std::string dataset;
  std::string width;
  std::size_t depth = 0;
  std::uint64_t seed = 0;
  Baseline baseline = Baseline::None;
  double ricci_flow = 0;  // the Ricci-flow lambda: not among the cells (models.csv has its own column)
  std::vector<std::string> cells() const;
};
// The key of a grid point (its data set by name).
ModelKey model_key(const GridPoint& point);

struct ModelOutcome {
  std::string status = "ok";  // or the error that stopped the model
  // NaN (an empty cell) where a model trained elsewhere does not say (runs.h).
  double train_accuracy = 0, test_accuracy = 0, train_loss = 0, test_loss = 0;
  std::optional<std::size_t> epochs = 0;  // empty: not known
  Analysis analysis;  // empty when status is not ok
  std::vector<TrackedEpoch> tracked;  // with tracking; empty when status is not ok
  std::string weights;  // its network's model.bin bytes (networks.h); empty for a run folder's model
  std::vector<double> attack_accuracy;  // per attack column; empty for a run folder's model (cells empty)
};

// A model's row of models.csv, as committed: well_trained from its test
// accuracy and `accuracy_threshold` (its data set's; 0 for a baseline
// model), the group columns empty.
// `ricci_flow`: the model's lambda, for a sweep with a Ricci-flow axis;
// `attack_columns`: how many accuracies under attack (config.h attack_columns).
std::vector<std::string> model_row(const ModelKey& key, const ModelOutcome& outcome, const std::vector<int>& ks,
                                   double accuracy_threshold, std::optional<double> ricci_flow = std::nullopt,
                                   std::size_t attack_columns = 0);
std::vector<std::vector<std::string>> layer_rows(const ModelKey& key, const ModelOutcome& outcome);
std::vector<std::vector<std::string>> coefficient_rows(const ModelKey& key, const ModelOutcome& outcome);
std::vector<std::vector<std::string>> tracking_rows(const ModelKey& key, const ModelOutcome& outcome);

// The model index of a models.csv or layers.csv cell; a data error naming
// `what` (the file) when it is not a whole number below 10^15.
std::size_t parse_model_index(const std::string& cell, const std::string& what);

// What a sweep folder's rows must agree with: its grid, ks, output layer and shard.
struct SweepLayout {
  std::vector<GridPoint> grid;
  std::vector<int> ks;
  bool include_output = false;
  Shard shard;
};

// Checks the committed rows of a sweep folder `dir` (data errors naming the
// file and line): every model in models.csv once, in the shard, with the
// dataset, width, depth, seed and baseline of its grid point; in layers.csv, for
// each model whose status is ok, in models.csv order, one row per k and
// layer (0 to depth, and the output layer when included), nothing else; and
// in coefficients.csv, for the same models in the same order, one row per k.
void check_sweep_rows(const Table& models, const Table& layers, const Table& coefficients, const SweepLayout& layout,
                      const std::string& dir);

// The models of models.csv, in its order, each with its rows of layers.csv
// (read once; rows of a model without a models.csv row, which only an
// interrupted sweep leaves, are ignored). A models.csv without the baseline
// column (made before baselines) holds trained models only. Data errors
// name the file.
std::vector<SweepModel> read_sweep_models(const Table& models, const Table& layers);

// training_geometry.csv's rows (`tracking`, its header tracking_header())
// as each model's series by model index (its one reader): its tracked
// epochs, the training loss, test accuracy and validation loss there, and
// rho at each k of `ks`. A data error naming `what` for rows out of epoch
// order or a model without a row at some tracked epoch and k.
std::map<std::size_t, TrackedSeries> read_tracked_series(const Table& tracking, const std::vector<int>& ks,
                                                         const std::string& what);
// The same, as flow/early.h's series (epochs, training loss, rho).
std::map<std::size_t, TrackedTraining> read_tracked_training(const Table& tracking, const std::vector<int>& ks,
                                                             const std::string& what);

// sweep.json, models.csv and layers.csv (and local.csv with --local) of the
// sweep in `dir`; a data error when dir holds no sweep.
Sweep read_sweep(const std::string& dir);

}  // namespace ricci
