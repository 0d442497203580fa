// sweep_tables.cpp — rows of models.csv and layers.csv, their reader, and groups.csv.
#include "bin/sweep_tables.h"

#include <map>

#include "bin/layers_table.h"
#include "data/error.h"
#include "data/files.h"
#include "data/io/json.h"

namespace ricci {

std::vector<std::string> models_header(const std::vector<int>& ks) {
  std::vector<std::string> h = {"model",         "dataset",      "width",     "depth",     "seed",  "status",
                                "train_accuracy", "test_accuracy", "train_loss", "test_loss", "epochs"};
  for (int k : ks) {
    h.push_back("rho_k" + std::to_string(k));
    h.push_back("p_k" + std::to_string(k));
  }
  for (const char* column : {"well_trained", "best_k", "rho_best", "z_best"}) h.push_back(column);
  return h;
}

std::vector<std::string> layers_header() {
  std::vector<std::string> h = {"model", "dataset", "width", "depth", "seed"};
  for (const std::string& column : layer_columns()) h.push_back(column);
  return h;
}

std::vector<std::string> ModelKey::cells() const {
  return {csv_integer(static_cast<std::int64_t>(index)), dataset, width,
          csv_integer(static_cast<std::int64_t>(depth)), csv_integer(static_cast<std::int64_t>(seed))};
}

std::vector<std::string> model_row(const ModelKey& key, const ModelOutcome& outcome, const std::vector<int>& ks,
                                   double accuracy_threshold) {
  std::vector<std::string> row = key.cells();
  const bool ok = outcome.status == "ok";
  row.push_back(outcome.status);
  for (double v : {outcome.train_accuracy, outcome.test_accuracy, outcome.train_loss, outcome.test_loss})
    row.push_back(ok ? csv_number(v) : "");
  row.push_back(ok ? csv_integer(static_cast<std::int64_t>(outcome.epochs)) : "");
  for (std::size_t ki = 0; ki < ks.size(); ++ki) {
    const Correlation* c = ok ? &outcome.analysis.coefficients[ki].pearson : nullptr;
    row.push_back(c ? csv_number(c->r) : "");
    row.push_back(c ? csv_number(c->p_value) : "");
  }
  row.push_back(ok && well_trained(outcome.test_accuracy, accuracy_threshold) ? "1" : "0");
  row.insert(row.end(), 3, "");  // best_k, rho_best, z_best: filled when the sweep ends
  return row;
}

std::vector<std::vector<std::string>> layer_rows(const ModelKey& key, const ModelOutcome& outcome) {
  std::vector<std::vector<std::string>> rows;
  for (const std::vector<std::string>& cells : layer_cells(outcome.analysis)) {
    rows.push_back(key.cells());
    rows.back().insert(rows.back().end(), cells.begin(), cells.end());
  }
  return rows;
}

std::size_t parse_model_index(const std::string& cell, const std::string& what) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(cell.c_str(), &end, 10);
  if (cell.empty() || cell[0] == '-' || *end != '\0')
    throw data_error(what + ": bad model index '" + cell + "' (expected a whole number)");
  return static_cast<std::size_t>(value);
}

std::vector<SweepModel> read_sweep_models(const Table& models, const Table& layers) {
  const std::string mw = "models.csv", lw = "layers.csv";
  const std::size_t m_index = models.column("model", mw), m_dataset = models.column("dataset", mw),
                    m_width = models.column("width", mw), m_depth = models.column("depth", mw),
                    m_seed = models.column("seed", mw), m_status = models.column("status", mw),
                    m_train = models.column("train_accuracy", mw), m_test = models.column("test_accuracy", mw);
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
    m.train_accuracy = csv_value(row[m_train], mw);  // NaN (an empty cell) unless ok
    m.test_accuracy = csv_value(row[m_test], mw);
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

Sweep sweep_settings(const std::string& sweep_json, const std::string& what) {
  const JsonValue config = parse_json(sweep_json, what);
  const JsonValue& analysis = config.at("analysis", what);
  Sweep sweep;
  for (const JsonValue& k : analysis.at("k", what).items) sweep.ks.push_back(static_cast<int>(k.number));
  sweep.accuracy_threshold = analysis.at("accuracy_threshold", what).number;
  sweep.convention = parse_convention(analysis.at("convention", what).string);
  // Sweeps made before these settings existed had neither.
  if (analysis.has("dataset_thresholds"))
    for (const auto& [name, value] : analysis.at("dataset_thresholds", what).members)
      sweep.dataset_thresholds[name] = value.number;
  if (analysis.has("include_input")) sweep.include_input = analysis.at("include_input", what).boolean;
  return sweep;
}

Sweep read_sweep(const std::string& dir) {
  const std::string config_path = join_path(dir, "sweep.json");
  if (!file_exists(config_path)) throw data_error(dir + ": no sweep.json (not a sweep directory)");
  Sweep sweep = sweep_settings(read_file(config_path), config_path);
  sweep.models = read_sweep_models(read_csv_table(join_path(dir, "models.csv")),
                                   read_csv_table(join_path(dir, "layers.csv")));
  return sweep;
}

Table groups_table(const std::vector<GroupRow>& rows) {
  Table t;
  t.header = {"dataset",        "width",          "depth",         "k",          "models",
              "models_used",    "mean_test_accuracy", "pooled_rho", "pooled_p_value", "pooled_pairs",
              "pooled_ci_low",  "pooled_ci_high", "fisher_rho",    "fisher_p_value", "rho_accuracy_r",
              "rho_accuracy_p_value", "reason"};
  auto whole = [](std::size_t v) { return csv_integer(static_cast<std::int64_t>(v)); };
  for (const GroupRow& row : rows) {
    const Correlation& p = row.pooled.coefficient.pearson;
    const Correlation& with_accuracy = row.rho_accuracy.pearson;
    t.rows.push_back({row.architecture.dataset, row.architecture.width, whole(row.architecture.depth),
                      csv_integer(row.k), whole(row.architecture.members.size()), whole(row.pooled.models_used),
                      csv_number(row.mean_test_accuracy), csv_number(p.r), csv_number(p.p_value), whole(p.n),
                      csv_number(row.pooled_interval.low), csv_number(row.pooled_interval.high),
                      csv_number(row.fisher.r), csv_number(row.fisher.p_value), csv_number(with_accuracy.r),
                      csv_number(with_accuracy.p_value), p.reason});
  }
  return t;
}

}  // namespace ricci
