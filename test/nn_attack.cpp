// nn_attack.cpp — tests of nn/attack.h: FGSM and PGD on a two-layer network
// worked by hand, input gradients against finite differences, and the
// parsing of --attack.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "data/error.h"
#include "nn/attack.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;

namespace {

// 2 inputs -> 2 ReLU units -> 1 logit:
//   W0 = [[1, -1], [2, 0.5]] (input-major), b0 = 0, W1 = [[1], [-2]], b1 = -0.5.
Mlp<float> hand_model() {
  Mlp<float> mlp = make_mlp<float>(2, 2, 1);
  mlp.weights[0](0, 0) = 1;
  mlp.weights[0](0, 1) = -1;
  mlp.weights[0](1, 0) = 2;
  mlp.weights[0](1, 1) = 0.5f;
  mlp.weights[1](0, 0) = 1;
  mlp.weights[1](1, 0) = -2;
  mlp.biases[1](0, 0) = -0.5f;
  return mlp;
}

// Point A = (0.5, 0.25), class 1: pre-activations (1, -0.375), h = (1, 0),
// z = 0.5, correct. dl/dz = sigmoid(z) - 1 < 0; through W1 and the ReLU mask
// (1, 0), dl/dh = (sigmoid(z) - 1, 0) and dl/dx = (1, 2)(sigmoid(z) - 1):
// signs (-, -).
// Point B = (0.1, 0.9), class 0: pre-activations (1.9, 0.35), both active,
// z = 1.9 - 0.7 - 0.5 = 0.7, wrong. dl/dz = sigmoid(z) = p > 0, dl/dh =
// (p, -2p), dl/dx = (1 p + (-1)(-2p), 2 p + 0.5 (-2p)) = (3p, p): signs (+, +).
Dataset hand_points() {
  Dataset data;
  data.features = MatrixF(2, 2);
  data.features(0, 0) = 0.5f;
  data.features(0, 1) = 0.25f;
  data.features(1, 0) = 0.1f;
  data.features(1, 1) = 0.9f;
  data.labels = {1, 0};
  return data;
}

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

// The float model's weights and biases in double, copied entry by entry.
Mlp<double> in_double_by_hand(const Mlp<float>& f) {
  Mlp<double> mlp;
  mlp.sizes = f.sizes;
  for (std::size_t l = 0; l < f.layer_count(); ++l) {
    mlp.weights.emplace_back(f.weights[l].rows(), f.weights[l].cols());
    mlp.biases.emplace_back(1, f.biases[l].cols());
    for (std::size_t i = 0; i < f.weights[l].size(); ++i) mlp.weights[l].values()[i] = f.weights[l].values()[i];
    for (std::size_t i = 0; i < f.biases[l].size(); ++i) mlp.biases[l].values()[i] = f.biases[l].values()[i];
  }
  return mlp;
}

}  // namespace

TEST_CASE("input gradient of a two-layer network, by hand") {
  const Mlp<double> mlp = in_double_by_hand(hand_model());
  const Dataset data = hand_points();
  MatrixD x(2, 2);
  for (std::size_t i = 0; i < 4; ++i) x.values()[i] = data.features.values()[i];
  const MatrixD g = input_gradient(mlp, x, data.labels);
  const double a = sigmoid(0.5) - 1;
  CHECK(g(0, 0) == doctest::Approx(a).epsilon(1e-12));
  CHECK(g(0, 1) == doctest::Approx(2 * a).epsilon(1e-12));
  // z_B from the float inputs 0.1f and 0.9f exactly.
  const double zb = (double(0.1f) + 2 * double(0.9f)) * 1 + std::max(0.0, -double(0.1f) + 0.5 * double(0.9f)) * -2 - 0.5;
  const double pb = sigmoid(zb);
  CHECK(zb == doctest::Approx(0.7).epsilon(1e-6));
  CHECK(g(1, 0) == doctest::Approx(3 * pb).epsilon(1e-12));
  CHECK(g(1, 1) == doctest::Approx(pb).epsilon(1e-12));
}

