// experiment.h — what `ricci train` and `ricci sweep` share: reading the data
// and training flags, and training one model on prepared data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bin/options.h"
#include "bin/experiment/tracking.h"
#include "data/error.h"
#include "data/files.h"
#include "data/sets/prepare.h"
#include "nn/attack.h"
#include "nn/mlp.h"
#include "nn/train.h"

namespace ricci {

// The option-table rows of the data flags and the training flags, shared by
// train and sweep so that they read the same way.
const std::vector<OptionSpec>& data_option_specs();      // classes, scale, limit, test-fraction, test-per-class, split-seed
const std::vector<OptionSpec>& training_option_specs();  // optimizer, lr, momentum, weight-decay, epochs, batch,
                                                         // target-accuracy, validation-fraction, patience,
                                                         // ricci-flow, ricci-flow-k, -step, -anchors

// DataOptions for data SPEC `spec` from the data flags (and --test when the
// table has it). Usage errors for bad values.
DataOptions data_options_from(const Options& options, const std::string& spec);
// TrainOptions from the training flags, with the optimizer's defaults.
// With ricci_flow_list (a sweep) --ricci-flow is a list, a grid axis, read
// by the caller; its entries are checked here and ricci_flow.lambda left 0.
TrainOptions training_options_from(const Options& options, bool ricci_flow_list = false);

// --attack, shared by train and sweep: its option-table row, and the
// attacks it asks for (nn/attack.h parse_attacks; none without the flag).
const std::vector<OptionSpec>& attack_option_specs();
std::vector<Attack> attacks_from(const Options& options);

// The hidden widths of a width entry over `depth` layers: "W" (every layer
// W) or "W/B" (the paper's bottleneck, nn/mlp.h bottleneck_widths). Usage
// errors name `option` (e.g. "--width").
std::vector<std::size_t> hidden_widths(const std::string& entry, std::size_t depth, const std::string& option);

// How much a command may take: --max-input, the bound on what one input
// file may inflate to (data/files.h), and --allow-large, which lets through
// models and grids beyond the sane sizes below.
struct ResourceLimits {
  std::size_t max_input = kDefaultInputLimit;
  bool allow_large = false;
};
const std::vector<OptionSpec>& resource_option_specs();  // max-input, allow-large
ResourceLimits resource_limits_from(const Options& options);

// The sane sizes: a model whose training is estimated to need more than
// kSaneModelBytes of memory, and a sweep grid of more than kSaneGridModels
// models, are refused without --allow-large. The estimate, in floats: the
// weights with their gradients and two optimizer buffers (4 per
// parameter), a minibatch's activations and gradients (4 x batch x width x
// depth), the evaluation of the training set (2 x points x the widest
// layer) and the recorded test-set activations (points x every layer).
inline constexpr double kSaneModelBytes = 4.0 * (1 << 30);
inline constexpr std::size_t kSaneGridModels = 1000000;
// `outputs`: the output layer's width (1 for a binary task, C for C classes).
double model_memory_bytes(std::size_t inputs, std::size_t width, std::size_t depth, std::size_t batch,
                          std::size_t train_points, std::size_t test_points, std::size_t outputs = 1);
// A usage error naming --width and --depth when the estimate passes
// kSaneModelBytes and limits.allow_large is false.
void check_model_size(std::size_t inputs, std::size_t width, std::size_t depth, std::size_t batch,
                      std::size_t train_points, std::size_t test_points, const ResourceLimits& limits,
                      std::size_t outputs = 1);

// The memory an analysis (flow/analysis.h) of layers of n points and the
// given widths needs at `ks` under `options`, estimated from its largest
// parts: the layers (float) and one as doubles for the search, the k-NN
// lists at the largest k (12 bytes per entry) and one k's while its graph
// is built (36 bytes per entry, as measured), every k's graph of a layer (8
// bytes per list entry, twice that again with per-edge curvature), the
// previous layer's with --local, every layer's with --export-graph, and
// each thread's geodesic state. A radius graph's edges are unknown before
// it is built: only the layers and the threads' state count then.
struct AnalysisOptions;
double analysis_memory_bytes(std::size_t n, const std::vector<std::size_t>& widths, const std::vector<int>& ks,
                             const AnalysisOptions& options);
// The memory of this machine: its physical memory, or its control group's
// limit when lower.
double machine_memory_bytes();
// A usage error when the analysis (times `parallel` analyses at once) is
// estimated to need more memory than the machine has and limits.allow_large
// is false; `what` says what is analysed ("3 layers of 3000000 points").
void check_analysis_memory(std::size_t n, const std::vector<std::size_t>& widths, const std::vector<int>& ks,
                           const AnalysisOptions& options, const ResourceLimits& limits, std::size_t parallel = 1);

// The seed's streams (data/random.h): 0 draws the initial weights, 1 the
// validation hold-out and every epoch's minibatch order, 2 the permutation
// of the training labels under shuffle_labels, 3 the anchors of the
// Ricci-flow regulariser. A model with training.epochs = 0 is its trained
// twin's network at initialisation (the same weights), and one with the
// regulariser has its unregularised twin's initial weights and minibatches.
inline constexpr std::uint64_t kInitStream = 0, kTrainStream = 1, kLabelStream = 2, kAnchorStream = 3;

struct ModelSettings {
  std::vector<std::size_t> hidden = std::vector<std::size_t>(5, 25);  // the hidden layers' widths
  WeightInit init = WeightInit::He;
  std::uint64_t seed = 1;
  TrainOptions training;
  bool shuffle_labels = false;  // train on the training labels permuted (kLabelStream); test set unchanged
  bool include_output = false;
  TrackingSettings tracking;  // tracking.every = 0: none
  std::vector<Attack> attacks;  // the trained network's test accuracy under each (nn/attack.h)
};

struct TrainedModel {
  Mlp<float> mlp;
  TrainResult result;
  double train_accuracy = 0, test_accuracy = 0, train_loss = 0, test_loss = 0;
  double seconds = 0;          // wall time of training, tracking left out
  std::vector<MatrixF> layers;  // test-set activations: X_0 .. X_D (and the output)
  std::vector<TrackedEpoch> tracked;  // with tracking: epoch 0, every N epochs and the last
  double tracking_seconds = 0;        // wall time of the tracking
  bool stopped_when_stable = false;   // the rho-stability rule stopped training
  std::vector<double> attack_accuracy;  // per settings.attacks: the test accuracy under it
  InputRange attack_range;              // with attacks: the range the inputs were clipped to
};

// The test accuracy of `mlp` under each attack, its inputs clipped to the
// range of data.train's features (nn/attack.h input_range).
std::vector<double> attack_accuracies(const Mlp<float>& mlp, const PreparedData& data, const std::vector<Attack>& attacks,
                                      int threads);

// Builds, initialises and trains the MLP on data.train (its labels permuted
// under shuffle_labels), then evaluates it and records the test-set
// activations; every product on settings.training.threads workers. The
// training accuracy and loss are against the labels it trained on; the test
// set is never changed. With training.epochs = 0 the MLP is left as
// initialised. With settings.tracking.every > 0 the geometry is tracked
// (bin/experiment/tracking.h) on the test labels (the standard convention's class
// structure) and the same threads; the trained network is the same. With
// settings.attacks, the trained network's test accuracy under each.
TrainedModel train_model(const PreparedData& data, const ModelSettings& settings,
                         const EpochCallback& on_epoch = nullptr);

// settings.training with, when the Ricci-flow regulariser is on, its
// anchors' seed and stream (kAnchorStream) and the curvature it needs:
// the exact k-NN lists of a layer's anchors and the exact Ollivier-Ricci
// curvature (alpha = 0) of each pair's edge in their union graph
// (geom/ollivier.h knn_pair_ollivier), on the training threads.
TrainOptions ricci_flow_training(const ModelSettings& settings);

// The error that reports std::bad_alloc from train_model: the model, its
// estimated memory and the options that set it.
Error out_of_memory(const PreparedData& data, const ModelSettings& settings);

}  // namespace ricci
