// result_tables.cpp — the sweep's statistics as typed columns (result_tables.h).
#include "flow/result_tables.h"

#include <cmath>
#include <string>

namespace ricci {

namespace {

constexpr ColumnType kInt = ColumnType::Integer, kNum = ColumnType::Number, kText = ColumnType::Text;
const double kMissing = std::nan("");

// A count, or a missing cell when `present` is false.
double count_if(bool present, std::size_t value) { return present ? static_cast<double>(value) : kMissing; }

}  // namespace

ColumnTable groups_table(const std::vector<GroupRow>& rows) {
  ColumnTable t = column_table({{"dataset", kText},        {"width", kText},         {"depth", kInt},
                                {"baseline", kText},       {"k", kInt},              {"models", kInt},
                                {"models_used", kInt},     {"mean_test_accuracy", kNum}, {"pooled_rho", kNum},
                                {"pooled_p_value", kNum},  {"pooled_pairs", kInt},   {"pooled_ci_low", kNum},
                                {"pooled_ci_high", kNum},  {"fisher_rho", kNum},     {"fisher_p_value", kNum},
                                {"rho_accuracy_r", kNum},  {"rho_accuracy_p_value", kNum}, {"model_ci_low", kNum},
                                {"model_ci_high", kNum},   {"z_models", kInt},       {"mean_z", kNum},
                                {"z_t", kNum},             {"z_p_value", kNum},      {"rho_models", kInt},
                                {"rho_negative", kInt},    {"sign_p_value", kNum},   {"reason", kText}});
  for (const GroupRow& row : rows) {
    const Correlation& p = row.pooled.coefficient.pearson;
    const ModelLevel& level = row.model_level;
    t.add_row({row.architecture.dataset, row.architecture.width, row.architecture.depth,
               baseline_name(row.architecture.baseline), static_cast<double>(row.k), row.architecture.members.size(),
               row.pooled.models_used, row.mean_test_accuracy, p.r, p.p_value, p.n, row.pooled_interval.low,
               row.pooled_interval.high, row.fisher.r, row.fisher.p_value, row.rho_accuracy.pearson.r,
               row.rho_accuracy.pearson.p_value, level.pooled_interval.low, level.pooled_interval.high, level.z.n,
               level.z.mean, level.z.t, level.z.p_value, level.sign.below + level.sign.above, level.sign.below,
               level.sign.p_value, p.reason});
  }
  return t;
}

ColumnTable best_k_table(const std::vector<ArchitectureBestK>& best) {
  ColumnTable t = column_table({{"dataset", kText}, {"width", kText}, {"depth", kInt}, {"baseline", kText},
                                {"best_k", kInt}, {"k_fraction", kNum}, {"pooled_rho", kNum}, {"models_used", kInt}});
  for (const ArchitectureBestK& b : best)
    t.add_row({b.architecture.dataset, b.architecture.width, b.architecture.depth, baseline_name(b.architecture.baseline),
               b.found ? static_cast<double>(b.k) : kMissing, b.k_fraction, b.pooled_rho,
               count_if(b.found, b.models_used)});
  return t;
}

ColumnTable early_table(const std::vector<EarlyRow>& rows) {
  ColumnTable t = column_table({{"dataset", kText}, {"width", kText}, {"depth", kInt}, {"epoch", kInt}, {"k", kInt},
                                {"outcome", kText}, {"models", kInt}, {"rho_r", kNum}, {"rho_p_value", kNum},
                                {"loss_models", kInt}, {"loss_r", kNum}, {"loss_p_value", kNum}});
  for (const EarlyRow& row : rows)
    t.add_row({row.architecture.dataset, row.architecture.width, row.architecture.depth,
               static_cast<double>(row.epoch), static_cast<double>(row.k), row.outcome, row.rho.n, row.rho.r,
               row.rho.p_value, row.loss.n, row.loss.r, row.loss.p_value});
  return t;
}

ColumnTable null_tests_table(const std::vector<NullTest>& tests) {
  ColumnTable t = column_table({{"dataset", kText},          {"width", kText},
                                {"depth", kInt},             {"k", kInt},
                                {"baseline", kText},         {"trained_models", kInt},
                                {"baseline_models", kInt},   {"trained_share_negative", kNum},
                                {"baseline_share_negative", kNum}, {"trained_mean_rho", kNum},
                                {"baseline_mean_rho", kNum}, {"difference", kNum},
                                {"ci_low", kNum},            {"ci_high", kNum},
                                {"p_value", kNum}});
  for (const NullTest& n : tests)
    t.add_row({n.trained.dataset, n.trained.width, n.trained.depth, static_cast<double>(n.k), baseline_name(n.baseline),
               n.trained_models, n.baseline_models, n.trained_share_negative, n.baseline_share_negative,
               n.trained_mean_rho, n.baseline_mean_rho, n.difference.difference, n.difference.interval.low,
               n.difference.interval.high, n.test.p_value});
  return t;
}

ColumnTable held_out_table(const std::vector<HeldOutRow>& rows, const SeedSplit& split) {
  auto seeds = [](const std::vector<std::uint64_t>& list) {
    std::string text;
    for (std::uint64_t seed : list) text += (text.empty() ? "" : " ") + std::to_string(seed);
    return text;
  };
  ColumnTable t = column_table({{"dataset", kText},          {"width", kText},
                                {"depth", kInt},             {"baseline", kText},
                                {"selection_seeds", kText},  {"evaluation_seeds", kText},
                                {"best_k", kInt},            {"selection_models", kInt},
                                {"selection_pooled_rho", kNum}, {"evaluation_models", kInt},
                                {"evaluation_negative", kInt}, {"share_negative", kNum},
                                {"mean_rho", kNum},          {"z_models", kInt},
                                {"mean_z", kNum},            {"z_t", kNum},
                                {"z_p_value", kNum},         {"evaluation_pooled_rho", kNum}});
  for (const HeldOutRow& r : rows)
    t.add_row({r.architecture.dataset, r.architecture.width, r.architecture.depth, baseline_name(r.architecture.baseline),
               seeds(split.selection), seeds(split.evaluation), r.found ? static_cast<double>(r.k) : kMissing,
               count_if(r.found, r.selection_models), r.selection_pooled_rho, r.rho.size(), r.negative,
               r.share_negative, r.mean_rho, r.mean_z.n, r.mean_z.mean, r.mean_z.t, r.mean_z.p_value, r.pooled.r});
  return t;
}

ColumnTable regression_table(const LinearModel& model) {
  ColumnTable t = column_table(
      {{"term", kText}, {"estimate", kNum}, {"std_error", kNum}, {"t", kNum}, {"p_value", kNum}});
  for (const RegressionTerm& term : model.terms)
    t.add_row({term.name, term.estimate, term.std_error, term.t, term.p_value});
  return t;
}

ColumnTable local_groups_table(const std::vector<LocalGroupRow>& rows) {
  std::vector<std::pair<std::string, ColumnType>> columns = {{"dataset", kText}, {"width", kText}, {"depth", kInt},
                                                             {"baseline", kText}, {"k", kInt},    {"models", kInt}};
  for (const char* x : {"layer", "local"})
    for (const auto& [column, type] : std::vector<std::pair<std::string, ColumnType>>{
             {"_models", kInt}, {"_median", kNum}, {"_mean", kNum}, {"_negative", kInt}, {"_sign_p_value", kNum},
             {"_t", kNum}, {"_t_p_value", kNum}})
      columns.push_back({std::string(x) + column, type});
  ColumnTable t = column_table(columns);
  for (const LocalGroupRow& row : rows) {
    std::vector<Cell> cells = {row.group.dataset, row.group.width, row.group.depth, baseline_name(row.group.baseline),
                               static_cast<double>(row.k), row.models};
    for (const LocalTest* test : {&row.layer, &row.local})
      for (const Cell& cell : {Cell(test->models), Cell(test->median), Cell(test->mean), Cell(test->sign.below),
                               Cell(test->sign.p_value), Cell(test->t.t), Cell(test->t.p_value)})
        cells.push_back(cell);
    t.add_row(cells);
  }
  return t;
}

ColumnTable ricci_flow_table(const std::vector<RicciFlowRow>& rows) {
  ColumnTable t = column_table({{"dataset", kText},          {"ricci_flow", kNum},       {"twin_ricci_flow", kNum},
                                {"measure", kText},          {"pairs", kInt},            {"mean_regularised", kNum},
                                {"mean_twin", kNum},         {"mean_difference", kNum},  {"t", kNum},
                                {"t_p_value", kNum},         {"sign_below", kInt},       {"sign_above", kInt},
                                {"sign_p_value", kNum},      {"verdict", kText}});
  for (const RicciFlowRow& row : rows)
    for (const PairedComparison& c : row.measures)
      t.add_row({row.dataset, row.ricci_flow, row.twin_ricci_flow, c.measure, c.pairs, c.mean_regularised,
                 c.mean_twin, c.mean_difference, c.t.t, c.t.p_value, c.sign.below, c.sign.above, c.sign.p_value,
                 verdict_words(row.verdict)});
  return t;
}

}  // namespace ricci
