// networks.cpp — the saved networks of a sweep: written, checked, read.
#include "bin/sweep/networks.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "bin/experiment/experiment.h"
#include "data/error.h"
#include "data/files.h"
#include "nn/mlp.h"
#include "nn/model_io.h"

namespace ricci {

namespace {

const char kFolder[] = "models";

// The text up to and including its last newline (a torn last line dropped).
std::string whole_lines(const std::string& text) {
  const std::size_t last = text.rfind('\n');
  return last == std::string::npos ? "" : text.substr(0, last + 1);
}

Table committed_table(const std::string& path) {
  const std::string text = whole_lines(read_file(path));
  if (text.empty()) throw data_error(path + ": empty (not a sweep's file)");
  return parse_csv_table(text, path);
}

// The identity of a models.csv row; `ricci_flow` the column of its lambda,
// or the header's size when there is none (lambda 0).
SavedNetworks::Identity identity_of(const std::vector<std::string>& row, const std::string& what,
                                    std::size_t ricci_flow) {
  if (row.size() < 6) throw data_error(what + ": a row with fewer than 6 cells");
  return {row[1], row[2], row[3], row[4], row[5], ricci_flow < row.size() ? row[ricci_flow] : csv_number(0.0)};
}

}  // namespace

std::vector<std::string> weights_header() {
  return {"model", "dataset", "width", "depth", "seed", "baseline", "file", "bytes", "checksum"};
}

std::string network_file(std::size_t index) { return std::string(kFolder) + "/" + std::to_string(index) + ".bin"; }

std::vector<std::vector<std::string>> weights_rows(const ModelKey& key, const std::string& bytes) {
  std::vector<std::string> row = key.cells();
  row.push_back(network_file(key.index));
  row.push_back(csv_integer(static_cast<std::int64_t>(bytes.size())));
  row.push_back(checksum_text(bytes));
  return {row};
}

void write_network(const std::string& dir, std::size_t index, const std::string& bytes) {
  write_file_atomically(join_path(dir, network_file(index)), bytes);
}

void remove_uncommitted_networks(const std::string& dir, const std::set<std::size_t>& committed) {
  const std::string folder = join_path(dir, kFolder);
  if (!file_exists(folder)) return;
  remove_temporaries(folder);
  for (const std::string& name : list_directory(folder)) {
    const std::size_t dot = name.find(".bin");
    const std::string stem = name.substr(0, dot);
    const bool numbered = dot != std::string::npos && dot + 4 == name.size() && !stem.empty() &&
                          stem.size() < 20 && stem.find_first_not_of("0123456789") == std::string::npos;
    if (numbered && !committed.count(std::stoull(stem))) remove_tree(join_path(folder, name));
  }
}

SavedNetworks::Identity SavedNetworks::identity(const ModelKey& key) {
  const std::vector<std::string> cells = key.cells();
  return {cells[1], cells[2], cells[3], cells[4], cells[5], csv_number(key.ricci_flow)};
}

SavedNetworks::SavedNetworks(const std::string& dir) : dir_(dir) {
  const std::string models_path = join_path(dir, "models.csv");
  models_ = committed_table(models_path);
  const auto column = std::find(models_.header.begin(), models_.header.end(), "ricci_flow");
  const std::size_t ricci_flow = static_cast<std::size_t>(column - models_.header.begin());
  std::map<std::string, Identity> committed;  // model index -> identity
  for (std::size_t r = 0; r < models_.rows.size(); ++r) {
    const Identity identity = identity_of(models_.rows[r], models_path, ricci_flow);
    rows_[identity] = r;
    committed[models_.rows[r][0]] = identity;
  }
  const std::string weights_path = join_path(dir, "weights.csv");
  if (!file_exists(weights_path)) return;
  const Table weights = committed_table(weights_path);
  if (weights.header != weights_header()) throw data_error(weights_path + ": unexpected header");
  for (const auto& row : weights.rows) {
    const auto model = committed.find(row[0]);
    if (model == committed.end()) continue;  // a model whose models.csv row never arrived
    Saved saved;
    saved.file = row[6];
    if (saved.file != network_file(parse_model_index(row[0], weights_path)))
      throw data_error(weights_path + ": model " + row[0] + ": unexpected file '" + row[6] + "'");
    saved.bytes = static_cast<std::size_t>(csv_whole_number(row[7], weights_path, "bytes"));
    saved.checksum = row[8];
    if (row.size() < 6) throw data_error(weights_path + ": a row with fewer than 6 cells");
    weights_[model->second] = saved;  // its identity as models.csv gives it (weights.csv has no lambda)
  }
}

const std::vector<std::string>* SavedNetworks::model_row(const ModelKey& key) const {
  const auto it = rows_.find(identity(key));
  return it == rows_.end() ? nullptr : &models_.rows[it->second];
}

const std::string& SavedNetworks::cell(const std::vector<std::string>& row, const std::string& column) const {
  return row[models_.column(column, join_path(dir_, "models.csv"))];
}

std::string SavedNetworks::network(const ModelKey& key) const {
  const auto it = weights_.find(identity(key));
  if (it == weights_.end()) throw std::logic_error("SavedNetworks::network: no network saved for this model");
  const std::string path = join_path(dir_, it->second.file);
  if (!file_exists(path)) throw data_error(path + ": missing (weights.csv lists it)");
  const std::string bytes = read_file(path);
  if (bytes.size() != it->second.bytes || checksum_text(bytes) != it->second.checksum)
    throw data_error(path + ": not the file weights.csv records (its size or checksum differs): changed since, or "
                            "another model's or sweep's");
  return bytes;
}

ModelNetwork rebuild_network(const SavedNetworks& saved, const GridPoint& point, const PreparedData& data,
                             bool include_output, int threads, const std::vector<Attack>& attacks) {
  const ModelKey key = model_key(point);
  const std::string name = saved.dir() + ": model " + std::to_string(point.index);
  const std::vector<std::string>* row = saved.model_row(key);
  if (!row) throw std::logic_error("rebuild_network: the model is not in the sweep");
  ModelNetwork network;
  ModelOutcome& outcome = network.outcome;
  outcome.status = saved.cell(*row, "status");
  if (outcome.status != "ok") return network;
  if (!saved.has_network(key))
    throw usage_error(name + " has no saved network (a sweep made before ricci kept them): run the sweep anew");
  const std::string where = join_path(saved.dir(), network_file(point.index));
  outcome.weights = saved.network(key);
  const Mlp<float> mlp = parse_model(outcome.weights, where);
  std::vector<std::size_t> sizes = {data.test.features.cols()};
  for (std::size_t w : hidden_widths(point.width, point.depth, "--widths")) sizes.push_back(w);
  sizes.push_back(output_width_for(data.classes));
  if (mlp.sizes != sizes) throw data_error(where + ": not the network of " + name + " (other layer sizes)");
  const Evaluation test = evaluate(mlp, data.test, threads);
  const std::string& recorded = saved.cell(*row, "test_accuracy");
  if (csv_number(test.accuracy) != recorded || csv_number(test.loss) != saved.cell(*row, "test_loss"))
    throw data_error(name + ": its network, rebuilt, has test accuracy " + csv_number(test.accuracy) + ", not the " +
                     recorded + " recorded: the data or the weights are not those it was trained on");
  const std::string models_csv = join_path(saved.dir(), "models.csv");
  outcome.train_accuracy = csv_value(saved.cell(*row, "train_accuracy"), models_csv);
  outcome.train_loss = csv_value(saved.cell(*row, "train_loss"), models_csv);
  outcome.test_accuracy = test.accuracy;
  outcome.test_loss = test.loss;
  outcome.epochs = static_cast<std::size_t>(csv_whole_number(saved.cell(*row, "epochs"), models_csv, "epochs"));
  network.layers = layer_activations(mlp, data.test.features, include_output, threads);
  outcome.attack_accuracy = attack_accuracies(mlp, data, attacks, threads);
  return network;
}

}  // namespace ricci
