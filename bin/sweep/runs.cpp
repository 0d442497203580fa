// sweep_runs.cpp — reading and checking the run folders of `ricci sweep --runs`.
#include "bin/sweep/runs.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "bin/experiment/experiment.h"
#include "bin/experiment/folders.h"
#include "bin/experiment/run_folder.h"
#include "data/error.h"
#include "data/io/json.h"
#include "data/io/npy.h"
#include "data/sets/spec.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The fields of an object read one by one, each error naming the file and field.
class Fields {
 public:
  Fields(const JsonValue& object, const std::string& what) : object_(object), what_(what) {}

  const JsonValue* optional(const std::string& key) const {
    for (const auto& [name, value] : object_.members)
      if (name == key) return &value;
    return nullptr;
  }
  const JsonValue& required(const std::string& key) const {
    const JsonValue* value = optional(key);
    if (!value) throw data_error(what_ + ": missing field \"" + key + "\"");
    return *value;
  }
  [[noreturn]] void bad(const std::string& key, const std::string& expected) const {
    throw data_error(what_ + ": " + key + ": expected " + expected);
  }
  std::string text(const JsonValue& value, const std::string& key) const {
    if (value.type != JsonValue::Type::String || value.string.empty()) bad(key, "a non-empty string");
    return value.string;
  }
  // A whole number from `min` to `max`, as written (no fraction, no exponent).
  std::uint64_t whole(const JsonValue& value, const std::string& key, std::uint64_t min, std::uint64_t max) const {
    const std::string range = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (value.type != JsonValue::Type::Number || value.string.empty() || value.string.size() > 19 ||
        value.string.find_first_not_of("0123456789") != std::string::npos)
      bad(key, range);
    const std::uint64_t number = std::stoull(value.string);
    if (number < min || number > max) bad(key, range + ", got " + value.string);
    return number;
  }
  double accuracy(const JsonValue& value, const std::string& key) const {
    if (value.type != JsonValue::Type::Number || !(value.number >= 0 && value.number <= 1))
      bad(key, "a number from 0 to 1");
    return value.number;
  }
  double number_or_null(const JsonValue& value, const std::string& key) const {
    if (value.type == JsonValue::Type::Null) return kNaN;
    if (value.type != JsonValue::Type::Number) bad(key, "a number");
    return value.number;
  }
  bool boolean(const JsonValue& value, const std::string& key) const {
    if (value.type != JsonValue::Type::Boolean) bad(key, "true or false");
    return value.boolean;
  }
  // Every member must be one of `known`, and given once.
  void only(const std::set<std::string>& known) const {
    std::set<std::string> seen;
    for (const auto& member : object_.members) {
      if (!known.count(member.first)) throw data_error(what_ + ": unexpected field \"" + member.first + "\"");
      if (!seen.insert(member.first).second) throw data_error(what_ + ": field \"" + member.first + "\" given twice");
    }
  }

 private:
  const JsonValue& object_;
  std::string what_;
};

JsonValue read_object(const std::string& path) {
  const JsonValue value = parse_json(read_file(path), path);
  if (value.type != JsonValue::Type::Object) throw data_error(path + ": expected a JSON object");
  return value;
}

// The hidden widths a width entry gives over `depth` layers: "W", the
// bottleneck "W/B", or a list "W1,W2,..." of `depth` widths.
std::vector<std::size_t> entry_widths(const std::string& entry, std::size_t depth, const Fields& fields) {
  const std::string expected = "W, W/B or a list of " + std::to_string(depth) + " widths, got '" + entry + "'";
  try {
    if (entry.find(',') == std::string::npos) return hidden_widths(entry, depth, "--width");
    std::vector<std::size_t> widths;
    std::size_t start = 0;
    while (true) {
      const std::size_t end = entry.find(',', start);
      widths.push_back(hidden_widths(entry.substr(start, end - start), 1, "--width")[0]);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    if (widths.size() != depth) fields.bad("width", expected);
    return widths;
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::Usage) throw;
    fields.bad("width", expected);
  }
}

