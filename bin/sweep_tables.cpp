// sweep_tables.cpp — rows of models.csv and layers.csv, and groups.csv.
#include "bin/sweep_tables.h"

#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "bin/layers_table.h"
#include "data/error.h"
#include "flow/coefficients.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::vector<std::string> models_header(const std::vector<int>& ks) {
  std::vector<std::string> h = {"model",         "dataset",      "width",     "depth",     "seed",  "status",
                                "train_accuracy", "test_accuracy", "train_loss", "test_loss", "epochs"};
  for (int k : ks) {
    h.push_back("rho_k" + std::to_string(k));
    h.push_back("p_k" + std::to_string(k));
  }
  return h;
}

std::vector<std::string> layers_header() {
  std::vector<std::string> h = {"model", "dataset", "width", "depth", "seed"};
  for (const std::string& column : layer_columns()) h.push_back(column);
  return h;
}

std::vector<std::string> ModelKey::cells() const {
  return {csv_integer(static_cast<std::int64_t>(index)), dataset, csv_integer(static_cast<std::int64_t>(width)),
          csv_integer(static_cast<std::int64_t>(depth)), csv_integer(static_cast<std::int64_t>(seed))};
}

std::vector<std::string> model_row(const ModelKey& key, const ModelOutcome& outcome, const std::vector<int>& ks) {
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

std::map<std::pair<std::size_t, int>, std::vector<LayerGeometry>> layer_geometry_by_model(const Table& layers,
                                                                                         const std::string& what) {
  const std::size_t l_index = layers.column("model", what);
  const std::vector<LayerGeometry> rows = read_layer_geometry(layers, what);
  std::map<std::pair<std::size_t, int>, std::vector<LayerGeometry>> geometry;
  for (std::size_t r = 0; r < rows.size(); ++r)
    geometry[{parse_model_index(layers.rows[r][l_index], what), static_cast<int>(rows[r].k)}].push_back(rows[r]);
  return geometry;
}

Table groups_table(const Table& models, const Table& layers, const std::vector<int>& ks, double accuracy_threshold,
                   Convention convention) {
  const std::string mw = "models.csv", lw = "layers.csv";
  const std::size_t m_index = models.column("model", mw), m_dataset = models.column("dataset", mw),
                    m_width = models.column("width", mw), m_depth = models.column("depth", mw),
                    m_status = models.column("status", mw), m_accuracy = models.column("test_accuracy", mw);

  const auto geometry = layer_geometry_by_model(layers, lw);

  // Architectures in order of first appearance (the grid order).
  using Arch = std::tuple<std::string, std::string, std::string>;
  std::vector<Arch> order;
  std::map<Arch, std::vector<const std::vector<std::string>*>> members;
  for (const auto& row : models.rows) {
    const Arch arch{row[m_dataset], row[m_width], row[m_depth]};
    if (!members.count(arch)) order.push_back(arch);
    members[arch].push_back(&row);
  }

  Table t;
  t.header = {"dataset",        "width",          "depth",         "k",          "models",
              "models_used",    "mean_test_accuracy", "pooled_rho", "pooled_p_value", "pooled_pairs",
              "pooled_ci_low",  "pooled_ci_high", "fisher_rho",    "fisher_p_value", "rho_accuracy_r",
              "rho_accuracy_p_value", "reason"};
  for (const Arch& arch : order) {
    for (int k : ks) {
      std::vector<ModelGeometry> pool;
      std::vector<double> rhos, accuracies, used_rhos;
      std::vector<std::size_t> used_pairs;
      double accuracy_sum = 0;
      std::size_t trained = 0;
      for (const auto* row : members[arch]) {
        if ((*row)[m_status] != "ok") continue;
        const double accuracy = csv_value((*row)[m_accuracy], mw);
        accuracy_sum += accuracy;
        ++trained;
        const auto it = geometry.find({parse_model_index((*row)[m_index], mw), k});
        if (it == geometry.end()) continue;
        pool.push_back({accuracy, it->second});
        const Correlation rho = ricci_coefficient(it->second, convention).pearson;
        if (rho.defined()) {
          rhos.push_back(rho.r);
          accuracies.push_back(accuracy);
          if (well_trained(accuracy, accuracy_threshold, convention)) {
            used_rhos.push_back(rho.r);
            used_pairs.push_back(rho.n);
          }
        }
      }
      const PooledCoefficient pooled = pooled_coefficient(pool, accuracy_threshold, convention);
      const Correlation with_accuracy = pearson(rhos, accuracies);
      const Correlation& p = pooled.coefficient.pearson;
      // A 95% bootstrap interval for the pooled rho (1,000 resamples of the
      // pairs, seeded by k), and the well-trained models' rho combined by
      // Fisher's z, weighted by pairs - 3.
      const Interval ci = bootstrap_pearson_interval(pooled.pairs.eta, pooled.pairs.curvature, 1000, 0.95,
                                                     static_cast<std::uint64_t>(k));
      const FisherCombined fisher = fisher_combine(used_rhos, used_pairs);
      t.rows.push_back({std::get<0>(arch), std::get<1>(arch), std::get<2>(arch), csv_integer(k),
                        csv_integer(static_cast<std::int64_t>(members[arch].size())),
                        csv_integer(static_cast<std::int64_t>(pooled.models_used)),
                        csv_number(trained ? accuracy_sum / static_cast<double>(trained) : kNaN), csv_number(p.r),
                        csv_number(p.p_value), csv_integer(static_cast<std::int64_t>(p.n)), csv_number(ci.low),
                        csv_number(ci.high), csv_number(fisher.r), csv_number(fisher.p_value),
                        csv_number(with_accuracy.r), csv_number(with_accuracy.p_value), p.reason});
    }
  }
  return t;
}

}  // namespace ricci
