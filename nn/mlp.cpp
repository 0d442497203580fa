// mlp.cpp — construction, initialisation and inference of the MLP.
#include "nn/mlp.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "data/blas.h"
#include "data/error.h"
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
Mlp<T> make_mlp(std::size_t input_dim, const std::vector<std::size_t>& hidden, std::size_t outputs) {
  bool positive = input_dim > 0 && !hidden.empty() && outputs > 0;
  for (std::size_t width : hidden) positive = positive && width > 0;
  if (!positive) throw std::logic_error("make_mlp: input_dim, depth and every width must be positive");
  if (hidden.size() > kMaxDepth)
    throw usage_error("hidden widths", std::to_string(hidden.size()) + " hidden layers; at most " +
                                           std::to_string(kMaxDepth) + " are supported");
  for (std::size_t width : hidden)
    if (width > kMaxWidth)
      throw usage_error("hidden widths", "width " + std::to_string(width) + "; at most " + std::to_string(kMaxWidth) +
                                             " is supported");
  if (outputs > kMaxWidth)
    throw usage_error("classes", std::to_string(outputs) + " classes; at most " + std::to_string(kMaxWidth) +
                                     " are supported");
  Mlp<T> mlp;
  mlp.sizes.push_back(input_dim);
  mlp.sizes.insert(mlp.sizes.end(), hidden.begin(), hidden.end());
  mlp.sizes.push_back(outputs);
  for (std::size_t l = 0; l + 1 < mlp.sizes.size(); ++l) {
    mlp.weights.emplace_back(mlp.sizes[l], mlp.sizes[l + 1]);
    mlp.biases.emplace_back(1, mlp.sizes[l + 1]);
  }
  return mlp;
}

template <class T>
Mlp<T> make_mlp(std::size_t input_dim, std::size_t width, std::size_t depth, std::size_t outputs) {
  return make_mlp<T>(input_dim, std::vector<std::size_t>(depth, width), outputs);
}

std::vector<std::size_t> bottleneck_widths(std::size_t wide, std::size_t narrow, std::size_t depth) {
  if (depth < 3)
    throw usage_error("hidden widths", "a bottleneck W/B needs at least 3 hidden layers, got " + std::to_string(depth));
  if (wide == 0 || narrow == 0) throw usage_error("hidden widths", "the widths of a bottleneck W/B must be at least 1");
  const std::size_t steps = depth % 2 == 1 ? (depth - 1) / 2 : depth / 2 - 1;  // from an end to the middle
  std::vector<std::size_t> widths;
  for (std::size_t i = 1; i <= depth; ++i) {
    const std::size_t e = std::min(i - 1, depth - i);
    // round((W (m - e) + B e) / m), halves up, in integers: floor((2 num + m) / (2 m)).
    const std::size_t numerator = wide * (steps - e) + narrow * e;
    widths.push_back((2 * numerator + steps) / (2 * steps));
  }
  return widths;
}

WeightInit parse_weight_init(const std::string& name) {
  if (name == "he") return WeightInit::He;
  if (name == "glorot") return WeightInit::Glorot;
  throw usage_error("initialisation", "expected he or glorot, got '" + name + "'");
}

const char* weight_init_name(WeightInit init) { return init == WeightInit::Glorot ? "glorot" : "he"; }

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
void glorot_init(Mlp<T>& mlp, Rng& rng) {
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    const double bound = std::sqrt(6.0 / static_cast<double>(mlp.sizes[l] + mlp.sizes[l + 1]));
    for (T& w : mlp.weights[l].values()) w = static_cast<T>(rng.uniform(-bound, bound));
    mlp.biases[l].fill(T(0));
  }
}

template <class T>
void init_weights(Mlp<T>& mlp, WeightInit init, Rng& rng) {
  if (init == WeightInit::Glorot) glorot_init(mlp, rng);
  else kaiming_init(mlp, rng);
}

template <class T>
Matrix<T> mlp_logits(const Mlp<T>& mlp, const Matrix<T>& x, int threads) {
  if (x.cols() != mlp.input_dim())
    throw std::logic_error("mlp_logits: input has " + std::to_string(x.cols()) +
                           " columns, the model expects " + std::to_string(mlp.input_dim()));
  if (mlp.layer_count() == 0) return x;
  // The first layer reads x itself (no copy of the whole input).
  Matrix<T> current, next;
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    dense_layer(l == 0 ? x : current, mlp.weights[l], mlp.biases[l], l + 1 < mlp.layer_count(), next, threads);
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
      if (out.cols() == 1) {
        for (float& z : out.values()) z = static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(z))));
      } else {
        // softmax(z)_j = exp(z_j - log_sum_exp(z)), in double
        std::vector<double> row(out.cols());
        for (std::size_t i = 0; i < out.rows(); ++i) {
          for (std::size_t j = 0; j < out.cols(); ++j) row[j] = out(i, j);
          const double lse = log_sum_exp(row.data(), row.size());
          for (std::size_t j = 0; j < out.cols(); ++j) out(i, j) = static_cast<float>(std::exp(row[j] - lse));
        }
      }
      layers.push_back(std::move(out));
    }
  }
  return layers;
}

