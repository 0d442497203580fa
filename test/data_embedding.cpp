// data_embedding.cpp — tests of the random isometric embedding (data/embedding.h)
// and of the dim= and extra_noise= SPEC parameters.
#include <doctest/doctest.h>

#include <cmath>

#include "data/error.h"
#include "data/sets/embedding.h"
#include "data/sets/synthetic.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;

namespace {

double dot(const float* a, const float* b, std::size_t d) {
  double sum = 0.0;
  for (std::size_t j = 0; j < d; ++j) sum += double(a[j]) * b[j];
  return sum;
}

double squared_distance(const float* a, const float* b, std::size_t d) {
  double sum = 0.0;
  for (std::size_t j = 0; j < d; ++j) sum += (double(a[j]) - b[j]) * (double(a[j]) - b[j]);
  return sum;
}

}  // namespace

TEST_CASE("random_orthonormal_columns: orthonormal, and Haar-distributed in its first entry") {
  Rng rng(5);
  for (const auto& shape : {std::pair<std::size_t, std::size_t>{7, 3}, {6, 6}, {40, 1}}) {
    const MatrixD q = random_orthonormal_columns(shape.first, shape.second, rng);
    REQUIRE(q.rows() == shape.first);
    REQUIRE(q.cols() == shape.second);
    for (std::size_t a = 0; a < q.cols(); ++a)
      for (std::size_t b = 0; b < q.cols(); ++b) {
        double sum = 0.0;
        for (std::size_t i = 0; i < q.rows(); ++i) sum += q(i, a) * q(i, b);
        CHECK(sum == doctest::Approx(a == b ? 1.0 : 0.0).epsilon(1e-12).scale(1.0));
      }
  }
  // A column of a Haar orthogonal D x D matrix is uniform on the sphere, so
  // E[q_00^2] = 1 / D; a biased construction (say, near the identity) fails.
  double sum = 0.0;
  for (int draw = 0; draw < 4000; ++draw) {
    const MatrixD q = random_orthonormal_columns(4, 2, rng);
    sum += q(0, 0) * q(0, 0);
  }
  CHECK(sum / 4000 == doctest::Approx(0.25).epsilon(0.05));
}

TEST_CASE("dim= without extra noise keeps every distance and norm, in a random subspace") {
  const Dataset native = make_builtin_dataset("linked-tori", {{"n", "400"}});
  const Dataset embedded = make_builtin_dataset("linked-tori", {{"n", "400"}, {"dim", "12"}});
  REQUIRE(embedded.features.rows() == 400);
  REQUIRE(embedded.features.cols() == 12);
  CHECK(embedded.labels == native.labels);
  for (std::size_t i = 0; i < 400; i += 7) {
    CHECK(dot(embedded.features.row(i), embedded.features.row(i), 12) ==
          doctest::Approx(dot(native.features.row(i), native.features.row(i), 3)).epsilon(1e-5));
    for (std::size_t k = 0; k < 400; k += 13)
      CHECK(squared_distance(embedded.features.row(i), embedded.features.row(k), 12) ==
            doctest::Approx(squared_distance(native.features.row(i), native.features.row(k), 3))
                .epsilon(1e-5)
                .scale(1e-5));
  }
  // Not a zero padding: the data reach into the last coordinates.
  double last_coordinates = 0.0;
  for (std::size_t i = 0; i < 400; ++i) last_coordinates += std::fabs(embedded.features(i, 11));
  CHECK(last_coordinates / 400 > 0.05);
  // The same as calling the embedding directly with the data set's seed.
  const Dataset direct = embed_isometrically(native, 12, 0.0, 1);
  CHECK(direct.features == embedded.features);
  // Another seed: another subspace as well as other points.
  CHECK(make_builtin_dataset("linked-tori", {{"n", "400"}, {"dim", "12"}, {"seed", "2"}}).features !=
        embedded.features);
}

TEST_CASE("extra_noise adds Gaussian noise orthogonal to the embedded data") {
  const std::size_t dim = 20, native_dim = 2;
  const double sigma = 0.1;
  const Dataset native = make_circles(2000, 0.0, 0.5, 3);
  const Dataset noisy = embed_isometrically(native, dim, sigma, 3);
  // |y|^2 = |x|^2 + |e|^2 with E|e|^2 = sigma^2 (dim - native_dim), and
  // y_i . y_j = x_i . x_j + e_i . e_j, e_i . e_j small.
  double excess_sum = 0.0;
  for (std::size_t i = 0; i < 2000; ++i) {
    const double excess = dot(noisy.features.row(i), noisy.features.row(i), dim) -
                          dot(native.features.row(i), native.features.row(i), native_dim);
    CHECK(excess > -1e-5);
    excess_sum += excess;
  }
  CHECK(excess_sum / 2000 == doctest::Approx(sigma * sigma * double(dim - native_dim)).epsilon(0.05));
  double cross_deviation = 0.0;
  for (std::size_t i = 0; i + 1 < 2000; i += 2)
    cross_deviation += std::fabs(dot(noisy.features.row(i), noisy.features.row(i + 1), dim) -
                                 dot(native.features.row(i), native.features.row(i + 1), native_dim));
  // |e_i . e_j| has mean sigma^2 sqrt(2 (dim - 2) / pi) ~ 0.034.
  CHECK(cross_deviation / 1000 < 0.05);
}

TEST_CASE("dim= and extra_noise= are checked") {
  check_error([] { make_builtin_dataset("cylinders", {{"dim", "2"}}); }, ErrorKind::Usage,
              "'dim' must be at least the native dimension 3, got 2");
  check_error([] { make_builtin_dataset("circles", {{"extra_noise", "0.1"}}); }, ErrorKind::Usage,
              "'extra_noise' needs dim");
  check_error([] { make_builtin_dataset("circles", {{"dim", "4"}, {"extra_noise", "-1"}}); }, ErrorKind::Usage,
              "'extra_noise' must be >= 0");
  check_error([] { make_builtin_dataset("circles", {{"dim", "2.5"}}); }, ErrorKind::Usage,
              "'dim' must be a whole number");
  // dim equal to the native dimension is a rotation: same norms, other coordinates.
  const Dataset rotated = make_builtin_dataset("circles", {{"n", "50"}, {"dim", "2"}, {"noise", "0"}});
  const Dataset native = make_builtin_dataset("circles", {{"n", "50"}, {"noise", "0"}});
  CHECK(rotated.features != native.features);
  for (std::size_t i = 0; i < 50; ++i)
    CHECK(dot(rotated.features.row(i), rotated.features.row(i), 2) ==
          doctest::Approx(dot(native.features.row(i), native.features.row(i), 2)).epsilon(1e-5));
}
