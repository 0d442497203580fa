// runs.h — the models of a sweep of run folders (`ricci sweep --runs`):
// models trained anywhere, analysed and summarised as a training sweep's.
//
// A run folder is either
//   a run of `ricci train`   metrics.json (with its file checksums, run_folder.h),
//                            layer_<l>.npy, labels.npy: the data set, width,
//                            depth, seed, baseline (--epochs 0: untrained;
//                            --shuffle-labels: shuffled-labels), accuracies,
//                            losses and epochs come from metrics.json;
//   exported activations     layer_0.npy (the test inputs) .. layer_<depth>.npy
//                            (and layer_<depth+1>.npy, the output, when
//                            model.json says so) with model.json, the
//                            model's metadata (docs/formats.md): its data
//                            set, width, depth, seed, test accuracy, and
//                            optionally train accuracy, baseline and a test
//                            labels file.
// Model i of the sweep is the i-th folder as given; its rows are those a
// training sweep writes for the same model (losses and epochs empty when
// the metadata does not give them).
//
// The metadata of every folder is read and checked before the sweep writes
// anything (one data error per problem, naming the file and field); the
// layer files of a model are read when it is analysed, and a bad one (a
// checksum that differs, a matrix of the wrong width, NaN) fails that model
// with its reason as status, as a training failure does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bin/sweep/config.h"
#include "data/files.h"
#include "data/matrix.h"
#include "flow/groups.h"

namespace ricci {

// The metadata of one run folder.
struct RunModel {
  std::string folder;
  bool ricci_run = false;  // metrics.json of ricci train (else model.json)
  std::string dataset;     // the data set's name (ricci train: the name of its SPEC)
  std::string width;       // the width entry: "W", "W/B" or a list "W1,W2,..."
  std::size_t depth = 0;   // hidden layers
  std::uint64_t seed = 0;
  Baseline baseline = Baseline::None;
  double train_accuracy = 0, test_accuracy = 0;  // train accuracy NaN when not given
  double train_loss = 0, test_loss = 0;           // NaN when not given
  std::optional<std::size_t> epochs;              // when known
  std::size_t test_points = 0;                    // rows of every layer
  bool output_layer = false;                      // the folder holds the output layer after the last hidden one
  std::string labels_file;                        // test labels (.npy) in the folder, or empty
  // What the folder holds, as sweep.json records it (data.run_ids): a run
  // of ricci train by its run_id (the checksums of its layer files, labels
  // and weights, model.bin); exported layers by the same checksum of the
  // lines "NAME CHECKSUM" of model.json, the layer files and the labels
  // file. Another network in the folder (trained again) has another.
  std::string identity;
};

// The metadata of run folder `dir` (data errors name the file and field).
RunModel read_run_model(const std::string& dir);
// Of every folder, in order; a folder given twice is a usage error.
std::vector<RunModel> read_run_models(const std::vector<std::string>& folders);

// Usage errors for a sweep that the runs cannot serve: a per-data-set
// accuracy threshold naming no run's data set, the output layer included
// where a run has none.
void check_runs_for_sweep(const std::vector<RunModel>& runs, const SweepConfig& config);

// The grid of a sweep of runs: model i is runs[i].
std::vector<GridPoint> runs_grid(const std::vector<RunModel>& runs);

// The grid of any sweep: sweep_grid, or for a sweep of runs the runs_grid
// of its folders (their metadata read, and each checked to be still the
// network config.run_ids records: check_run_identities).
std::vector<GridPoint> grid_of(const SweepConfig& config);

// A usage error naming the first run whose folder no longer holds the
// network `recorded` (sweep.json's run_ids, aligned with `runs` as far as
// both go) says it held; `what` names the file that records them.
void check_run_identities(const std::vector<RunModel>& runs, const std::vector<std::string>& recorded,
                          const std::string& what);

// The identities of `runs`, in order (SweepConfig::run_ids).
std::vector<std::string> run_identities(const std::vector<RunModel>& runs);

// What the sweep analyses of one run: its layers X_0 .. X_depth (and the
// output layer when `include_output`) and its test labels (empty when it
// has none). Data errors for a file that does not belong (ricci train's
// checksums), is not a finite matrix of test_points rows, or whose width
// differs from the width entry's; `limit` bounds each file (files.h). A
// usage error when the files read are not the network of run.identity (the
// folder changed since the sweep recorded it).
struct RunLayerData {
  std::vector<MatrixF> layers;
  std::vector<std::int64_t> labels;
};
RunLayerData read_run_layer_data(const RunModel& run, bool include_output, std::size_t limit = kDefaultInputLimit);

}  // namespace ricci
