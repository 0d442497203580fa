// embedding.cpp — random orthonormal columns and the isometric embedding.
#include "data/sets/embedding.h"

#include <cmath>
#include <vector>

namespace ricci {

MatrixD random_orthonormal_columns(std::size_t rows, std::size_t cols, Rng& rng) {
  MatrixD q(rows, cols);
  std::vector<double> column(rows);
  for (std::size_t k = 0; k < cols; ++k) {
    double norm = 0.0;
    do {
      for (double& v : column) v = rng.normal();
      // Subtract the projections on the columns before, twice ("twice is
      // enough", Giraud et al. 2005), so the result is orthogonal to rounding.
      for (int pass = 0; pass < 2; ++pass)
        for (std::size_t j = 0; j < k; ++j) {
          double dot = 0.0;
          for (std::size_t i = 0; i < rows; ++i) dot += q(i, j) * column[i];
          for (std::size_t i = 0; i < rows; ++i) column[i] -= dot * q(i, j);
        }
      norm = 0.0;
      for (double v : column) norm += v * v;
      norm = std::sqrt(norm);
    } while (!(norm > 1e-6));  // a Gaussian column in the span before: probability zero
    for (std::size_t i = 0; i < rows; ++i) q(i, k) = column[i] / norm;
  }
  return q;
}

Dataset embed_isometrically(const Dataset& data, std::size_t dim, double extra_noise,
                            std::uint64_t seed) {
  const std::size_t n = data.features.rows(), native = data.features.cols();
  Rng rotation_rng(seed, 2), noise_rng(seed, 3);
  const MatrixD q = random_orthonormal_columns(dim, native, rotation_rng);
  Dataset out;
  out.labels = data.labels;
  out.features.resize(n, dim);
  std::vector<double> y(dim), g(dim), coefficients(native);
  for (std::size_t r = 0; r < n; ++r) {
    const float* x = data.features.row(r);
    // y = Q1 x
    for (std::size_t i = 0; i < dim; ++i) {
      double sum = 0.0;
      for (std::size_t j = 0; j < native; ++j) sum += q(i, j) * x[j];
      y[i] = sum;
    }
    // y += (I - Q1 Q1^T) g: the part of isotropic noise orthogonal to the data.
    if (extra_noise > 0 && dim > native) {
      for (double& v : g) v = extra_noise * noise_rng.normal();
      for (std::size_t j = 0; j < native; ++j) {
        double dot = 0.0;
        for (std::size_t i = 0; i < dim; ++i) dot += q(i, j) * g[i];
        coefficients[j] = dot;
      }
      for (std::size_t i = 0; i < dim; ++i) {
        double projected = 0.0;
        for (std::size_t j = 0; j < native; ++j) projected += q(i, j) * coefficients[j];
        y[i] += g[i] - projected;
      }
    }
    for (std::size_t i = 0; i < dim; ++i) out.features(r, i) = static_cast<float>(y[i]);
  }
  return out;
}

}  // namespace ricci
