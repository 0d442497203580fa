// protocol.h — the protocol of Baptista et al. (2024, Section 3) over a
// sweep (docs/method.md, "The paper's protocol"), from the group rows of
// groups.h:
//
//   best k      per architecture (data set x width x depth) and baseline
//               (groups.h), the k of the grid whose pooled rho is most
//               negative (ties: the smaller k), with k as a fraction of the
//               test set;
//   per model   whether it is well-trained, its group's best k, its rho at
//               that k and z = arctanh(rho) / sqrt(L - 4) (Eq. 11);
//   regression  test accuracy ~ z + data set + width + depth over the
//               well-trained models with z defined (or, with sweep.outcome,
//               another outcome of each model, such as its accuracy under
//               attack, over those with it defined): ordinary least squares
//               (regression.h), the three factors categorical in treatment
//               coding, each with its first level in grid order as the
//               reference (a factor of one level adds no column);
//   headline    the share of the analysed models (the well-trained, for
//               baseline none) with rho < 0 at their best k (the paper:
//               1,144 of 1,227, 93.2%), the best k as a share of the test set
//               across architectures (12.5-25% for Fashion-MNIST sandals and
//               ankle boots), and whether the total curvature rises or falls
//               from the first hidden layer to the last; per baseline.
//
// The selection of k makes each pooled rho negative by construction; its
// numbers are to be read beside the baselines' and beside k chosen on
// held-out seeds (held_out.h; docs/method.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "flow/groups.h"
#include "flow/regression.h"

namespace ricci {

struct ArchitectureBestK {
  ModelGroup architecture;  // with its baseline
  bool found = false;      // false when no pooled rho of the architecture is defined
  int k = 0;
  double k_fraction = 0;   // k / n, n the test set size; NaN when not found or the models' n differ
  double pooled_rho = 0;   // NaN when not found
  std::size_t models_used = 0;  // the models pooled at that k
};
// One per architecture and baseline, in the order of `groups` (group_rows(sweep)).
std::vector<ArchitectureBestK> best_k_per_architecture(const Sweep& sweep, const std::vector<GroupRow>& groups);

struct ModelProtocol {
  bool well_trained = false;
  bool analysed = false;  // used by its group's statistics (is_analysed, groups.h)
  int best_k = 0;  // its group's best k; 0 when there is none
  double rho = 0;  // rho at best_k; NaN where undefined (or the model failed)
  double z = 0;    // Eq. 11 at best_k; NaN where undefined
};
// One per model of the sweep, aligned with sweep.models.
std::vector<ModelProtocol> model_protocol(const Sweep& sweep, const std::vector<ArchitectureBestK>& best);

// The regression above; terms "(Intercept)", "z", then "dataset=NAME",
// "width=ENTRY" and "depth=D" for every level after the first.
LinearModel accuracy_regression(const Sweep& sweep, const std::vector<ModelProtocol>& protocol);

// A model's value of `outcome`: its test accuracy for "test_accuracy",
// else SweepModel::outcomes' (NaN when the model has none).
double model_outcome(const SweepModel& model, const std::string& outcome);
// The outcomes a sweep's models have: "test_accuracy", then the names of
// SweepModel::outcomes in order.
std::vector<std::string> sweep_outcomes(const Sweep& sweep);
// A usage error (subject "outcome") unless `outcome` is one of sweep_outcomes.
void check_outcome(const Sweep& sweep, const std::string& outcome);

// rho and z at each model's best k against an outcome, across models: per
// data set and baseline (the well-trained models for baseline none, every
// model that ran for a control, as the protocol analyses them), the
// Pearson correlation of z with the outcome over the models with both
// defined, the model the unit (docs/method.md, definition 14).
struct OutcomeCorrelation {
  std::string dataset;
  Baseline baseline = Baseline::None;
  Correlation z;    // z (Eq. 11) against the outcome
  Correlation rho;  // rho against the outcome
  double mean_outcome = 0;  // over the models correlated (of z); NaN when none
};
std::vector<OutcomeCorrelation> outcome_correlations(const Sweep& sweep, const std::vector<ModelProtocol>& protocol,
                                                     const std::string& outcome);

// A sweep and its protocol (each sweep's best k chosen inside it), one of
// several pooled in the whole paper's report.
struct SweepProtocol {
  const Sweep* sweep;
  const std::vector<ModelProtocol>* protocol;
};
// The same regression over the well-trained models of every sweep: the
// paper's test accuracy ~ z + data set + width + depth over all its data
// sets (t = -2.27, p = 0.023 for z). Levels in order of first appearance
// across the sweeps in order; one sweep gives accuracy_regression's model.
LinearModel accuracy_regression(const std::vector<SweepProtocol>& sweeps);

struct Headline {
  std::size_t analysed = 0;       // analysed models with rho defined at their best k
  std::size_t negative = 0;       // of those, rho < 0
  double share_negative = 0;      // NaN when none
  double k_fraction_low = 0, k_fraction_high = 0;  // over architectures with a best k; NaN when none
  std::size_t rising = 0;         // analysed models with Ric_L > Ric_1 at their best k
  std::size_t falling = 0;        // ... with Ric_L < Ric_1
  double median_curvature_change = 0;  // median of Ric_L - Ric_1 over the analysed models; NaN when none
};
// Over the models of `baseline`.
Headline headline_numbers(const Sweep& sweep, const std::vector<ArchitectureBestK>& best,
                          const std::vector<ModelProtocol>& protocol, Baseline baseline = Baseline::None);

// The headline numbers of one baseline pooled over several sweeps, each
// sweep's models at their own best k: the paper's 1,144 of 1,227
// well-trained networks with rho < 0 (93.2%) over its data sets.
struct PooledHeadline {
  std::size_t analysed = 0, negative = 0;
  double share_negative = 0;  // NaN when none
  std::size_t sweeps = 0;     // sweeps with an analysed model
};
PooledHeadline pooled_headline(const std::vector<Headline>& headlines);

}  // namespace ricci
