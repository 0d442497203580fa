// tape.cpp — the ops of the tape, each forward beside its backward, then the
// tape itself: building nodes, reshaping them, and the two sweeps that call
// the ops.
//
// Each op is a pair of plain functions in the manner of llm.c: `op_forward`
// writes the node's value y from its inputs, `op_backward` adds the node's
// gradient dy, pushed through the op, into the gradients of its inputs. A
// null input gradient is one the tape does not keep (a data leaf, or a node
// no parameter reaches); its share is skipped. n is the number of rows of the
// batch.
#include "nn/tape.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "data/blas.h"

namespace ricci {

namespace {

// ---------------------------------------------------------------------------
// matmul: y (n x m) = a (n x k) b (k x m)

template <class T>
void matmul_forward(Matrix<T>& y, const Matrix<T>& a, const Matrix<T>& b, int threads) {
  ricci::matmul(a, false, b, false, y, T(1), T(0), threads);
}

// da (n x k) += dy (n x m) b^T (m x k),  db (k x m) += a^T (k x n) dy (n x m)
template <class T>
void matmul_backward(Matrix<T>* da, Matrix<T>* db, const Matrix<T>& dy, const Matrix<T>& a,
                     const Matrix<T>& b, int threads) {
  if (da) ricci::matmul(dy, false, b, true, *da, T(1), T(1), threads);
  if (db) ricci::matmul(a, true, dy, false, *db, T(1), T(1), threads);
}

// ---------------------------------------------------------------------------
// add_bias: y (n x m) = x (n x m) + b (1 x m) on every row, y[i][j] = x[i][j] + b[j]

template <class T>
void add_bias_forward(Matrix<T>& y, const Matrix<T>& x, const Matrix<T>& b) {
  const T* bias = b.data();
  for (std::size_t i = 0; i < x.rows(); ++i) {
    const T* xi = x.row(i);
    T* yi = y.row(i);
    for (std::size_t j = 0; j < x.cols(); ++j) yi[j] = xi[j] + bias[j];
  }
}

// dx (n x m) += dy (n x m),  db[j] (1 x m) += sum_i dy[i][j]
template <class T>
void add_bias_backward(Matrix<T>* dx, Matrix<T>* db, const Matrix<T>& dy) {
  const T* __restrict g = dy.data();
  if (dx) {
    T* __restrict gx = dx->data();
    for (std::size_t i = 0; i < dy.size(); ++i) gx[i] += g[i];
  }
  if (db) {
    T* __restrict gb = db->data();
    for (std::size_t i = 0; i < dy.rows(); ++i)
      for (std::size_t j = 0; j < dy.cols(); ++j) gb[j] += g[i * dy.cols() + j];
  }
}

// ---------------------------------------------------------------------------
// relu: y (n x m) = max(x, 0) elementwise (a NaN passes through)

template <class T>
void relu_forward(Matrix<T>& y, const Matrix<T>& x) {
  const T* xv = x.data();
  for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = xv[i] < T(0) ? T(0) : xv[i];
}

// dx (n x m) += dy where x > 0 (the derivative at x = 0 taken as 0, as PyTorch)
template <class T>
void relu_backward(Matrix<T>* dx, const Matrix<T>& dy, const Matrix<T>& x) {
  if (!dx) return;
  const T* __restrict g = dy.data();
  const T* __restrict xv = x.data();
  T* __restrict gx = dx->data();
  // g[i] read whatever x is, so that the loop vectorises (a select, no
  // conditional load); the values added are the same.
  for (std::size_t i = 0; i < dy.size(); ++i) {
    const T gi = g[i];
    gx[i] += xv[i] > T(0) ? gi : T(0);
  }
}

// ---------------------------------------------------------------------------
// sigmoid: y (n x m) = 1 / (1 + exp(-x)) elementwise

// The logistic function, computed without overflow for either sign of x.
template <class T>
T stable_sigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

template <class T>
void sigmoid_forward(Matrix<T>& y, const Matrix<T>& x) {
  const T* xv = x.data();
  for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = stable_sigmoid(xv[i]);
}

// dx (n x m) += dy y (1 - y), from the forward's own output y (n x m)
template <class T>
void sigmoid_backward(Matrix<T>* dx, const Matrix<T>& dy, const Matrix<T>& y) {
  if (!dx) return;
  const T* __restrict g = dy.data();
  const T* __restrict yv = y.data();
  T* __restrict gx = dx->data();
  for (std::size_t i = 0; i < dy.size(); ++i) gx[i] += g[i] * yv[i] * (T(1) - yv[i]);
}

// ---------------------------------------------------------------------------
// bce_with_logits: y (n x m) = binary_cross_entropy(z, t) elementwise
// (tape.h), z the logits and t the targets, both n x m

template <class T>
void bce_with_logits_forward(Matrix<T>& y, const Matrix<T>& z, const Matrix<T>& t) {
  const T* zv = z.data();
  const T* tv = t.data();
  for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = binary_cross_entropy(zv[i], tv[i]);
}

// dz (n x m) += dy (sigmoid(z) - t),  dt (n x m) += dy (-z)
template <class T>
void bce_with_logits_backward(Matrix<T>* dz, Matrix<T>* dt, const Matrix<T>& dy, const Matrix<T>& z,
                              const Matrix<T>& t) {
  for (std::size_t i = 0; i < dy.size(); ++i) {
    if (dz) dz->data()[i] += dy.data()[i] * (stable_sigmoid(z.data()[i]) - t.data()[i]);
    if (dt) dt->data()[i] -= dy.data()[i] * z.data()[i];
  }
}

// ---------------------------------------------------------------------------
// softmax_cross_entropy: y (n x 1), y_i = -sum_j t_ij log p_ij with
// p_i = softmax(z_i), log p_ij = z_ij - log_sum_exp(z_i) (tape.h); z the
// logits and t the target distributions, both n x C. A one-hot row t_i = e_c
// gives categorical_cross_entropy(z_i, c) exactly: the other terms are 0.

template <class T>
void softmax_cross_entropy_forward(Matrix<T>& y, const Matrix<T>& z, const Matrix<T>& t) {
  const std::size_t classes = z.cols();
  for (std::size_t i = 0; i < z.rows(); ++i) {
    const T* zi = z.row(i);
    const T* ti = t.row(i);
    const T lse = log_sum_exp(zi, classes);
    T loss = T(0);
    for (std::size_t j = 0; j < classes; ++j)
      if (ti[j] != T(0)) loss += ti[j] * (lse - zi[j]);
    y(i, 0) = loss;
  }
}

// dz_ij (n x C) += dy_i (p_ij sum_k t_ik - t_ij)   (= dy_i (p_ij - t_ij) for a distribution t_i)
// dt_ij (n x C) += dy_i (-log p_ij),  dy n x 1
template <class T>
void softmax_cross_entropy_backward(Matrix<T>* dz, Matrix<T>* dt, const Matrix<T>& dy, const Matrix<T>& z,
                                    const Matrix<T>& t) {
  const std::size_t classes = z.cols();
  for (std::size_t i = 0; i < z.rows(); ++i) {
    const T* zi = z.row(i);
    const T* ti = t.row(i);
    const T lse = log_sum_exp(zi, classes);
    T mass = T(0);
    for (std::size_t j = 0; j < classes; ++j) mass += ti[j];
    for (std::size_t j = 0; j < classes; ++j) {
      const T log_p = zi[j] - lse;
      if (dz) (*dz)(i, j) += dy(i, 0) * (std::exp(log_p) * mass - ti[j]);
      if (dt) (*dt)(i, j) -= dy(i, 0) * log_p;
    }
  }
}

// ---------------------------------------------------------------------------
// mean: y (1 x 1) = sum(x) / size(x), x n x m, summed in double (0 when x is empty)

template <class T>
void mean_forward(Matrix<T>& y, const Matrix<T>& x) {
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) sum += x.data()[i];
  y(0, 0) = static_cast<T>(x.empty() ? 0.0 : sum / static_cast<double>(x.size()));
}

// dx (n x m) += dy / size(x), dy 1 x 1
template <class T>
void mean_backward(Matrix<T>* dx, const Matrix<T>& dy) {
  if (!dx || dx->empty()) return;
  const T share = dy(0, 0) / static_cast<T>(dx->size());
  for (std::size_t i = 0; i < dx->size(); ++i) dx->data()[i] += share;
}

// ---------------------------------------------------------------------------
// add_scaled: y (n x m) = a (n x m) + f b (n x m), f a fixed factor

template <class T>
void add_scaled_forward(Matrix<T>& y, const Matrix<T>& a, const Matrix<T>& b, double factor) {
  const T f = static_cast<T>(factor);
  for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = a.data()[i] + f * b.data()[i];
}

// da (n x m) += dy,  db (n x m) += f dy
template <class T>
void add_scaled_backward(Matrix<T>* da, Matrix<T>* db, const Matrix<T>& dy, double factor) {
  const T f = static_cast<T>(factor);
  for (std::size_t i = 0; i < dy.size(); ++i) {
    if (da) da->data()[i] += dy.data()[i];
    if (db) db->data()[i] += f * dy.data()[i];
  }
}

// ---------------------------------------------------------------------------
// pair_distances: y (E x 1), y_e = ||x_i - x_j|| for the pair e = (i, j) of
// row e of p (E x 2, row numbers of x as whole numbers); x m x w. The
// squares summed in double, in four running sums (columns c mod 4) added
// at the end: one fixed order, and four times shorter a chain of additions
// than one sum (this loop is the regulariser's main cost per step).

[[noreturn]] __attribute__((noinline)) void bad_pair_row(double v, std::size_t rows) {
  throw std::logic_error("tape: pair_distances names row " + std::to_string(v) + " of " + std::to_string(rows));
}

// The row of x that entry (e, side) of the pairs names.
template <class T>
inline std::size_t pair_row(const Matrix<T>& pairs, std::size_t e, std::size_t side, std::size_t rows) {
  const T v = pairs(e, side);
  if (!(v >= T(0) && v < static_cast<T>(rows))) bad_pair_row(static_cast<double>(v), rows);
  const std::size_t row = static_cast<std::size_t>(v);  // in range: the cast is defined
  if (static_cast<T>(row) != v) bad_pair_row(static_cast<double>(v), rows);
  return row;
}

template <class T>
void pair_distances_forward(Matrix<T>& y, const Matrix<T>& x, const Matrix<T>& pairs) {
  for (std::size_t e = 0; e < pairs.rows(); ++e) {
    const T* xi = x.row(pair_row(pairs, e, 0, x.rows()));
    const T* xj = x.row(pair_row(pairs, e, 1, x.rows()));
    auto square = [&](std::size_t c) {
      const double diff = static_cast<double>(xi[c]) - static_cast<double>(xj[c]);
      return diff * diff;
    };
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    std::size_t c = 0;
    for (; c + 4 <= x.cols(); c += 4) {
      s0 += square(c);
      s1 += square(c + 1);
      s2 += square(c + 2);
      s3 += square(c + 3);
    }
    if (c < x.cols()) s0 += square(c);
    if (c + 1 < x.cols()) s1 += square(c + 1);
    if (c + 2 < x.cols()) s2 += square(c + 2);
    y(e, 0) = static_cast<T>(std::sqrt((s0 + s1) + (s2 + s3)));
  }
}

// dx_i (1 x w) += dy_e (x_i - x_j) / y_e,  dx_j -= the same; nothing where
// y_e = 0 (the norm has no derivative there; 0 is the subgradient taken)
template <class T>
void pair_distances_backward(Matrix<T>* dx, const Matrix<T>& dy, const Matrix<T>& y, const Matrix<T>& x,
                             const Matrix<T>& pairs) {
  if (!dx) return;
  for (std::size_t e = 0; e < pairs.rows(); ++e) {
    if (!(y(e, 0) > T(0))) continue;
    const std::size_t i = pair_row(pairs, e, 0, x.rows()), j = pair_row(pairs, e, 1, x.rows());
    const T share = dy(e, 0) / y(e, 0);
    const T* xi = x.row(i);
    const T* xj = x.row(j);
    T* gi = dx->row(i);
    T* gj = dx->row(j);
    for (std::size_t c = 0; c < x.cols(); ++c) {
      const T g = share * (xi[c] - xj[c]);
      gi[c] += g;
      gj[c] -= g;
    }
  }
}

// ---------------------------------------------------------------------------
// ricci_flow_penalty: y (1 x 1) from p, q, c (E x 1 each): the distances of
// E pairs at the previous layer (p) and the next (q), and each pair's
// coefficient c_e = 1 - tau kappa_e (docs/method.md, definition 16):
//
//   s_p = mean(p),  s_q = mean(q),  r_e = q_e / s_q - c_e p_e / s_p,
//   y = mean over e of r_e^2
//
// A layer whose mean distance is 0 (every pair collapsed) contributes 0 for
// its term of r (q_e / s_q := 0), and no gradient. All sums in double.

// 1 / s, or 0 when s = 0.
inline double inverse_or_zero(double s) { return s > 0.0 ? 1.0 / s : 0.0; }

template <class T>
double mean_of(const Matrix<T>& v) {
  double sum = 0.0;
  for (std::size_t i = 0; i < v.size(); ++i) sum += v.data()[i];
  return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
}

// r_e of the definition, for e = 0..E-1.
template <class T>
std::vector<double> penalty_residuals(const Matrix<T>& p, const Matrix<T>& q, const Matrix<T>& c) {
  const double inv_p = inverse_or_zero(mean_of(p)), inv_q = inverse_or_zero(mean_of(q));
  std::vector<double> r(p.size());
  for (std::size_t e = 0; e < r.size(); ++e)
    r[e] = static_cast<double>(q.data()[e]) * inv_q -
           static_cast<double>(c.data()[e]) * static_cast<double>(p.data()[e]) * inv_p;
  return r;
}

template <class T>
void ricci_flow_penalty_forward(Matrix<T>& y, const Matrix<T>& p, const Matrix<T>& q, const Matrix<T>& c) {
  double sum = 0.0;
  for (double r : penalty_residuals(p, q, c)) sum += r * r;
  y(0, 0) = static_cast<T>(p.empty() ? 0.0 : sum / static_cast<double>(p.size()));
}

// With E pairs, dy 1 x 1:
//   dq_f (E x 1) += dy (2 / E) (r_f / s_q - sum_e r_e q_e / (E s_q^2))
//   dp_f (E x 1) += dy (2 / E) (-c_f r_f / s_p + sum_e r_e c_e p_e / (E s_p^2))
// (s_q and s_p depend on every q and p: the second terms)
template <class T>
void ricci_flow_penalty_backward(Matrix<T>* dp, Matrix<T>* dq, const Matrix<T>& dy, const Matrix<T>& p,
                                 const Matrix<T>& q, const Matrix<T>& c) {
  if (p.empty()) return;
  const double pairs = static_cast<double>(p.size());
  const double inv_p = inverse_or_zero(mean_of(p)), inv_q = inverse_or_zero(mean_of(q));
  const std::vector<double> r = penalty_residuals(p, q, c);
  double rq = 0.0, rcp = 0.0;
  for (std::size_t e = 0; e < r.size(); ++e) {
    rq += r[e] * static_cast<double>(q.data()[e]);
    rcp += r[e] * static_cast<double>(c.data()[e]) * static_cast<double>(p.data()[e]);
  }
  const double scale = static_cast<double>(dy(0, 0)) * 2.0 / pairs;
  for (std::size_t f = 0; f < r.size(); ++f) {
    if (dq) dq->data()[f] += static_cast<T>(scale * (r[f] * inv_q - rq * inv_q * inv_q / pairs));
    if (dp)
      dp->data()[f] += static_cast<T>(
          scale * (-static_cast<double>(c.data()[f]) * r[f] * inv_p + rcp * inv_p * inv_p / pairs));
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// Building the graph: each op checks its input shapes and appends a node.

template <class T>
std::size_t Tape<T>::index(int node) const {
  if (node < 0 || static_cast<std::size_t>(node) >= nodes_.size())
    throw std::logic_error("tape: no node " + std::to_string(node));
  return static_cast<std::size_t>(node);
}

template <class T>
int Tape<T>::add(Node node) {
  for (int input : {node.a, node.b, node.c}) {
    if (input < 0) continue;
    const Node& in = nodes_[index(input)];
    node.batched = node.batched || in.batched;
    node.requires_grad = node.requires_grad || in.requires_grad;
  }
  reshape(node);
  nodes_.push_back(std::move(node));
  return static_cast<int>(nodes_.size() - 1);
}

template <class T>
int Tape<T>::input(std::size_t rows, std::size_t cols, bool batched, bool requires_grad) {
  Node node{Op::Input};
  node.batched = batched;
  node.requires_grad = requires_grad;
  node.value.resize(rows, cols);
  if (batched) batch_rows_ = rows;
  return add(std::move(node));
}

template <class T>
int Tape<T>::parameter(const Matrix<T>& initial) {
  Node node{Op::Parameter};
  node.requires_grad = true;
  node.value = initial;
  const int id = add(std::move(node));
  parameters_.push_back(id);
  return id;
}

template <class T>
int Tape<T>::matmul(int a, int b) {
  if (value(a).cols() != value(b).rows())
    throw std::logic_error("tape: matmul of " + std::to_string(value(a).rows()) + "x" +
                           std::to_string(value(a).cols()) + " and " +
                           std::to_string(value(b).rows()) + "x" + std::to_string(value(b).cols()));
  return add(Node(Op::MatMul, a, b));
}

template <class T>
int Tape<T>::add_bias(int x, int bias) {
  if (value(bias).rows() != 1 || value(bias).cols() != value(x).cols())
    throw std::logic_error("tape: add_bias needs a 1 x " + std::to_string(value(x).cols()) + " bias");
  return add(Node(Op::AddBias, x, bias));
}

template <class T>
int Tape<T>::relu(int x) { return add(Node(Op::Relu, x)); }

template <class T>
int Tape<T>::sigmoid(int x) { return add(Node(Op::Sigmoid, x)); }

template <class T>
int Tape<T>::bce_with_logits(int logits, int targets) {
  if (value(logits).rows() != value(targets).rows() || value(logits).cols() != value(targets).cols())
    throw std::logic_error("tape: bce_with_logits needs logits and targets of one shape");
  return add(Node(Op::BceWithLogits, logits, targets));
}

template <class T>
int Tape<T>::softmax_cross_entropy(int logits, int targets) {
  if (value(logits).rows() != value(targets).rows() || value(logits).cols() != value(targets).cols() ||
      value(logits).cols() == 0)
    throw std::logic_error("tape: softmax_cross_entropy needs logits and targets of one shape, n x C with C >= 1");
  return add(Node(Op::SoftmaxCrossEntropy, logits, targets));
}

template <class T>
int Tape<T>::mean(int x) { return add(Node(Op::Mean, x)); }

template <class T>
int Tape<T>::add_scaled(int a, int b, double factor) {
  if (value(a).rows() != value(b).rows() || value(a).cols() != value(b).cols())
    throw std::logic_error("tape: add_scaled needs two nodes of one shape");
  Node node(Op::AddScaled, a, b);
  node.factor = factor;
  return add(std::move(node));
}

template <class T>
int Tape<T>::pair_distances(int x, int pairs) {
  if (value(pairs).cols() != 2 || requires_grad(pairs))
    throw std::logic_error("tape: pair_distances needs an E x 2 input of row numbers");
  return add(Node(Op::PairDistances, x, pairs));
}

template <class T>
int Tape<T>::ricci_flow_penalty(int previous, int next, int coefficients) {
  for (int v : {previous, next, coefficients})
    if (value(v).cols() != 1 || value(v).rows() != value(previous).rows())
      throw std::logic_error("tape: ricci_flow_penalty needs three E x 1 nodes");
  if (requires_grad(coefficients)) throw std::logic_error("tape: ricci_flow_penalty's coefficients are constants");
  return add(Node(Op::RicciFlowPenalty, previous, next, coefficients));
}

// The shape of a node's value (and gradient) from the shapes of its inputs,
// as listed in tape.h.
template <class T>
void Tape<T>::reshape(Node& node) {
  std::size_t rows = 0, cols = 0;
  switch (node.op) {
    case Op::Input:
      rows = node.batched ? batch_rows_ : node.value.rows();
      cols = node.value.cols();
      break;
    case Op::Parameter:
      rows = node.value.rows();
      cols = node.value.cols();
      break;
    case Op::MatMul:
      rows = nodes_[node.a].value.rows();
      cols = nodes_[node.b].value.cols();
      break;
    case Op::AddBias:
    case Op::Relu:
    case Op::Sigmoid:
    case Op::BceWithLogits:
      rows = nodes_[node.a].value.rows();
      cols = nodes_[node.a].value.cols();
      break;
    case Op::AddScaled:
      rows = nodes_[node.a].value.rows();
      cols = nodes_[node.a].value.cols();
      break;
    case Op::SoftmaxCrossEntropy:
      rows = nodes_[node.a].value.rows();
      cols = 1;
      break;
    case Op::PairDistances:
      rows = nodes_[node.b].value.rows();
      cols = 1;
      break;
    case Op::Mean:
    case Op::RicciFlowPenalty:
      rows = cols = 1;
      break;
  }
  node.value.resize(rows, cols);
  if (node.requires_grad) node.grad.resize(rows, cols);
}

template <class T>
void Tape<T>::set_batch_rows(std::size_t rows) {
  batch_rows_ = rows;
  for (Node& node : nodes_)
    if (node.batched) reshape(node);
}

// ---------------------------------------------------------------------------
// The sweeps: forward in the order the nodes were made, backward in reverse.

template <class T>
void Tape<T>::forward() {
  for (Node& node : nodes_) forward_node(node);
}

template <class T>
void Tape<T>::forward(int last) {
  for (std::size_t i = 0; i <= index(last); ++i) forward_node(nodes_[i]);
}

template <class T>
void Tape<T>::backward(int output) {
  const Matrix<T>& out = value(output);
  if (out.rows() != 1 || out.cols() != 1)
    throw std::logic_error("tape: backward(output) needs a 1 x 1 output");
  backward(output, Matrix<T>(1, 1, T(1)));
}

template <class T>
void Tape<T>::backward(int output, const Matrix<T>& upstream) {
  Node& out = nodes_[index(output)];
  if (upstream.rows() != out.value.rows() || upstream.cols() != out.value.cols())
    throw std::logic_error("tape: upstream gradient has the wrong shape");
  for (Node& node : nodes_)
    if (node.requires_grad) node.grad.fill(T(0));
  if (!out.requires_grad) return;
  std::copy(upstream.data(), upstream.data() + upstream.size(), out.grad.data());
  for (std::size_t i = index(output) + 1; i-- > 0;)
    if (nodes_[i].requires_grad) backward_node(nodes_[i]);
}

template <class T>
void Tape<T>::forward_node(Node& node) {
  Matrix<T>& y = node.value;
  switch (node.op) {
    case Op::Input:
    case Op::Parameter: return;
    case Op::MatMul: return matmul_forward(y, nodes_[node.a].value, nodes_[node.b].value, threads_);
    case Op::AddBias: return add_bias_forward(y, nodes_[node.a].value, nodes_[node.b].value);
    case Op::Relu: return relu_forward(y, nodes_[node.a].value);
    case Op::Sigmoid: return sigmoid_forward(y, nodes_[node.a].value);
    case Op::BceWithLogits: return bce_with_logits_forward(y, nodes_[node.a].value, nodes_[node.b].value);
    case Op::SoftmaxCrossEntropy:
      return softmax_cross_entropy_forward(y, nodes_[node.a].value, nodes_[node.b].value);
    case Op::Mean: return mean_forward(y, nodes_[node.a].value);
    case Op::AddScaled: return add_scaled_forward(y, nodes_[node.a].value, nodes_[node.b].value, node.factor);
    case Op::PairDistances: return pair_distances_forward(y, nodes_[node.a].value, nodes_[node.b].value);
    case Op::RicciFlowPenalty:
      return ricci_flow_penalty_forward(y, nodes_[node.a].value, nodes_[node.b].value, nodes_[node.c].value);
  }
}

template <class T>
void Tape<T>::backward_node(Node& node) {
  const Matrix<T>& dy = node.grad;
  // The gradient of an input, or null when the tape keeps none for it.
  auto grad_of = [this](int input) { return nodes_[input].requires_grad ? &nodes_[input].grad : nullptr; };
  switch (node.op) {
    case Op::Input:
    case Op::Parameter: return;
    case Op::MatMul:
      return matmul_backward(grad_of(node.a), grad_of(node.b), dy, nodes_[node.a].value, nodes_[node.b].value,
                             threads_);
    case Op::AddBias: return add_bias_backward(grad_of(node.a), grad_of(node.b), dy);
    case Op::Relu: return relu_backward(grad_of(node.a), dy, nodes_[node.a].value);
    case Op::Sigmoid: return sigmoid_backward(grad_of(node.a), dy, node.value);
    case Op::BceWithLogits:
      return bce_with_logits_backward(grad_of(node.a), grad_of(node.b), dy, nodes_[node.a].value,
                                      nodes_[node.b].value);
    case Op::SoftmaxCrossEntropy:
      return softmax_cross_entropy_backward(grad_of(node.a), grad_of(node.b), dy, nodes_[node.a].value,
                                            nodes_[node.b].value);
    case Op::Mean: return mean_backward(grad_of(node.a), dy);
    case Op::AddScaled: return add_scaled_backward(grad_of(node.a), grad_of(node.b), dy, node.factor);
    case Op::PairDistances:
      return pair_distances_backward(grad_of(node.a), dy, node.value, nodes_[node.a].value, nodes_[node.b].value);
    case Op::RicciFlowPenalty:
      return ricci_flow_penalty_backward(grad_of(node.a), grad_of(node.b), dy, nodes_[node.a].value,
                                         nodes_[node.b].value, nodes_[node.c].value);
  }
}

template class Tape<float>;
template class Tape<double>;

}  // namespace ricci
