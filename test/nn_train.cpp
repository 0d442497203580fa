// nn_train.cpp — training reaches the accuracy the task allows, stops where
// it should, and is bit-for-bit reproducible.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "data/blas.h"
#include "data/error.h"
#include "data/sets/synthetic.h"
#include "nn/mlp.h"
#include "nn/train.h"

using namespace ricci;

namespace {

struct Trained {
  Mlp<float> mlp;
  TrainResult result;
};

Trained train_on(const Dataset& data, std::size_t width, std::size_t depth, const TrainOptions& options,
                 std::uint64_t seed) {
  Trained t{make_mlp<float>(data.features.cols(), width, depth), {}};
  Rng init(seed, 0), order(seed, 1);
  kaiming_init(t.mlp, init);
  t.result = train_mlp(t.mlp, data, options, order);
  return t;
}

bool same_weights(const Mlp<float>& a, const Mlp<float>& b) {
  return a.sizes == b.sizes && a.weights == b.weights && a.biases == b.biases;
}

}  // namespace

TEST_CASE("width 25, depth 5, Adam: at least 99% test accuracy on circles within 30 epochs") {
  const Dataset data = make_circles(2000, 0.05, 0.5, 1);
  Rng split_rng(1, 2);
  const Split split = stratified_split(data, 0.3, split_rng);
  TrainOptions options;
  options.optimizer = default_optimizer_settings(OptimizerKind::Adam);
  options.epochs = 30;
  for (std::uint64_t seed : {1, 2, 3}) {
    const Trained t = train_on(split.first, 25, 5, options, seed);
    CAPTURE(seed);
    CHECK(t.result.history.size() == 30);
    CHECK(accuracy(t.mlp, split.second) >= 0.99);
    // The loss went down: the last epoch's mean loss is far below the first's.
    CHECK(t.result.history.back().loss < 0.2 * t.result.history.front().loss);
  }
}

TEST_CASE("one seed gives bit-identical weights, on 1 or 2 threads") {
  // Wide layers and large batches, so that the products (400 x 256 x 256)
  // are large enough to be shared among the threads.
  const Dataset data = make_circles(1200, 0.1, 0.5, 5);
  TrainOptions options;
  options.optimizer = default_optimizer_settings(OptimizerKind::Rmsprop);
  options.epochs = 3;
  options.batch = 400;
  options.threads = 1;
  const Trained a = train_on(data, 256, 2, options, 7);
  const Trained b = train_on(data, 256, 2, options, 7);
  options.threads = 2;
  const Trained c = train_on(data, 256, 2, options, 7);
  CHECK(same_weights(a.mlp, b.mlp));
  CHECK(same_weights(a.mlp, c.mlp));
  const Trained other = train_on(data, 256, 2, options, 8);
  CHECK_FALSE(same_weights(a.mlp, other.mlp));
}

TEST_CASE("target accuracy stops training early; a validation part is held out") {
  const Dataset data = make_circles(1000, 0.05, 0.5, 2);
  TrainOptions options;
  options.optimizer = default_optimizer_settings(OptimizerKind::Adam);
  options.epochs = 500;
  options.target_accuracy = 0.97;
  options.validation_fraction = 0.2;
  const Trained t = train_on(data, 25, 3, options, 1);
  CHECK(t.result.reached_target);
  CHECK(t.result.history.size() < 500);
  CHECK(t.result.validation_points == 200);
  CHECK(t.result.train_points == 800);
  CHECK(t.result.history.back().val_accuracy >= 0.0);
  CHECK(t.result.history.back().val_loss > 0.0);
  // The model handed back reaches the target on the whole data set minus
  // the 200 validation points, hence on at least 0.97 * 800 of the 1000.
  CHECK(accuracy(t.mlp, data) >= 0.97 * 0.8);
  // The points trained on are the first part of the split the training
  // stream draws first, and they reach the target.
  Rng order(1, 1);
  const Split split = stratified_split(data, 0.2, order);
  CHECK(t.result.train_part.labels == split.first.labels);
  CHECK(t.result.train_part.features == split.first.features);
  CHECK(accuracy(t.mlp, t.result.train_part) >= 0.97);
}

TEST_CASE("a diverging run stops with a clear error") {
  Dataset data = make_circles(200, 0.05, 0.5, 3);
  for (float& x : data.features.values()) x *= 1e18f;
  TrainOptions options;
  options.optimizer = default_optimizer_settings(OptimizerKind::Sgd);
  options.optimizer.lr = 1e12;
  options.epochs = 20;
  try {
    train_on(data, 8, 2, options, 1);
    FAIL("expected divergence");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Data);
    CHECK(std::string(e.what()).find("training diverged") != std::string::npos);
  }
}