namespace {

// The loss of row i of the logits z (n x 1 or n x C) against its label, in
// double: binary_cross_entropy or categorical_cross_entropy (tape.h).
template <class T>
double row_loss(const Matrix<T>& z, std::size_t i, std::int64_t label, std::vector<double>& row) {
  if (z.cols() == 1) return binary_cross_entropy(static_cast<double>(z(i, 0)), static_cast<double>(label));
  for (std::size_t j = 0; j < z.cols(); ++j) row[j] = static_cast<double>(z(i, j));
  return categorical_cross_entropy(row.data(), row.size(), static_cast<std::size_t>(label));
}

// The predicted class of row i of the logits: z > 0 for one logit, else the
// largest logit (the first on ties).
template <class T>
std::int64_t row_class(const Matrix<T>& z, std::size_t i) {
  if (z.cols() == 1) return z(i, 0) > T(0) ? 1 : 0;
  const T* zi = z.row(i);
  return static_cast<std::int64_t>(std::max_element(zi, zi + z.cols()) - zi);
}

}  // namespace

template <class T>
double mlp_loss(const Mlp<T>& mlp, const Matrix<T>& x, const std::vector<std::int64_t>& labels,
                int threads) {
  const Matrix<T> z = mlp_logits(mlp, x, threads);
  std::vector<double> row(z.cols());
  double sum = 0.0;
  for (std::size_t i = 0; i < z.rows(); ++i) sum += row_loss(z, i, labels[i], row);
  return z.rows() == 0 ? 0.0 : sum / static_cast<double>(z.rows());
}

std::vector<std::int64_t> predict(const Mlp<float>& mlp, const MatrixF& x, int threads) {
  const MatrixF z = mlp_logits(mlp, x, threads);
  std::vector<std::int64_t> classes(z.rows());
  for (std::size_t i = 0; i < z.rows(); ++i) classes[i] = row_class(z, i);
  return classes;
}

double accuracy(const Mlp<float>& mlp, const Dataset& data, int threads) {
  const std::vector<std::int64_t> classes = predict(mlp, data.features, threads);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < classes.size(); ++i) correct += classes[i] == data.labels[i];
  return classes.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(classes.size());
}

Evaluation evaluate(const Mlp<float>& mlp, const Dataset& data, int threads) {
  const MatrixF z = mlp_logits(mlp, data.features, threads);
  std::vector<double> row(z.cols());
  double sum = 0.0;
  std::size_t correct = 0;
  for (std::size_t i = 0; i < z.rows(); ++i) {
    sum += row_loss(z, i, data.labels[i], row);
    correct += row_class(z, i) == data.labels[i];
  }
  const double rows = static_cast<double>(z.rows());
  return z.rows() == 0 ? Evaluation{} : Evaluation{sum / rows, static_cast<double>(correct) / rows};
}

template Mlp<float> make_mlp(std::size_t, const std::vector<std::size_t>&, std::size_t);
template Mlp<double> make_mlp(std::size_t, const std::vector<std::size_t>&, std::size_t);
template Mlp<float> make_mlp(std::size_t, std::size_t, std::size_t, std::size_t);
template Mlp<double> make_mlp(std::size_t, std::size_t, std::size_t, std::size_t);
template void kaiming_init(Mlp<float>&, Rng&);
template void kaiming_init(Mlp<double>&, Rng&);
template void glorot_init(Mlp<float>&, Rng&);
template void glorot_init(Mlp<double>&, Rng&);
template void init_weights(Mlp<float>&, WeightInit, Rng&);
template void init_weights(Mlp<double>&, WeightInit, Rng&);
template Matrix<float> mlp_logits(const Mlp<float>&, const Matrix<float>&, int);
template Matrix<double> mlp_logits(const Mlp<double>&, const Matrix<double>&, int);
template double mlp_loss(const Mlp<float>&, const Matrix<float>&, const std::vector<std::int64_t>&, int);
template double mlp_loss(const Mlp<double>&, const Matrix<double>&, const std::vector<std::int64_t>&, int);

}  // namespace ricci
