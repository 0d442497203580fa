// mlp.cpp — construction, initialisation and inference of the MLP.
#include "nn/mlp.h"

#include <cmath>
#include <stdexcept>

#include "data/blas.h"
#include "nn/tape.h"

namespace ricci {

namespace {

// One dense layer on a whole matrix: out (n x m) = in (n x k) w (k x m) + b,
// then ReLU when `relu`; the product on `threads` workers.
template <class T>
void dense_layer(const Matrix<T>& in, const Matrix<T>& w, const Matrix<T>& b, bool relu,
                 Matrix<T>& out, int threads) {
  out.resize(in.rows(), w.cols());
  for (std::size_t i = 0; i < out.rows(); ++i) std::copy(b.data(), b.data() + b.cols(), out.row(i));
  matmul(in, false, w, false, out, T(1), T(1), threads);
  if (relu)
    for (std::size_t i = 0; i < out.size(); ++i)
      if (out.data()[i] < T(0)) out.data()[i] = T(0);  // NaN passes through, as in the tape
}

}  // namespace

template <class T>
Mlp<T> make_mlp(std::size_t input_dim, std::size_t width, std::size_t depth) {
  if (input_dim == 0 || width == 0 || depth == 0)
    throw std::logic_error("make_mlp: input_dim, width and depth must be positive");
  Mlp<T> mlp;
  mlp.sizes.push_back(input_dim);
  for (std::size_t l = 0; l < depth; ++l) mlp.sizes.push_back(width);
  mlp.sizes.push_back(1);
  for (std::size_t l = 0; l + 1 < mlp.sizes.size(); ++l) {
    mlp.weights.emplace_back(mlp.sizes[l], mlp.sizes[l + 1]);
    mlp.biases.emplace_back(1, mlp.sizes[l + 1]);
  }
  return mlp;
}

template <class T>
void kaiming_init(Mlp<T>& mlp, Rng& rng) {
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    const bool relu_follows = l + 1 < mlp.layer_count();
    const double gain = relu_follows ? std::sqrt(2.0) : 1.0;
    const double bound = gain * std::sqrt(3.0 / static_cast<double>(mlp.sizes[l]));
    for (T& w : mlp.weights[l].values()) w = static_cast<T>(rng.uniform(-bound, bound));
    mlp.biases[l].fill(T(0));
  }
}

template <class T>
Matrix<T> mlp_logits(const Mlp<T>& mlp, const Matrix<T>& x, int threads) {
  if (x.cols() != mlp.input_dim())
    throw std::logic_error("mlp_logits: input has " + std::to_string(x.cols()) +
                           " columns, the model expects " + std::to_string(mlp.input_dim()));
  Matrix<T> current = x, next;
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    dense_layer(current, mlp.weights[l], mlp.biases[l], l + 1 < mlp.layer_count(), next, threads);
    std::swap(current, next);
  }
  return current;
}

std::vector<MatrixF> layer_activations(const Mlp<float>& mlp, const MatrixF& x,
                                       bool include_output, int threads) {
  if (x.cols() != mlp.input_dim())
    throw std::logic_error("layer_activations: input has the wrong number of columns");
  std::vector<MatrixF> layers{x};
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    const bool hidden = l + 1 < mlp.layer_count();
    MatrixF out;
    dense_layer(layers.back(), mlp.weights[l], mlp.biases[l], hidden, out, threads);
    if (hidden) {
      layers.push_back(std::move(out));
    } else if (include_output) {
      for (float& z : out.values()) z = static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(z))));
      layers.push_back(std::move(out));
    }
  }
  return layers;
}

template <class T>
double mlp_loss(const Mlp<T>& mlp, const Matrix<T>& x, const std::vector<std::int64_t>& labels,
                int threads) {
  const Matrix<T> z = mlp_logits(mlp, x, threads);
  double sum = 0.0;
  for (std::size_t i = 0; i < z.rows(); ++i)
    sum += binary_cross_entropy(static_cast<double>(z(i, 0)), static_cast<double>(labels[i]));
  return z.rows() == 0 ? 0.0 : sum / static_cast<double>(z.rows());
}

std::vector<std::int64_t> predict(const Mlp<float>& mlp, const MatrixF& x, int threads) {
  const MatrixF z = mlp_logits(mlp, x, threads);
  std::vector<std::int64_t> classes(z.rows());
  for (std::size_t i = 0; i < z.rows(); ++i) classes[i] = z(i, 0) > 0.0f ? 1 : 0;
  return classes;
}

double accuracy(const Mlp<float>& mlp, const Dataset& data, int threads) {
  const std::vector<std::int64_t> classes = predict(mlp, data.features, threads);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < classes.size(); ++i) correct += classes[i] == data.labels[i];
  return classes.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(classes.size());
}

template Mlp<float> make_mlp(std::size_t, std::size_t, std::size_t);
template Mlp<double> make_mlp(std::size_t, std::size_t, std::size_t);
template void kaiming_init(Mlp<float>&, Rng&);
template void kaiming_init(Mlp<double>&, Rng&);
template Matrix<float> mlp_logits(const Mlp<float>&, const Matrix<float>&, int);
template Matrix<double> mlp_logits(const Mlp<double>&, const Matrix<double>&, int);
template double mlp_loss(const Mlp<float>&, const Matrix<float>&, const std::vector<std::int64_t>&, int);
template double mlp_loss(const Mlp<double>&, const Matrix<double>&, const std::vector<std::int64_t>&, int);

}  // namespace ricci
