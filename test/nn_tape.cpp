// nn_tape.cpp — every op's backward against central finite differences of
// its forward, in double precision, and a gradient check of a whole MLP
// against finite differences of the separate inference code (mlp.cpp).
//
// For an op y = f(inputs) and a random upstream gradient U, the tape's
// gradient of sum(U .* y) with respect to each input entry must equal
// (S(x + h) - S(x - h)) / 2h, S = sum(U .* f(...)), with h = 1e-6. We compare
// with the relative error |a - b| / max(|a| + |b|, 1e-8), which must stay
// below 1e-6 for every entry.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "data/random.h"
#include "nn/mlp.h"
#include "nn/tape.h"
#include "nn/train.h"

using namespace ricci;

namespace {

MatrixD random_matrix(std::size_t rows, std::size_t cols, Rng& rng, double scale = 1.0) {
  MatrixD m(rows, cols);
  for (double& x : m.values()) x = scale * rng.normal();
  return m;
}

double relative_error(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(a) + std::fabs(b), 1e-8); }

// The largest relative error, over every weight and bias of `mlp`, between
// the tape's gradient (graph, after backward) and the central difference
// (h = 1e-6) of the inference code's mean loss mlp_loss on (x, labels).
double worst_parameter_gradient_error(Mlp<double>& mlp, const MlpGraph<double>& graph, const MatrixD& x,
                                      const std::vector<std::int64_t>& labels) {
  const double h = 1e-6;
  double worst = 0;
  for (std::size_t l = 0; l < mlp.layer_count(); ++l)
    for (int which = 0; which < 2; ++which) {
      MatrixD& param = which == 0 ? mlp.weights[l] : mlp.biases[l];
      const MatrixD& analytic = graph.tape.grad(which == 0 ? graph.weights[l] : graph.biases[l]);
      for (std::size_t i = 0; i < param.size(); ++i) {
        const double saved = param.data()[i];
        param.data()[i] = saved + h;
        const double plus = mlp_loss(mlp, x, labels);
        param.data()[i] = saved - h;
        const double minus = mlp_loss(mlp, x, labels);
        param.data()[i] = saved;
        worst = std::max(worst, relative_error(analytic.data()[i], (plus - minus) / (2 * h)));
      }
    }
  return worst;
}

// sum(U .* value(output)) after a forward pass.
double weighted_output(Tape<double>& tape, int output, const MatrixD& upstream) {
  tape.forward();
  double sum = 0;
  for (std::size_t i = 0; i < upstream.size(); ++i) sum += upstream.data()[i] * tape.value(output).data()[i];
  return sum;
}

// Checks the tape's gradient of every parameter against central differences.
// Returns the largest relative error seen.
double max_gradient_error(Tape<double>& tape, int output, Rng& rng) {
  tape.forward();
  const MatrixD upstream = random_matrix(tape.value(output).rows(), tape.value(output).cols(), rng);
  tape.backward(output, upstream);
  double worst = 0;
  const double h = 1e-6;
  for (int id : tape.parameters()) {
    const MatrixD analytic = tape.grad(id);
    for (std::size_t i = 0; i < analytic.size(); ++i) {
      double& x = tape.value(id).data()[i];
      const double saved = x;
      x = saved + h;
      const double plus = weighted_output(tape, output, upstream);
      x = saved - h;
      const double minus = weighted_output(tape, output, upstream);
      x = saved;
      const double numeric = (plus - minus) / (2 * h);
      worst = std::max(worst, relative_error(analytic.data()[i], numeric));
    }
  }
  return worst;
}

// Keeps entries away from 0 so that ReLU's kink is never inside [x - h, x + h].
MatrixD away_from_zero(MatrixD m) {
  for (double& x : m.values())
    if (std::fabs(x) < 0.1) x = x < 0 ? x - 0.1 : x + 0.1;
  return m;
}

}  // namespace

TEST_CASE("matmul: gradients of both inputs") {
  Rng rng(1);
  Tape<double> tape;
  const int a = tape.parameter(random_matrix(4, 3, rng));
  const int b = tape.parameter(random_matrix(3, 5, rng));
  const int y = tape.matmul(a, b);
  CHECK(tape.value(y).rows() == 4);
  CHECK(tape.value(y).cols() == 5);
  CHECK(max_gradient_error(tape, y, rng) < 1e-6);
}

TEST_CASE("add_bias: gradients of the matrix and the bias") {
  Rng rng(2);
  Tape<double> tape;
  const int x = tape.parameter(random_matrix(6, 4, rng));
  const int b = tape.parameter(random_matrix(1, 4, rng));
  const int y = tape.add_bias(x, b);
  CHECK(max_gradient_error(tape, y, rng) < 1e-6);
  // Forward by hand: y[i][j] = x[i][j] + b[j].
  tape.forward();
  CHECK(tape.value(y)(3, 2) == tape.value(x)(3, 2) + tape.value(b)(0, 2));
}

