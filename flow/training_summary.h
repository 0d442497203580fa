// training_summary.h — what the geometry tracked during training is
// summarised by (docs/method.md, "Geometry during training"): the mean
// layer and local coefficients of one analysis, rho_k against epoch across
// the seeds of an architecture, and where each stopping rule stops.
#pragma once

#include <cstddef>
#include <vector>

#include "flow/analysis.h"

namespace ricci {

// The means of Hehl et al.'s layer coefficients (over the transitions) and
// local coefficients (over the points) of the ki-th k of an analysis with
// local values, each over the coefficients that are defined; NaN when none
// is.
struct MeanLocalCoefficients {
  double layer = 0, local = 0;
};
MeanLocalCoefficients mean_local_coefficients(const Analysis& analysis, std::size_t ki);

// rho_k at one tracked epoch across the models of a group: the quartiles of
// the models with rho_k defined there.
struct EpochBand {
  std::size_t epoch = 0;
  std::size_t models = 0;  // with rho_k defined at this epoch
  double q1 = 0, median = 0, q3 = 0;  // NaN when models is 0
};

// One model's series at one k: the tracked epochs (increasing) and rho_k at
// each (NaN where undefined).
struct RhoSeries {
  std::vector<std::size_t> epochs;
  std::vector<double> rho;
};

// One band per epoch that any model tracked, in increasing order, each over
// the models that tracked it.
std::vector<EpochBand> rho_bands(const std::vector<RhoSeries>& models);

// Where a stopping rule stops the models of a group: the medians, over the
// models it stops, of the epoch and of the test accuracy there.
struct StopSummary {
  std::size_t models = 0, stopped = 0;
  double median_epoch = 0, median_accuracy = 0;  // NaN when none stopped
};
// stop_epochs[m] is where the rule stops model m (0: it does not) and
// accuracies[m] the test accuracy there (ignored when it does not); the
// same length (std::logic_error otherwise).
StopSummary stop_summary(const std::vector<std::size_t>& stop_epochs, const std::vector<double>& accuracies);

}  // namespace ricci
