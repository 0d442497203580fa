// tape.cpp — the ops of the tape, each forward beside its backward.
#include "nn/tape.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "data/blas.h"

namespace ricci {

namespace {

// The logistic function, computed without overflow for either sign of x.
template <class T>
T stable_sigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

}  // namespace

template <class T>
std::size_t Tape<T>::index(int node) const {
  if (node < 0 || static_cast<std::size_t>(node) >= nodes_.size())
    throw std::logic_error("tape: no node " + std::to_string(node));
  return static_cast<std::size_t>(node);
}

template <class T>
int Tape<T>::add(Node node) {
  for (int input : {node.a, node.b}) {
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
int Tape<T>::input(std::size_t rows, std::size_t cols, bool batched) {
  Node node{Op::Input};
  node.batched = batched;
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
int Tape<T>::mean(int x) { return add(Node(Op::Mean, x)); }

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
    case Op::Mean:
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

template <class T>
void Tape<T>::forward() {
  for (Node& node : nodes_) forward_node(node);
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

// ---------------------------------------------------------------------------
// Forward: value of `node` from the values of its inputs.
template <class T>
void Tape<T>::forward_node(Node& node) {
  Matrix<T>& y = node.value;
  switch (node.op) {
    case Op::Input:
    case Op::Parameter:
      return;
    case Op::MatMul:  // y (n x m) = a (n x k) b (k x m)
      ricci::matmul(nodes_[node.a].value, false, nodes_[node.b].value, false, y, T(1), T(0), threads_);
      return;
    case Op::AddBias: {  // y[i][j] = x[i][j] + b[j]
      const Matrix<T>& x = nodes_[node.a].value;
      const T* bias = nodes_[node.b].value.data();
      for (std::size_t i = 0; i < x.rows(); ++i) {
        const T* xi = x.row(i);
        T* yi = y.row(i);
        for (std::size_t j = 0; j < x.cols(); ++j) yi[j] = xi[j] + bias[j];
      }
      return;
    }
    case Op::Relu: {  // y = max(x, 0)
      const T* x = nodes_[node.a].value.data();
      for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = x[i] < T(0) ? T(0) : x[i];  // NaN passes through
      return;
    }
    case Op::Sigmoid: {  // y = 1 / (1 + exp(-x))
      const T* x = nodes_[node.a].value.data();
      for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = stable_sigmoid(x[i]);
      return;
    }
    case Op::BceWithLogits: {  // y = max(z, 0) - z t + log1p(exp(-|z|))
      const T* z = nodes_[node.a].value.data();
      const T* t = nodes_[node.b].value.data();
      for (std::size_t i = 0; i < y.size(); ++i)
        y.data()[i] = std::max(z[i], T(0)) - z[i] * t[i] + std::log1p(std::exp(-std::fabs(z[i])));
      return;
    }
    case Op::Mean: {  // y = sum(x) / size(x), summed in double
      const Matrix<T>& x = nodes_[node.a].value;
      double sum = 0.0;
      for (std::size_t i = 0; i < x.size(); ++i) sum += x.data()[i];
      y(0, 0) = static_cast<T>(x.empty() ? 0.0 : sum / static_cast<double>(x.size()));
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// Backward: add d(out)/d(input) into each input that needs a gradient, from
// dy = node.grad.
template <class T>
void Tape<T>::backward_node(Node& node) {
  const Matrix<T>& dy = node.grad;
  switch (node.op) {
    case Op::Input:
    case Op::Parameter:
      return;
    case Op::MatMul: {  // da += dy b^T (n x k), db += a^T dy (k x m)
      Node& a = nodes_[node.a];
      Node& b = nodes_[node.b];
      if (a.requires_grad) ricci::matmul(dy, false, b.value, true, a.grad, T(1), T(1), threads_);
      if (b.requires_grad) ricci::matmul(a.value, true, dy, false, b.grad, T(1), T(1), threads_);
      return;
    }
    case Op::AddBias: {  // dx += dy, db[j] += sum_i dy[i][j]
      Node& x = nodes_[node.a];
      Node& b = nodes_[node.b];
      const T* __restrict g = dy.data();
      if (x.requires_grad) {
        T* __restrict gx = x.grad.data();
        for (std::size_t i = 0; i < dy.size(); ++i) gx[i] += g[i];
      }
      if (b.requires_grad) {
        T* __restrict db = b.grad.data();
        for (std::size_t i = 0; i < dy.rows(); ++i)
          for (std::size_t j = 0; j < dy.cols(); ++j) db[j] += g[i * dy.cols() + j];
      }
      return;
    }
    case Op::Relu: {  // dx += dy where x > 0 (0 at x = 0, as PyTorch)
      Node& x = nodes_[node.a];
      if (!x.requires_grad) return;
      const T* __restrict g = dy.data();
      const T* __restrict xv = x.value.data();
      T* __restrict gx = x.grad.data();
      for (std::size_t i = 0; i < dy.size(); ++i) gx[i] += xv[i] > T(0) ? g[i] : T(0);
      return;
    }
    case Op::Sigmoid: {  // dx += dy y (1 - y)
      Node& x = nodes_[node.a];
      if (!x.requires_grad) return;
      const T* __restrict g = dy.data();
      const T* __restrict y = node.value.data();
      T* __restrict gx = x.grad.data();
      for (std::size_t i = 0; i < dy.size(); ++i) gx[i] += g[i] * y[i] * (T(1) - y[i]);
      return;
    }
    case Op::BceWithLogits: {  // dz += dy (sigmoid(z) - t), dt += dy (-z)
      Node& z = nodes_[node.a];
      Node& t = nodes_[node.b];
      for (std::size_t i = 0; i < dy.size(); ++i) {
        if (z.requires_grad)
          z.grad.data()[i] += dy.data()[i] * (stable_sigmoid(z.value.data()[i]) - t.value.data()[i]);
        if (t.requires_grad) t.grad.data()[i] -= dy.data()[i] * z.value.data()[i];
      }
      return;
    }
    case Op::Mean: {  // dx += dy / size(x)
      Node& x = nodes_[node.a];
      if (!x.requires_grad || x.value.empty()) return;
      const T share = dy(0, 0) / static_cast<T>(x.value.size());
      for (std::size_t i = 0; i < x.grad.size(); ++i) x.grad.data()[i] += share;
      return;
    }
  }
}

template class Tape<float>;
template class Tape<double>;

}  // namespace ricci