TEST_CASE("relu: gradient, and value by hand") {
  Rng rng(3);
  Tape<double> tape;
  const int x = tape.parameter(away_from_zero(random_matrix(5, 4, rng)));
  const int y = tape.relu(x);
  CHECK(max_gradient_error(tape, y, rng) < 1e-6);
  tape.forward();
  for (std::size_t i = 0; i < 20; ++i)
    CHECK(tape.value(y).data()[i] == std::max(0.0, tape.value(x).data()[i]));
}

TEST_CASE("sigmoid: gradient, and stable values at large |x|") {
  Rng rng(4);
  Tape<double> tape;
  const int x = tape.parameter(random_matrix(3, 4, rng, 3.0));
  const int y = tape.sigmoid(x);
  CHECK(max_gradient_error(tape, y, rng) < 1e-6);
  Tape<double> extreme;
  MatrixD big(1, 2);
  big(0, 0) = -800;
  big(0, 1) = 800;
  const int s = extreme.sigmoid(extreme.parameter(big));
  extreme.forward();
  CHECK(extreme.value(s)(0, 0) == 0.0);
  CHECK(extreme.value(s)(0, 1) == 1.0);
}

TEST_CASE("bce_with_logits: gradients of logits and targets, stable values") {
  Rng rng(5);
  Tape<double> tape;
  const int z = tape.parameter(random_matrix(7, 1, rng, 2.0));
  MatrixD targets(7, 1);
  for (double& t : targets.values()) t = rng.uniform();
  const int t = tape.parameter(targets);
  const int loss = tape.bce_with_logits(z, t);
  CHECK(max_gradient_error(tape, loss, rng) < 1e-6);
  // By hand: z = 0, t = 1 gives log 2; z = 1000, t = 0 gives 1000 (no overflow).
  Tape<double> hand;
  MatrixD zs(2, 1), ts(2, 1);
  zs(0, 0) = 0;
  ts(0, 0) = 1;
  zs(1, 0) = 1000;
  ts(1, 0) = 0;
  const int l = hand.bce_with_logits(hand.parameter(zs), hand.parameter(ts));
  hand.forward();
  CHECK(hand.value(l)(0, 0) == doctest::Approx(std::log(2.0)).epsilon(1e-15));
  CHECK(hand.value(l)(1, 0) == 1000.0);
}

TEST_CASE("softmax_cross_entropy: gradients of logits and targets, values by hand, stable") {
  Rng rng(15);
  Tape<double> tape;
  const int z = tape.parameter(random_matrix(6, 4, rng, 2.0));
  MatrixD targets(6, 4);  // soft targets: each row a distribution, one row not summing to 1
  for (std::size_t i = 0; i < 6; ++i) {
    double mass = 0;
    for (std::size_t j = 0; j < 4; ++j) mass += targets(i, j) = rng.uniform();
    for (std::size_t j = 0; j < 4; ++j) targets(i, j) /= i == 5 ? 0.5 * mass : mass;
  }
  const int t = tape.parameter(targets);
  const int loss = tape.softmax_cross_entropy(z, t);
  CHECK(tape.value(loss).rows() == 6);
  CHECK(tape.value(loss).cols() == 1);
  CHECK(max_gradient_error(tape, loss, rng) < 1e-6);
  // By hand: z = (0, 0, 0), class 2: log 3. z = (1, 2, 3), class 0:
  // log(e + e^2 + e^3) - 1. z = (1000, 0, -1000), class 1: 1000 (no overflow),
  // and class 0: log(1 + e^-1000 + e^-2000) = 0.
  Tape<double> hand;
  MatrixD zs(4, 3), ts(4, 3);
  const double rows[4][3] = {{0, 0, 0}, {1, 2, 3}, {1000, 0, -1000}, {1000, 0, -1000}};
  const std::size_t label[4] = {2, 0, 1, 0};
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 3; ++j) zs(i, j) = rows[i][j];
    ts(i, label[i]) = 1;
  }
  const int hz = hand.parameter(zs), ht = hand.parameter(ts);
  const int l = hand.softmax_cross_entropy(hz, ht);
  hand.forward();
  CHECK(hand.value(l)(0, 0) == doctest::Approx(std::log(3.0)).epsilon(1e-15));
  CHECK(hand.value(l)(1, 0) ==
        doctest::Approx(std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0)) - 1.0).epsilon(1e-14));
  CHECK(hand.value(l)(2, 0) == 1000.0);
  CHECK(hand.value(l)(3, 0) == 0.0);
  // One-hot rows give categorical_cross_entropy exactly, the one definition.
  for (std::size_t i = 0; i < 4; ++i) CHECK(hand.value(l)(i, 0) == categorical_cross_entropy(zs.row(i), 3, label[i]));
  // The gradient of a one-hot row's loss is softmax(z) - e_y: at z = (0, 0, 0), class 2, (1/3, 1/3, -2/3).
  MatrixD first_row_only(4, 1);
  first_row_only(0, 0) = 1;
  hand.backward(l, first_row_only);
  CHECK(hand.grad(hz)(0, 0) == doctest::Approx(1.0 / 3).epsilon(1e-15));
  CHECK(hand.grad(hz)(0, 2) == doctest::Approx(-2.0 / 3).epsilon(1e-15));
  CHECK(hand.grad(hz)(1, 0) == 0.0);
}

