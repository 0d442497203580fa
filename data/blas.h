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
//
// Calling BLAS from several threads at once. OpenBLAS built for pthreads
// locks its internal buffers and may be called from many threads at once. A
// build without threading (Debian's libopenblas0-serial, any OpenBLAS made
// with USE_THREAD=0 and without USE_LOCKING) shares them unguarded:
// concurrent products corrupt each other (on 16 cores such a build gave
// different k-NN graphs from run to run). The shim asks the library at run
// time: openblas_get_parallel() is 0 for a serial build, 1 for pthreads and
// 2 for OpenMP (whose buffers are guarded only among OpenMP threads). The
// function is looked up with dlsym, so any CBLAS still links; a library
// without it is unknown. Only a pthreads build is called concurrently;
// for every other library the shim lets one BLAS call run at a time (a mutex
// around each call). The bits are the same either way; only the speed
// differs.
#pragma once

#include <cstddef>
#include <string>

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

// How the shim may call the library from several threads.
enum class BlasCalls { Concurrent, OneAtATime };

// The rule above: `openblas_parallel` points to the value of
// openblas_get_parallel(), or is null when the library has no such function.
// Concurrent only for 1 (pthreads).
BlasCalls blas_calls_for(const int* openblas_parallel);

// The rule applied to the linked library, decided on first use and fixed for
// the process (the built-in loops of BLAS=none are Concurrent). The
// environment variable RICCI_SERIALIZE_BLAS, set to anything but "" or "0",
// forces OneAtATime (to test that path, or for a CBLAS that misreports).
BlasCalls blas_calls();

// What the shim calls and how, for `ricci --help` and the benchmarks, e.g.
// "OpenBLAS (pthreads build), concurrent calls" or "OpenBLAS (serial build),
// one call at a time".
std::string blas_description();

}  // namespace ricci
