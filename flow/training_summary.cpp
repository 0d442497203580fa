// training_summary.cpp — summaries of the geometry tracked during training.
#include "flow/training_summary.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "flow/describe.h"

namespace ricci {

namespace {

double mean_of_defined(const std::vector<Correlation>& coefficients) {
  std::vector<double> values;
  for (const Correlation& c : coefficients)
    if (c.defined()) values.push_back(c.r);
  return mean(values);
}

}  // namespace

MeanLocalCoefficients mean_local_coefficients(const Analysis& analysis, std::size_t ki) {
  const LocalValues& values = analysis.local.at(ki);
  return {mean_of_defined(layer_coefficients(values)),
          mean_of_defined(local_coefficients(values, analysis.unreachable))};
}

std::vector<EpochBand> rho_bands(const std::vector<RhoSeries>& models) {
  std::vector<std::size_t> epochs;
  for (const RhoSeries& m : models) epochs.insert(epochs.end(), m.epochs.begin(), m.epochs.end());
  std::sort(epochs.begin(), epochs.end());
  epochs.erase(std::unique(epochs.begin(), epochs.end()), epochs.end());
  std::vector<EpochBand> bands;
  for (std::size_t epoch : epochs) {
    std::vector<double> values;
    for (const RhoSeries& m : models)
      for (std::size_t t = 0; t < m.epochs.size(); ++t)
        if (m.epochs[t] == epoch && std::isfinite(m.rho[t])) values.push_back(m.rho[t]);
    bands.push_back({epoch, values.size(), quantile(values, 0.25), median(values), quantile(values, 0.75)});
  }
  return bands;
}

StopSummary stop_summary(const std::vector<std::size_t>& stop_epochs, const std::vector<double>& accuracies) {
  if (stop_epochs.size() != accuracies.size()) throw std::logic_error("stop_summary: lengths differ");
  StopSummary summary;
  summary.models = stop_epochs.size();
  std::vector<double> epochs, accuracy;
  for (std::size_t m = 0; m < stop_epochs.size(); ++m)
    if (stop_epochs[m] > 0) {
      epochs.push_back(static_cast<double>(stop_epochs[m]));
      accuracy.push_back(accuracies[m]);
    }
  summary.stopped = epochs.size();
  summary.median_epoch = median(epochs);
  summary.median_accuracy = median(accuracy);
  return summary;
}

}  // namespace ricci