TEST_CASE("mean: gradient and value") {
  Rng rng(6);
  Tape<double> tape;
  const int x = tape.parameter(random_matrix(3, 3, rng));
  const int m = tape.mean(x);
  CHECK(max_gradient_error(tape, m, rng) < 1e-6);
  tape.forward();
  double sum = 0;
  for (double v : tape.value(x).values()) sum += v;
  CHECK(tape.value(m)(0, 0) == doctest::Approx(sum / 9).epsilon(1e-15));
}

TEST_CASE("a node used twice receives both gradient shares") {
  Rng rng(7);
  Tape<double> tape;
  const int x = tape.parameter(random_matrix(3, 3, rng));
  const int y = tape.matmul(x, x);  // x^2: dS/dx = U x^T + x^T U
  CHECK(max_gradient_error(tape, y, rng) < 1e-6);
}

TEST_CASE("inputs get no gradient; the batch size can change without allocation") {
  Rng rng(8);
  Tape<double> tape;
  const int input = tape.input(8, 3);
  const int w = tape.parameter(random_matrix(3, 2, rng));
  const int y = tape.mean(tape.matmul(input, w));
  CHECK_FALSE(tape.requires_grad(input));
  CHECK(tape.grad(input).empty());
  tape.set_batch_rows(5);
  CHECK(tape.value(input).rows() == 5);
  const double* storage = tape.value(input).data();
  tape.set_batch_rows(8);
  CHECK(tape.value(input).data() == storage);  // same buffer: no reallocation
  tape.forward();
  tape.backward(y);
  CHECK(tape.grad(w).rows() == 3);
}

TEST_CASE("whole MLP: tape gradients equal finite differences of the inference code") {
  Rng rng(9);
  Mlp<double> mlp = make_mlp<double>(4, 6, 3);
  kaiming_init(mlp, rng);
  for (auto& b : mlp.biases)
    for (double& v : b.values()) v = 0.1 * rng.normal();  // exercise the bias gradients too
  const std::size_t n = 11;
  MatrixD x = random_matrix(n, 4, rng);
  std::vector<std::int64_t> labels(n);
  for (std::size_t i = 0; i < n; ++i) labels[i] = static_cast<std::int64_t>(i % 2);

  MlpGraph<double> graph = build_training_graph(mlp, n);
  graph.tape.value(graph.input) = x;
  for (std::size_t i = 0; i < n; ++i) graph.tape.value(graph.targets)(i, 0) = static_cast<double>(labels[i]);
  graph.tape.forward();
  CHECK(graph.tape.value(graph.loss)(0, 0) == doctest::Approx(mlp_loss(mlp, x, labels)).epsilon(1e-13));
  graph.tape.backward(graph.loss);

  CHECK(worst_parameter_gradient_error(mlp, graph, x, labels) < 1e-6);
}

TEST_CASE("whole C-class MLP: softmax output, tape gradients equal finite differences of the inference code") {
  Rng rng(19);
  Mlp<double> mlp = make_mlp<double>(3, 5, 2, 4);  // 4 classes
  CHECK(mlp.output_width() == 4);
  CHECK(mlp.class_count() == 4);
  kaiming_init(mlp, rng);
  for (auto& b : mlp.biases)
    for (double& v : b.values()) v = 0.1 * rng.normal();
  const std::size_t n = 9;
  MatrixD x = random_matrix(n, 3, rng);
  std::vector<std::int64_t> labels(n);
  for (std::size_t i = 0; i < n; ++i) labels[i] = static_cast<std::int64_t>(i % 4);

  MlpGraph<double> graph = build_training_graph(mlp, n);
  CHECK(graph.tape.value(graph.targets).cols() == 4);
  graph.tape.value(graph.input) = x;
  for (std::size_t i = 0; i < n; ++i) graph.tape.value(graph.targets)(i, static_cast<std::size_t>(labels[i])) = 1.0;
  graph.tape.forward();
  // The loss by hand from the inference code's logits: mean of log sum exp - z_y.
  const MatrixD z = mlp_logits(mlp, x);
  double by_hand = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j < 4; ++j) sum += std::exp(z(i, j));
    by_hand += std::log(sum) - z(i, static_cast<std::size_t>(labels[i]));
  }
  CHECK(graph.tape.value(graph.loss)(0, 0) == doctest::Approx(by_hand / n).epsilon(1e-13));
  CHECK(mlp_loss(mlp, x, labels) == doctest::Approx(by_hand / n).epsilon(1e-13));
  graph.tape.backward(graph.loss);

  CHECK(worst_parameter_gradient_error(mlp, graph, x, labels) < 1e-6);
}
