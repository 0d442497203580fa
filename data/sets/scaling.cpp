// scaling.cpp — unit and standard scaling of features.
#include "data/sets/scaling.h"

#include <cmath>

#include "data/error.h"
#include "data/format.h"

namespace ricci {

Scaling parse_scaling(const std::string& text) {
  if (text == "none") return Scaling::None;
  if (text == "unit") return Scaling::Unit;
  if (text == "standard") return Scaling::Standard;
  throw usage_error("scaling", "expected none, unit or standard, got '" + text + "'");
}

const char* scaling_name(Scaling scaling) {
  switch (scaling) {
    case Scaling::None: return "none";
    case Scaling::Unit: return "unit";
    case Scaling::Standard: return "standard";
  }
  return "none";
}

Scaling default_scaling(const std::string& spec) {
  const bool pixels = spec.compare(0, 4, "idx:") == 0 || spec.compare(0, 4, "csv:") == 0 ||
                      spec.compare(0, 6, "cifar:") == 0;
  return pixels ? Scaling::Unit : Scaling::None;
}

void scale_to_unit(MatrixF& features, const std::string& what) {
  for (std::size_t i = 0; i < features.rows(); ++i) {
    float* row = features.row(i);
    for (std::size_t j = 0; j < features.cols(); ++j) {
      if (!(row[j] >= 0.0f && row[j] <= 255.0f))
        throw data_error("scaling", what + ": row " + std::to_string(i + 1) + ", column " + std::to_string(j + 1) +
                                        " holds " + format_double(row[j]) +
                                        ", outside the pixel range [0, 255] that unit scaling divides by 255 "
                                        "(choose none or standard)");
      row[j] /= 255.0f;
    }
  }
}

Standardizer fit_standardizer(const MatrixF& features) {
  const std::size_t n = features.rows(), d = features.cols();
  Standardizer s{std::vector<double>(d, 0.0), std::vector<double>(d, 1.0)};
  if (n == 0) return s;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) s.mean[j] += features(i, j);
  for (double& mean : s.mean) mean /= static_cast<double>(n);
  std::vector<double> sum_squares(d, 0.0);  // about the mean: two passes, no cancellation
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const double deviation = features(i, j) - s.mean[j];
      sum_squares[j] += deviation * deviation;
    }
  for (std::size_t j = 0; j < d; ++j) {
    const double sd = std::sqrt(sum_squares[j] / static_cast<double>(n));
    s.inverse[j] = sd > 0.0 ? 1.0 / sd : 1.0;
  }
  return s;
}

void apply_standardizer(const Standardizer& standardizer, MatrixF& features) {
  if (features.cols() != standardizer.mean.size())
    throw data_error("standard scaling: " + std::to_string(features.cols()) + " columns, fitted on " +
                     std::to_string(standardizer.mean.size()));
  for (std::size_t i = 0; i < features.rows(); ++i) {
    float* row = features.row(i);
    for (std::size_t j = 0; j < features.cols(); ++j)
      row[j] = static_cast<float>((row[j] - standardizer.mean[j]) * standardizer.inverse[j]);
  }
}

}  // namespace ricci
