// mlp.h — the multilayer perceptron of the papers.
//
//   input (d) -> D hidden layers of width W, each x -> relu(x w + b)
//             -> one logit z = h w + b -> sigmoid(z), the probability of class 1
//
// Weights are stored input-major: weights[l] is sizes[l] x sizes[l+1], so a
// layer is one GEMM, H_{l+1} = H_l W_l + b_l, with the batch as rows.
//
// The analysis needs every layer on the test set: layer_activations() returns
// X_0 (the input) and X_1..X_D (post-ReLU), and the output layer (the
// sigmoid probabilities, n x 1) when asked (docs/method.md: excluded by default).
//
// The functions that run the model on data take `threads`, the workers each
// layer's product may use (data/blas.h); the values do not depend on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/matrix.h"
#include "data/random.h"
#include "data/sets/dataset.h"

namespace ricci {

template <class T>
struct Mlp {
  std::vector<std::size_t> sizes;  // d, W, ..., W, 1
  std::vector<Matrix<T>> weights;  // weights[l]: sizes[l] x sizes[l+1]
  std::vector<Matrix<T>> biases;   // biases[l]:  1 x sizes[l+1]

  std::size_t input_dim() const { return sizes.front(); }
  std::size_t depth() const { return sizes.size() - 2; }  // hidden layers
  std::size_t layer_count() const { return weights.size(); }
};

// An MLP d -> W x depth -> 1 with zero weights. depth >= 1, width >= 1.
template <class T>
Mlp<T> make_mlp(std::size_t input_dim, std::size_t width, std::size_t depth);

// He (Kaiming) initialisation as PyTorch's kaiming_uniform_ does it: weights
// of a layer with fan_in inputs uniform in [-b, b], b = gain * sqrt(3 / fan_in),
// gain = sqrt(2) for the ReLU layers (so b = sqrt(6 / fan_in)) and 1 for the
// output layer, which has no ReLU; biases zero (He et al., "Delving deep into
// rectifiers", ICCV 2015).
template <class T>
void kaiming_init(Mlp<T>& mlp, Rng& rng);

// The logits, n x 1, of the rows of x (n x d).
template <class T>
Matrix<T> mlp_logits(const Mlp<T>& mlp, const Matrix<T>& x, int threads = 1);

// X_0 = x, X_1..X_D (post-ReLU), and with include_output the probabilities
// (n x 1) as a last entry.
std::vector<MatrixF> layer_activations(const Mlp<float>& mlp, const MatrixF& x,
                                       bool include_output, int threads = 1);

// Mean binary cross-entropy (from logits, binary_cross_entropy in tape.h) of
// the data, in double.
template <class T>
double mlp_loss(const Mlp<T>& mlp, const Matrix<T>& x, const std::vector<std::int64_t>& labels,
                int threads = 1);

// Predicted class (logit > 0, i.e. probability > 1/2) of each row.
std::vector<std::int64_t> predict(const Mlp<float>& mlp, const MatrixF& x, int threads = 1);
// Fraction of rows whose prediction equals the label.
double accuracy(const Mlp<float>& mlp, const Dataset& data, int threads = 1);

extern template Mlp<float> make_mlp(std::size_t, std::size_t, std::size_t);
extern template Mlp<double> make_mlp(std::size_t, std::size_t, std::size_t);
extern template void kaiming_init(Mlp<float>&, Rng&);
extern template void kaiming_init(Mlp<double>&, Rng&);
extern template Matrix<float> mlp_logits(const Mlp<float>&, const Matrix<float>&, int);
extern template Matrix<double> mlp_logits(const Mlp<double>&, const Matrix<double>&, int);
extern template double mlp_loss(const Mlp<float>&, const Matrix<float>&, const std::vector<std::int64_t>&, int);
extern template double mlp_loss(const Mlp<double>&, const Matrix<double>&, const std::vector<std::int64_t>&, int);

}  // namespace ricci
