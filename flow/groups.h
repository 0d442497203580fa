// groups.h — a sweep's models in memory, and the statistics of groups of
// them (docs/method.md, definitions 5 and 7): per architecture (data set,
// width, depth), baseline and k, the rows of groups.csv.
//
// A Sweep is what bin/ reads from sweep.json, models.csv and layers.csv:
// one SweepModel per model, with its per-layer geometry at every k. A group
// of models is a list of positions in Sweep::models, so every statistic
// here is a function of (sweep, group, k) with plain values in and out.
//
// Every model has a baseline (docs/method.md, "Baselines and null tests"):
// none (trained on the true labels), untrained (its trained twin at
// initialisation) or shuffled-labels (trained on permuted labels). Groups
// never mix baselines.
// A group's statistics use its analysed models: for baseline none the
// well-trained ones (test accuracy above the data set's threshold, as the
// paper pools them); for a baseline every model that ran, whatever its
// accuracy.
//
// Per architecture, baseline and k, a GroupRow holds:
//   models, models_used  the group's models; those pooled (analysed, every
//                        graph used connected)
//   mean_test_accuracy   over its models that ran (status ok)
//   pooled               the pooled coefficient (coefficients.h) and
//   pooled_interval      its 95% percentile bootstrap interval (1,000
//                        resamples of the pairs, Rng(k, 0))
//   fisher               the rho_k of its analysed models with rho_k
//                        defined, combined by Fisher's z (weights pairs - 3)
//   rho_accuracy         rho_k against test accuracy over its models that
//                        ran with rho_k defined (Pearson and Spearman)
//   model_level          inference over models (ModelLevel below)
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "flow/coefficients.h"
#include "flow/geometry.h"
#include "flow/inference.h"
#include "flow/local.h"
#include "flow/statistics.h"

namespace ricci {

// The baselines of docs/method.md: what a model of the grid is besides
// trained on the true labels.
enum class Baseline { None, Untrained, ShuffledLabels };
const char* baseline_name(Baseline baseline);  // "none", "untrained", "shuffled-labels"
// The baseline named `name`; false when there is none of that name.
bool parse_baseline(const std::string& name, Baseline& baseline);

struct SweepModel {
  std::size_t index = 0;  // the position in the grid
  Baseline baseline = Baseline::None;
  std::string dataset;
  std::string width;      // the width entry as written: "50", or the bottleneck "50/25"
  std::size_t depth = 0;
  std::uint64_t seed = 0;
  double ricci_flow = 0;  // the Ricci-flow regulariser's lambda it trained with (0: none)
  std::string status = "ok";  // or why the model failed
  double train_accuracy = 0, test_accuracy = 0;  // meaningful when ok
  // Further outcomes of the model by column name: the test accuracies under
  // attack (fgsm_accuracy_eps0.1, ...; NaN where the cell is empty).
  std::map<std::string, double> outcomes;
  std::vector<LayerGeometry> layers;             // by k, then layer (as Analysis::layers)
  std::vector<LocalSummary> local;               // by k, with --local (local.h)
  bool ok() const { return status == "ok"; }
};

struct Sweep {
  std::vector<int> ks;
  double accuracy_threshold = 0.98;                  // for data sets not in dataset_thresholds
  std::map<std::string, double> dataset_thresholds;  // by data set name, where one is given
  Convention convention = Convention::Standard;
  bool include_input = false;      // rho_k also pairs the input transition (coefficients.h)
  bool held_out_k = false;         // best k also chosen on half the seeds, evaluated on the rest (held_out.h)
  bool local = false;              // the models have their local summaries (local_summary.h)
  // The outcome the protocol's regression explains (protocol.h): the
  // paper's "test_accuracy", or a column of SweepModel::outcomes.
  std::string outcome = "test_accuracy";
  std::vector<SweepModel> models;  // in grid order
  // With a Ricci-flow axis (--ricci-flow LIST): `models` holds the models of
  // the list's first lambda (ricci_flow; 0, plain training, as a rule), which
  // every statistic of the paper's method uses, and `regularised` those of
  // the others, which only the regulariser's comparison reads
  // (flow/ricci_flow_comparison.h, set_aside_regularised).
  double ricci_flow = 0;
  std::vector<SweepModel> regularised;  // in grid order