// metrics.json of a ricci train run (docs/formats.md).
RunModel ricci_run_model(const std::string& dir) {
  const std::string path = join_path(dir, "metrics.json");
  const JsonValue metrics = read_object(path);
  const Fields top(metrics, path);
  const JsonValue& config_value = top.required("config");
  if (config_value.type != JsonValue::Type::Object) top.bad("config", "an object");
  const Fields config(config_value, path + ": config");
  RunModel run;
  run.folder = dir;
  run.ricci_run = true;
  run.dataset = dataset_name(config.text(config.required("data"), "data"));
  run.width = config.text(config.required("width"), "width");
  run.depth = config.whole(config.required("depth"), "depth", 1, 1000);
  run.seed = top.whole(top.required("seed"), "seed", 0, INT64_MAX);
  const bool untrained = config.whole(config.required("epochs"), "epochs", 0, UINT32_MAX) == 0;
  const bool shuffled = config.boolean(config.required("shuffle_labels"), "shuffle_labels");
  run.baseline = untrained ? Baseline::Untrained : shuffled ? Baseline::ShuffledLabels : Baseline::None;
  run.train_accuracy = top.accuracy(top.required("train_accuracy"), "train_accuracy");
  run.test_accuracy = top.accuracy(top.required("test_accuracy"), "test_accuracy");
  run.train_loss = top.number_or_null(top.required("train_loss"), "train_loss");
  run.test_loss = top.number_or_null(top.required("test_loss"), "test_loss");
  run.epochs = top.whole(top.required("epochs"), "epochs", 0, UINT32_MAX);
  run.test_points = top.whole(top.required("test_points"), "test_points", 2, SIZE_MAX >> 1);
  run.output_layer = config.boolean(config.required("include_output"), "include_output");
  run.labels_file = "labels.npy";
  return run;
}

// model.json beside exported layer files (docs/formats.md).
RunModel exported_model(const std::string& dir) {
  const std::string path = join_path(dir, "model.json");
  const JsonValue model = read_object(path);
  const Fields fields(model, path);
  fields.only({"dataset", "width", "depth", "seed", "test_accuracy", "train_accuracy", "baseline", "labels",
               "output_layer"});
  RunModel run;
  run.folder = dir;
  run.dataset = fields.text(fields.required("dataset"), "dataset");
  if (run.dataset.find_first_of(";\n\r\"") != std::string::npos)
    fields.bad("dataset", "a name without ';', quotes or line breaks");
  run.depth = fields.whole(fields.required("depth"), "depth", 1, 1000);
  const JsonValue& width = fields.required("width");
  run.width = width.type == JsonValue::Type::Number ? std::to_string(fields.whole(width, "width", 1, 1 << 20))
                                                    : fields.text(width, "width");
  entry_widths(run.width, run.depth, fields);  // checked now, compared with the layers when they are read
  run.seed = fields.whole(fields.required("seed"), "seed", 0, INT64_MAX);
  run.test_accuracy = fields.accuracy(fields.required("test_accuracy"), "test_accuracy");
  const JsonValue* train = fields.optional("train_accuracy");
  run.train_accuracy = train ? fields.accuracy(*train, "train_accuracy") : kNaN;
  run.train_loss = run.test_loss = kNaN;
  if (const JsonValue* baseline = fields.optional("baseline"))
    if (!parse_baseline(fields.text(*baseline, "baseline"), run.baseline))
      fields.bad("baseline", "none, untrained or shuffled-labels, got '" + baseline->string + "'");
  if (const JsonValue* output = fields.optional("output_layer")) run.output_layer = fields.boolean(*output, "output_layer");
  if (const JsonValue* labels = fields.optional("labels")) {
    run.labels_file = fields.text(*labels, "labels");
    if (run.labels_file.find('/') != std::string::npos || run.labels_file[0] == '.')
      fields.bad("labels", "the name of a file in the folder");
    if (!file_exists(join_path(dir, run.labels_file)))
      throw data_error(path + ": labels: " + join_path(dir, run.labels_file) + ": no such file");
  }
  // The layer files: layer_0 .. layer_<depth> (and the output), no other.
  const std::size_t count = run.depth + 1 + (run.output_layer ? 1 : 0);
  for (std::size_t l = 0; l < count; ++l)
    if (!file_exists(join_path(dir, layer_name(l))))
      throw data_error(join_path(dir, layer_name(l)) + ": no such file (model.json gives depth " +
                       std::to_string(run.depth) + (run.output_layer ? " and an output layer" : "") +
                       ": layer_0.npy, the inputs, to layer_" + std::to_string(count - 1) + ".npy)");
  for (const std::string& name : list_directory(dir)) {
    std::size_t l = 0;
    if (is_layer_name(name, &l) && (l >= count || name != layer_name(l)))
      throw data_error(join_path(dir, name) + ": not one of the model's layer files (model.json gives layer_0.npy "
                       "to layer_" + std::to_string(count - 1) + ".npy)");
  }
  // The number of test points, from the input layer.
  const std::string input = join_path(dir, layer_name(0));
  run.test_points = npy_to_matrix(read_npy(input), input).rows();
  return run;
}

}  // namespace

