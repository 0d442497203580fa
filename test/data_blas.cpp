// data_blas.cpp — GEMM (CBLAS or the built-in loops) against a plain
// triple loop in long double, for every transpose combination; the same bits
// on any thread count; which libraries may be called from several threads.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/blas.h"
#include "data/random.h"

using namespace ricci;

namespace {

template <class T>
void check_gemm(bool ta, bool tb, double tolerance) {
  const std::size_t m = 7, n = 5, k = 9;
  const std::size_t lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 3;
  Rng rng(31 + ta * 2 + tb);
  std::vector<T> a((ta ? k : m) * lda), b((tb ? n : k) * ldb), c(m * ldc);
  for (T& x : a) x = static_cast<T>(rng.normal());
  for (T& x : b) x = static_cast<T>(rng.normal());
  for (T& x : c) x = static_cast<T>(rng.normal());
  const std::vector<T> c0 = c;
  const T alpha = T(1.5), beta = T(-0.5);
  gemm(ta, tb, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, c.data(), ldc);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      long double sum = 0;
      for (std::size_t p = 0; p < k; ++p)
        sum += static_cast<long double>(ta ? a[p * lda + i] : a[i * lda + p]) *
               static_cast<long double>(tb ? b[j * ldb + p] : b[p * ldb + j]);
      const long double expected = alpha * sum + beta * static_cast<long double>(c0[i * ldc + j]);
      CHECK(std::fabs(static_cast<double>(c[i * ldc + j] - expected)) < tolerance);
    }
    for (std::size_t j = n; j < ldc; ++j) CHECK(c[i * ldc + j] == c0[i * ldc + j]);  // padding untouched
  }
}

}  // namespace

TEST_CASE("gemm matches a triple loop for all transposes, float and double") {
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      check_gemm<double>(ta, tb, 1e-12);
      check_gemm<float>(ta, tb, 1e-4);
    }
}

TEST_CASE("gemm with beta = 0 ignores NaN already in C") {
  const double a[] = {1, 2}, b[] = {3, 4};
  double c[] = {NAN};
  gemm(false, false, 1, 1, 2, 1.0, a, 2, b, 1, 0.0, c, 1);
  CHECK(c[0] == 11.0);
}

TEST_CASE("matmul checks shapes") {
  MatrixD a(2, 3, 1.0), b(3, 4, 2.0), c(2, 4), wrong(3, 3);
  matmul(a, false, b, false, c);
  CHECK(c(1, 3) == 6.0);
  CHECK_THROWS_AS(matmul(a, false, b, false, wrong), std::logic_error);
  MatrixD ct(3, 3);
  matmul(a, true, a, false, ct);  // a^T a, 3 x 3, every entry 2
  CHECK(ct(2, 1) == 2.0);
}

TEST_CASE("gemm gives the same bits on 1 and 2 threads (fixed row tiles)") {
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      const std::size_t m = 1000, n = 300, k = 200;
      Rng rng(41);
      std::vector<float> a(m * k), b(k * n), c1(m * n), c2(m * n);
      for (float& x : a) x = static_cast<float>(rng.normal());
      for (float& x : b) x = static_cast<float>(rng.normal());
      const std::size_t lda = ta ? m : k, ldb = tb ? k : n;
      gemm(ta, tb, m, n, k, 1.0f, a.data(), lda, b.data(), ldb, 0.0f, c1.data(), n, 1);
      gemm(ta, tb, m, n, k, 1.0f, a.data(), lda, b.data(), ldb, 0.0f, c2.data(), n, 2);
      CHECK(c1 == c2);
      // and the values are right: spot-check one element of each tile against a loop
      for (std::size_t i = 0; i < m; i += 256) {
        double sum = 0;
        for (std::size_t p = 0; p < k; ++p)
          sum += double(ta ? a[p * lda + i] : a[i * lda + p]) * double(tb ? b[7 * ldb + p] : b[p * ldb + 7]);
        CHECK(c2[i * n + 7] == doctest::Approx(sum).epsilon(1e-4));
      }
    }
}

TEST_CASE("only a pthreads OpenBLAS is called from several threads at once") {
  // openblas_get_parallel(): 0 serial build, 1 pthreads, 2 OpenMP; absent
  // for any other CBLAS.
  const int serial = 0, pthreads = 1, openmp = 2, unknown = 7;
  CHECK(blas_calls_for(&pthreads) == BlasCalls::Concurrent);
  CHECK(blas_calls_for(&serial) == BlasCalls::OneAtATime);
  CHECK(blas_calls_for(&openmp) == BlasCalls::OneAtATime);
  CHECK(blas_calls_for(&unknown) == BlasCalls::OneAtATime);
  CHECK(blas_calls_for(nullptr) == BlasCalls::OneAtATime);
  // The description names the mode in use.
  const std::string mode = blas_calls() == BlasCalls::Concurrent ? "concurrent calls" : "one call at a time";
  CHECK(blas_description().find(mode) != std::string::npos);
}
