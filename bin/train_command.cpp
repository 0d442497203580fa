// train_command.cpp — `ricci train`: train one MLP and save what the analysis
// needs (docs/formats.md).
//
// The data steps (load, --classes, --limit, split or --test, --test-per-class,
// --scale) are data/prepare.h's, in its order.
//
// The seeds: the data set's own `seed=` parameter fixes the points; --split-seed
// fixes --limit, the train/test split and --test-per-class, so every --seed
// sees the same test points;
// --seed fixes the initial weights (stream 0), the minibatch order and
// validation hold-out (stream 1) and, with --shuffle-labels, the permutation
// of the training labels (stream 2; bin/experiment/experiment.h). --epochs 0 saves the
// network as initialised: the untrained twin of the run with the same seed.
//
// --track-every N adds the geometry during training (bin/experiment/tracking.h), at the
// ks of --k and under the analysis flags of `ricci analyze`; the network and
// its files are the same bytes as without it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <new>
#include <string>

#include "bin/analysis_options.h"
#include "bin/cli.h"
#include "bin/commands.h"
#include "bin/experiment/experiment.h"
#include "bin/options.h"
#include "bin/experiment/run_folder.h"
#include "bin/experiment/tracking.h"
#include "data/error.h"
#include "data/files.h"
#include "data/sets/data_path.h"
#include "data/sets/dataset.h"
#include "data/sets/prepare.h"
#include "data/sets/scaling.h"
#include "nn/mlp.h"
#include "nn/train.h"

