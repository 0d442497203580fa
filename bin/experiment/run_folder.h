// run_folder.h — the files of a run folder, and the proof that they belong
// to one run.
//
// `ricci train` records in metrics.json, under "files", the checksum of
// every other file of the run (layer_<l>.npy, labels.npy, model.bin): FNV-1a
// 64 of its bytes, as 16 hexadecimal digits (data/files.h). "run_id" is the
// same checksum of the lines "NAME CHECKSUM\n" of that list, in its order:
// it names the run (equal files, equal id), and analysis.json repeats it.
// `ricci analyze RUN_DIR` reads the layer files through read_run_layers,
// which refuses a folder whose files are not the ones metrics.json lists.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bin/experiment/experiment.h"
#include "data/files.h"
#include "data/io/json.h"
#include "data/matrix.h"

namespace ricci {

struct RunFile {
  std::string name;
  std::string checksum;  // checksum_text of its bytes
};

std::string run_id(const std::vector<RunFile>& files);

// "layer_<l>.npy", the name of layer l's file (l = 0 the input).
std::string layer_name(std::size_t l);
// Whether `name` is layer_<l>.npy for some l, its digits as written; the l
// into *index when given.
bool is_layer_name(const std::string& name, std::size_t* index = nullptr);

// A run of `ricci train`, as its folder records it.
struct TrainedRun {
  const DataOptions& data;  // the data SPEC and options
  bool separate_test;       // --test given (metrics.json's test_fraction is then 0)
  const ModelSettings& settings;
  const std::string& width;  // as given: W, W/B, or --hidden's list
  const TrainedModel& model;
  const std::vector<std::int64_t>& test_labels;
  std::string attack = "";  // --attack as given; empty without it
};

// Writes the run folder `out` whole (docs/formats.md): layer_<l>.npy,
// labels.npy, model.bin, with tracking training_geometry.csv and
// training_layers.csv, its marker, and metrics.json last (its one writer),
// recording every other file's checksum. The new folder is written beside
// the old one and swapped in whole (data/files.h): a kill or a full disk
// leaves the old run as it was, and nothing of the old run (its analysis)
// stays beside the new files. The caller holds the folder's lock.
void write_run_folder(const std::string& out, const TrainedRun& run);

// True for the names of a run's own files: metrics.json, model.bin,
// labels.npy, layer_<l>.npy and the tracked geometry (training_geometry.csv,
// training_layers.csv).
bool is_run_file_name(const std::string& name);

// Writes the members "files" (an object: name -> checksum) and "run_id".
void write_run_identity(JsonWriter& json, const std::vector<RunFile>& files);

// metrics.json as read by its one reader: what the run was and what it
// scored, and the checksums of its files (empty, with the run_id, in a run
// written by an older ricci). Data errors name the file and field; a
// run_id that does not match the files listed is one (the file was edited).
struct RunMetrics {
  std::string path;                 // DIR/metrics.json
  std::string data_spec, width;     // the data SPEC; the width as given (W, W/B or --hidden's list)
  std::size_t depth = 0;
  std::uint64_t seed = 0;
  std::size_t configured_epochs = 0;  // --epochs (0: the untrained network)
  bool shuffle_labels = false, include_output = false;
  double ricci_flow = 0;  // the regulariser's lambda (--ricci-flow; written only when > 0)
  double train_accuracy = 0, test_accuracy = 0, train_loss = 0, test_loss = 0;  // losses NaN when null
  std::size_t epochs = 0, test_points = 0;
  std::vector<std::size_t> layer_widths;  // "layers": each layer file's columns (empty when not given)
  std::vector<RunFile> files;
  std::string run_id;
};
RunMetrics read_run_metrics(const std::string& dir);

struct RunLayers {
  std::string run_id;
  std::vector<std::string> paths;      // DIR/layer_0.npy, DIR/layer_1.npy, ...
  std::vector<MatrixF> layers;         // their matrices
  std::vector<std::int64_t> labels;    // labels.npy, when the run lists it
};

// The layers (and labels) of the run folder `dir`, after checking that metrics.json is
// there and lists them, that every file it lists has its checksum, and that
// no other layer_<l>.npy lies beside them. Data errors name the file and
// say what does not belong. `limit`: as for read_file (files.h).
RunLayers read_run_layers(const std::string& dir, std::size_t limit = kDefaultInputLimit);

}  // namespace ricci
