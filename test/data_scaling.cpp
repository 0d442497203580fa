// data_scaling.cpp — tests of --scale (data/scaling.h): names, defaults,
// pixels to [0, 1], and the standard scaling on a case worked by hand.
#include <doctest/doctest.h>

#include <cmath>

#include "data/error.h"
#include "data/sets/scaling.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;
using ricci_test::error_from;

TEST_CASE("scaling names and the default per SPEC") {
  for (Scaling s : {Scaling::None, Scaling::Unit, Scaling::Standard}) CHECK(parse_scaling(scaling_name(s)) == s);
  check_error([] { parse_scaling("minmax"); }, ErrorKind::Usage,
              "scaling: expected none, unit or standard, got 'minmax'");
  CHECK(error_from([] { parse_scaling("minmax"); }).subject() == "scaling");
  CHECK(default_scaling("idx:train-images-idx3-ubyte") == Scaling::Unit);
  CHECK(default_scaling("csv:a.csv") == Scaling::Unit);
  CHECK(default_scaling("npy:x.npy,y.npy") == Scaling::None);
  CHECK(default_scaling("circles:n=100") == Scaling::None);
  CHECK(default_scaling("csv") == Scaling::None);  // a built-in name, not a file SPEC
}

TEST_CASE("unit scaling divides pixels by 255 and rejects values outside [0, 255]") {
  MatrixF pixels(2, 3);
  pixels.values() = {0, 51, 255, 102, 127.5f, 1};
  scale_to_unit(pixels, "p");
  const std::vector<float> expected = {0, 0.2f, 1, 0.4f, 0.5f, 1.0f / 255};
  for (std::size_t k = 0; k < 6; ++k) CHECK(pixels.values()[k] == doctest::Approx(expected[k]).epsilon(1e-6));
  for (float bad : {-1.0f, 256.0f}) {
    MatrixF m(2, 2, 3.0f);
    m(1, 0) = bad;
    check_error([&] { scale_to_unit(m, "csv:x.csv"); }, ErrorKind::Data, "csv:x.csv: row 2, column 1 holds");
    check_error([&] { scale_to_unit(m, "csv:x.csv"); }, ErrorKind::Data, "outside the pixel range [0, 255]");
  }
}

TEST_CASE("standard scaling: training mean and population deviation, applied to new data") {
  // Column 0: 1, 2, 3, 4 (mean 2.5, population variance 1.25); column 1
  // constant 7 (only centred); column 2: -2, 0, 0, 2 (mean 0, variance 2).
  MatrixF train(4, 3);
  train.values() = {1, 7, -2, 2, 7, 0, 3, 7, 0, 4, 7, 2};
  const Standardizer s = fit_standardizer(train);
  CHECK(s.mean == std::vector<double>{2.5, 7, 0});
  CHECK(s.inverse[0] == doctest::Approx(1 / std::sqrt(1.25)));
  CHECK(s.inverse[1] == 1.0);
  CHECK(s.inverse[2] == doctest::Approx(1 / std::sqrt(2.0)));
  MatrixF test(1, 3);
  test.values() = {5, 8, 1};
  apply_standardizer(s, test);
  CHECK(test(0, 0) == doctest::Approx(2.5 / std::sqrt(1.25)));
  CHECK(test(0, 1) == doctest::Approx(1.0));
  CHECK(test(0, 2) == doctest::Approx(1 / std::sqrt(2.0)));
  apply_standardizer(s, train);
  CHECK(train(0, 0) == doctest::Approx(-1.5 / std::sqrt(1.25)));
  CHECK(train(3, 1) == 0.0f);
  MatrixF narrow(1, 2);
  CHECK(error_from([&] { apply_standardizer(s, narrow); }).kind() == ErrorKind::Data);
}
