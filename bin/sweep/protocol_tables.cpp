// protocol_tables.cpp — best_k.csv, regression.csv and the protocol columns
// of models.csv, formatted from flow/protocol.h.
#include "bin/sweep/protocol_tables.h"

#include <cmath>
#include <stdexcept>

#include "bin/sweep/local_tables.h"
#include "bin/sweep/tables.h"
#include "data/files.h"

namespace ricci {

namespace {

std::string whole(std::size_t value) { return csv_integer(static_cast<std::int64_t>(value)); }

}  // namespace

Table best_k_table(const std::vector<ArchitectureBestK>& best) {
  Table t;
  t.header = {"dataset", "width", "depth", "baseline", "best_k", "k_fraction", "pooled_rho", "models_used"};
  for (const ArchitectureBestK& b : best)
    t.rows.push_back({b.architecture.dataset, b.architecture.width, whole(b.architecture.depth),
                      baseline_name(b.architecture.baseline), b.found ? csv_integer(b.k) : "",
                      csv_number(b.k_fraction), csv_number(b.pooled_rho), b.found ? whole(b.models_used) : ""});
  return t;
}

Table null_tests_table(const std::vector<NullTest>& tests) {
  Table t;
  t.header = {"dataset",          "width",           "depth",
              "k",                "baseline",        "trained_models",
              "baseline_models",  "trained_share_negative", "baseline_share_negative",
              "trained_mean_rho", "baseline_mean_rho", "difference",
              "ci_low",           "ci_high",         "p_value"};
  for (const NullTest& n : tests)
    t.rows.push_back({n.trained.dataset, n.trained.width, whole(n.trained.depth), csv_integer(n.k),
                      baseline_name(n.baseline), whole(n.trained_models), whole(n.baseline_models),
                      csv_number(n.trained_share_negative), csv_number(n.baseline_share_negative),
                      csv_number(n.trained_mean_rho), csv_number(n.baseline_mean_rho),
                      csv_number(n.difference.difference), csv_number(n.difference.interval.low),
                      csv_number(n.difference.interval.high), csv_number(n.test.p_value)});
  return t;
}

Table held_out_table(const std::vector<HeldOutRow>& rows, const SeedSplit& split) {
  auto seeds = [](const std::vector<std::uint64_t>& list) {
    std::string text;
    for (std::uint64_t seed : list) text += (text.empty() ? "" : " ") + std::to_string(seed);
    return text;
  };
  Table t;
  t.header = {"dataset",          "width",           "depth",          "baseline",         "selection_seeds",
              "evaluation_seeds", "best_k",          "selection_models", "selection_pooled_rho",
              "evaluation_models", "evaluation_negative", "share_negative", "mean_rho",     "z_models",
              "mean_z",           "z_t",             "z_p_value",      "evaluation_pooled_rho"};
  for (const HeldOutRow& r : rows)
    t.rows.push_back({r.architecture.dataset, r.architecture.width, whole(r.architecture.depth),
                      baseline_name(r.architecture.baseline), seeds(split.selection), seeds(split.evaluation),
                      r.found ? csv_integer(r.k) : "", r.found ? whole(r.selection_models) : "",
                      csv_number(r.selection_pooled_rho), whole(r.rho.size()), whole(r.negative),
                      csv_number(r.share_negative), csv_number(r.mean_rho), whole(r.mean_z.n),
                      csv_number(r.mean_z.mean), csv_number(r.mean_z.t), csv_number(r.mean_z.p_value),
                      csv_number(r.pooled.r)});
  return t;
}

Table regression_table(const LinearModel& model) {
  Table t;
  t.header = {"term", "estimate", "std_error", "t", "p_value"};
  for (const RegressionTerm& term : model.terms)
    t.rows.push_back({term.name, csv_number(term.estimate), csv_number(term.std_error), csv_number(term.t),
                      csv_number(term.p_value)});
  return t;
}

Table models_with_protocol(Table models, const std::vector<ModelProtocol>& protocol) {
  // A sweep made before these columns existed gains them.
  if (models.header.size() < 4 || models.header[models.header.size() - 4] != "well_trained") {
    for (const char* column : {"well_trained", "best_k", "rho_best", "z_best"}) models.header.push_back(column);
    for (auto& row : models.rows) row.resize(models.header.size());
  }
  const std::size_t first = models.header.size() - 4;
  for (std::size_t m = 0; m < models.rows.size(); ++m) {
    const ModelProtocol& p = protocol[m];
    std::vector<std::string>& row = models.rows[m];
    row[first] = p.well_trained ? "1" : "0";
    row[first + 1] = p.best_k > 0 ? csv_integer(p.best_k) : "";
    row[first + 2] = csv_number(p.rho);
    row[first + 3] = csv_number(p.z);
  }
  return models;
}

void add_protocol_files(OutputSet& set, Sweep settings, const Table& models, const Table& layers, const Table* local) {
  settings.models = read_sweep_models(models, layers);
  if (settings.local) {
    if (!local) throw std::logic_error("add_protocol_files: a sweep with --local needs its local.csv");
    read_local_summaries(*local, settings.models);
    set.add("local_groups.csv", csv_text(local_groups_table(local_group_rows(settings))));
  }
  const std::vector<GroupRow> groups = group_rows(settings);
  const std::vector<ArchitectureBestK> best = best_k_per_architecture(settings, groups);
  const std::vector<ModelProtocol> protocol = model_protocol(settings, best);
  set.add("models.csv", csv_text(models_with_protocol(models, protocol)));
  set.add("groups.csv", csv_text(groups_table(groups)));
  set.add("best_k.csv", csv_text(best_k_table(best)));
  set.add("regression.csv", csv_text(regression_table(accuracy_regression(settings, protocol))));
  if (sweep_baselines(settings).size() > 1) set.add("null_tests.csv", csv_text(null_tests_table(null_tests(settings))));
  if (settings.held_out_k) {
    const SeedSplit split = seed_split(settings);
    set.add("held_out.csv", csv_text(held_out_table(held_out_rows(settings, split), split)));
  }
}

}  // namespace ricci
