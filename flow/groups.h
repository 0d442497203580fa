// groups.h — a sweep's models in memory, and the statistics of groups of
// them (docs/method.md, definitions 5 and 7): per architecture (data set,
// width, depth) and k, the rows of groups.csv.
//
// A Sweep is what bin/ reads from sweep.json, models.csv and layers.csv:
// one SweepModel per model, with its per-layer geometry at every k. A group
// of models is a list of positions in Sweep::models, so every statistic
// here is a function of (sweep, group, k) with plain values in and out.
//
// Per architecture and k, a GroupRow holds:
//   models, models_used  the architecture's models; those pooled
//                        (well-trained, every graph connected)
//   mean_test_accuracy   over its trained models (status ok)
//   pooled               the pooled coefficient (coefficients.h) and
//   pooled_interval      its 95% percentile bootstrap interval (1,000
//                        resamples of the pairs, seeded by k)
//   fisher               the rho_k of its well-trained models with rho_k
//                        defined, combined by Fisher's z (weights pairs - 3)
//   rho_accuracy         rho_k against test accuracy over its trained models
//                        with rho_k defined (Pearson and Spearman)
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "flow/coefficients.h"
#include "flow/geometry.h"
#include "flow/statistics.h"

namespace ricci {

struct SweepModel {
  std::size_t index = 0;  // the position in the grid
  std::string dataset;
  std::string width;      // the width entry as written: "50", or the bottleneck "50/25"
  std::size_t depth = 0;
  std::uint64_t seed = 0;
  std::string status = "ok";  // or why the model failed
  double train_accuracy = 0, test_accuracy = 0;  // meaningful when ok
  std::vector<LayerGeometry> layers;             // by k, then layer (as Analysis::layers)
  bool ok() const { return status == "ok"; }
};

struct Sweep {
  std::vector<int> ks;
  double accuracy_threshold = 0.98;                  // for data sets not in dataset_thresholds
  std::map<std::string, double> dataset_thresholds;  // by data set name, where one is given
  Convention convention = Convention::Standard;
  bool include_input = false;      // rho_k also pairs the input transition (coefficients.h)
  std::vector<SweepModel> models;  // in grid order

  // The well-trained threshold of a data set (test accuracy above it).
  double threshold_for(const std::string& dataset) const;
  CoefficientOptions coefficients() const { return {convention, include_input}; }
};

// A model's rows at one k, in layer order; empty when it has none.
std::vector<LayerGeometry> layers_at_k(const SweepModel& model, int k);

// Trained (status ok) and well-trained: test accuracy above its data set's
// threshold (coefficients.h).
bool is_well_trained(const SweepModel& model, const Sweep& sweep);

// Models of one data set, or of one architecture: positions in
// Sweep::models, in grid order.
struct ModelGroup {
  std::string dataset;
  std::string width;      // empty for a whole data set
  std::size_t depth = 0;  // 0 for a whole data set
  std::vector<std::size_t> members;
};
// One group per data set, or per (data set, width, depth), in order of first appearance.
std::vector<ModelGroup> dataset_groups(const Sweep& sweep);
std::vector<ModelGroup> architecture_groups(const Sweep& sweep);

// rho_k of a trained model (definition 4).
struct ModelRho {
  std::size_t model = 0;  // position in Sweep::models
  Correlation rho;
};
// rho_k of every trained model of the group whose rho_k is defined.
std::vector<ModelRho> model_rhos(const Sweep& sweep, const ModelGroup& group, int k);

// The pooled coefficient of the group's trained models at k (definition 5).
PooledCoefficient group_pooled_coefficient(const Sweep& sweep, const ModelGroup& group, int k);

// rho_k against test accuracy over models: x = rho_k, y = test accuracy.
struct RhoAccuracy {
  Correlation pearson, spearman;
};
RhoAccuracy rho_accuracy(const Sweep& sweep, const std::vector<ModelRho>& rhos);

// The accuracies of a group's trained models; NaN means and minimum when
// none is trained.
struct AccuracySummary {
  std::size_t models = 0, trained = 0;
  double mean_train = 0, mean_test = 0, min_test = 0;
};
AccuracySummary accuracy_summary(const Sweep& sweep, const ModelGroup& group);

struct GroupRow {
  ModelGroup architecture;
  int k = 0;
  double mean_test_accuracy = 0;
  PooledCoefficient pooled;
  Interval pooled_interval;
  FisherCombined fisher;
  RhoAccuracy rho_accuracy;
};
// By architecture (in order of first appearance), then k (the sweep's order).
std::vector<GroupRow> group_rows(const Sweep& sweep);

}  // namespace ricci
