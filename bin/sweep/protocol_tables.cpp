// protocol_tables.cpp — best_k.csv, regression.csv and the protocol columns
// of models.csv, formatted from flow/protocol.h.
#include "bin/sweep/protocol_tables.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "bin/sweep/local_tables.h"
#include "bin/sweep/tables.h"
#include "data/files.h"
#include "flow/result_tables.h"
#include "flow/ricci_flow_comparison.h"

namespace ricci {

Table models_with_protocol(Table models, const std::vector<ModelProtocol>& protocol) {
  const char* const columns[] = {"well_trained", "best_k", "rho_best", "z_best"};
  // A sweep made before these columns existed gains them.
  for (const char* column : columns)
    if (std::find(models.header.begin(), models.header.end(), column) == models.header.end()) {
      models.header.push_back(column);
      for (auto& row : models.rows) row.resize(models.header.size());
    }
  std::size_t at[4];
  for (int c = 0; c < 4; ++c) at[c] = models.column(columns[c], "models.csv");
  for (std::size_t m = 0; m < models.rows.size(); ++m) {
    const ModelProtocol& p = protocol[m];
    std::vector<std::string>& row = models.rows[m];
    row[at[0]] = p.well_trained ? "1" : "0";
    row[at[1]] = p.best_k > 0 ? csv_integer(p.best_k) : "";
    row[at[2]] = csv_number(p.rho);
    row[at[3]] = csv_number(p.z);
  }
  return models;
}

void add_protocol_files(OutputSet& set, Sweep settings, const Table& models, const Table& layers, const Table* local,
                        const Table* tracking) {
  settings.models = read_sweep_models(models, layers);
  // models.csv's rows, in order, by grid index (the regularised networks are
  // set aside below but keep their rows).
  std::vector<std::size_t> row_index;
  for (const SweepModel& m : settings.models) row_index.push_back(m.index);
  set_aside_regularised(settings);
  if (settings.local) {
    if (!local) throw std::logic_error("add_protocol_files: a sweep with --local needs its local.csv");
    read_local_summaries(*local, settings.models);
    set.add("local_groups.csv", csv_text(text_table(local_groups_table(local_group_rows(settings)))));
  }
  const std::vector<GroupRow> groups = group_rows(settings);
  const std::vector<ArchitectureBestK> best = best_k_per_architecture(settings, groups);
  const std::vector<ModelProtocol> protocol = model_protocol(settings, best);
  // The regularised networks' columns: at their architecture's best k, chosen on the twins.
  Sweep regularised = settings;
  regularised.models = settings.regularised;
  const std::vector<ModelProtocol> regularised_protocol = model_protocol(regularised, best);
  std::map<std::size_t, const ModelProtocol*> by_index;
  for (std::size_t m = 0; m < settings.models.size(); ++m) by_index[settings.models[m].index] = &protocol[m];
  for (std::size_t m = 0; m < regularised.models.size(); ++m)
    by_index[regularised.models[m].index] = &regularised_protocol[m];
  std::vector<ModelProtocol> row_protocol;
  for (std::size_t index : row_index) row_protocol.push_back(*by_index.at(index));
  set.add("models.csv", csv_text(models_with_protocol(models, row_protocol)));
  set.add("groups.csv", csv_text(text_table(groups_table(groups))));
  set.add("best_k.csv", csv_text(text_table(best_k_table(best))));
  set.add("regression.csv", csv_text(text_table(regression_table(accuracy_regression(settings, protocol)))));
  if (sweep_baselines(settings).size() > 1) set.add("null_tests.csv", csv_text(text_table(null_tests_table(null_tests(settings)))));
  if (!settings.regularised.empty())
    set.add("ricci_flow.csv", csv_text(text_table(ricci_flow_table(ricci_flow_comparison(settings, best)))));
  if (tracking)
    set.add("early.csv", csv_text(text_table(early_table(
                             early_rows(settings, read_tracked_training(*tracking, settings.ks, "training_geometry.csv"))))));
  if (settings.held_out_k) {
    const SeedSplit split = seed_split(settings);
    set.add("held_out.csv", csv_text(text_table(held_out_table(held_out_rows(settings, split), split))));
  }
}

}  // namespace ricci