TEST_CASE("a point classified with confidence keeps a tiny gradient of the right sign") {
  // Point A with the output bias raised by 60: z = 60.5, class 1, so
  // dl/dz = sigmoid(z) - 1 = -sigmoid(-60.5) = -5.3e-27, which sigmoid(z) - 1
  // in double would round to 0 (no FGSM step at all).
  Mlp<float> f = hand_model();
  f.biases[1](0, 0) = 60.0f - 0.5f + 1.0f;  // 60.5 - 1 (the hidden unit gives 1)
  const Mlp<double> mlp = in_double_by_hand(f);
  MatrixD x(1, 2);
  x(0, 0) = 0.5;
  x(0, 1) = 0.25;
  const MatrixD g = input_gradient(mlp, x, {1});
  CHECK(g(0, 0) == doctest::Approx(-std::exp(-60.5) / (1 + std::exp(-60.5))).epsilon(1e-12));
  CHECK(g(0, 1) == doctest::Approx(-2 * std::exp(-60.5) / (1 + std::exp(-60.5))).epsilon(1e-12));
  // Three classes, logits far apart: p_y - 1 = -(p_1 + p_2), not 0.
  Mlp<double> three = make_mlp<double>(1, 1, 1, 3);  // weights 0: the logits are the output biases
  three.biases[1](0, 0) = 80;
  three.biases[1](0, 1) = 0;
  three.biases[1](0, 2) = 1;
  three.weights[1](0, 0) = 1;
  three.weights[0](0, 0) = 1;  // h = relu(x), x = 1: logit 0 = 81
  MatrixD one(1, 1, 1.0);
  const double p1 = std::exp(0.0 - 81), p2 = std::exp(1.0 - 81);  // to first order
  CHECK(input_gradient(three, one, {0})(0, 0) == doctest::Approx(-(p1 + p2)).epsilon(1e-9));
}

TEST_CASE("FGSM on a two-layer network, by hand") {
  const Mlp<float> mlp = hand_model();
  const Dataset data = hand_points();
  const InputRange unit{0.0, 1.0};
  Attack fgsm;
  fgsm.eps = 0.1;
  // A: (0.4, 0.15): pre-activations (0.7, -0.325), z = 0.7 - 0.5 = 0.2 > 0, still right.
  // B: (0.2, 1.0): already wrong, stays wrong (z = 0.2 + 2 - 2 relu(-0.2 + 0.5) - 0.5 = 1.1).
  const MatrixD x = adversarial_inputs(mlp, data, fgsm, unit);
  CHECK(x(0, 0) == doctest::Approx(0.4).epsilon(1e-7));
  CHECK(x(0, 1) == doctest::Approx(0.15).epsilon(1e-7));
  CHECK(x(1, 0) == doctest::Approx(0.2).epsilon(1e-7));
  CHECK(x(1, 1) == doctest::Approx(1.0).epsilon(1e-7));  // 0.9 + 0.1, at the range's edge
  CHECK(attacked_accuracy(mlp, data, fgsm, unit) == 0.5);
  // eps = 0.3: A goes to (0.2, -0.05), clipped to the range: (0.2, 0); z = 0.2 - 0.5 < 0: wrong.
  fgsm.eps = 0.3;
  const MatrixD y = adversarial_inputs(mlp, data, fgsm, unit);
  CHECK(y(0, 0) == doctest::Approx(0.2).epsilon(1e-7));
  CHECK(y(0, 1) == 0.0);
  CHECK(attacked_accuracy(mlp, data, fgsm, unit) == 0.0);
  // A wider range lets A go to (0.2, -0.05): pre-activations (0.1, -0.225), z = -0.4.
  const MatrixD wide = adversarial_inputs(mlp, data, fgsm, InputRange{-1.0, 2.0});
  CHECK(wide(0, 1) == doctest::Approx(-0.05).epsilon(1e-7));
}

TEST_CASE("a clean coordinate outside the data's range is never moved further than eps") {
  // Point B = (0.1, 0.9) against the range [0.2, 0.5], which holds neither
  // coordinate: the gradient's signs are (+, +), so FGSM at eps = 0.05 asks
  // for (0.15, 0.95). Coordinate 0 may go up to the range's low end but no
  // further than eps: min(max(0.15, min(0.2, 0.1)), max(0.5, 0.1)) = 0.15.
  // Coordinate 1 is above the range and pushed up: it may stay at 0.9 but
  // not go beyond it, min(max(0.95, 0.2), max(0.5, 0.9)) = 0.9. A plain
  // clamp to [0.2, 0.5] would give (0.2, 0.5), 0.1 and 0.4 away from B.
  const Mlp<float> mlp = hand_model();
  const Dataset data = hand_points();
  Attack fgsm;
  fgsm.eps = 0.05;
  const MatrixD x = adversarial_inputs(mlp, data, fgsm, InputRange{0.2, 0.5});
  CHECK(x(1, 0) == doctest::Approx(0.15).epsilon(1e-7));
  CHECK(x(1, 1) == static_cast<double>(0.9f));
  // With a tiny eps every attacked point stays where it is, to within eps.
  fgsm.eps = 1e-9;
  const MatrixD still = adversarial_inputs(mlp, data, fgsm, InputRange{0.2, 0.5});
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 2; ++j) CHECK(std::fabs(still(i, j) - data.features(i, j)) <= 1.000001e-9);  // eps, to rounding
}

