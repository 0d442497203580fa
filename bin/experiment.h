// experiment.h — what `ricci train` and `ricci sweep` share: reading the data
// and training flags, and training one model on prepared data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bin/options.h"
#include "data/sets/prepare.h"
#include "nn/mlp.h"
#include "nn/train.h"

namespace ricci {

// The option-table rows of the data flags and the training flags, shared by
// train and sweep so that they read the same way.
const std::vector<OptionSpec>& data_option_specs();      // classes, scale, limit, test-fraction, test-per-class, split-seed
const std::vector<OptionSpec>& training_option_specs();  // optimizer, lr, momentum, weight-decay, epochs, batch,
                                                         // target-accuracy, validation-fraction

// DataOptions for data SPEC `spec` from the data flags (and --test when the
// table has it). Usage errors for bad values.
DataOptions data_options_from(const Options& options, const std::string& spec);
// TrainOptions from the training flags, with the optimizer's defaults.
TrainOptions training_options_from(const Options& options);

// The hidden widths of a width entry over `depth` layers: "W" (every layer
// W) or "W/B" (the paper's bottleneck, nn/mlp.h bottleneck_widths). Usage
// errors name `option` (e.g. "--width").
std::vector<std::size_t> hidden_widths(const std::string& entry, std::size_t depth, const std::string& option);

struct ModelSettings {
  std::vector<std::size_t> hidden = std::vector<std::size_t>(5, 25);  // the hidden layers' widths
  WeightInit init = WeightInit::He;
  std::uint64_t seed = 1;  // initial weights (stream 0), minibatch order (stream 1)
  TrainOptions training;
  bool include_output = false;
};

struct TrainedModel {
  Mlp<float> mlp;
  TrainResult result;
  double train_accuracy = 0, test_accuracy = 0, train_loss = 0, test_loss = 0;
  double seconds = 0;          // wall time of training
  std::vector<MatrixF> layers;  // test-set activations: X_0 .. X_D (and the output)
};

// Builds, initialises and trains the MLP on data.train, then evaluates it and
// records the test-set activations; every product on settings.training.threads
// workers.
TrainedModel train_model(const PreparedData& data, const ModelSettings& settings,
                         const EpochCallback& on_epoch = nullptr);

}  // namespace ricci