RunModel read_run_model(const std::string& dir) {
  const bool metrics = file_exists(join_path(dir, "metrics.json")), model = file_exists(join_path(dir, "model.json"));
  if (metrics && model)
    throw data_error(dir + ": holds both metrics.json (a run of ricci train) and model.json (exported layers); "
                           "keep one");
  if (metrics) return ricci_run_model(dir);
  if (model) return exported_model(dir);
  if (folder_kind(dir) == FolderKind::Missing) throw data_error(dir + ": no such folder");
  throw data_error(dir + ": neither metrics.json (a run of ricci train) nor model.json (exported layer_<l>.npy "
                         "files; docs/formats.md)");
}

std::vector<RunModel> read_run_models(const std::vector<std::string>& folders) {
  std::vector<RunModel> runs;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j)
      if (same_folder(folders[i], folders[j]))
        throw usage_error("--runs: " + folders[i] + " is the same folder as " + folders[j]);
    runs.push_back(read_run_model(folders[i]));
  }
  return runs;
}

void check_runs_for_sweep(const std::vector<RunModel>& runs, const SweepConfig& config) {
  if (runs.empty()) return;
  for (const auto& [name, value] : config.dataset_thresholds) {
    bool known = false;
    for (const RunModel& run : runs) known = known || run.dataset == name;
    if (!known) throw usage_error("--accuracy-threshold: no run of the sweep has the data set '" + name + "'");
  }
  if (config.include_output)
    for (const RunModel& run : runs)
      if (!run.output_layer)
        throw usage_error("--include-output: " + run.folder + " holds no output layer");
}

std::vector<GridPoint> runs_grid(const std::vector<RunModel>& runs) {
  std::vector<GridPoint> grid;
  for (const RunModel& run : runs) grid.push_back({grid.size(), run.dataset, run.width, run.depth, run.seed, run.baseline});
  return grid;
}

std::vector<GridPoint> grid_of(const SweepConfig& config) {
  return config.runs.empty() ? sweep_grid(config) : runs_grid(read_run_models(config.runs));
}

RunLayerData read_run_layer_data(const RunModel& run, bool include_output, std::size_t limit) {
  if (include_output && !run.output_layer)
    throw data_error(run.folder + ": holds no output layer (the sweep includes the output layer)");
  const std::size_t count = run.depth + 1 + (include_output ? 1 : 0);
  RunLayerData data;
  if (run.ricci_run) {
    RunLayers layers = read_run_layers(run.folder, limit);  // every file against its checksum
    if (layers.layers.size() != run.depth + 1 + (run.output_layer ? 1 : 0))
      throw data_error(join_path(run.folder, "metrics.json") + ": lists " + std::to_string(layers.layers.size()) +
                       " layer files for depth " + std::to_string(run.depth));
    layers.layers.resize(count);
    data.layers = std::move(layers.layers);
    data.labels = std::move(layers.labels);
    return data;
  }
  const std::string model_json = join_path(run.folder, "model.json");
  const std::vector<std::size_t> widths = entry_widths(run.width, run.depth, Fields(JsonValue(), model_json));
  for (std::size_t l = 0; l < count; ++l) {
    const std::string path = join_path(run.folder, layer_name(l));
    MatrixF layer = npy_to_matrix(read_npy(path, limit), path);
    if (layer.rows() != run.test_points)
      throw data_error(path + ": " + std::to_string(layer.rows()) + " rows, but layer_0.npy has " +
                       std::to_string(run.test_points));
    if (l >= 1 && l <= run.depth && layer.cols() != widths[l - 1])
      throw data_error(path + ": " + std::to_string(layer.cols()) + " columns, but model.json's width " + run.width +
                       " gives hidden layer " + std::to_string(l) + " " + std::to_string(widths[l - 1]));
    data.layers.push_back(std::move(layer));
  }
  if (!run.labels_file.empty()) {
    const std::string path = join_path(run.folder, run.labels_file);
    data.labels = npy_to_labels(read_npy(path, limit), path);
  }
  return data;
}

}  // namespace ricci
