// blas.cpp — GEMM through CBLAS, or through plain loops with BLAS=none; the
// fixed row tiles that make the bits independent of the thread count.
#include "data/blas.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>

#include "data/parallel.h"

#ifndef RICCI_NO_BLAS
#include <cblas.h>
#include <dlfcn.h>
#endif

namespace ricci {

namespace {

// The rows of C in one task of a shared GEMM (gemm_tiled). Every element of
// C is computed inside one tile, so the tile, not the thread count, decides
// the bits: it is a fixed number. 256 rows keep each call large enough for
// the BLAS kernel to run at speed, and a training batch or test set of
// 1,024 rows still gives 4 tasks to share.
constexpr std::size_t kRowTile = 256;
constexpr double kParallelWork = 8e6;

#ifndef RICCI_NO_BLAS
// One of OpenBLAS's own functions, or null when the linked CBLAS has none
// (looked up at run time, so that any CBLAS links).
void* openblas_function(const char* name) { return ::dlsym(RTLD_DEFAULT, name); }

// openblas_get_parallel() of the linked library into `value`; false when the
// library has no such function.
bool read_openblas_parallel(int& value) {
  using GetParallel = int (*)();
  void* get_parallel = openblas_function("openblas_get_parallel");
  if (!get_parallel) return false;
  value = reinterpret_cast<GetParallel>(get_parallel)();
  return true;
}
#endif

// Held around each library call when calls go one at a time (blas_calls()):
// one lock for float and double alike.
std::mutex& one_call_lock() {
  static std::mutex lock;
  return lock;
}

#ifdef RICCI_NO_BLAS
// The built-in fallback. Row-major, C = alpha op(A) op(B) + beta C.
// Loop order i-p-j when B is not transposed (streams rows of B and C),
// i-j-p (a dot product of two rows) when it is.
template <class T>
void gemm_loops(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, T alpha,
                const T* a, std::size_t lda, const T* b, std::size_t ldb, T beta, T* c,
                std::size_t ldc) {
  for (std::size_t i = 0; i < m; ++i) {
    T* ci = c + i * ldc;
    for (std::size_t j = 0; j < n; ++j) ci[j] = beta == T(0) ? T(0) : beta * ci[j];
    if (!tb) {
      for (std::size_t p = 0; p < k; ++p) {
        const T aip = alpha * (ta ? a[p * lda + i] : a[i * lda + p]);
        const T* bp = b + p * ldb;
        for (std::size_t j = 0; j < n; ++j) ci[j] += aip * bp[j];
      }
    } else {
      for (std::size_t j = 0; j < n; ++j) {
        const T* bj = b + j * ldb;
        T sum = T(0);
        for (std::size_t p = 0; p < k; ++p) sum += (ta ? a[p * lda + i] : a[i * lda + p]) * bj[p];
        ci[j] += alpha * sum;
      }
    }
  }
}
#endif

// One GEMM on the calling thread (the library call itself).
void gemm_call(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, float alpha,
               const float* a, std::size_t lda, const float* b, std::size_t ldb, float beta, float* c,
               std::size_t ldc) {
#ifdef RICCI_NO_BLAS
  gemm_loops(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
#else
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a,
              static_cast<int>(lda), b, static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
#endif
}

void gemm_call(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, double alpha,
               const double* a, std::size_t lda, const double* b, std::size_t ldb, double beta,
               double* c, std::size_t ldc) {
#ifdef RICCI_NO_BLAS
  gemm_loops(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
#else
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a,
              static_cast<int>(lda), b, static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
#endif
}

// One GEMM on the calling thread, alone in the library when calls go one at
// a time.
template <class T>
void gemm_serial(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, T alpha, const T* a,
                 std::size_t lda, const T* b, std::size_t ldb, T beta, T* c, std::size_t ldc) {
  if (blas_calls() == BlasCalls::Concurrent) {
    gemm_call(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  std::lock_guard<std::mutex> alone(one_call_lock());
  gemm_call(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// The tiled GEMM: row tiles of C of kRowTile rows, each one serial GEMM,
// shared among the workers. Each element of C is computed inside one tile by
// the same call whatever the thread count, so the result is the same bits.
template <class T>
void gemm_tiled(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, T alpha, const T* a,
                std::size_t lda, const T* b, std::size_t ldb, T beta, T* c, std::size_t ldc, int threads) {
  if (m == 0 || n == 0) return;
  const std::size_t tiles = (m + kRowTile - 1) / kRowTile;
  // Starting threads costs tens of microseconds: only products of at least
  // kParallelWork multiply-adds are shared (the tiles, and so the bits, are
  // the same either way).
  const bool worth_sharing = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) >= kParallelWork;
  parallel_for(tiles, worth_sharing ? threads : 1, [&](std::size_t t, int) {
    const std::size_t first = t * kRowTile;
    const std::size_t rows = std::min(kRowTile, m - first);
    // Rows first.. of op(A): rows of A, or columns of A when transposed.
    const T* a_tile = ta ? a + first : a + first * lda;
    gemm_serial(ta, tb, rows, n, k, alpha, a_tile, lda, b, ldb, beta, c + first * ldc, ldc);
  });
}

}  // namespace

void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, float alpha,
          const float* a, std::size_t lda, const float* b, std::size_t ldb, float beta, float* c,
          std::size_t ldc, int threads) {
  gemm_tiled(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
}

void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, double alpha,
          const double* a, std::size_t lda, const double* b, std::size_t ldb, double beta,
          double* c, std::size_t ldc, int threads) {
  gemm_tiled(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
}

template <class T>
void matmul(const Matrix<T>& a, bool ta, const Matrix<T>& b, bool tb, Matrix<T>& c, T alpha,
            T beta, int threads) {
  const std::size_t m = ta ? a.cols() : a.rows();
  const std::size_t k = ta ? a.rows() : a.cols();
  const std::size_t kb = tb ? b.cols() : b.rows();
  const std::size_t n = tb ? b.rows() : b.cols();
  if (k != kb || c.rows() != m || c.cols() != n)
    throw std::logic_error("matmul: shapes do not match (" + std::to_string(m) + "x" +
                           std::to_string(k) + " times " + std::to_string(kb) + "x" +
                           std::to_string(n) + " into " + std::to_string(c.rows()) + "x" +
                           std::to_string(c.cols()) + ")");
  gemm(ta, tb, m, n, k, alpha, a.data(), a.cols(), b.data(), b.cols(), beta, c.data(), c.cols(), threads);
}

template void matmul(const Matrix<float>&, bool, const Matrix<float>&, bool, Matrix<float>&, float,
                     float, int);
template void matmul(const Matrix<double>&, bool, const Matrix<double>&, bool, Matrix<double>&,
                     double, double, int);

void prepare_blas() {
#ifndef RICCI_NO_BLAS
  using SetThreads = void (*)(int);
  using Shutdown = int (*)();
  if (void* set_threads = openblas_function("openblas_set_num_threads"))
    reinterpret_cast<SetThreads>(set_threads)(1);
  if (void* shutdown = openblas_function("blas_thread_shutdown_")) reinterpret_cast<Shutdown>(shutdown)();
#endif
}

BlasCalls blas_calls_for(const int* openblas_parallel) {
  return openblas_parallel && *openblas_parallel == 1 ? BlasCalls::Concurrent : BlasCalls::OneAtATime;
}

BlasCalls blas_calls() {
  static const BlasCalls calls = [] {
    const char* forced = std::getenv("RICCI_SERIALIZE_BLAS");
    if (forced && *forced && std::string(forced) != "0") return BlasCalls::OneAtATime;
#ifdef RICCI_NO_BLAS
    return BlasCalls::Concurrent;
#else
    int parallel = 0;
    return blas_calls_for(read_openblas_parallel(parallel) ? &parallel : nullptr);
#endif
  }();
  return calls;
}

std::string blas_description() {
#ifdef RICCI_NO_BLAS
  std::string library = "built-in loops";
#else
  std::string library = "CBLAS (not OpenBLAS)";
  int parallel = 0;
  if (read_openblas_parallel(parallel)) {
    library = parallel == 0   ? "OpenBLAS (serial build)"
              : parallel == 1 ? "OpenBLAS (pthreads build)"
              : parallel == 2 ? "OpenBLAS (OpenMP build)"
                              : "OpenBLAS (unknown build)";
  }
#endif
  return library + (blas_calls() == BlasCalls::Concurrent ? ", concurrent calls" : ", one call at a time");
}

}  // namespace ricci
