// runs.cpp — reading and checking the run folders of `ricci sweep --runs`.
#include "bin/sweep/runs.h"

#include <cmath>
#include <exception>
#include <cstdio>
#include <limits>
#include <set>

#include "bin/experiment/experiment.h"
#include "bin/experiment/folders.h"
#include "bin/experiment/run_folder.h"
#include "data/error.h"
#include "data/format.h"
#include "data/io/json.h"
#include "data/io/npy.h"
#include "data/sets/spec.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The hidden widths a width entry gives over `depth` layers: "W", the
// bottleneck "W/B", or a list "W1,W2,..." of `depth` widths.
std::vector<std::size_t> entry_widths(const std::string& entry, std::size_t depth, const JsonFields& fields) {
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

// metrics.json of a ricci train run (its one reader, run_folder.h).
RunModel ricci_run_model(const std::string& dir) {
  const RunMetrics metrics = read_run_metrics(dir);
  // A sweep of runs has no Ricci-flow axis: a regularised run would enter
  // the paper's statistics as a plain network.
  if (metrics.ricci_flow > 0.0)
    throw data_error(metrics.path + ": trained with --ricci-flow " + format_double(metrics.ricci_flow) +
                     "; a sweep of run folders takes plain networks only (sweep the regulariser with --ricci-flow)");
  RunModel run;
  run.folder = dir;
  run.ricci_run = true;
  run.dataset = dataset_name(metrics.data_spec);
  run.width = metrics.width;
  run.depth = metrics.depth;
  run.seed = metrics.seed;
  run.baseline = metrics.configured_epochs == 0 ? Baseline::Untrained
                 : metrics.shuffle_labels      ? Baseline::ShuffledLabels
                                               : Baseline::None;
  run.train_accuracy = metrics.train_accuracy;
  run.test_accuracy = metrics.test_accuracy;
  run.train_loss = metrics.train_loss;
  run.test_loss = metrics.test_loss;
  run.epochs = metrics.epochs;
  run.test_points = metrics.test_points;
  run.output_layer = metrics.include_output;
  run.labels_file = "labels.npy";
  if (metrics.run_id.empty())
    throw data_error(metrics.path + ": no run_id (written by an older ricci): a sweep records each run folder by its "
                                    "run_id, so that it never mixes two networks; train the run again");
  run.identity = metrics.run_id;
  return run;
}

// The identity of exported layers (RunModel::identity): the run_id scheme
// over model.json, the layer files and the labels file, from `checksums` of
// their names in that order.
std::string exported_identity(const std::vector<RunFile>& checksums) { return run_id(checksums); }

// The names whose checksums make an exported folder's identity.
std::vector<std::string> exported_files(const RunModel& run) {
  std::vector<std::string> names{"model.json"};
  const std::size_t count = run.depth + 1 + (run.output_layer ? 1 : 0);
  for (std::size_t l = 0; l < count; ++l) names.push_back(layer_name(l));
  if (!run.labels_file.empty()) names.push_back(run.labels_file);
  return names;
}

// model.json beside exported layer files (docs/formats.md).
RunModel exported_model(const std::string& dir) {
  const std::string path = join_path(dir, "model.json");
  const JsonValue model = read_json_object(path);
  const JsonFields fields(model, path);
  fields.only({"dataset", "width", "depth", "seed", "test_accuracy", "train_accuracy", "baseline", "labels",
               "output_layer"});
  RunModel run;
  run.folder = dir;
  run.dataset = fields.text(fields.required("dataset"), "dataset");
  if (run.dataset.find_first_of(";\n\r\"") != std::string::npos)
    fields.bad("dataset", "a name without ';', quotes or line breaks");
  run.depth = fields.whole(fields.required("depth"), "depth", 1, kMaxDepth);
  const JsonValue& width = fields.required("width");
  run.width = width.type == JsonValue::Type::Number ? std::to_string(fields.whole(width, "width", 1, kMaxWidth))
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
  std::vector<RunFile> checksums;
  for (const std::string& name : exported_files(run)) checksums.push_back({name, file_checksum(join_path(dir, name))});
  run.identity = exported_identity(checksums);
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
  // best_k.csv gives each architecture's best k as a share of its test set
  // (k_fraction): one test set size per architecture and baseline.
  for (std::size_t i = 0; i < runs.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      const RunModel &a = runs[j], &b = runs[i];
      if (a.dataset == b.dataset && a.width == b.width && a.depth == b.depth && a.baseline == b.baseline &&
          a.test_points != b.test_points)
        throw usage_error("--runs: " + a.folder + " and " + b.folder + " are models of one architecture (data set " +
                          a.dataset + ", width " + a.width + ", depth " + std::to_string(a.depth) +
                          ") with test sets of " + std::to_string(a.test_points) + " and " +
                          std::to_string(b.test_points) + " points: best_k.csv's k_fraction (the best k over the "
                          "architecture's test set size) would depend on their order; give them test sets of one "
                          "size, or sweep them separately");
    }
}

std::vector<GridPoint> runs_grid(const std::vector<RunModel>& runs) {
  std::vector<GridPoint> grid;
  for (const RunModel& run : runs) grid.push_back({grid.size(), run.dataset, run.width, run.depth, run.seed, run.baseline});
  return grid;
}

std::vector<GridPoint> grid_of(const SweepConfig& config) {
  if (config.runs.empty()) return sweep_grid(config);
  const std::vector<RunModel> runs = read_run_models(config.runs);
  check_run_identities(runs, config.run_ids, "sweep.json");
  return runs_grid(runs);
}

void check_run_identities(const std::vector<RunModel>& runs, const std::vector<std::string>& recorded,
                          const std::string& what) {
  for (std::size_t i = 0; i < runs.size() && i < recorded.size(); ++i)
    if (runs[i].identity != recorded[i])
      throw usage_error(runs[i].folder + " is no longer the network this sweep analysed (" + what +
                        " records run_id " + recorded[i] + "; the folder now holds " + runs[i].identity +
                        ": trained or exported again?); ricci does not mix two networks in one sweep: restore the "
                        "folder, or sweep the runs into a new folder");
}

std::vector<std::string> run_identities(const std::vector<RunModel>& runs) {
  std::vector<std::string> ids;
  for (const RunModel& run : runs) ids.push_back(run.identity);
  return ids;
}

RunLayerData read_run_layer_data(const RunModel& run, bool include_output, std::size_t limit) {
  if (include_output && !run.output_layer)
    throw data_error(run.folder + ": holds no output layer (the sweep includes the output layer)");
  const std::size_t count = run.depth + 1 + (include_output ? 1 : 0);
  RunLayerData data;
  const auto changed = [&](const std::string& now) {
    return usage_error(run.folder + " changed while the sweep ran: it held run_id " + run.identity +
                       " when the sweep started and holds " + now + " now; ricci does not mix two networks in one "
                       "sweep: restore the folder, or sweep the runs into a new folder");
  };
  if (run.ricci_run) {
    RunLayers layers = read_run_layers(run.folder, limit);  // every file against its checksum
    if (layers.run_id != run.identity) throw changed(layers.run_id);
    if (layers.layers.size() != run.depth + 1 + (run.output_layer ? 1 : 0))
      throw data_error(join_path(run.folder, "metrics.json") + ": lists " + std::to_string(layers.layers.size()) +
                       " layer files for depth " + std::to_string(run.depth));
    layers.layers.resize(count);
    data.layers = std::move(layers.layers);
    data.labels = std::move(layers.labels);
    return data;
  }
  const std::string model_json = join_path(run.folder, "model.json");
  const std::vector<std::size_t> widths = entry_widths(run.width, run.depth, JsonFields(JsonValue(), model_json));
  // Every file of the identity read once, one at a time: its checksum, and
  // its array when the sweep analyses it.
  // A file that does not parse is reported after the identity is checked: a
  // folder that changed says so first.
  std::vector<RunFile> checksums;
  std::exception_ptr bad_file;
  const std::vector<std::string> names = exported_files(run);
  for (std::size_t f = 0; f < names.size(); ++f) {
    const std::string path = join_path(run.folder, names[f]);
    const std::string bytes = names[f] == "model.json" ? read_file(path) : read_file(path, limit);
    checksums.push_back({names[f], checksum_text(bytes)});
    if (bad_file) continue;
    try {
      const bool labels = !run.labels_file.empty() && f + 1 == names.size();
      if (labels) {
        data.labels = npy_to_labels(parse_npy(bytes, path), path);
        continue;
      }
      if (f == 0 || f - 1 >= count) continue;  // model.json, an output layer not analysed
      const std::size_t l = f - 1;              // names[f] is layer_<l>.npy
      MatrixF layer = npy_to_matrix(parse_npy(bytes, path), path);
      if (layer.rows() != run.test_points)
        throw data_error(path + ": " + std::to_string(layer.rows()) + " rows, but layer_0.npy has " +
                         std::to_string(run.test_points));
      if (l >= 1 && l <= run.depth && layer.cols() != widths[l - 1])
        throw data_error(path + ": " + std::to_string(layer.cols()) + " columns, but model.json's width " + run.width +
                         " gives hidden layer " + std::to_string(l) + " " + std::to_string(widths[l - 1]));
      data.layers.push_back(std::move(layer));
    } catch (const Error&) {
      bad_file = std::current_exception();
    }
  }
  const std::string identity = exported_identity(checksums);
  if (identity != run.identity) throw changed(identity);
  if (bad_file) std::rethrow_exception(bad_file);
  return data;
}

}  // namespace ricci