namespace ricci {

namespace {

// train's options: --data, --test, the shared data and training flags, and its own.
std::vector<OptionSpec> train_options() {
  std::vector<OptionSpec> specs = {{"data", "SPEC", "data set (default circles); see `ricci datasets`"},
                                   {"test", "SPEC", "a separate test set instead of a split"}};
  for (const auto* table : {&data_option_specs(), &training_option_specs(), &tracking_option_specs(), &attack_option_specs()})
    specs.insert(specs.end(), table->begin(), table->end());
  specs.push_back({"k", "LIST", "the ks --track-every analyses, e.g. 10,30 (default 10,30,50)"});
  specs.insert(specs.end(), analysis_option_specs().begin(), analysis_option_specs().end());
  const std::vector<OptionSpec> own = {
      {"width", "W", "neurons per hidden layer (default 25), or the paper's bottleneck W/B: W at the\n"
                     "first and last hidden layers, B at the middle, a linear taper between"},
      {"depth", "D", "hidden layers (default 5)"},
      {"hidden", "LIST", "the hidden layers' widths, e.g. 50,40,30 (instead of --width and --depth)"},
      {"init", "NAME", "initial weights: he (default) or glorot (Keras's default, as the paper)"},
      {"seed", "S", "seed of the weights, minibatch order and label permutation (default 1)"},
      {"shuffle-labels", "", "train on the training labels randomly permuted (the memorisation\n"
                             "control; the test set is unchanged)"},
      {"include-output", "", "also save the output layer (sigmoid or softmax probabilities)"},
      threads_option("spent on the large matrix products of training and evaluation"),
      {"out", "DIR", "output directory (required): new, empty or a run folder"},
      {"quiet", "", "no progress on stderr"},
  };
  specs.insert(specs.end(), own.begin(), own.end());
  specs.insert(specs.end(), resource_option_specs().begin(), resource_option_specs().end());
  return specs;
}

// The tracking of --track-every: its flags, the ks and the analysis flags,
// which need it.
TrackingSettings tracking_from(const Options& options) {
  TrackingSettings tracking = tracking_settings_from(options);
  if (tracking.every == 0) {
    for (const OptionSpec& spec : analysis_option_specs())
      if (options.has(spec.name)) throw usage_error("--" + spec.name + " applies to the geometry of --track-every");
    if (options.has("k")) throw usage_error("--k applies to the geometry of --track-every");
    return tracking;
  }
  tracking.analysis = analysis_options_from(options);
  check_geometry_options(tracking.analysis.geometry);
  check_coefficient_options(tracking.analysis.coefficients());
  if (tracking.analysis.geometry.radius > 0.0) {
    if (options.has("k")) throw usage_error("--k does not apply to a radius graph, whose radius sets the neighbours");
    return tracking;
  }
  tracking.ks = {10, 30, 50};
  if (options.has("k")) {
    tracking.ks.clear();
    for (std::int64_t k : options.integer_list("k", 1, 1 << 30)) tracking.ks.push_back(static_cast<int>(k));
  }
  return tracking;
}

}  // namespace

int train_command(const std::vector<std::string>& args) {
  const std::optional<Options> parsed =
      parse_command({"train", "--out DIR [options]",
                     "Trains one MLP (ReLU hidden layers, sigmoid output, binary cross-entropy;\n"
                     "with --classes of more than two classes, softmax and categorical cross-entropy)\n"
                     "and writes metrics.json, model.bin, labels.npy and layer_<l>.npy (the\n"
                     "test-set activations, l = 0 the input) into DIR: a new or empty folder,\n"
                     "or a run folder, which the new run replaces whole.",
                     train_options()},
                    args);
  if (!parsed) return 0;
  const Options& options = *parsed;
  const std::string out = required_out(options, "train");
  const ResourceLimits limits = resource_limits_from(options);
  DataOptions data_options = data_options_from(options, options.text("data", "circles"));
  // Relative data files: the current directory, RICCI_DATA_PATH, /usr/share/datasets (data/sets/data_path.h).
  data_options.spec = find_spec_files(data_options.spec, data_search_folders(""));
  data_options.test_spec = find_spec_files(data_options.test_spec, data_search_folders(""));
  data_options.max_input = limits.max_input;
  ModelSettings settings;
  // The architecture: --hidden LIST, or --width (W or W/B) over --depth layers.
  std::string width = options.text("width", "25");
  if (options.has("hidden")) {
    if (options.has("width") || options.has("depth")) throw usage_error("give --hidden, or --width and --depth, not both");
    settings.hidden.clear();
    for (std::int64_t w : options.integer_list("hidden", 1, kMaxWidth)) settings.hidden.push_back(static_cast<std::size_t>(w));
    width = options.text("hidden", "");
  } else {
    settings.hidden = hidden_widths(width, static_cast<std::size_t>(options.integer("depth", 5, 1, kMaxDepth)), "--width");
  }
  settings.init = parse_weight_init(options.text("init", "he"));
  settings.training = training_options_from(options);
  settings.seed = static_cast<std::uint64_t>(options.integer("seed", 1, 0, INT64_MAX));
  settings.shuffle_labels = options.flag("shuffle-labels");
  settings.include_output = options.flag("include-output");
  settings.training.threads = threads_from(options);
  settings.tracking = tracking_from(options);
  settings.attacks = attacks_from(options);
  const bool progress = show_progress(options);
  // One writer per folder, and only into a new, empty or run folder
  // (bin/experiment/folders.h): checked before the data is read.
  const auto lock = lock_output(out, Writer::Train, "train", args);

  // Data: everything is read and checked before anything is written.
  const PreparedData prepared = prepare_data(data_options);
  // The memory estimate takes every layer as wide as the widest.
  check_model_size(prepared.train.features.cols(), *std::max_element(settings.hidden.begin(), settings.hidden.end()),
                   settings.hidden.size(), settings.training.batch, prepared.train.labels.size(),
                   prepared.test.labels.size(), limits, output_width_for(prepared.classes));
  check_ricci_flow_settings(settings.training,
                            trained_points(prepared.train, settings.training.validation_fraction));
  const TrainOptions& train = settings.training;
  TrainedModel model;
  try {
    model = train_model(prepared, settings, [&](std::size_t epoch, const EpochRecord& r, const Mlp<float>&) {
      if (progress)
        std::fprintf(stderr, "\rtrain: epoch %zu/%zu  loss %.4f  accuracy %.4f ", epoch, train.epochs, r.loss,
                     r.accuracy);
      return true;
    });
  } catch (const std::bad_alloc&) {
    throw out_of_memory(prepared, settings);
  }
  if (progress) std::fputc('\n', stderr);
  const TrainResult& result = model.result;
  const TrackingSettings& tracking = settings.tracking;
  write_run_folder(out, {data_options, options.has("test"), settings, width, model, prepared.test.labels,
                         options.text("attack", "")});

  std::string architecture = std::to_string(model.mlp.input_dim());
  for (std::size_t w : settings.hidden) architecture += "-" + std::to_string(w);
  architecture += "-" + std::to_string(model.mlp.output_width());
  std::printf("trained %s for %s in %.2f s: train accuracy %.4f, test accuracy %.4f\n", architecture.c_str(),
              counted(result.history.size(), "epoch").c_str(), model.seconds, model.train_accuracy,
              model.test_accuracy);
  for (std::size_t a = 0; a < settings.attacks.size(); ++a)
    std::printf("%s %.4f\n", attack_column(settings.attacks[a]).c_str(), model.attack_accuracy[a]);
  std::printf("wrote %s (metrics.json, model.bin, labels.npy, layer_0..%zu.npy%s)\n", out.c_str(),
              model.layers.size() - 1, tracking.every > 0 ? ", training_geometry.csv, training_layers.csv" : "");
  return 0;
}

}  // namespace ricci
