// sweep_tables.h — the tables of a sweep: the headers of models.csv and
// layers.csv, one model's rows, and groups.csv computed from the two.
//
// models.csv    model, dataset, width, depth, seed, status, train_accuracy,
//               test_accuracy, train_loss, test_loss, epochs, then rho_k<k>
//               and p_k<k> for each k ("ok" status, or why the model failed)
// layers.csv    model, dataset, width, depth, seed, then the columns of
//               `ricci analyze`'s layers.csv (layers_table.h)
// groups.csv    one row per architecture (dataset, width, depth) and k:
//               models, models_used (well-trained and connected),
//               mean_test_accuracy, the pooled rho with its p-value, pairs and
//               a 95% bootstrap interval (1,000 resamples, seeded by k), the
//               well-trained models' rho combined by Fisher's z (weights
//               pairs - 3) with its p-value, the correlation over models of
//               rho_k with test accuracy and its p-value, and the reason when
//               the pooled rho is undefined.
//
// groups.csv is a function of the other two files, so a resumed sweep, or
// shards merged, give the same groups as one uninterrupted sweep.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "data/io/table.h"
#include "flow/analysis.h"

namespace ricci {

std::vector<std::string> models_header(const std::vector<int>& ks);
std::vector<std::string> layers_header();

// The identifying cells of a model: model, dataset, width, depth, seed.
struct ModelKey {
  std::size_t index = 0;
  std::string dataset;
  std::size_t width = 0, depth = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> cells() const;
};

struct ModelOutcome {
  std::string status = "ok";  // or the error that stopped the model
  double train_accuracy = 0, test_accuracy = 0, train_loss = 0, test_loss = 0;
  std::size_t epochs = 0;
  Analysis analysis;  // empty when status is not ok
};

std::vector<std::string> model_row(const ModelKey& key, const ModelOutcome& outcome, const std::vector<int>& ks);
std::vector<std::vector<std::string>> layer_rows(const ModelKey& key, const ModelOutcome& outcome);

// The model index of a models.csv or layers.csv cell; a data error naming
// `what` (the file) when it is not a whole number.
std::size_t parse_model_index(const std::string& cell, const std::string& what);

// The rows of layers.csv as LayerGeometry, by (model index, k), in layer order.
std::map<std::pair<std::size_t, int>, std::vector<LayerGeometry>> layer_geometry_by_model(const Table& layers,
                                                                                         const std::string& what);

// groups.csv from models.csv and layers.csv (and the options they were made with).
Table groups_table(const Table& models, const Table& layers, const std::vector<int>& ks, double accuracy_threshold,
                   Convention convention);

}  // namespace ricci
