// run_folder.cpp — run identity, written by train and checked by analyze.
#include "bin/experiment/run_folder.h"

#include <cstdio>

#include "data/error.h"
#include "data/files.h"
#include "data/io/npy.h"

namespace ricci {

namespace {

std::string layer_name(std::size_t l) { return "layer_" + std::to_string(l) + ".npy"; }

// Whether `name` is layer_<l>.npy for some l (the digits as written).
bool is_layer_name(const std::string& name) {
  unsigned long index = 0;
  int consumed = 0;
  return std::sscanf(name.c_str(), "layer_%lu.npy%n", &index, &consumed) == 1 &&
         static_cast<std::size_t>(consumed) == name.size();
}

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

RunLayers read_run_layers(const std::string& dir, std::size_t limit) {
  const std::string metrics_path = join_path(dir, "metrics.json");
  if (!file_exists(metrics_path))
    throw data_error(dir + ": no metrics.json (not a complete run folder of ricci train; a train that did not "
                           "finish leaves none)");
  const JsonValue metrics = parse_json(read_file(metrics_path), metrics_path);
  if (metrics.type != JsonValue::Type::Object || !metrics.has("files") || !metrics.has("run_id"))
    throw data_error(metrics_path + ": no file checksums (\"files\", \"run_id\"; written by an older ricci): train "
                                    "the run again, or analyse its layer files with --layers");
  const JsonValue& listed = metrics.at("files", metrics_path);
  if (listed.type != JsonValue::Type::Object) throw data_error(metrics_path + ": \"files\" is not an object");
  std::vector<RunFile> files;
  for (const auto& [name, checksum] : listed.members) {
    if (checksum.type != JsonValue::Type::String || !is_checksum(checksum.string))
      throw data_error(metrics_path + ": files: " + name + ": expected 16 hexadecimal digits");
    if (name.empty() || name.find('/') != std::string::npos || name[0] == '.')
      throw data_error(metrics_path + ": files: '" + name + "' is not a file name of a run");
    files.push_back({name, checksum.string});
  }
  RunLayers run;
  const JsonValue& id = metrics.at("run_id", metrics_path);
  run.run_id = id.type == JsonValue::Type::String ? id.string : "";
  if (run.run_id != run_id(files))
    throw data_error(metrics_path + ": run_id does not match its list of files (the file was edited)");

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

}  // namespace ricci