TEST_CASE("training needs labels 0 and 1") {
  Dataset data = make_circles(100, 0.05, 0.5, 3);
  data.labels[5] = 2;
  TrainOptions options;
  CHECK_THROWS_AS(train_on(data, 4, 1, options, 1), Error);
}

TEST_CASE("layer_activations: X_0 is the input, hidden layers are post-ReLU, output optional") {
  const Dataset data = make_circles(50, 0.05, 0.5, 4);
  Mlp<float> mlp = make_mlp<float>(2, 6, 3);
  Rng rng(1);
  kaiming_init(mlp, rng);
  const std::vector<MatrixF> layers = layer_activations(mlp, data.features, false);
  REQUIRE(layers.size() == 4);
  CHECK(layers[0] == data.features);
  for (std::size_t l = 1; l < 4; ++l) {
    CHECK(layers[l].cols() == 6);
    for (float v : layers[l].values()) CHECK(v >= 0.0f);
  }
  // Layer 1 by hand for row 0: relu(x w + b).
  for (std::size_t j = 0; j < 6; ++j) {
    const double z = double(data.features(0, 0)) * mlp.weights[0](0, j) +
                     double(data.features(0, 1)) * mlp.weights[0](1, j) + mlp.biases[0](0, j);
    CHECK(layers[1](0, j) == doctest::Approx(std::max(z, 0.0)).epsilon(1e-6));
  }
  const std::vector<MatrixF> with_output = layer_activations(mlp, data.features, true);
  REQUIRE(with_output.size() == 5);
  const MatrixF logits = mlp_logits(mlp, data.features);
  for (std::size_t i = 0; i < 50; ++i)
    CHECK(with_output[4](i, 0) == doctest::Approx(1.0 / (1.0 + std::exp(-double(logits(i, 0))))).epsilon(1e-6));
}

TEST_CASE("C classes: softmax training separates 3 spirals; top-1 accuracy, softmax output, labels 0..C-1") {
  const Dataset data = make_spirals(900, 0.02, 1.0, 2, 3);
  Rng split_rng(1, 2);
  const Split split = stratified_split(data, 0.3, split_rng);
  TrainOptions options;
  options.optimizer = default_optimizer_settings(OptimizerKind::Adam);
  options.optimizer.lr = 0.005;
  options.epochs = 60;
  Mlp<float> mlp = make_mlp<float>(2, 24, 3, 3);
  Rng init(1, 0), order(1, 1);
  kaiming_init(mlp, init);
  const TrainResult result = train_mlp(mlp, split.first, options, order);
  CHECK(result.history.back().loss < 0.2 * result.history.front().loss);
  // Chance is 1/3; a network that tells the three arms apart is far above it.
  CHECK(accuracy(mlp, split.second) >= 0.95);
  // Top-1 by hand: predict() is the first largest logit.
  const MatrixF z = mlp_logits(mlp, split.second.features);
  const std::vector<std::int64_t> classes = predict(mlp, split.second.features);
  for (std::size_t i = 0; i < z.rows(); ++i) {
    std::int64_t best = 0;
    for (std::size_t j = 1; j < 3; ++j)
      if (z(i, j) > z(i, static_cast<std::size_t>(best))) best = static_cast<std::int64_t>(j);
    CHECK(classes[i] == best);
  }
  // The output layer is the softmax: rows sum to 1, exp(z_j) / sum exp(z).
  const std::vector<MatrixF> layers = layer_activations(mlp, split.second.features, true);
  REQUIRE(layers.back().cols() == 3);
  for (std::size_t i = 0; i < 5; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j < 3; ++j) sum += std::exp(double(z(i, j)));
    for (std::size_t j = 0; j < 3; ++j)
      CHECK(layers.back()(i, j) == doctest::Approx(std::exp(double(z(i, j))) / sum).epsilon(1e-6));
  }
  // A label beyond the model's classes is a data error.
  Dataset bad = split.first;
  bad.labels[0] = 3;
  Mlp<float> fresh = make_mlp<float>(2, 4, 1, 3);
  Rng again(1, 1);
  CHECK_THROWS_AS(train_mlp(fresh, bad, options, again), Error);
}

TEST_CASE("predict: ties between logits go to the smaller class") {
  Mlp<float> mlp = make_mlp<float>(1, 1, 1, 3);  // every weight 0: logits = the output biases
  mlp.biases[1](0, 0) = 0.5f;
  mlp.biases[1](0, 1) = 2.0f;
  mlp.biases[1](0, 2) = 2.0f;
  MatrixF x(2, 1);
  CHECK(predict(mlp, x) == std::vector<std::int64_t>{1, 1});
}
