// nn_mlp.cpp — the architectures of nn/mlp.h: the paper's bottleneck W/B
// worked out by hand for several widths and depths, a list of widths, and
// the bounds of He's and Glorot's initialisations.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "data/error.h"
#include "nn/mlp.h"

using namespace ricci;

namespace {

using Widths = std::vector<std::size_t>;

// Checks that every layer's weights are uniform in [-b, b], b = bound(l):
// none beyond it, some near it, their variance b^2 / 3 (for layers of 100
// weights or more); biases zero.
template <class Bound>
void check_uniform_weights(const Mlp<float>& mlp, Bound bound_of) {
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    CAPTURE(l);
    const double bound = bound_of(l);
    double max_abs = 0, sum_sq = 0;
    for (float w : mlp.weights[l].values()) {
      max_abs = std::max(max_abs, std::fabs(double(w)));
      sum_sq += double(w) * w;
    }
    CHECK(max_abs <= bound);
    CHECK(max_abs > 0.9 * bound);
    if (mlp.weights[l].size() >= 100)
      CHECK(sum_sq / mlp.weights[l].size() == doctest::Approx(bound * bound / 3).epsilon(0.25));
    for (float b : mlp.biases[l].values()) CHECK(b == 0.0f);
  }
}

}  // namespace

TEST_CASE("bottleneck W/B: W at both ends, B in the middle, a linear taper rounded half up") {
  // Layer i at e steps from the nearer end, m steps from an end to the middle:
  // round(W + (B - W) e / m).
  CHECK(bottleneck_widths(50, 25, 5) == Widths{50, 38, 25, 38, 50});  // m = 2: 37.5 rounds up
  CHECK(bottleneck_widths(50, 25, 6) == Widths{50, 38, 25, 25, 38, 50});  // two middle layers
  CHECK(bottleneck_widths(50, 25, 11) == Widths{50, 45, 40, 35, 30, 25, 30, 35, 40, 45, 50});  // m = 5
  CHECK(bottleneck_widths(50, 25, 4) == Widths{50, 25, 25, 50});  // m = 1
  CHECK(bottleneck_widths(50, 25, 3) == Widths{50, 25, 50});
  CHECK(bottleneck_widths(16, 8, 5) == Widths{16, 12, 8, 12, 16});
  CHECK(bottleneck_widths(16, 8, 6) == Widths{16, 12, 8, 8, 12, 16});
  CHECK(bottleneck_widths(25, 10, 7) == Widths{25, 20, 15, 10, 15, 20, 25});  // m = 3
  CHECK(bottleneck_widths(10, 3, 5) == Widths{10, 7, 3, 7, 10});              // 6.5 up
  CHECK(bottleneck_widths(9, 4, 8) == Widths{9, 7, 6, 4, 4, 6, 7, 9});         // 7.33, 5.67
  CHECK(bottleneck_widths(7, 4, 5) == Widths{7, 6, 4, 6, 7});                  // 5.5 up
  CHECK(bottleneck_widths(10, 20, 5) == Widths{10, 15, 20, 15, 10});           // widening
  CHECK_THROWS_AS(bottleneck_widths(50, 25, 2), Error);
  CHECK_THROWS_AS(bottleneck_widths(0, 25, 5), Error);
}

TEST_CASE("make_mlp with a list of hidden widths") {
  const Mlp<float> mlp = make_mlp<float>(3, Widths{50, 38, 25});
  CHECK(mlp.sizes == Widths{3, 50, 38, 25, 1});
  CHECK(mlp.depth() == 3);
  CHECK(mlp.weights[1].rows() == 50);
  CHECK(mlp.weights[1].cols() == 38);
  CHECK(mlp.biases[3].cols() == 1);
  CHECK(make_mlp<float>(3, 7, 2).sizes == Widths{3, 7, 7, 1});
  CHECK_THROWS(make_mlp<float>(3, Widths{}));
  CHECK_THROWS(make_mlp<float>(3, Widths{4, 0}));
}

TEST_CASE("make_mlp: at most 2^24 per hidden layer and 10,000 hidden layers") {
  CHECK(kMaxWidth == 16777216);
  CHECK(kMaxDepth == 10000);
  CHECK(make_mlp<float>(2, 1, 10000).depth() == 10000);
  CHECK(make_mlp<float>(2, Widths{1, 16777216 / 4096}).sizes == Widths{2, 1, 4096, 1});
  CHECK_THROWS_AS(make_mlp<float>(2, 1, 10001), Error);
  CHECK_THROWS_AS(make_mlp<float>(2, Widths{1, 16777217}), Error);
  CHECK_THROWS_AS(make_mlp<float>(2, Widths{std::size_t(1) << 40}), Error);
}

TEST_CASE("He initialisation: bounds sqrt(6/fan_in) for ReLU layers, sqrt(3/fan_in) for the output") {
  Mlp<float> mlp = make_mlp<float>(50, 40, 2);
  Rng rng(4);
  kaiming_init(mlp, rng);
  check_uniform_weights(mlp, [&](std::size_t l) {
    return std::sqrt((l + 1 < mlp.layer_count() ? 6.0 : 3.0) / double(mlp.sizes[l]));
  });
}

TEST_CASE("Glorot initialisation: bounds sqrt(6 / (fan_in + fan_out)) for every layer, zero biases") {
  Mlp<float> mlp = make_mlp<float>(60, Widths{40, 20});
  Rng rng(4);
  init_weights(mlp, WeightInit::Glorot, rng);
  check_uniform_weights(mlp, [&](std::size_t l) { return std::sqrt(6.0 / double(mlp.sizes[l] + mlp.sizes[l + 1])); });
  CHECK(parse_weight_init("he") == WeightInit::He);
  CHECK(parse_weight_init("glorot") == WeightInit::Glorot);
  CHECK(std::string(weight_init_name(WeightInit::Glorot)) == "glorot");
  CHECK_THROWS_AS(parse_weight_init("xavier"), Error);
}

TEST_CASE("evaluate gives mlp_loss and accuracy bit for bit from one pass") {
  Mlp<float> mlp = make_mlp<float>(3, 7, 2);
  Rng rng(4, 0);
  kaiming_init(mlp, rng);
  Dataset data;
  data.features = MatrixF(50, 3);
  Rng points(5, 0);
  for (std::size_t i = 0; i < 50; ++i) {
    for (std::size_t j = 0; j < 3; ++j) data.features(i, j) = static_cast<float>(points.uniform() * 2 - 1);
    data.labels.push_back(static_cast<std::int64_t>(i % 3 == 0));
  }
  const Evaluation e = evaluate(mlp, data);
  CHECK(e.loss == mlp_loss(mlp, data.features, data.labels));
  CHECK(e.accuracy == accuracy(mlp, data));
  CHECK(e.accuracy > 0.0);
}
