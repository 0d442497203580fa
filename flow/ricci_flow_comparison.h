// ricci_flow_comparison.h — the Ricci-flow regulariser against plain
// training, model by model (docs/method.md, definition 16, and "The
// Ricci-flow regulariser in a sweep").
//
// A sweep with a Ricci-flow axis (--ricci-flow 0,0.01,0.1,1) trains every
// network of its grid once per lambda with the same seed: the same initial
// weights and minibatch order (bin/experiment/experiment.h, streams). The
// networks of the first lambda (0 as a rule) are the twins; the paper's
// statistics use them alone (Sweep::models), and each network of another
// lambda (Sweep::regularised) is compared with its twin: same data set,
// width, depth and seed, trained on the true labels, both ok. Per data set
// and lambda, over those pairs, three measures, each a paired comparison
// with the model as the unit:
//
//   test accuracy       the difference regularised - twin;
//   rho at best k       rho_k of each network at its architecture's best k,
//                       chosen on the twins (flow/protocol.h), so the
//                       regularised side takes no part in choosing it; pairs
//                       with both rho defined;
//   rho < 0             1 or 0 per network, its mean the share; the sign
//                       test on the differences is the exact McNemar test
//                       of the discordant pairs;
//
// and any further outcome of the models (SweepModel::outcomes, with --attack
// the accuracies under attack fgsm_accuracy_eps*, pgd_accuracy_eps*:
// definition 14) the same way as the test accuracy. Each comparison gives the two means, their mean difference, the
// paired t test (one_sample_t of the differences: SciPy's ttest_rel) and
// the sign test (sign_test: SciPy's binomtest on the signs).
//
// The verdict per data set and lambda reads the test accuracy: helped when
// the paired t test finds the mean difference > 0 at 5% and the sign test
// agrees (more pairs up than down, p < 5%), hurt the same way for < 0,
// else nothing measurable. The sign test reaches 5% only from 6 pairs, and
// guards the t test against differences without spread (t infinite on a
// few pairs of equal accuracy steps). No correction for the number of
// lambdas or data sets: the report says how many verdicts it gives.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "flow/groups.h"
#include "flow/inference.h"
#include "flow/protocol.h"

namespace ricci {

// Moves the models whose lambda is not sweep.ricci_flow from sweep.models
// into sweep.regularised (both kept in grid order).
void set_aside_regularised(Sweep& sweep);

struct PairedComparison {
  std::string measure;         // "test_accuracy", "rho_best", "rho_negative" or a models.csv column
  std::size_t pairs = 0;       // pairs with both values defined
  double mean_regularised = 0, mean_twin = 0, mean_difference = 0;  // NaN without pairs
  OneSampleT t;                // of the differences
  SignTest sign;               // of the differences
};

// The comparison of two aligned lists (NaN entries drop their pair).
PairedComparison paired_comparison(const std::string& measure, const std::vector<double>& regularised,
                                   const std::vector<double>& twin);

enum class RegulariserVerdict { Helped, Hurt, NothingMeasurable };
const char* verdict_words(RegulariserVerdict verdict);  // "helped", "hurt", "did nothing measurable"

struct RicciFlowRow {
  std::string dataset;
  double ricci_flow = 0;   // lambda
  double twin_ricci_flow = 0;  // the twins' lambda (Sweep::ricci_flow)
  std::size_t pairs = 0;   // networks with an ok twin
  std::vector<PairedComparison> measures;  // test_accuracy, rho_best, rho_negative, then the further outcomes (sweep_outcomes)
  RegulariserVerdict verdict = RegulariserVerdict::NothingMeasurable;
};

// One row per data set (in order of first appearance) and lambda (in grid
// order) of the regularised networks; `best` the architectures' best ks
// (best_k_per_architecture of the twins' groups). Empty without regularised
// networks.
std::vector<RicciFlowRow> ricci_flow_comparison(const Sweep& sweep, const std::vector<ArchitectureBestK>& best);

}  // namespace ricci
