// matrix.h — the dense row-major matrix of ricciflow.
//
// A Matrix<T> is `rows x cols` values in one contiguous row-major buffer:
// element (i, j) sits at data()[i * cols + j]. Float is the working precision
// of training and analysis; double is used where exactness matters (gradient
// checks, statistics). There is no expression template and no view hierarchy:
// a row is a pointer plus the column count, and every kernel takes raw
// pointers with its shapes written beside it.
//
// resize() keeps the buffer's capacity, so a matrix sized once for the
// largest minibatch can shrink and grow again without allocating (the
// training loop relies on this: no allocation per step).
//
// A MatrixView<T> reads the same layout from a buffer owned elsewhere: a
// Matrix, or a NumPy array handed over by the Python module without a copy
// (python/module.cpp). The analysis reads its layers through views.
#pragma once

#include <cstddef>
#include <vector>

namespace ricci {

template <class T>
class Matrix {
 public:
  Matrix() = default;
  Matrix(std::size_t rows, std::size_t cols, T fill = T(0))
      : rows_(rows), cols_(cols), values_(rows * cols, fill) {}

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }

  T* data() { return values_.data(); }
  const T* data() const { return values_.data(); }
  T* row(std::size_t i) { return values_.data() + i * cols_; }
  const T* row(std::size_t i) const { return values_.data() + i * cols_; }
  T& operator()(std::size_t i, std::size_t j) { return values_[i * cols_ + j]; }
  const T& operator()(std::size_t i, std::size_t j) const { return values_[i * cols_ + j]; }

  // Changes the shape; new elements are zero. Within the reserved capacity
  // this never allocates.
  void resize(std::size_t rows, std::size_t cols) {
    rows_ = rows;
    cols_ = cols;
    values_.resize(rows * cols);
  }
  void reserve(std::size_t elements) { values_.reserve(elements); }
  void fill(T value) { values_.assign(values_.size(), value); }

  std::vector<T>& values() { return values_; }
  const std::vector<T>& values() const { return values_; }

  friend bool operator==(const Matrix& a, const Matrix& b) {
    return a.rows_ == b.rows_ && a.cols_ == b.cols_ && a.values_ == b.values_;
  }
  friend bool operator!=(const Matrix& a, const Matrix& b) { return !(a == b); }

 private:
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::vector<T> values_;
};

using MatrixF = Matrix<float>;
using MatrixD = Matrix<double>;

// A read-only view of `rows x cols` values, row-major and contiguous, that
// someone else owns and keeps alive while the view is used. A Matrix
// converts to a view of itself.
template <class T>
class MatrixView {
 public:
  MatrixView(const T* data, std::size_t rows, std::size_t cols) : data_(data), rows_(rows), cols_(cols) {}
  MatrixView(const Matrix<T>& matrix) : data_(matrix.data()), rows_(matrix.rows()), cols_(matrix.cols()) {}

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return rows_ * cols_; }
  bool empty() const { return size() == 0; }
  const T* data() const { return data_; }
  const T* row(std::size_t i) const { return data_ + i * cols_; }
  const T& operator()(std::size_t i, std::size_t j) const { return data_[i * cols_ + j]; }

 private:
  const T* data_ = nullptr;
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
};

using MatrixViewF = MatrixView<float>;

// Views of each matrix, in order (they stay valid while the matrices do).
inline std::vector<MatrixViewF> matrix_views(const std::vector<MatrixF>& matrices) {
  return std::vector<MatrixViewF>(matrices.begin(), matrices.end());
}

}  // namespace ricci
