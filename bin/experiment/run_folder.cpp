// run_folder.cpp — the run folder: written whole by train, its identity checked by analyze and sweep --runs.
#include "bin/experiment/run_folder.h"

#include <cstdio>

#include "bin/experiment/folders.h"
#include "data/error.h"
#include "data/files.h"
#include "data/io/npy.h"
#include "data/io/table.h"
#include "data/sets/scaling.h"
#include "nn/model_io.h"

namespace ricci {

std::string layer_name(std::size_t l) { return "layer_" + std::to_string(l) + ".npy"; }

bool is_layer_name(const std::string& name, std::size_t* index) {
  unsigned long l = 0;
  int consumed = 0;
  const bool matches = std::sscanf(name.c_str(), "layer_%lu.npy%n", &l, &consumed) == 1 &&
                       static_cast<std::size_t>(consumed) == name.size();
  if (matches && index) *index = l;
  return matches;
}

namespace {

bool is_checksum(const std::string& text) {
  if (text.size() != 16) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

bool is_run_file_name(const std::string& name) {
  return name == "metrics.json" || name == "model.bin" || name == "labels.npy" || is_layer_name(name) ||
         name == "training_geometry.csv" || name == "training_layers.csv";
}

std::string run_id(const std::vector<RunFile>& files) {
  std::string lines;
  for (const RunFile& file : files) lines += file.name + " " + file.checksum + "\n";
  return checksum_text(lines);
}

void write_run_identity(JsonWriter& json, const std::vector<RunFile>& files) {
  json.key("files").begin_object();
  for (const RunFile& file : files) json.key(file.name).string(file.checksum);
  json.end_object();
  json.key("run_id").string(run_id(files));
}

RunMetrics read_run_metrics(const std::string& dir) {
  RunMetrics m;
  m.path = join_path(dir, "metrics.json");
  if (!file_exists(m.path))
    throw data_error(dir + ": no metrics.json (not a complete run folder of ricci train; a train that did not "
                           "finish leaves none)");
  const JsonValue metrics = read_json_object(m.path);
  const JsonFields top(metrics, m.path);
  const JsonValue& config_value = top.required("config");
  if (config_value.type != JsonValue::Type::Object) top.bad("config", "an object");
  const JsonFields config(config_value, m.path + ": config");
  m.data_spec = config.text(config.required("data"), "data");
  m.width = config.text(config.required("width"), "width");
  m.depth = config.whole(config.required("depth"), "depth", 1, kMaxDepth);
  m.seed = top.whole(top.required("seed"), "seed", 0, INT64_MAX);
  m.configured_epochs = config.whole(config.required("epochs"), "epochs", 0, UINT32_MAX);
  m.shuffle_labels = config.boolean(config.required("shuffle_labels"), "shuffle_labels");
  m.include_output = config.boolean(config.required("include_output"), "include_output");
  if (const JsonValue* lambda = config.optional("ricci_flow")) {
    m.ricci_flow = config.number_or_null(*lambda, "ricci_flow");
    if (!(m.ricci_flow >= 0.0)) config.bad("ricci_flow", "a number >= 0");
  }
  m.train_accuracy = top.accuracy(top.required("train_accuracy"), "train_accuracy");
  m.test_accuracy = top.accuracy(top.required("test_accuracy"), "test_accuracy");
  m.train_loss = top.number_or_null(top.required("train_loss"), "train_loss");
  m.test_loss = top.number_or_null(top.required("test_loss"), "test_loss");
  m.epochs = top.whole(top.required("epochs"), "epochs", 0, UINT32_MAX);
  m.test_points = top.whole(top.required("test_points"), "test_points", 2, SIZE_MAX >> 1);
  if (const JsonValue* widths = top.optional("layers")) {
    if (widths->type != JsonValue::Type::Array) top.bad("layers", "a list of widths");
    for (const JsonValue& width : widths->items) m.layer_widths.push_back(top.whole(width, "layers", 1, 1u << 30));
  }
  if (!metrics.has("files") || !metrics.has("run_id")) return m;  // written by an older ricci
  const JsonValue& listed = metrics.at("files", m.path);
  if (listed.type != JsonValue::Type::Object) throw data_error(m.path + ": \"files\" is not an object");
  for (const auto& [name, checksum] : listed.members) {
    if (checksum.type != JsonValue::Type::String || !is_checksum(checksum.string))
      throw data_error(m.path + ": files: " + name + ": expected 16 hexadecimal digits");
    if (name.empty() || name.find('/') != std::string::npos || name[0] == '.')
      throw data_error(m.path + ": files: '" + name + "' is not a file name of a run");
    m.files.push_back({name, checksum.string});
  }
  const JsonValue& id = metrics.at("run_id", m.path);
  m.run_id = id.type == JsonValue::Type::String ? id.string : "";
  if (m.run_id != run_id(m.files))
    throw data_error(m.path + ": run_id does not match its list of files (the file was edited)");
  return m;
}

RunLayers read_run_layers(const std::string& dir, std::size_t limit) {
  const RunMetrics metrics = read_run_metrics(dir);
  const std::string& metrics_path = metrics.path;
  if (metrics.run_id.empty())
    throw data_error(metrics_path + ": no file checksums (\"files\", \"run_id\"; written by an older ricci): train "
                                    "the run again, or analyse its layer files with --layers");
  const std::vector<RunFile>& files = metrics.files;
  RunLayers run;
  run.run_id = metrics.run_id;

  std::size_t layer_count = 0;
  for (const RunFile& file : files) layer_count += is_layer_name(file.name);
  for (std::size_t l = 0; l < layer_count; ++l) {
    bool found = false;
    for (const RunFile& file : files) found = found || file.name == layer_name(l);
    if (!found) throw data_error(metrics_path + ": files: no " + layer_name(l) + " among the layer files");
  }
  if (layer_count < 2)
    throw data_error(metrics_path + ": files: " + std::to_string(layer_count) + " layer file(s), expected at least 2");
  for (const std::string& name : list_directory(dir))
    if (is_layer_name(name)) {
      bool listed_name = false;
      for (const RunFile& file : files) listed_name = listed_name || file.name == name;
      if (!listed_name)
        throw data_error(join_path(dir, name) + ": not a file of the run in metrics.json (which lists " +
                         std::to_string(layer_count) + " layers); the folder mixes two runs: train it again");
    }

  // Each file read once: checked, and a layer parsed from the bytes checked.
  auto checked_bytes = [&](const std::string& name) {
    const std::string path = join_path(dir, name);
    if (!file_exists(path)) throw data_error(path + ": missing (metrics.json lists it)");
    std::string bytes = read_file(path, limit);
    const std::string checksum = checksum_text(bytes);
    for (const RunFile& file : files)
      if (file.name == name && file.checksum != checksum)
        throw data_error(path + ": does not belong to the run of metrics.json (checksum " + checksum +
                         ", metrics.json records " + file.checksum + "); the folder mixes two runs: train it again");
    return bytes;
  };
  for (const RunFile& file : files) {
    if (is_layer_name(file.name)) continue;
    const std::string bytes = checked_bytes(file.name);
    const std::string path = join_path(dir, file.name);
    if (file.name == "labels.npy") run.labels = npy_to_labels(parse_npy(bytes, path), path);
  }
  for (std::size_t l = 0; l < layer_count; ++l) {
    const std::string path = join_path(dir, layer_name(l));
    run.layers.push_back(npy_to_matrix(parse_npy(checked_bytes(layer_name(l)), path), path));
    run.paths.push_back(path);
  }
  return run;
}

namespace {

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
  if (!result.history.empty() && result.history.front().ricci_flow_penalty >= 0.0) {
    json.key("ricci_flow_penalty").begin_array();
    for (const EpochRecord& r : result.history) json.number(r.ricci_flow_penalty);
    json.end_array();
  }
  json.end_object();
}

// metrics.json's one writer (docs/formats.md): the outcome, the settings
// that made it, the history per epoch and the run's identity.
std::string metrics_json(const TrainedRun& run, const std::vector<RunFile>& files) {
  const TrainedModel& model = run.model;
  const ModelSettings& settings = run.settings;
  const TrainResult& result = model.result;
  const TrainOptions& train = settings.training;
  const TrackingSettings& tracking = settings.tracking;
  JsonWriter json;
  json.begin_object();
  json.key("train_accuracy").number(model.train_accuracy);
  json.key("test_accuracy").number(model.test_accuracy);
  json.key("train_loss").number(model.train_loss);
  json.key("test_loss").number(model.test_loss);
  // With --attack only: the test accuracy under each attack (nn/attack.h).
  for (std::size_t a = 0; a < settings.attacks.size(); ++a)
    json.key(attack_column(settings.attacks[a])).number(model.attack_accuracy[a]);
  if (!settings.attacks.empty()) {
    json.key("attack_range").begin_array();
    json.number(model.attack_range.low).number(model.attack_range.high);
    json.end_array();
  }
  json.key("epochs").integer(static_cast<std::int64_t>(result.history.size()));
  json.key("reached_target").boolean(result.reached_target);
  json.key("out_of_patience").boolean(result.out_of_patience);
  json.key("stopped_when_stable").boolean(model.stopped_when_stable);
  json.key("seconds").number(model.seconds);
  if (tracking.every > 0) json.key("tracking_seconds").number(model.tracking_seconds);
  json.key("seed").integer(static_cast<std::int64_t>(settings.seed));
  json.key("train_points").integer(static_cast<std::int64_t>(result.train_points));
  json.key("validation_points").integer(static_cast<std::int64_t>(result.validation_points));
  json.key("test_points").integer(static_cast<std::int64_t>(run.test_labels.size()));
  json.key("layers").begin_array();
  for (const MatrixF& layer : model.layers) json.integer(static_cast<std::int64_t>(layer.cols()));
  json.end_array();
  // Multi-class runs only, so that a binary run keeps its bytes and run_id.
  if (model.mlp.class_count() > 2) json.key("class_count").integer(static_cast<std::int64_t>(model.mlp.class_count()));
  json.key("config").begin_object();
  json.key("data").string(run.data.spec);
  json.key("classes").string(run.data.classes);
  json.key("scale").string(scaling_name(run.data.scaling));
  json.key("limit").integer(static_cast<std::int64_t>(run.data.limit));
  json.key("test").string(run.data.test_spec);
  json.key("test_fraction").number(run.separate_test ? 0.0 : run.data.test_fraction);
  json.key("test_per_class").integer(static_cast<std::int64_t>(run.data.test_per_class));
  json.key("split_seed").integer(static_cast<std::int64_t>(run.data.split_seed));
  json.key("width").string(run.width);
  json.key("depth").integer(static_cast<std::int64_t>(settings.hidden.size()));
  json.key("hidden").begin_array();
  for (std::size_t w : settings.hidden) json.integer(static_cast<std::int64_t>(w));
  json.end_array();
  json.key("init").string(weight_init_name(settings.init));
  json.key("optimizer").string(optimizer_name(train.optimizer.kind));
  json.key("lr").number(train.optimizer.lr);
  json.key("momentum").number(train.optimizer.momentum);
  json.key("weight_decay").number(train.optimizer.weight_decay);
  json.key("epochs").integer(static_cast<std::int64_t>(train.epochs));
  json.key("batch").integer(static_cast<std::int64_t>(train.batch));
  json.key("seed").integer(static_cast<std::int64_t>(settings.seed));
  json.key("target_accuracy").number(train.target_accuracy);
  json.key("validation_fraction").number(train.validation_fraction);
  json.key("patience").integer(static_cast<std::int64_t>(train.patience));
  if (train.ricci_flow.lambda > 0.0) {  // written only when on: a plain run's bytes stay as they were
    json.key("ricci_flow").number(train.ricci_flow.lambda);
    json.key("ricci_flow_k").integer(static_cast<std::int64_t>(train.ricci_flow.k));
    json.key("ricci_flow_step").number(train.ricci_flow.step);
    json.key("ricci_flow_anchors").integer(static_cast<std::int64_t>(train.ricci_flow.anchors));
    json.key("ricci_flow_every").integer(static_cast<std::int64_t>(train.ricci_flow.every));
  }
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
  json.key("include_output").boolean(settings.include_output);
  if (!run.attack.empty()) json.key("attack").string(run.attack);
  json.end_object();
  write_history(json, result);
  write_run_identity(json, files);
  json.end_object();
  return json.str();
}

}  // namespace

void write_run_folder(const std::string& out, const TrainedRun& run) {
  const TrainedModel& model = run.model;
  const TrackingSettings& tracking = run.settings.tracking;

  // The new run folder is written beside the old one and swapped in whole
  // (data/files.h): a kill or a full disk leaves the old run as it was, and
  // nothing of the old run (its analysis) stays beside the new files.
  OutputSet set = OutputSet::replacing_folder(out);
  std::vector<RunFile> files;
  auto add = [&](const std::string& name, const std::string& bytes) {
    set.add(name, bytes);
    files.push_back({name, checksum_text(bytes)});
  };
  for (std::size_t l = 0; l < model.layers.size(); ++l) add(layer_name(l), npy_bytes(model.layers[l]));
  add("labels.npy", npy_bytes(run.test_labels));
  add("model.bin", model_bytes(model.mlp));
  // The tracked geometry describes the run, but is not part of its identity
  // (run_folder.h): a tracked run and an untracked one are the same run.
  if (tracking.every > 0) {
    set.add("training_geometry.csv", csv_text(Table{training_geometry_columns(tracking.analysis.local),
                                                    training_geometry_cells(model.tracked, tracking.analysis.local)}));
    set.add("training_layers.csv", csv_text(training_layers_table(model.tracked)));
  }
  // The marker records every file with its checksum and the run_id: the
  // proof that the folder and all in it are ricci's (folders.h).
  const std::string metrics = metrics_json(run, files);
  std::vector<RecordedFile> recorded;
  for (std::size_t i = 0; i < set.names().size(); ++i) recorded.push_back({set.names()[i], set.checksums()[i]});
  recorded.push_back({"metrics.json", checksum_text(metrics)});
  set.add(kFolderMarkerName, run_marker_text(recorded, run_id(files)));
  set.add("metrics.json", metrics);  // last: its presence marks a complete run
  set.commit();
}

}  // namespace ricci
