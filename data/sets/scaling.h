// scaling.h — the feature scalings of `--scale none|unit|standard`.
//
//   none      the features as loaded.
//   unit      pixel intensities 0..255 divided by 255, into [0, 1]. A value
//             outside [0, 255] is a data error (the data are not 8-bit
//             pixels; use none or standard). The default for idx:, csv: and
//             cifar: data; none is the default otherwise.
//   standard  per feature, subtract the mean and divide by the standard
//             deviation, both computed on the training part only (the
//             population form, dividing by n, as scikit-learn's
//             StandardScaler) and applied unchanged to the test part, so no
//             test statistic leaks into training. A feature constant on the
//             training part (MNIST's border pixels) is only centred.
#pragma once

#include <string>
#include <vector>

#include "data/matrix.h"
#include "data/sets/dataset.h"

namespace ricci {

enum class Scaling { None, Unit, Standard };

// "none", "unit" or "standard"; anything else is a usage error.
Scaling parse_scaling(const std::string& text);
const char* scaling_name(Scaling scaling);

// Unit for a SPEC that starts with idx:, csv: or cifar:, None otherwise.
Scaling default_scaling(const std::string& spec);

// Divides every feature by 255 after checking it is in [0, 255]; a data
// error names `what`, the row and the feature column, counted from 1 as
// every message about a data set's points counts them (dataset.h).
void scale_to_unit(MatrixF& features, const std::string& what);

// Per-feature statistics of a training part.
struct Standardizer {
  std::vector<double> mean;     // per column
  std::vector<double> inverse;  // 1 / standard deviation, or 1 where it is 0
};

Standardizer fit_standardizer(const MatrixF& features);
// features(i, j) = (features(i, j) - mean[j]) * inverse[j]; the column
// count must match the fitted one.
void apply_standardizer(const Standardizer& standardizer, MatrixF& features);

}  // namespace ricci
