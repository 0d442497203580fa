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
#include "bin/commands.h"
#include "bin/experiment/experiment.h"
#include "bin/experiment/folders.h"
#include "bin/options.h"
#include "bin/experiment/run_folder.h"
#include "bin/experiment/tracking.h"
#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"
#include "data/io/json.h"
#include "data/io/npy.h"
#include "data/io/table.h"
#include "data/sets/dataset.h"
#include "data/sets/prepare.h"
#include "data/sets/scaling.h"
#include "nn/mlp.h"
#include "nn/model_io.h"
#include "nn/train.h"

namespace ricci {

namespace {

// train's options: --data, --test, the shared data and training flags, and its own.
std::vector<OptionSpec> train_options() {
  std::vector<OptionSpec> specs = {{"data", "SPEC", "data set (default circles); see `ricci datasets`"},
                                   {"test", "SPEC", "a separate test set instead of a split"}};
  for (const auto* table : {&data_option_specs(), &training_option_specs(), &tracking_option_specs()})
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
      {"include-output", "", "also save the output layer (sigmoid probabilities)"},
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

void write_history(JsonWriter& json, const TrainResult& result) {
  json.key("history").begin_object();
  const char* names[] = {"loss", "accuracy", "val_loss", "val_accuracy"};
  for (int column = 0; column < 4; ++column) {
    if (column >= 2 && result.validation_points == 0) break;
    json.key(names[column]).begin_array();
    for (const EpochRecord& r : result.history) {
      const double values[] = {r.loss, r.accuracy, r.val_loss, r.val_accuracy};
      json.number(values[column]);
    }
    json.end_array();
  }
  json.end_object();
}

}  // namespace

int train_command(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = train_options();
  const Options options(args, specs);
  if (options.help()) {
    std::fputs(usage_text("train", "--out DIR [options]",
                          "Trains one MLP (ReLU hidden layers, sigmoid output, binary cross-entropy)\n"
                          "and writes metrics.json, model.bin, labels.npy and layer_<l>.npy (the\n"
                          "test-set activations, l = 0 the input) into DIR: a new or empty folder,\n"
                          "or a run folder, which the new run replaces whole.",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (!options.positional().empty())
    throw usage_error("train: unexpected argument '" + options.positional()[0] + "'");
  if (!options.has("out")) throw usage_error("train: --out DIR is required");
  const std::string out = options.text("out", "");
  const ResourceLimits limits = resource_limits_from(options);
  DataOptions data_options = data_options_from(options, options.text("data", "circles"));
  data_options.max_input = limits.max_input;
  ModelSettings settings;
  // The architecture: --hidden LIST, or --width (W or W/B) over --depth layers.
  std::string width = options.text("width", "25");
  if (options.has("hidden")) {
    if (options.has("width") || options.has("depth")) throw usage_error("give --hidden, or --width and --depth, not both");
    settings.hidden.clear();
    for (std::int64_t w : options.integer_list("hidden", 1, 1 << 20)) settings.hidden.push_back(static_cast<std::size_t>(w));
    width = options.text("hidden", "");
  } else {
    settings.hidden = hidden_widths(width, static_cast<std::size_t>(options.integer("depth", 5, 1, 1000)), "--width");
  }
  settings.init = parse_weight_init(options.text("init", "he"));
  settings.training = training_options_from(options);
  settings.seed = static_cast<std::uint64_t>(options.integer("seed", 1, 0, INT64_MAX));
  settings.shuffle_labels = options.flag("shuffle-labels");
  settings.include_output = options.flag("include-output");
  settings.training.threads = threads_from(options);
  settings.tracking = tracking_from(options);
  const bool progress = show_progress(options.flag("quiet"));
  // One writer per folder, and only into a new, empty or run folder
  // (bin/experiment/folders.h): checked before the data is read.
  const FolderLock lock(out, command_line("train", args));
  check_writable(out, Writer::Train);

  // Data: everything is read and checked before anything is written.
  const PreparedData prepared = prepare_data(data_options);
  // The memory estimate takes every layer as wide as the widest.
  check_model_size(prepared.train.features.cols(), *std::max_element(settings.hidden.begin(), settings.hidden.end()),
                   settings.hidden.size(), settings.training.batch, prepared.train.labels.size(),
                   prepared.test.labels.size(), limits);
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
  const Mlp<float>& mlp = model.mlp;
  const TrainResult& result = model.result;
  const std::vector<MatrixF>& layers = model.layers;
  const Dataset& test_set = prepared.test;
  const std::size_t depth = settings.hidden.size();
  const std::uint64_t seed = settings.seed;
  const bool include_output = settings.include_output;
  const double seconds = model.seconds, train_accuracy = model.train_accuracy, test_accuracy = model.test_accuracy;
  const OptimizerKind kind = train.optimizer.kind;

  // The new run folder is written beside the old one and swapped in whole
  // (data/files.h): a kill or a full disk leaves the old run as it was, and
  // nothing of the old run (its analysis) stays beside the new files.
  OutputSet run = OutputSet::replacing_folder(out);
  std::vector<RunFile> files;
  auto add = [&](const std::string& name, const std::string& bytes) {
    run.add(name, bytes);
    files.push_back({name, checksum_text(bytes)});
  };
  for (std::size_t l = 0; l < layers.size(); ++l) add("layer_" + std::to_string(l) + ".npy", npy_bytes(layers[l]));
  add("labels.npy", npy_bytes(test_set.labels));
  add("model.bin", model_bytes(mlp));
  // The tracked geometry describes the run, but is not part of its identity
  // (run_folder.h): a tracked run and an untracked one are the same run.
  const TrackingSettings& tracking = settings.tracking;
  if (tracking.every > 0) {
    run.add("training_geometry.csv", csv_text(Table{training_geometry_columns(tracking.analysis.local),
                                                    training_geometry_cells(model.tracked, tracking.analysis.local)}));
    run.add("training_layers.csv", csv_text(training_layers_table(model.tracked)));
  }
  mark_folder(run, FolderKind::Run);

  JsonWriter json;
  json.begin_object();
  json.key("train_accuracy").number(train_accuracy);
  json.key("test_accuracy").number(test_accuracy);
  json.key("train_loss").number(model.train_loss);
  json.key("test_loss").number(model.test_loss);
  json.key("epochs").integer(static_cast<std::int64_t>(result.history.size()));
  json.key("reached_target").boolean(result.reached_target);
  json.key("out_of_patience").boolean(result.out_of_patience);
  json.key("stopped_when_stable").boolean(model.stopped_when_stable);
  json.key("seconds").number(seconds);
  if (tracking.every > 0) json.key("tracking_seconds").number(model.tracking_seconds);
  json.key("seed").integer(static_cast<std::int64_t>(seed));
  json.key("train_points").integer(static_cast<std::int64_t>(result.train_points));
  json.key("validation_points").integer(static_cast<std::int64_t>(result.validation_points));
  json.key("test_points").integer(static_cast<std::int64_t>(test_set.labels.size()));
  json.key("layers").begin_array();
  for (const MatrixF& layer : layers) json.integer(static_cast<std::int64_t>(layer.cols()));
  json.end_array();
  json.key("config").begin_object();
  json.key("data").string(data_options.spec);
  json.key("classes").string(data_options.classes);
  json.key("scale").string(scaling_name(data_options.scaling));
  json.key("limit").integer(static_cast<std::int64_t>(data_options.limit));
  json.key("test").string(data_options.test_spec);
  json.key("test_fraction").number(options.has("test") ? 0.0 : data_options.test_fraction);
  json.key("test_per_class").integer(static_cast<std::int64_t>(data_options.test_per_class));
  json.key("split_seed").integer(static_cast<std::int64_t>(data_options.split_seed));
  json.key("width").string(width);
  json.key("depth").integer(static_cast<std::int64_t>(depth));
  json.key("hidden").begin_array();
  for (std::size_t w : settings.hidden) json.integer(static_cast<std::int64_t>(w));
  json.end_array();
  json.key("init").string(weight_init_name(settings.init));
  json.key("optimizer").string(optimizer_name(kind));
  json.key("lr").number(train.optimizer.lr);
  json.key("momentum").number(train.optimizer.momentum);
  json.key("weight_decay").number(train.optimizer.weight_decay);
  json.key("epochs").integer(static_cast<std::int64_t>(train.epochs));
  json.key("batch").integer(static_cast<std::int64_t>(train.batch));
  json.key("seed").integer(static_cast<std::int64_t>(seed));
  json.key("target_accuracy").number(train.target_accuracy);
  json.key("validation_fraction").number(train.validation_fraction);
  json.key("patience").integer(static_cast<std::int64_t>(train.patience));
  json.key("track_every").integer(static_cast<std::int64_t>(tracking.every));
  if (tracking.every > 0) {
    json.key("track_k").begin_array();
    for (int k : tracking.ks) json.integer(k);
    json.end_array();
    json.key("stop_when_stable").boolean(tracking.stop_when_stable);
    if (tracking.stop_when_stable) {
      json.key("stable_window").integer(static_cast<std::int64_t>(tracking.stability.window));
      json.key("stable_tolerance").number(tracking.stability.tolerance);
    }
  }
  json.key("shuffle_labels").boolean(settings.shuffle_labels);
  json.key("include_output").boolean(include_output);
  json.end_object();
  write_history(json, result);
  write_run_identity(json, files);
  json.end_object();
  run.add("metrics.json", json.str());  // last: its presence marks a complete run
  run.commit();

  std::string architecture = std::to_string(mlp.input_dim());
  for (std::size_t w : settings.hidden) architecture += "-" + std::to_string(w);
  std::printf("trained %s-1 for %s in %.2f s: train accuracy %.4f, test accuracy %.4f\n", architecture.c_str(),
              counted(result.history.size(), "epoch").c_str(), seconds, train_accuracy, test_accuracy);
  std::printf("wrote %s (metrics.json, model.bin, labels.npy, layer_0..%zu.npy%s)\n", out.c_str(),
              layers.size() - 1, tracking.every > 0 ? ", training_geometry.csv, training_layers.csv" : "");
  return 0;
}

}  // namespace ricci
