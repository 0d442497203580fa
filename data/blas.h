// blas.h — the BLAS shim: general matrix multiply in float and double.
//
//   C (m x n) = alpha * op(A) * op(B) + beta * C,
//   op(A) is m x k (A itself, or A transposed when trans_a),
//   op(B) is k x n (B itself, or B transposed when trans_b),
//   all row-major with leading dimensions lda, ldb, ldc (elements per row).
//
// The default build calls CBLAS (OpenBLAS); `make BLAS=none` compiles the
// plain loops in blas.cpp instead, so ricciflow runs where no BLAS is
// installed, with the same results up to rounding. When beta == 0, C is
// overwritten and never read (NaN in an uninitialised C does not leak in).
//
// Threads. `threads` is the number of workers a product may use (1: the
// calling thread alone). Results do not depend on it: C is cut into fixed
// tiles of 256 rows whatever the thread count, each tile is one
// single-threaded BLAS call, and the tiles are shared among the workers
// (parallel_for, data/parallel.h) only for products of at least 8 million
// multiply-adds, below which starting threads costs more than it saves.
// Callers already inside a parallel loop pass 1 (the default).
#pragma once

#include <cstddef>

#include "data/matrix.h"

namespace ricci {

void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, float alpha,
          const float* a, std::size_t lda, const float* b, std::size_t ldb, float beta, float* c,
          std::size_t ldc, int threads = 1);
void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, double alpha,
          const double* a, std::size_t lda, const double* b, std::size_t ldb, double beta,
          double* c, std::size_t ldc, int threads = 1);

// Matrix form with shape checks: c = alpha * op(a) * op(b) + beta * c. c must
// already have the shape of the product (it is not resized).
template <class T>
void matmul(const Matrix<T>& a, bool trans_a, const Matrix<T>& b, bool trans_b, Matrix<T>& c,
            T alpha = T(1), T beta = T(0), int threads = 1);

// Puts OpenBLAS in the state the shim assumes; the `ricci` driver calls it
// once, first thing in main() (so do the tests and the benchmarks), before
// any product and before any thread starts. It turns OpenBLAS's own
// threading off (openblas_set_num_threads(1): the shim threads over tiles
// itself, and OpenBLAS's split of a product follows its own thread count,
// which follows the machine) and shuts down the worker pool a pthreads build
// starts when it loads (blas_thread_shutdown_: idle workers spin and take a
// core from ours). Both are looked up with dlsym and skipped when absent; a
// no-op under BLAS=none. Without it the products are still right, only
// slower, and OpenBLAS may then round according to its thread count.
void prepare_blas();

// "openblas" or "none (built-in loops)".
const char* blas_backend();

}  // namespace ricci
