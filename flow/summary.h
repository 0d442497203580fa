// summary.h — what the report of a sweep summarises (docs/method.md,
// definitions 4, 5 and 7), from a Sweep (groups.h): per data set and k the
// share of well-trained models with rho_k < 0, their median rho_k, the
// pooled rho with inference over models, and the least-squares line of
// eta_l on Ric_l; the best k
// per data set; the correlation of rho_k with test accuracy across models
// and across architectures; and the values the figures draw (box-plot
// summaries by layer, the mean rho_k per architecture).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "flow/describe.h"
#include "flow/groups.h"

namespace ricci {

// The models of one baseline: all, those that ran (status ok), the
// well-trained (baseline none only).
struct ModelCounts {
  std::size_t models = 0, trained = 0, well_trained = 0;
};
ModelCounts model_counts(const Sweep& sweep, Baseline baseline = Baseline::None);

// One data set at one k: its trained models (baseline none).
struct DatasetResult {
  std::string dataset;
  int k = 0;
  std::size_t well_trained = 0;  // well-trained models with rho_k defined
  std::size_t negative = 0;      // of those, rho_k < 0
  double share_negative = 0;     // negative / well_trained; NaN when none
  double median_rho = 0;         // of their rho_k; NaN when none
  Correlation pooled;            // the pooled rho of the data set's models (definition 5)
  RicciPairs pooled_pairs;       // its (eta_l, Ric_l) pairs
  LeastSquaresLine eta_on_curvature;  // least squares of eta_l on Ric_l over those pairs
  ModelLevel model_level;        // inference over the well-trained models (groups.h)
};
// By data set (in order of first appearance), then k (the sweep's order).
std::vector<DatasetResult> dataset_results(const Sweep& sweep);

// The k whose pooled rho is most negative (the first such k on ties).
struct BestK {
  std::string dataset;
  bool found = false;  // false when no pooled rho of the data set is defined
  int k = 0;
  double pooled_rho = 0;
};
// One per data set, in the order of `results`.
std::vector<BestK> best_k_per_dataset(const std::vector<DatasetResult>& results);

// rho_k against test accuracy over the trained models of a data set with
// rho_k defined.
struct ModelsRhoAccuracy {
  std::string dataset;
  int k = 0;
  RhoAccuracy correlation;  // n: the models
};
std::vector<ModelsRhoAccuracy> rho_accuracy_across_models(const Sweep& sweep);

// The pooled rho of each architecture against its mean test accuracy, over
// the group rows at k where both are defined.
struct ArchitecturesRhoAccuracy {
  int k = 0;
  Correlation pearson;  // n: the architectures
};
std::vector<ArchitecturesRhoAccuracy> rho_accuracy_across_architectures(const Sweep& sweep,
                                                                        const std::vector<GroupRow>& groups);

// eta_l and Ric_l by layer l over the well-trained models of a group at k:
// one box summary per layer, from layer 0 to the deepest model's last.
struct LayerDistributions {
  std::vector<BoxSummary> eta, curvature;
};
LayerDistributions layer_distributions(const Sweep& sweep, const ModelGroup& group, int k);

// The pairs of Eq. 8 of each well-trained model of a group at k whose pairs
// are defined (with the layer l of each): the pooled coefficient's pairs,
// model by model, in the group's order.
struct ModelPairs {
  std::size_t model = 0;  // position in Sweep::models
  RicciPairs pairs;
};
std::vector<ModelPairs> model_pairs(const Sweep& sweep, const ModelGroup& group, int k);

// The spread of rho_k across a group's models at one k: how many have rho_k
// defined, and the quartiles of their rho_k (describe.h; NaN for none).
struct RhoSpread {
  std::size_t models = 0;
  double q1 = 0, median = 0, q3 = 0;
};
// One per k of the sweep, over the group's models that ran (with
// analysed_only, its analysed models) with rho_k defined.
std::vector<RhoSpread> rho_spread_per_k(const Sweep& sweep, const ModelGroup& group, bool analysed_only = false);

// The mean rho_k of the group's models that ran (with analysed_only, of its
// analysed models) with rho_k defined, one per k of the sweep; NaN where
// there is none.
std::vector<double> mean_rho_per_k(const Sweep& sweep, const ModelGroup& group, bool analysed_only = false);

}  // namespace ricci
