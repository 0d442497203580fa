// tables.cpp — rows of models.csv and layers.csv, their reader, and groups.csv.
#include "bin/sweep/tables.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "bin/experiment/layers_table.h"
#include "bin/sweep/local_tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/io/json.h"
#include "data/sets/spec.h"
#include "flow/ricci_flow_comparison.h"

namespace ricci {

std::vector<std::string> models_header(const std::vector<int>& ks, bool ricci_flow,
                                       const std::vector<std::string>& attack_columns) {
  std::vector<std::string> h = {"model",         "dataset",       "width",      "depth",     "seed",  "baseline",
                                "status",        "train_accuracy", "test_accuracy", "train_loss", "test_loss", "epochs"};
  if (ricci_flow) h.push_back("ricci_flow");
  h.insert(h.end(), attack_columns.begin(), attack_columns.end());
  for (int k : ks) {
    h.push_back("rho_k" + std::to_string(k));
    h.push_back("p_k" + std::to_string(k));
  }
  for (const char* column : {"well_trained", "best_k", "rho_best", "z_best"}) h.push_back(column);
  return h;
}

std::vector<std::string> layers_header() {
  std::vector<std::string> h = {"model", "dataset", "width", "depth", "seed", "baseline"};
  for (const std::string& column : layer_columns()) h.push_back(column);
  return h;
}

std::vector<std::string> coefficients_header() {
  std::vector<std::string> h = {"model", "dataset", "width", "depth", "seed", "baseline"};
  for (const std::string& column : coefficient_columns()) h.push_back(column);
  return h;
}

std::vector<std::string> tracking_header() {
  std::vector<std::string> h = {"model", "dataset", "width", "depth", "seed", "baseline"};
  for (const std::string& column : training_geometry_columns(false)) h.push_back(column);
  return h;
}

std::vector<std::string> ModelKey::cells() const {
  return {csv_integer(static_cast<std::int64_t>(index)), dataset, width,
          csv_integer(static_cast<std::int64_t>(depth)), csv_integer(static_cast<std::int64_t>(seed)),
          baseline_name(baseline)};
}

ModelKey model_key(const GridPoint& point) {
  return {point.index, dataset_name(point.dataset), point.width, point.depth, point.seed, point.baseline,
          point.ricci_flow};
}

std::vector<std::string> model_row(const ModelKey& key, const ModelOutcome& outcome, const std::vector<int>& ks,
                                   double accuracy_threshold, std::optional<double> ricci_flow,
                                   std::size_t attack_columns) {
  std::vector<std::string> row = key.cells();
  const bool ok = outcome.status == "ok";
  row.push_back(outcome.status);
  for (double v : {outcome.train_accuracy, outcome.test_accuracy, outcome.train_loss, outcome.test_loss})
    row.push_back(ok ? csv_number(v) : "");
  row.push_back(ok && outcome.epochs ? csv_integer(static_cast<std::int64_t>(*outcome.epochs)) : "");
  if (ricci_flow) row.push_back(csv_number(*ricci_flow));
  for (std::size_t a = 0; a < attack_columns; ++a)
    row.push_back(ok && a < outcome.attack_accuracy.size() ? csv_number(outcome.attack_accuracy[a]) : "");
  for (std::size_t ki = 0; ki < ks.size(); ++ki) {
    const Correlation* c = ok ? &outcome.analysis.coefficients[ki].pearson : nullptr;
    row.push_back(c ? csv_number(c->r) : "");
    row.push_back(c ? csv_number(c->p_value) : "");
  }
  row.push_back(well_trained_model(key.baseline, ok, outcome.test_accuracy, accuracy_threshold) ? "1" : "0");
  row.insert(row.end(), 3, "");  // best_k, rho_best, z_best: filled when the sweep ends
  return row;
}

namespace {

// The model's identifying cells before each row of cells.
std::vector<std::vector<std::string>> keyed(const ModelKey& key, const std::vector<std::vector<std::string>>& cells) {
  std::vector<std::vector<std::string>> rows;
  for (const std::vector<std::string>& row : cells) {
    rows.push_back(key.cells());
    rows.back().insert(rows.back().end(), row.begin(), row.end());
  }
  return rows;
}

}  // namespace

std::vector<std::vector<std::string>> layer_rows(const ModelKey& key, const ModelOutcome& outcome) {
  return keyed(key, layer_cells(outcome.analysis));
}

std::vector<std::vector<std::string>> coefficient_rows(const ModelKey& key, const ModelOutcome& outcome) {
  return keyed(key, coefficient_cells(outcome.analysis));
}

std::vector<std::vector<std::string>> tracking_rows(const ModelKey& key, const ModelOutcome& outcome) {
  return keyed(key, training_geometry_cells(outcome.tracked, false));
}

std::size_t parse_model_index(const std::string& cell, const std::string& what) {
  if (cell.empty() || cell.size() > 15 || cell.find_first_not_of("0123456789") != std::string::npos)
    throw data_error(what + ": bad model index '" + cell.substr(0, 40) + "' (expected a whole number below 10^15)");
  return static_cast<std::size_t>(std::stoull(cell));
}

void check_sweep_rows(const Table& models, const Table& layers, const Table& coefficients, const SweepLayout& layout,
                      const std::string& dir) {
  const std::string mw = join_path(dir, "models.csv"), lw = join_path(dir, "layers.csv"),
                    cw = join_path(dir, "coefficients.csv");
  const std::size_t status = models.column("status", mw), l_k = layers.column("k", lw),
                    l_layer = layers.column("layer", lw), c_k = coefficients.column("k", cw);
  // The models in models.csv order: each once, in the shard, as the grid has it.
  std::map<std::size_t, std::size_t> position;  // model index -> row
  std::vector<std::size_t> expected_order;      // the models with layer rows, in models.csv order
  for (std::size_t r = 0; r < models.rows.size(); ++r) {
    const std::vector<std::string>& row = models.rows[r];
    const std::size_t index = parse_model_index(row[0], mw);
    if (!position.emplace(index, r).second)
      throw data_error(mw + ": model " + row[0] + " appears twice (two sweeps wrote into this folder?)");
    if (index >= layout.grid.size() || index % layout.shard.count != layout.shard.index)
      throw data_error(mw + ": model " + row[0] + " is not in shard " + shard_text(layout.shard) + " of the grid's " +
                       std::to_string(layout.grid.size()) + " models");
    const GridPoint& p = layout.grid[index];
    const std::vector<std::string> key = model_key(p).cells();
    if (!std::equal(key.begin(), key.end(), row.begin()))
      throw data_error(mw + ": model " + row[0] + " is " + row[1] + ", width " + row[2] + ", depth " + row[3] +
                       ", seed " + row[4] + ", baseline " + row[5] + "; the grid of sweep.json has " +
                       dataset_name(p.dataset) + ", width " + p.width + ", depth " + std::to_string(p.depth) +
                       ", seed " + std::to_string(p.seed) + ", baseline " + baseline_name(p.baseline));
    if (row[status] == "ok") expected_order.push_back(index);
  }
  // The layer rows: model by model in that order, each with every k and layer.
  std::size_t r = 0;
  for (const std::size_t index : expected_order) {
    const GridPoint& p = layout.grid[index];
    const std::size_t per_k = p.depth + 1 + (layout.include_output ? 1 : 0);
    const std::vector<std::string> key = model_key(p).cells();
    for (int k : layout.ks)
      for (std::size_t l = 0; l < per_k; ++l, ++r) {
        const bool present = r < layers.rows.size() &&
                             std::equal(key.begin(), key.end(), layers.rows[r].begin()) &&
                             layers.rows[r][l_k] == std::to_string(k) && layers.rows[r][l_layer] == std::to_string(l);
        if (!present)
          throw data_error(lw + ": line " + std::to_string(r + 2) + ": expected model " + std::to_string(index) +
                           ", k = " + std::to_string(k) + ", layer " + std::to_string(l) +
                           " (each committed model has a row per k and layer, in order; rows are missing, "
                           "repeated or out of place)");
      }
  }
  if (r < layers.rows.size())
    throw data_error(lw + ": line " + std::to_string(r + 2) + ": a row of model " + layers.rows[r][0] +
                     " after every committed model's rows (rows repeated?)");
  // The coefficient rows: model by model in the same order, each with every k.
  r = 0;
  for (const std::size_t index : expected_order) {
    const std::vector<std::string> key = model_key(layout.grid[index]).cells();
    for (int k : layout.ks) {
      const bool present = r < coefficients.rows.size() &&
                           std::equal(key.begin(), key.end(), coefficients.rows[r].begin()) &&
                           coefficients.rows[r][c_k] == std::to_string(k);
      if (!present)
        throw data_error(cw + ": line " + std::to_string(r + 2) + ": expected model " + std::to_string(index) +
                         ", k = " + std::to_string(k) +
                         " (each committed model has a row per k, in order; rows are missing, repeated or out of "
                         "place)");
      ++r;
    }
  }
  if (r < coefficients.rows.size())
    throw data_error(cw + ": line " + std::to_string(r + 2) + ": a row of model " + coefficients.rows[r][0] +
                     " after every committed model's rows (rows repeated?)");
}

std::vector<SweepModel> read_sweep_models(const Table& models, const Table& layers) {
  const std::string mw = "models.csv", lw = "layers.csv";
  const std::size_t m_index = models.column("model", mw), m_dataset = models.column("dataset", mw),
                    m_width = models.column("width", mw), m_depth = models.column("depth", mw),
                    m_seed = models.column("seed", mw), m_status = models.column("status", mw),
                    m_train = models.column("train_accuracy", mw), m_test = models.column("test_accuracy", mw);
  // Sweeps made before baselines existed have no baseline column: all none.
  const auto has_baseline = std::find(models.header.begin(), models.header.end(), "baseline");
  const std::size_t m_baseline = static_cast<std::size_t>(has_baseline - models.header.begin());
  // Sweeps without a Ricci-flow axis have no ricci_flow column: all 0.
  const auto has_ricci_flow = std::find(models.header.begin(), models.header.end(), "ricci_flow");
  const std::size_t m_ricci_flow = static_cast<std::size_t>(has_ricci_flow - models.header.begin());
  // The accuracies under attack (--attack), each a further outcome of the models.
  std::vector<std::size_t> attack_columns;
  for (std::size_t c = 0; c < models.header.size(); ++c)
    if (models.header[c].rfind("fgsm_accuracy_eps", 0) == 0 || models.header[c].rfind("pgd_accuracy_eps", 0) == 0)
      attack_columns.push_back(c);
  std::vector<SweepModel> out;
  std::map<std::size_t, std::size_t> position;  // model index -> position in out
  for (const std::vector<std::string>& row : models.rows) {
    SweepModel m;
    m.index = parse_model_index(row[m_index], mw);
    m.dataset = row[m_dataset];
    m.width = row[m_width];
    m.depth = csv_whole_number(row[m_depth], mw, "depth");
    m.seed = csv_whole_number(row[m_seed], mw, "seed");
    m.status = row[m_status];
    if (has_baseline != models.header.end() && !parse_baseline(row[m_baseline], m.baseline))
      throw data_error(mw + ": model " + row[m_index] + ": unknown baseline '" + row[m_baseline].substr(0, 40) +
                       "' (expected none, untrained or shuffled-labels)");
    if (has_ricci_flow != models.header.end()) {
      m.ricci_flow = csv_value(row[m_ricci_flow], mw);
      if (!(m.ricci_flow >= 0.0))
        throw data_error(mw + ": model " + row[m_index] + ": ricci_flow '" + row[m_ricci_flow].substr(0, 40) +
                         "' (expected a number >= 0)");
    }
    m.train_accuracy = csv_value(row[m_train], mw);  // NaN (an empty cell) unless ok
    m.test_accuracy = csv_value(row[m_test], mw);
    for (std::size_t c : attack_columns) m.outcomes[models.header[c]] = csv_value(row[c], mw);
    if (!position.emplace(m.index, out.size()).second)
      throw data_error(mw + ": model " + row[m_index] + " appears twice");
    out.push_back(std::move(m));
  }
  const std::size_t l_index = layers.column("model", lw);
  const std::vector<LayerGeometry> geometry = read_layer_geometry(layers, lw);
  for (std::size_t r = 0; r < geometry.size(); ++r) {
    const auto it = position.find(parse_model_index(layers.rows[r][l_index], lw));
    if (it != position.end()) out[it->second].layers.push_back(geometry[r]);
  }
  return out;
}

std::map<std::size_t, TrackedSeries> read_tracked_series(const Table& tracking, const std::vector<int>& ks,
                                                         const std::string& what) {
  const std::size_t epoch = tracking.column("epoch", what), k = tracking.column("k", what),
                    loss = tracking.column("train_loss", what), accuracy = tracking.column("test_accuracy", what),
                    validation = tracking.column("validation_loss", what), rho = tracking.column("rho", what);
  std::map<std::size_t, TrackedSeries> models;
  for (const auto& row : tracking.rows) {
    TrackedSeries& m = models[parse_model_index(row[0], what)];
    const auto e = static_cast<std::size_t>(csv_whole_number(row[epoch], what, "epoch"));
    if (m.epochs.empty() || m.epochs.back() != e) {
      if (!m.epochs.empty() && e < m.epochs.back())
        throw data_error(what + ": model " + row[0] + ": epoch " + row[epoch] + " after epoch " +
                         std::to_string(m.epochs.back()) + " (rows out of order)");
      m.epochs.push_back(e);
      m.train_loss.push_back(csv_value(row[loss], what));
      m.test_accuracy.push_back(csv_value(row[accuracy], what));
      m.validation_loss.push_back(csv_value(row[validation], what));
      m.rho.resize(ks.size());
    }
    for (std::size_t ki = 0; ki < ks.size(); ++ki)
      if (row[k] == std::to_string(ks[ki])) m.rho[ki].push_back(csv_value(row[rho], what));
  }
  for (const auto& [index, m] : models)
    for (const std::vector<double>& series : m.rho)
      if (series.size() != m.epochs.size())
        throw data_error(what + ": model " + std::to_string(index) + " lacks a row at some tracked epoch and k");
  return models;
}

std::map<std::size_t, TrackedTraining> read_tracked_training(const Table& tracking, const std::vector<int>& ks,
                                                             const std::string& what) {
  std::map<std::size_t, TrackedTraining> models;
  for (auto& [index, series] : read_tracked_series(tracking, ks, what))
    models[index] = {std::move(series.epochs), std::move(series.train_loss), std::move(series.rho)};
  return models;
}

Sweep read_sweep(const std::string& dir) {
  const std::string config_path = join_path(dir, "sweep.json");
  if (!file_exists(config_path)) throw data_error(dir + ": no sweep.json (not a sweep directory)");
  // sweep.json read leniently: a report reads sweeps of older versions too.
  Sweep sweep = sweep_of(read_sweep_json(read_file(config_path), config_path, SweepJsonMode::Lenient).config);
  sweep.models = read_sweep_models(read_csv_table(join_path(dir, "models.csv")),
                                   read_csv_table(join_path(dir, "layers.csv")));
  if (sweep.local) read_local_summaries(read_csv_table(join_path(dir, "local.csv")), sweep.models);
  set_aside_regularised(sweep);
  return sweep;
}

}  // namespace ricci