  // The well-trained threshold of a data set (test accuracy above it).
  double threshold_for(const std::string& dataset) const;
  CoefficientOptions coefficients() const { return {convention, include_input}; }
};

// A model's rows at one k, in layer order; empty when it has none.
std::vector<LayerGeometry> layers_at_k(const SweepModel& model, int k);

// Trained on the true labels (baseline none, status ok) and well-trained:
// test accuracy above its data set's threshold (coefficients.h). False for
// every baseline model.
// The one rule of well-trained (docs/method.md): a trained model (no
// baseline) whose training ended ok with test accuracy above its data set's
// threshold. models.csv's well_trained column and every statistic use it.
bool well_trained_model(Baseline baseline, bool ok, double test_accuracy, double accuracy_threshold);
bool is_well_trained(const SweepModel& model, const Sweep& sweep);

// Whether a group's statistics use the model: well-trained for baseline
// none; status ok for a baseline.
bool is_analysed(const SweepModel& model, const Sweep& sweep);

// Models of one data set, or of one architecture, of one baseline:
// positions in Sweep::models, in grid order.
struct ModelGroup {
  std::string dataset;
  std::string width;      // empty for a whole data set
  std::size_t depth = 0;  // 0 for a whole data set
  std::vector<std::size_t> members;
  Baseline baseline = Baseline::None;
};
// The baselines of the sweep's models: none first, then the others in
// order of first appearance.
std::vector<Baseline> sweep_baselines(const Sweep& sweep);
// One group per data set, or per (data set, width, depth), of the models of
// `baseline`, in order of first appearance.
std::vector<ModelGroup> dataset_groups(const Sweep& sweep, Baseline baseline = Baseline::None);
std::vector<ModelGroup> architecture_groups(const Sweep& sweep, Baseline baseline = Baseline::None);

// rho_k of a model that ran (definition 4).
struct ModelRho {
  std::size_t model = 0;  // position in Sweep::models
  Correlation rho;
  double z = 0;  // Eq. 11; NaN where undefined
};
// rho_k of every model of the group that ran (status ok) whose rho_k is
// defined; with analysed_only, of its analysed models only.
std::vector<ModelRho> model_rhos(const Sweep& sweep, const ModelGroup& group, int k, bool analysed_only = false);

// The pooled coefficient of the group's analysed models at k (definition 5).
PooledCoefficient group_pooled_coefficient(const Sweep& sweep, const ModelGroup& group, int k);

// Inference over a group's analysed models at one k (definition 7), where
// the pooled coefficient treats layer pairs as independent:
//   z               the mean of the per-model z (Eq. 11) with a one-sample
//                   t-test against 0 (the models with z defined)
//   sign            rho_k < 0 against rho_k > 0 over the models with rho_k
//                   defined, an exact two-sided binomial test at 1/2
//   pooled_interval the pooled rho's 95% percentile bootstrap interval
//                   resampling whole models (1,000 resamples, Rng(k, 1))
// `pooled` is the group's pooled coefficient at k (group_pooled_coefficient).
struct ModelLevel {
  OneSampleT z;
  SignTest sign;
  Interval pooled_interval;
};
ModelLevel model_level(const Sweep& sweep, const ModelGroup& group, int k, const PooledCoefficient& pooled);

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
  ModelLevel model_level;
};
// By baseline (sweep_baselines), architecture (in order of first
// appearance), then k (the sweep's order).
std::vector<GroupRow> group_rows(const Sweep& sweep);

}  // namespace ricci
