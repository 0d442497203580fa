// tape.h — reverse-mode automatic differentiation over matrices.
//
// In the spirit of micrograd, but the nodes are matrices and the ops are few
// and coarse. A Tape is a list of nodes in the order they were made, which is
// a topological order: every op only reads nodes made before it. forward()
// walks the list computing values; backward() walks it in reverse, each op
// adding its share of the gradient into its inputs (so a node used twice
// receives both shares). Every op is a pair of functions in tape.cpp, its
// backward next to its forward, each a plain loop or one GEMM.
//
// The graph is built once and replayed for every minibatch: leaves made with
// input(..., batched = true) take the row count given to set_batch_rows(),
// and every node that depends on them follows. Buffers keep their capacity,
// so steps at or below the first batch size never allocate.
//
// Shapes of the ops (n = rows of the batch):
//   matmul(a, b)            a: n x k, b: k x m           -> n x m
//   add_bias(x, b)          x: n x m, b: 1 x m           -> n x m  (b added to every row)
//   relu(x), sigmoid(x)     x: n x m                     -> n x m
//   bce_with_logits(z, t)   z, t: n x m (logits, targets) -> n x m elementwise losses
//                           binary_cross_entropy(z, t) below
//   softmax_cross_entropy(z, t)  z, t: n x C (logits, target distributions)
//                           -> n x 1, row i's loss -sum_j t_ij log softmax(z_i)_j
//                           (categorical_cross_entropy below for one-hot rows)
//   mean(x)                 x: n x m                     -> 1 x 1
//   add_scaled(a, b, f)     a, b: n x m                  -> n x m  (a + f b)
//   pair_distances(x, p)    x: m x w, p: E x 2 (row numbers of x, whole numbers)
//                                                        -> E x 1  ||x[p_e0] - x[p_e1]||
//   ricci_flow_penalty(dp, dn, c)
//                           dp, dn, c: E x 1             -> 1 x 1  (docs/method.md, definition 16)
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "data/matrix.h"

namespace ricci {

// The binary cross-entropy of a logit z against a target t in [0, 1]
// (docs/method.md, definition 9),
// -t log(sigmoid(z)) - (1 - t) log(1 - sigmoid(z)), in the form that neither
// overflows nor loses small losses:
//   l = max(z, 0) - z t + log1p(exp(-|z|))
// The one definition of the loss: the tape's bce_with_logits and mlp_loss
// (mlp.h) both call it.
template <class T>
T binary_cross_entropy(T z, T t) {
  return std::max(z, T(0)) - z * t + std::log1p(std::exp(-std::fabs(z)));
}

// log sum_j exp(z_j) of one row z of C >= 1 logits, as m + log sum_j
// exp(z_j - m) with m = max_j z_j, so that no exp overflows.
template <class T>
T log_sum_exp(const T* z, std::size_t classes) {
  T largest = z[0];
  for (std::size_t j = 1; j < classes; ++j) largest = std::max(largest, z[j]);
  T sum = T(0);
  for (std::size_t j = 0; j < classes; ++j) sum += std::exp(z[j] - largest);
  return largest + std::log(sum);
}

// The categorical cross-entropy of a row z of C logits against the class y
// (docs/method.md, definition 9), -log softmax(z)_y = log sum_j exp(z_j) - z_y.
// The one definition of the multi-class loss: the tape's
// softmax_cross_entropy (whose one-hot rows give exactly this) and mlp_loss
// (mlp.h) both come to it.
template <class T>
T categorical_cross_entropy(const T* z, std::size_t classes, std::size_t y) {
  return log_sum_exp(z, classes) - z[y];
}

enum class Op {
  Input, Parameter, MatMul, AddBias, Relu, Sigmoid, BceWithLogits, SoftmaxCrossEntropy, Mean, AddScaled,
  PairDistances, RicciFlowPenalty
};

template <class T>
class Tape {
 public:
  // `threads`: the workers each matrix product may use (data/blas.h; the
  // values do not depend on it).
  explicit Tape(int threads = 1) : threads_(threads) {}

  // A data leaf, without a gradient unless `requires_grad` (the input of an
  // adversarial attack, nn/attack.h, whose gradient is wanted). When
  // batched, its row count follows set_batch_rows(); otherwise it stays
  // rows x cols (a constant, such as frozen weights).
  int input(std::size_t rows, std::size_t cols, bool batched = true, bool requires_grad = false);
  // A trainable leaf holding `initial`; its gradient is kept.
  int parameter(const Matrix<T>& initial);

  int matmul(int a, int b);
  int add_bias(int x, int bias);
  int relu(int x);
  int sigmoid(int x);
  int bce_with_logits(int logits, int targets);
  int softmax_cross_entropy(int logits, int targets);
  int mean(int x);
  // a + factor b, for adding a weighted term to a loss.
  int add_scaled(int a, int b, double factor);
  // The Euclidean distance of the rows of x named by each row of `pairs`
  // (an input leaf holding row numbers of x as whole numbers).
  int pair_distances(int x, int pairs);
  // The Ricci-flow step penalty of docs/method.md, definition 16: the
  // distances of E pairs at the previous layer and at the next, and each
  // pair's coefficient 1 - tau kappa (an input leaf: no gradient).
  int ricci_flow_penalty(int previous, int next, int coefficients);

  // Gives every batched input `rows` rows and reshapes the nodes that depend
  // on them. Allocates only when rows exceeds every earlier row count.
  void set_batch_rows(std::size_t rows);

  // Computes every node's value from the leaves.
  void forward();
  // The same for the nodes made up to and including `last` only (a loss
  // whose later nodes are not wanted this step).
  void forward(int last);
  // Sets every gradient to d(output)/d(node), output a 1 x 1 node (a loss).
  void backward(int output);
  // The same with a chosen upstream gradient: afterwards grad(node) is
  // d(sum(upstream .* output))/d(node). upstream has the shape of output.
  void backward(int output, const Matrix<T>& upstream);

  Matrix<T>& value(int node) { return nodes_[index(node)].value; }
  const Matrix<T>& value(int node) const { return nodes_[index(node)].value; }
  // The gradient of a node that needs one (a parameter, or anything computed
  // from one); empty for the others.
  const Matrix<T>& grad(int node) const { return nodes_[index(node)].grad; }
  Matrix<T>& grad(int node) { return nodes_[index(node)].grad; }
  bool requires_grad(int node) const { return nodes_[index(node)].requires_grad; }
  // The parameter nodes, in the order they were made.
  const std::vector<int>& parameters() const { return parameters_; }
  std::size_t size() const { return nodes_.size(); }

 private:
  struct Node {
    explicit Node(Op op_, int a_ = -1, int b_ = -1, int c_ = -1) : op(op_), a(a_), b(b_), c(c_) {}
    Op op;
    int a, b, c;  // inputs of the op, -1 when unused
    double factor = 0.0;  // add_scaled's factor
    bool batched = false;
    bool requires_grad = false;
    Matrix<T> value;
    Matrix<T> grad;
  };

  std::size_t index(int node) const;
  int add(Node node);
  void reshape(Node& node);
  void forward_node(Node& node);
  void backward_node(Node& node);

  std::vector<Node> nodes_;
  std::vector<int> parameters_;
  std::size_t batch_rows_ = 0;
  int threads_ = 1;
};

extern template class Tape<float>;
extern template class Tape<double>;

}  // namespace ricci
