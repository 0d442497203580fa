// mlp.h — the multilayer perceptron of the papers.
//
//   input (d) -> D hidden layers of widths W_1..W_D, each x -> relu(x w + b)
//             -> one logit z = h w + b -> sigmoid(z), the probability of class 1
//
// for a binary task (the papers'), and for C > 2 classes
//
//             -> C logits z = h w + b -> softmax(z), the probabilities of the classes
//
// The output width (1, or C) is the last layer size; a model of output width
// C >= 2 is a C-class softmax model.
//
// The widths are one W for every layer, the paper's bottleneck W/B
// (bottleneck_widths below) or any list.
//
// Weights are stored input-major: weights[l] is sizes[l] x sizes[l+1], so a
// layer is one GEMM, H_{l+1} = H_l W_l + b_l, with the batch as rows.
//
// The analysis needs every layer on the test set: layer_activations() returns
// X_0 (the input) and X_1..X_D (post-ReLU), and the output layer (the
// sigmoid probabilities, n x 1, or the softmax ones, n x C) when asked
// (docs/method.md: excluded by default).
//
// The functions that run the model on data take `threads`, the workers each
// layer's product may use (data/blas.h); the values do not depend on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/matrix.h"
#include "data/random.h"
#include "data/sets/dataset.h"

namespace ricci {

// The limits of a model, one for its layer sizes and one for its depth:
// every hidden width at most kMaxWidth = 2^24 (and every layer size of a
// model file, model_io.h, the input's included), at most kMaxDepth = 10,000
// hidden layers. They lie far beyond any model that fits in memory; they
// exist so that arithmetic on sizes cannot overflow: a layer then holds at
// most 2^48 + 2^24 weights and biases, and a model of kMaxDepth + 1 layers
// fewer than 2^61.3, whose bytes as floats (x 4) still count in 64 bits,
// as the model file's reader counts them. make_mlp refuses more; a driver
// checks its options against these (or smaller limits of its own) first.
constexpr std::size_t kMaxWidth = std::size_t(1) << 24;
constexpr std::size_t kMaxDepth = 10000;

template <class T>
struct Mlp {
  std::vector<std::size_t> sizes;  // d, W_1, ..., W_D, then 1 (binary) or C (C classes)
  std::vector<Matrix<T>> weights;  // weights[l]: sizes[l] x sizes[l+1]
  std::vector<Matrix<T>> biases;   // biases[l]:  1 x sizes[l+1]

