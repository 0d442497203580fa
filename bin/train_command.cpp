// train_command.cpp — `ricci train`: train one MLP and save what the analysis
// needs (docs/formats.md).
//
// The data steps (load, --classes, --limit, split or --test, --test-per-class,
// --scale) are data/prepare.h's, in its order.
//
// The seeds: the data set's own `seed=` parameter fixes the points; --split-seed
// fixes --limit, the train/test split and --test-per-class, so every --seed
// sees the same test points;
// --seed fixes the initial weights (stream 0) and the minibatch order and
// validation hold-out (stream 1).
#include <dirent.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "bin/commands.h"
#include "bin/experiment.h"
#include "bin/options.h"
#include "data/error.h"
#include "data/files.h"
#include "data/io/json.h"
#include "data/io/npy.h"
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
  for (const auto* table : {&data_option_specs(), &training_option_specs()})
    specs.insert(specs.end(), table->begin(), table->end());
  const std::vector<OptionSpec> own = {
      {"width", "W", "neurons per hidden layer (default 25), or the paper's bottleneck W/B: W at the\n"
                     "first and last hidden layers, B at the middle, a linear taper between"},
      {"depth", "D", "hidden layers (default 5)"},
      {"hidden", "LIST", "the hidden layers' widths, e.g. 50,40,30 (instead of --width and --depth)"},
      {"init", "NAME", "initial weights: he (default) or glorot (Keras's default, as the paper)"},
      {"seed", "S", "seed of the weights and minibatch order (default 1)"},
      {"include-output", "", "also save the output layer (sigmoid probabilities)"},
      threads_option("spent on the large matrix products of training and evaluation"),
      {"out", "DIR", "output directory (required)"},
      {"quiet", "", "no progress on stderr"},
  };
  specs.insert(specs.end(), own.begin(), own.end());
  return specs;
}

// Removes layer_<l>.npy files with l >= first_stale left by an earlier, deeper run.
void remove_stale_layers(const std::string& dir, std::size_t first_stale) {
  DIR* handle = ::opendir(dir.c_str());
  if (!handle) return;
  std::vector<std::string> stale;
  while (const dirent* entry = ::readdir(handle)) {
    unsigned long index = 0;
    int consumed = 0;
    const std::string name = entry->d_name;
    if (std::sscanf(name.c_str(), "layer_%lu.npy%n", &index, &consumed) == 1 &&
        static_cast<std::size_t>(consumed) == name.size() && index >= first_stale)
      stale.push_back(join_path(dir, name));
  }
  ::closedir(handle);
  for (const std::string& path : stale) std::remove(path.c_str());
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
                          "test-set activations, l = 0 the input) into DIR.",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (!options.positional().empty())
    throw usage_error("train: unexpected argument '" + options.positional()[0] + "'");
  if (!options.has("out")) throw usage_error("train: --out DIR is required");
  const std::string out = options.text("out", "");
  const DataOptions data_options = data_options_from(options, options.text("data", "circles"));
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
  settings.include_output = options.flag("include-output");
  settings.training.threads = threads_from(options);
  const bool progress = show_progress(options.flag("quiet"));

  // Data: everything is read and checked before anything is written.
  const PreparedData prepared = prepare_data(data_options);
  const TrainOptions& train = settings.training;
  const TrainedModel model = train_model(prepared, settings, [&](std::size_t epoch, const EpochRecord& r) {
    if (progress)
      std::fprintf(stderr, "\rtrain: epoch %zu/%zu  loss %.4f  accuracy %.4f ", epoch, train.epochs, r.loss,
                   r.accuracy);
  });
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

  JsonWriter json;
  json.begin_object();
  json.key("train_accuracy").number(train_accuracy);
  json.key("test_accuracy").number(test_accuracy);
  json.key("train_loss").number(model.train_loss);
  json.key("test_loss").number(model.test_loss);
  json.key("epochs").integer(static_cast<std::int64_t>(result.history.size()));
  json.key("reached_target").boolean(result.reached_target);
  json.key("seconds").number(seconds);
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
  json.key("include_output").boolean(include_output);
  json.end_object();
  write_history(json, result);
  json.end_object();

  // Output: each file atomically, metrics.json last (its presence marks a
  // complete run directory).
  make_directories(out);
  std::remove(join_path(out, "metrics.json").c_str());
  remove_stale_layers(out, layers.size());
  for (std::size_t l = 0; l < layers.size(); ++l)
    write_npy(join_path(out, "layer_" + std::to_string(l) + ".npy"), layers[l]);
  write_npy(join_path(out, "labels.npy"), test_set.labels);
  save_model(join_path(out, "model.bin"), mlp);
  write_file_atomically(join_path(out, "metrics.json"), json.str());

  std::string architecture = std::to_string(mlp.input_dim());
  for (std::size_t w : settings.hidden) architecture += "-" + std::to_string(w);
  std::printf("trained %s-1 for %zu epochs in %.2f s: train accuracy %.4f, test accuracy %.4f\n",
              architecture.c_str(), result.history.size(), seconds, train_accuracy, test_accuracy);
  std::printf("wrote %s (metrics.json, model.bin, labels.npy, layer_0..%zu.npy)\n", out.c_str(),
              layers.size() - 1);
  return 0;
}

}  // namespace ricci
