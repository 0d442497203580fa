// null_tests.h — trained networks against their baselines (docs/method.md,
// "Baselines and null tests"): is a trained network more Ricci-flow-like
// than the same network untrained, or trained on shuffled labels?
//
// For one k, an architecture (or a whole data set) and a baseline:
//
//   trained group    its models of baseline none that are well-trained (test
//                    accuracy strictly above the data set's threshold) with
//                    rho_k defined
//   baseline group   its models of the baseline that ran (status ok) with
//                    rho_k defined, whatever their accuracy
//   share_negative   the share of a group with rho_k < 0
//   mean_rho         a group's mean rho_k
//   difference       trained mean minus baseline mean, with its 95%
//                    percentile bootstrap interval: 1,000 resamples of each
//                    group's models with replacement, Rng(k, 2)
//                    (inference.h, bootstrap_mean_difference)
//   test             two-sided Mann-Whitney U of the two groups' rho_k, the
//                    normal approximation with tie and continuity
//                    corrections (inference.h)
//
// A negative difference with p < 0.05 says that the trained networks are
// more Ricci-flow-like than the baseline (rho_k < 0 is Ricci-flow-like).
#pragma once

#include <cstddef>
#include <vector>

#include "flow/groups.h"
#include "flow/inference.h"

namespace ricci {

struct NullTest {
  ModelGroup trained;  // the trained group's data set, width and depth (width empty, depth 0 for a data set)
  Baseline baseline = Baseline::Untrained;
  int k = 0;
  std::size_t trained_models = 0, baseline_models = 0;
  std::size_t trained_negative = 0, baseline_negative = 0;  // of those, rho_k < 0
  double trained_share_negative = 0, baseline_share_negative = 0;  // NaN for an empty group
  double trained_mean_rho = 0, baseline_mean_rho = 0;              // NaN for an empty group
  MeanDifference difference;  // NaN when a group is empty
  MannWhitney test;           // NaN p-value when a group is empty
};

// Per architecture (in the order of the trained groups), k (the sweep's
// order) and baseline (sweep_baselines, none left out): the rows of
// null_tests.csv. Empty when the sweep has no baseline models.
std::vector<NullTest> null_tests(const Sweep& sweep);

// The same per data set (every architecture of the data set in one group).
std::vector<NullTest> dataset_null_tests(const Sweep& sweep);

// One trained group (its members as given) against the twins of `baseline`
// at k: the baseline's models of the same data set (and width and depth,
// for an architecture) whose seeds are among the trained members' seeds.
NullTest null_test(const Sweep& sweep, const ModelGroup& trained, Baseline baseline, int k);

// What a test says at the 5% level: the trained group is more
// Ricci-flow-like (difference < 0, p < 0.05), less (difference > 0,
// p < 0.05), neither, or it cannot be tested (a group is empty).
enum class NullVerdict { More, Less, NoDifference, Untestable };
NullVerdict null_verdict(const NullTest& test);

}  // namespace ricci