  std::size_t input_dim() const { return sizes.front(); }
  std::size_t depth() const { return sizes.size() - 2; }  // hidden layers
  std::size_t layer_count() const { return weights.size(); }
  std::size_t output_width() const { return sizes.back(); }
  // The classes it tells apart: 2 for one sigmoid output, else its width.
  std::size_t class_count() const { return sizes.back() == 1 ? 2 : sizes.back(); }
};

// The output width for a task of `classes` classes (>= 2): one sigmoid
// logit for two, as the papers, and C softmax logits for C > 2.
inline std::size_t output_width_for(std::size_t classes) { return classes <= 2 ? 1 : classes; }

// An MLP d -> hidden[0] -> ... -> hidden[D-1] -> outputs with zero weights;
// at least one hidden layer, every width >= 1 and outputs >= 1 (a logic
// error otherwise), at most kMaxDepth layers of at most kMaxWidth (a usage
// error naming the hidden widths, or the classes, otherwise).
template <class T>
Mlp<T> make_mlp(std::size_t input_dim, const std::vector<std::size_t>& hidden, std::size_t outputs = 1);
// The same with `depth` hidden layers of one `width`.
template <class T>
Mlp<T> make_mlp(std::size_t input_dim, std::size_t width, std::size_t depth, std::size_t outputs = 1);

// The widths of the paper's bottleneck W/B over `depth` hidden layers
// (Baptista et al. 2024): W at the first and last hidden layers, B at the
// middle one (the middle two for an even depth), and a linear taper between,
// rounded to the nearest integer with halves up: layer i (1-based), at
// e = min(i - 1, depth - i) steps from the nearer end and m steps from an
// end to the middle (m = (depth - 1) / 2 for an odd depth, depth / 2 - 1 for
// an even one), has width round(W + (B - W) e / m). 50/25 over 5 layers is
// 50, 38, 25, 38, 50. Needs depth >= 3 and W, B >= 1 (a usage error naming
// the hidden widths otherwise).
std::vector<std::size_t> bottleneck_widths(std::size_t wide, std::size_t narrow, std::size_t depth);

// The initial weights (docs/method.md, definition 13): He (ours by default)
// or Glorot (Keras's default, which the paper's R code trained with).
enum class WeightInit { He, Glorot };
// "he" or "glorot"; anything else is a usage error naming the initialisation.
WeightInit parse_weight_init(const std::string& name);
const char* weight_init_name(WeightInit init);

// He (Kaiming) initialisation as PyTorch's kaiming_uniform_ does it
// (definition 13): weights of a layer with fan_in inputs uniform in [-b, b),
// b = gain * sqrt(3 / fan_in), gain = sqrt(2) for the ReLU layers (so
// b = sqrt(6 / fan_in)) and 1 for the output layer, which has no ReLU;
// biases zero (He et al., "Delving deep into rectifiers", ICCV 2015).
template <class T>
void kaiming_init(Mlp<T>& mlp, Rng& rng);

// Glorot (Xavier) uniform initialisation as Keras's glorot_uniform
// (definition 13): weights of every layer uniform in [-b, b),
// b = sqrt(6 / (fan_in + fan_out)); biases zero (Glorot and Bengio,
// AISTATS 2010).
template <class T>
void glorot_init(Mlp<T>& mlp, Rng& rng);

// kaiming_init or glorot_init.
template <class T>
void init_weights(Mlp<T>& mlp, WeightInit init, Rng& rng);

// The logits, n x 1 (binary) or n x C, of the rows of x (n x d).
template <class T>
Matrix<T> mlp_logits(const Mlp<T>& mlp, const Matrix<T>& x, int threads = 1);

// X_0 = x, X_1..X_D (post-ReLU), and with include_output the probabilities
// (n x 1 from the sigmoid, or n x C from the softmax) as a last entry.
std::vector<MatrixF> layer_activations(const Mlp<float>& mlp, const MatrixF& x,
                                       bool include_output, int threads = 1);

// Mean binary cross-entropy (from logits, binary_cross_entropy in tape.h) of
// the data, or for a C-class model the mean categorical cross-entropy
// (categorical_cross_entropy in tape.h), in double (docs/method.md,
// definition 9). Labels are 0..C-1.
template <class T>
double mlp_loss(const Mlp<T>& mlp, const Matrix<T>& x, const std::vector<std::int64_t>& labels,
                int threads = 1);

// Predicted class of each row: logit > 0 (probability > 1/2) for a binary
// model, the top-1 class (the largest logit, the smallest class on ties)
// for a C-class one.
std::vector<std::int64_t> predict(const Mlp<float>& mlp, const MatrixF& x, int threads = 1);
// Fraction of rows whose prediction equals the label.
double accuracy(const Mlp<float>& mlp, const Dataset& data, int threads = 1);

// mlp_loss() and accuracy() of `data` from one forward pass instead of two,
// the same numbers bit for bit (for tracking, which asks for both often).
struct Evaluation {
  double loss = 0, accuracy = 0;
};
Evaluation evaluate(const Mlp<float>& mlp, const Dataset& data, int threads = 1);

extern template Mlp<float> make_mlp(std::size_t, const std::vector<std::size_t>&, std::size_t);
extern template Mlp<double> make_mlp(std::size_t, const std::vector<std::size_t>&, std::size_t);
extern template Mlp<float> make_mlp(std::size_t, std::size_t, std::size_t, std::size_t);
extern template Mlp<double> make_mlp(std::size_t, std::size_t, std::size_t, std::size_t);
extern template void kaiming_init(Mlp<float>&, Rng&);
extern template void kaiming_init(Mlp<double>&, Rng&);
extern template void glorot_init(Mlp<float>&, Rng&);
extern template void glorot_init(Mlp<double>&, Rng&);
extern template void init_weights(Mlp<float>&, WeightInit, Rng&);
extern template void init_weights(Mlp<double>&, WeightInit, Rng&);
extern template Matrix<float> mlp_logits(const Mlp<float>&, const Matrix<float>&, int);
extern template Matrix<double> mlp_logits(const Mlp<double>&, const Matrix<double>&, int);
extern template double mlp_loss(const Mlp<float>&, const Matrix<float>&, const std::vector<std::int64_t>&, int);
extern template double mlp_loss(const Mlp<double>&, const Matrix<double>&, const std::vector<std::int64_t>&, int);

}  // namespace ricci
