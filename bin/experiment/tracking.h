// tracking.h — the geometry of the test set during training (`ricci train
// --track-every N`, and sweeps): at epoch 0 (the network as initialised),
// every N epochs and at the last epoch, the network is evaluated on the
// whole training and test sets and the test-set activations are analysed
// as `ricci analyze` would analyse the saved run (flow/analysis.h), at the
// tracked ks and with the same analysis options. With --stop-when-stable the
// rho-stability rule (flow/stability.h) stops training.
//
// Watching never changes training: it reads a copy of the parameters after
// each epoch (nn/train.h), so a tracked run saves the same bytes as an
// untracked one. The input layer never changes, so its graphs are computed
// once (layer_graphs) and every epoch reuses them.
//
// Files (docs/formats.md): training_geometry.csv, one row per tracked epoch
// and k:
//   epoch, k, train_loss, train_accuracy, test_loss, test_accuracy, rho
//   (Eq. 8, as coefficients.csv), validation_loss, validation_accuracy
//   (empty at epoch 0 and without a validation part), then with --local
//   mean_layer_rho and mean_local_rho (flow/training_summary.h);
// training_layers.csv, one row per tracked epoch, k and layer: epoch, then
// the columns of layers.csv (bin/experiment/layers_table.h).
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "bin/options.h"
#include "data/io/table.h"
#include "flow/analysis.h"
#include "flow/stability.h"
#include "nn/mlp.h"

namespace ricci {

struct TrackingSettings {
  std::size_t every = 0;       // 0: no tracking
  std::vector<int> ks;         // the tracked ks (none for a radius graph)
  AnalysisOptions analysis;    // its labels and threads are set per run
  bool stop_when_stable = false;
  StabilityRule stability;
};

// One tracked epoch: the losses and accuracies of the network at its end
// (on the whole training set, validation part included, and the whole test
// set, as metrics.json reports them; the validation part's from the epoch's
// record, NaN at epoch 0 and without one) and the analysis of its test-set
// activations.
struct TrackedEpoch {
  std::size_t epoch = 0;
  double train_loss = 0, train_accuracy = 0, test_loss = 0, test_accuracy = 0;
  double validation_loss = std::numeric_limits<double>::quiet_NaN();
  double validation_accuracy = std::numeric_limits<double>::quiet_NaN();
  Analysis analysis;
};

// The network `mlp` at the end of `epoch` tracked: evaluated on `train` (the
// labels it trains on) and `test`, its test-set activations (with the output
// layer when include_output) analysed at settings.ks under
// settings.analysis, whose labels and threads are set. `input` is
// layer_graphs() of the test set's features (layer 0) under the same.
TrackedEpoch track_epoch(std::size_t epoch, const Mlp<float>& mlp, const Dataset& train, const Dataset& test,
                         const TrackingSettings& settings, const LayerGraphs& input, bool include_output);

// The rows of --track-every, --stop-when-stable, --stable-window and
// --stable-tolerance, shared by train and sweep.
const std::vector<OptionSpec>& tracking_option_specs();
// Those options (the ks and analysis are the caller's). Usage errors for
// the rule's options without --stop-when-stable, and --stop-when-stable
// without --track-every.
TrackingSettings tracking_settings_from(const Options& options);

// The rho_k series of the tracked epochs, one per k: what the stability rule reads.
std::vector<std::vector<double>> tracked_rho(const std::vector<TrackedEpoch>& epochs);

// training_geometry.csv and training_layers.csv of the tracked epochs
// (`local`: the columns of --local).
std::vector<std::string> training_geometry_columns(bool local);
std::vector<std::vector<std::string>> training_geometry_cells(const std::vector<TrackedEpoch>& epochs, bool local);
Table training_layers_table(const std::vector<TrackedEpoch>& epochs);

}  // namespace ricci