TEST_CASE("PGD on a two-layer network, by hand: steps, the projection onto the ball, the range") {
  const Mlp<float> mlp = hand_model();
  const Dataset data = hand_points();
  Attack pgd;
  pgd.kind = Attack::Kind::Pgd;
  pgd.eps = 0.3;
  pgd.steps = 2;
  pgd.step = 0.2;
  // A: x_1 = (0.3, 0.05) (pre-activations (0.4, -0.275): the same signs (-, -)),
  // x_2 = (0.1, -0.15), projected onto [0.2, 0.8] x [-0.05, 0.55]: (0.2, -0.05),
  // clipped to [0, 1]: (0.2, 0). z = -0.3: wrong.
  const MatrixD x = adversarial_inputs(mlp, data, pgd, InputRange{0.0, 1.0});
  CHECK(x(0, 0) == doctest::Approx(0.2).epsilon(1e-7));
  CHECK(x(0, 1) == 0.0);
  CHECK(attacked_accuracy(mlp, data, pgd, InputRange{0.0, 1.0}) == 0.0);
  // One step of 0.1 is FGSM at 0.1.
  pgd.steps = 1;
  pgd.step = 0.1;
  Attack fgsm;
  fgsm.eps = 0.1;
  CHECK(adversarial_inputs(mlp, data, pgd, InputRange{0.0, 1.0}) == adversarial_inputs(mlp, data, fgsm, InputRange{0.0, 1.0}));
}

TEST_CASE("input gradients of a C-class network equal finite differences") {
  Mlp<float> mlp = make_mlp<float>(3, 5, 2, 4);
  Rng rng(3);
  kaiming_init(mlp, rng);
  Mlp<double> model;
  model.sizes = mlp.sizes;
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    model.weights.emplace_back(mlp.weights[l].rows(), mlp.weights[l].cols());
    model.biases.emplace_back(1, mlp.biases[l].cols());
    for (std::size_t i = 0; i < mlp.weights[l].size(); ++i) model.weights[l].values()[i] = mlp.weights[l].values()[i];
  }
  MatrixD x(6, 3);
  for (double& v : x.values()) v = rng.normal();
  const std::vector<std::int64_t> labels = {0, 1, 2, 3, 1, 2};
  const MatrixD g = input_gradient(model, x, labels);
  const double h = 1e-6;
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      MatrixD plus = x, minus = x;
      plus(i, j) += h;
      minus(i, j) -= h;
      const std::vector<std::int64_t> one = {labels[i]};
      MatrixD row_plus(1, 3), row_minus(1, 3);
      for (std::size_t c = 0; c < 3; ++c) {
        row_plus(0, c) = plus(i, c);
        row_minus(0, c) = minus(i, c);
      }
      const double numeric = (mlp_loss(model, row_plus, one) - mlp_loss(model, row_minus, one)) / (2 * h);
      CHECK(g(i, j) == doctest::Approx(numeric).epsilon(1e-6).scale(1e-8));
    }
}

TEST_CASE("--attack: specs, column names, and bad input") {
  const std::vector<Attack> attacks = parse_attacks("fgsm:0.1,0.3;pgd:0.1,steps=10,step=0.025");
  REQUIRE(attacks.size() == 3);
  CHECK(attack_column(attacks[0]) == "fgsm_accuracy_eps0.1");
  CHECK(attack_column(attacks[1]) == "fgsm_accuracy_eps0.3");
  CHECK(attack_column(attacks[2]) == "pgd_accuracy_eps0.1");
  CHECK(attacks[2].steps == 10);
  CHECK(attacks[2].step == 0.025);
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"fgsm", "expected fgsm:EPS"},
           {"cw:0.1", "expected fgsm:EPS"},
           {"fgsm:0", "eps must be a number in (0, 1000000]"},
           {"fgsm:nan", "eps must be a number"},
           {"fgsm:0.1,0.1", "fgsm_accuracy_eps0.1 is asked for twice"},
           {"pgd:0.1", "pgd needs steps=S and step=A"},
           {"pgd:0.1,steps=2.5,step=0.1", "steps must be a whole number"},
           {"pgd:steps=3,step=0.1", "no radius EPS"},
           {"fgsm:0.1,steps=3", "eps must be a number"},
           {"pgd:0.1,steps=3,steps=5,step=0.1", "steps= given twice"},
           {"pgd:0.1,steps=3,step=0.1,step=0.2", "step= given twice"},
       }) {
    CAPTURE(text);
    check_error([&] { parse_attacks(text); }, ErrorKind::Usage, message);
  }
}
