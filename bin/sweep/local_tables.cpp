// local_tables.cpp — local.csv and local_groups.csv.
#include "bin/sweep/local_tables.h"

#include <map>

#include "data/error.h"
#include "data/files.h"

namespace ricci {

std::vector<std::string> local_header() {
  std::vector<std::string> h = {"model", "dataset", "width", "depth", "seed", "baseline"};
  for (const char* column : {"k", "transitions", "layer_defined", "mean_layer_coefficient", "points", "local_defined",
                             "mean_local_coefficient", "local_negative_share"})
    h.push_back(column);
  return h;
}

std::vector<std::vector<std::string>> local_rows(const ModelKey& key, const ModelOutcome& outcome,
                                                 UnreachableRule rule) {
  std::vector<std::vector<std::string>> rows;
  if (outcome.status != "ok") return rows;
  for (const LocalValues& values : outcome.analysis.local) {
    const LocalSummary s = summarise_local(values, rule);
    rows.push_back(key.cells());
    for (const std::string& cell : {csv_integer(s.k), csv_count(s.transitions), csv_count(s.layer_defined),
                                    csv_number(s.mean_layer), csv_count(s.points), csv_count(s.local_defined),
                                    csv_number(s.mean_local), csv_number(s.share_local_negative)})
      rows.back().push_back(cell);
  }
  return rows;
}

void check_local_rows(const Table& models, const Table& local, const std::vector<int>& ks, const std::string& dir) {
  const std::string mw = join_path(dir, "models.csv"), lw = join_path(dir, "local.csv");
  if (local.header != local_header()) throw data_error(lw + ": unexpected header");
  const std::size_t status = models.column("status", mw);
  std::size_t r = 0;
  for (const auto& model : models.rows) {
    if (model[status] != "ok") continue;
    for (int k : ks) {
      if (r >= local.rows.size() || local.rows[r][0] != model[0] || local.rows[r][6] != std::to_string(k))
        throw data_error(lw + ": line " + std::to_string(r + 2) + ": expected model " + model[0] + ", k = " +
                         std::to_string(k) + " (each committed model has a row per k, in order)");
      ++r;
    }
  }
  if (r < local.rows.size())
    throw data_error(lw + ": line " + std::to_string(r + 2) + ": a row of model " + local.rows[r][0] +
                     " after every committed model's rows");
}

void read_local_summaries(const Table& local, std::vector<SweepModel>& models) {
  const std::string what = "local.csv";
  if (local.header != local_header()) throw data_error(what + ": unexpected header");
  std::map<std::size_t, std::size_t> position;  // model index -> position in models
  for (std::size_t m = 0; m < models.size(); ++m) position[models[m].index] = m;
  for (const auto& row : local.rows) {
    const auto it = position.find(parse_model_index(row[0], what));
    if (it == position.end()) continue;  // a model without a models.csv row (an interrupted sweep)
    LocalSummary s;
    s.k = static_cast<int>(csv_integer_value(row[6], what, "k"));
    s.transitions = csv_whole_number(row[7], what, "transitions");
    s.layer_defined = csv_whole_number(row[8], what, "layer_defined");
    s.mean_layer = csv_value(row[9], what);
    s.points = csv_whole_number(row[10], what, "points");
    s.local_defined = csv_whole_number(row[11], what, "local_defined");
    s.mean_local = csv_value(row[12], what);
    s.share_local_negative = csv_value(row[13], what);
    models[it->second].local.push_back(s);
  }
}

}  // namespace ricci
