// npy_fixtures.h — the NPY and NPZ files NumPy wrote for the tests
// (test/fixtures/, made by make_npy_fixtures.py), and the layers they hold.
#pragma once

#include <string>

#include "data/matrix.h"

namespace ricci_test {

// Tests run from the repository root.
inline const std::string kNpyFixtures = "test/fixtures/";

// Layer l of the fixtures' layer archives: layer() in make_npy_fixtures.py,
// 20 x 3 values in quarters, exact in float32.
inline ricci::MatrixF fixture_layer(int l) {
  ricci::MatrixF m(20, 3);
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 3; ++j) m(i, j) = static_cast<float>(((i * (l + 3) + j * 7 + l * l) % 23) - 11) / 4.0f;
  return m;
}

}  // namespace ricci_test
