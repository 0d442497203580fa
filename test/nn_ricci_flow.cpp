// nn_ricci_flow.cpp — the Ricci-flow regulariser (docs/method.md, definition
// 16): its penalty and gradient on three points worked by hand, the whole
// regularised objective against an independent computation and against
// finite differences, and lambda = 0 as plain training bit for bit.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "data/error.h"
#include "data/random.h"
#include "data/sets/synthetic.h"
#include "geom/knn.h"
#include "geom/ollivier.h"
#include "nn/mlp.h"
#include "nn/tape.h"
#include "nn/train.h"

using namespace ricci;

namespace {

double relative_error(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(a) + std::fabs(b), 1e-8); }

// The penalty of definition 16 written out plainly in double, for pairs
// (i, j) with coefficients c: a reference the tape's ops are held to.
double reference_penalty(const std::vector<std::vector<double>>& previous, const std::vector<std::vector<double>>& next,
                         const std::vector<std::pair<int, int>>& pairs, const std::vector<double>& c) {
  auto distance = [](const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(s);
  };
  std::vector<double> p, q;
  double sp = 0, sq = 0;
  for (const auto& [i, j] : pairs) {
    p.push_back(distance(previous[i], previous[j]));
    q.push_back(distance(next[i], next[j]));
    sp += p.back();
    sq += q.back();
  }
  sp /= static_cast<double>(pairs.size());
  sq /= static_cast<double>(pairs.size());
  double sum = 0;
  for (std::size_t e = 0; e < pairs.size(); ++e) {
    const double r = q[e] / sq - c[e] * p[e] / sp;
    sum += r * r;
  }
  return sum / static_cast<double>(pairs.size());
}

// sum_l P_l / L of an MLP in double on anchors x with the given pairs and
// coefficients per hidden layer, computed without the tape (layer l's pairs
// are those of layer l - 1).
double reference_mean_penalty(const Mlp<double>& mlp, const MatrixD& x,
                              const std::vector<std::vector<std::pair<int, int>>>& pairs,
                              const std::vector<std::vector<double>>& c) {
  std::vector<std::vector<std::vector<double>>> layers(1);
  for (std::size_t i = 0; i < x.rows(); ++i) layers[0].emplace_back(x.row(i), x.row(i) + x.cols());
  for (std::size_t l = 0; l + 1 < mlp.layer_count(); ++l) {
    std::vector<std::vector<double>> next;
    for (const std::vector<double>& h : layers.back()) {
      std::vector<double> out(mlp.sizes[l + 1]);
      for (std::size_t o = 0; o < out.size(); ++o) {
        double z = mlp.biases[l](0, o);
        for (std::size_t i = 0; i < h.size(); ++i) z += h[i] * mlp.weights[l](i, o);
        out[o] = z > 0 ? z : 0;
      }
      next.push_back(out);
    }
    layers.push_back(next);
  }
  double sum = 0;
  for (std::size_t l = 1; l < layers.size(); ++l) sum += reference_penalty(layers[l - 1], layers[l], pairs[l - 1], c[l - 1]);
  return sum / static_cast<double>(layers.size() - 1);
}

}  // namespace

// Three points. Layer l-1: P0 = (0, 0), P1 = (3, 0), P2 = (0, 4); layer l, on
// a line: Q0 = 0, Q1 = 1, Q2 = -2. Pairs (0,1), (0,2), (1,2) with kappa =
// 1, 0, -1 and tau = 0.5, so c = 1 - tau kappa = 0.5, 1, 1.5.
//   p = (3, 4, 5), s_p = 4, c p / s_p = (0.375, 1, 1.875)
//   q = (1, 2, 3), s_q = 2, q / s_q = (0.5, 1, 1.5)
//   r = (0.125, 0, -0.375),  P = (1/64 + 0 + 9/64) / 3 = 5/96
// dP/dq_f = (2/3) (r_f / s_q - sum r q / (3 s_q^2)), sum r q = -1:
//   (2/3) (1/16 + 1/12, 1/12, -3/16 + 1/12) = (7/72, 1/18, -5/72)
// and through |Qi - Qj|: dP/dQ = (-7/72 + 1/18, 7/72 - 5/72, -1/18 + 5/72)
//   = (-1/24, 1/36, 1/72).
// dP/dp_f = (2/3) (-c_f r_f / s_p + sum r c p / (3 s_p^2)), sum r c p = -21/8:
//   (2/3) (-1/64 - 7/128, -7/128, 9/64 - 7/128) = (-3/64, -7/192, 11/192)
// and through the unit vectors (Pi - Pj) / |Pi - Pj|:
//   dP/dP0 = (3/64, 7/192), dP/dP1 = (-1/80, -11/240), dP/dP2 = (-11/320, 3/320).
TEST_CASE("ricci_flow_penalty: value and gradients on three points by hand") {
  Tape<double> tape;
  MatrixD p(3, 2), q(3, 1);
  p(1, 0) = 3;
  p(2, 1) = 4;
  q(1, 0) = 1;
  q(2, 0) = -2;
  const int previous = tape.parameter(p);
  const int next = tape.parameter(q);
  const int pairs = tape.input(3, 2, false);
  const int coefficients = tape.input(3, 1, false);
  const int penalty = tape.ricci_flow_penalty(tape.pair_distances(previous, pairs), tape.pair_distances(next, pairs),
                                              coefficients);
  const int list[3][2] = {{0, 1}, {0, 2}, {1, 2}};
  const double kappa[3] = {1, 0, -1};
  for (int e = 0; e < 3; ++e) {
    tape.value(pairs)(e, 0) = list[e][0];
    tape.value(pairs)(e, 1) = list[e][1];
    tape.value(coefficients)(e, 0) = 1 - 0.5 * kappa[e];
  }
  tape.forward();
  CHECK(tape.value(penalty)(0, 0) == doctest::Approx(5.0 / 96).epsilon(1e-14));
  tape.backward(penalty);
  const MatrixD& gq = tape.grad(next);
  CHECK(gq(0, 0) == doctest::Approx(-1.0 / 24).epsilon(1e-13));
  CHECK(gq(1, 0) == doctest::Approx(1.0 / 36).epsilon(1e-13));
  CHECK(gq(2, 0) == doctest::Approx(1.0 / 72).epsilon(1e-13));
  const MatrixD& gp = tape.grad(previous);
  const double expected[3][2] = {{3.0 / 64, 7.0 / 192}, {-1.0 / 80, -11.0 / 240}, {-11.0 / 320, 3.0 / 320}};
  for (int i = 0; i < 3; ++i)
    for (int c = 0; c < 2; ++c) CHECK(gp(i, c) == doctest::Approx(expected[i][c]).epsilon(1e-13));
}

TEST_CASE("ricci_flow_penalty: a collapsed layer contributes no ratio and no gradient; bad rows are refused") {
  Tape<double> tape;
  const int x = tape.parameter(MatrixD(3, 2));  // every point at the origin: s = 0
  const int y = tape.parameter(MatrixD(3, 1, 1.0));
  const int pairs = tape.input(2, 2, false);
  const int c = tape.input(2, 1, false);
  tape.value(pairs)(0, 1) = 1;
  tape.value(pairs)(1, 1) = 2;
  tape.value(c).fill(1.0);
  const int penalty = tape.ricci_flow_penalty(tape.pair_distances(x, pairs), tape.pair_distances(y, pairs), c);
  tape.forward();
  CHECK(tape.value(penalty)(0, 0) == 0.0);  // both layers collapsed: every r_e = 0
  tape.backward(penalty);
  for (double g : tape.grad(x).values()) CHECK(g == 0.0);
  for (double bad : {3.0, 1.5, -1.0, 1e30}) {  // no row 3; not a row number; far out of range
    tape.value(pairs)(1, 1) = bad;
    CHECK_THROWS_AS(tape.forward(), std::logic_error);
  }
}

TEST_CASE("add_scaled: value and gradients") {
  Tape<double> tape;
  const int a = tape.parameter(MatrixD(1, 2, 2.0));
  const int b = tape.parameter(MatrixD(1, 2, 3.0));
  const int y = tape.add_scaled(a, b, 0.25);
  tape.forward();
  CHECK(tape.value(y)(0, 1) == 2.75);
  MatrixD upstream(1, 2);
  upstream(0, 0) = 1;
  upstream(0, 1) = -2;
  tape.backward(y, upstream);
  CHECK(tape.grad(a)(0, 1) == -2);
  CHECK(tape.grad(b)(0, 0) == 0.25);
  CHECK(tape.grad(b)(0, 1) == -0.5);
}

// The training graph in double with the regulariser on (every = 1): its
// objective equals cross-entropy + lambda sum_l P_l / L computed apart, and
// its gradient with respect to every weight and bias equals central finite
// differences of the objective; with one logit (binary cross-entropy) and
// with three (softmax cross-entropy: the penalty reads the hidden layers
// only, so it is the same whatever the output).
TEST_CASE("the regularised objective: value by an independent computation, gradient by finite differences") {
  std::size_t outputs = 1;
  SUBCASE("binary: one logit") { outputs = 1; }
  SUBCASE("three classes: softmax") { outputs = 3; }
  CAPTURE(outputs);
  Rng rng(7);
  Mlp<double> mlp = make_mlp<double>(3, std::vector<std::size_t>{5, 4, 4}, outputs);
  kaiming_init(mlp, rng);
  for (auto& b : mlp.biases)
    for (double& v : b.values()) v = rng.uniform(-0.2, 0.2);
  RicciFlowOptions rf;
  rf.lambda = 0.7;
  rf.k = 2;
  rf.every = 1;
  const std::size_t m = 6, batch = 4;
  MlpGraph<double> g = build_training_graph(mlp, batch, 1, rf, m);
  REQUIRE(g.pairs.size() == 3);
  MatrixD& x = g.tape.value(g.input);
  for (double& v : x.values()) v = rng.normal();
  std::vector<std::int64_t> labels;  // 0, 1, 0, 1 or 0, 1, 2, 0: as targets, 0/1 or one-hot
  for (std::size_t r = 0; r < batch; ++r) {
    labels.push_back(static_cast<std::int64_t>(r % (outputs == 1 ? 2 : outputs)));
    g.tape.value(g.targets)(r, outputs == 1 ? 0 : static_cast<std::size_t>(labels.back())) =
        outputs == 1 ? static_cast<double>(labels.back()) : 1.0;
  }
  MatrixD& anchors = g.tape.value(g.anchors);
  for (double& v : anchors.values()) v = rng.normal();
  // Pairs: each anchor i with k = 2 others, drawn; coefficients from kappa in [-2, 1].
  std::vector<std::vector<std::pair<int, int>>> pairs(3);
  std::vector<std::vector<double>> c(3);
  for (std::size_t l = 0; l < 3; ++l)
    for (std::size_t e = 0; e < m * rf.k; ++e) {
      const int i = static_cast<int>(e / rf.k);
      int j = static_cast<int>(rng.uniform_index(m - 1));
      if (j >= i) ++j;
      pairs[l].push_back({i, j});
      c[l].push_back(1 - rf.step * rng.uniform(-2.0, 1.0));
      g.tape.value(g.pairs[l])(e, 0) = i;
      g.tape.value(g.pairs[l])(e, 1) = j;
      g.tape.value(g.coefficients[l])(e, 0) = c[l].back();
    }
  // The input's distances, as training sets them from layer 0's pairs.
  for (std::size_t e = 0; e < m * rf.k; ++e) {
    double s = 0;
    for (std::size_t col = 0; col < 3; ++col) {
      const double d = anchors(pairs[0][e].first, col) - anchors(pairs[0][e].second, col);
      s += d * d;
    }
    g.tape.value(g.input_distances)(e, 0) = std::sqrt(s);
  }
  g.tape.forward();
  const double expected = mlp_loss(mlp, x, labels) + rf.lambda * reference_mean_penalty(mlp, anchors, pairs, c);
  CHECK(g.tape.value(g.objective)(0, 0) == doctest::Approx(expected).epsilon(1e-12));

  g.tape.backward(g.objective);
  const double h = 1e-6;
  double worst = 0;
  for (int id : g.tape.parameters()) {
    const MatrixD analytic = g.tape.grad(id);
    for (std::size_t i = 0; i < analytic.size(); ++i) {
      double& w = g.tape.value(id).data()[i];
      const double saved = w;
      w = saved + h;
      g.tape.forward();
      const double plus = g.tape.value(g.objective)(0, 0);
      w = saved - h;
      g.tape.forward();
      const double minus = g.tape.value(g.objective)(0, 0);
      w = saved;
      worst = std::max(worst, relative_error(analytic.data()[i], (plus - minus) / (2 * h)));
    }
  }
  CHECK(worst < 1e-6);
}

// lambda = 0 builds nothing and draws nothing: the same weights, bit for bit,
// as training without the regulariser's settings, whatever its other fields.
TEST_CASE("lambda = 0 is plain training, bit for bit") {
  const Dataset data = make_circles(200, 0.05, 0.5, 3);
  auto train = [&](const TrainOptions& options) {
    Mlp<float> mlp = make_mlp<float>(2, 8, 3);
    Rng init(5, 0), order(5, 1);
    kaiming_init(mlp, init);
    train_mlp(mlp, data, options, order);
    return mlp;
  };
  TrainOptions plain;
  plain.epochs = 3;
  TrainOptions zero = plain;
  zero.ricci_flow.lambda = 0.0;
  zero.ricci_flow.k = 3;
  zero.ricci_flow.anchors = 7;
  zero.ricci_flow.every = 1;
  zero.pair_curvature = [](const MatrixF&, std::size_t) -> PairCurvatures { throw std::logic_error("never called"); };
  const Mlp<float> a = train(plain), b = train(zero);
  CHECK(a.weights == b.weights);
  CHECK(a.biases == b.biases);
  // ... and lambda > 0 does change them (the test above can fail).
  TrainOptions on = zero;
  on.ricci_flow.lambda = 1.0;
  on.pair_curvature = [](const MatrixF& points, std::size_t k) {
    PairCurvatures found;
    for (std::size_t i = 0; i < points.rows(); ++i)
      for (std::size_t j = 1; j <= k; ++j) {
        found.neighbours.push_back(static_cast<std::uint32_t>((i + j) % points.rows()));
        found.kappa.push_back(0.5);
      }
    return found;
  };
  CHECK(train(on).weights != a.weights);
}

TEST_CASE("the regulariser's settings are checked") {
  const Dataset data = make_circles(40, 0.05, 0.5, 3);
  TrainOptions options;
  options.epochs = 1;
  options.ricci_flow.lambda = 1.0;
  options.pair_curvature = [](const MatrixF&, std::size_t) { return PairCurvatures{}; };
  // The subject of the usage error the settings give, or "" for none.
  auto refused = [&](const TrainOptions& o) -> std::string {
    Mlp<float> mlp = make_mlp<float>(2, 4, 2);
    Rng rng(1, 1);
    try {
      train_mlp(mlp, data, o, rng);
    } catch (const Error& e) {
      return e.kind() == ErrorKind::Usage ? e.subject() : "data error";
    }
    return "";
  };
  TrainOptions bad = options;
  bad.ricci_flow.k = 40;  // 40 anchors at most (the training points): k must be below
  CHECK(refused(bad) == "Ricci-flow k");
  bad = options;
  bad.ricci_flow.step = 1.5;
  CHECK(refused(bad) == "Ricci-flow step");
  bad = options;
  bad.ricci_flow.lambda = -1;
  CHECK(refused(bad) == "Ricci-flow weight");
  bad = options;
  bad.ricci_flow.every = 0;
  CHECK(refused(bad) == "Ricci-flow interval");
  // A curvature function that returns the wrong number of pairs is a logic error.
  CHECK_THROWS_AS(refused(options), std::logic_error);
}

// What the regulariser does to the network it trains: on points it never saw
// (a fixed evaluation set, its own k-NN graphs and exact Ollivier-Ricci
// curvature), each hidden layer of a regularised network is closer to a
// discrete Ricci-flow step of the layer before (a smaller mean penalty,
// definition 16, by the plain reference above) than its unregularised twin
// (same seed, same initial weights and minibatches). Why it must show: that
// penalty is what the regulariser minimises, and the evaluation points come
// from the same distribution as the anchors. (Whether rho_k, a correlation
// over layers of global sums, follows is an empirical question that the
// report answers with paired tests; docs/training.md gives what we found.)
TEST_CASE("a regularised network's layers are closer to a Ricci-flow step than its twin's, on unseen points") {
  const Dataset train = make_circles(300, 0.05, 0.5, 1);
  const Dataset held_out = make_circles(60, 0.05, 0.5, 2);
  const std::size_t k = 5;
  const PairCurvatureFunction curvature = [](const MatrixF& points, std::size_t kk) {
    const KnnLists lists = exact_knn(points, static_cast<int>(kk));
    return PairCurvatures{lists.neighbors, knn_pair_ollivier(lists)};
  };
  // sum_l P_l / L on the held-out points, tau = 0.5.
  auto held_out_penalty = [&](const Mlp<float>& mlp) {
    const std::vector<MatrixF> layers = layer_activations(mlp, held_out.features, false);
    double sum = 0;
    for (std::size_t l = 1; l < layers.size(); ++l) {
      const PairCurvatures found = curvature(layers[l - 1], k);
      std::vector<std::vector<double>> previous, next;
      for (std::size_t i = 0; i < held_out.labels.size(); ++i) {
        previous.emplace_back(layers[l - 1].row(i), layers[l - 1].row(i) + layers[l - 1].cols());
        next.emplace_back(layers[l].row(i), layers[l].row(i) + layers[l].cols());
      }
      std::vector<std::pair<int, int>> pairs;
      std::vector<double> c;
      for (std::size_t e = 0; e < found.neighbours.size(); ++e) {
        pairs.push_back({static_cast<int>(e / k), static_cast<int>(found.neighbours[e])});
        c.push_back(1 - 0.5 * found.kappa[e]);
      }
      sum += reference_penalty(previous, next, pairs, c);
    }
    return sum / static_cast<double>(layers.size() - 1);
  };
  for (std::uint64_t seed : {1, 2, 3}) {
    auto trained = [&](double lambda) {
      Mlp<float> mlp = make_mlp<float>(2, 8, 4);
      Rng init(seed, 0), order(seed, 1);
      kaiming_init(mlp, init);
      TrainOptions options;
      options.epochs = 8;
      options.optimizer = default_optimizer_settings(OptimizerKind::Adam);
      options.ricci_flow.lambda = lambda;
      options.ricci_flow.k = k;
      options.ricci_flow.anchors = 32;
      options.ricci_flow.every = 1;
      options.ricci_flow.seed = seed;
      options.pair_curvature = curvature;
      train_mlp(mlp, train, options, order);
      return held_out_penalty(mlp);
    };
    const double plain = trained(0.0), regularised = trained(3.0);
    MESSAGE("seed " << seed << ": held-out penalty " << plain << " plain, " << regularised << " regularised");
    CHECK(regularised < 0.9 * plain);
  }
}

TEST_CASE("regularised training gives bit-identical weights on 1 or 2 threads") {
  const Dataset data = make_circles(300, 0.05, 0.5, 4);
  auto train = [&](int threads) {
    Mlp<float> mlp = make_mlp<float>(2, 12, 3);
    Rng init(2, 0), order(2, 1);
    kaiming_init(mlp, init);
    TrainOptions options;
    options.epochs = 3;
    options.threads = threads;
    options.ricci_flow.lambda = 0.5;
    options.ricci_flow.every = 1;
    options.ricci_flow.seed = 2;
    options.pair_curvature = [threads](const MatrixF& points, std::size_t k) {
      const KnnLists lists = exact_knn(points, static_cast<int>(k), threads);
      return PairCurvatures{lists.neighbors, knn_pair_ollivier(lists, 0.0, threads)};
    };
    const TrainResult result = train_mlp(mlp, data, options, order);
    CHECK(result.history.back().ricci_flow_penalty >= 0.0);
    return mlp;
  };
  const Mlp<float> one = train(1), two = train(2);
  CHECK(one.weights == two.weights);
  CHECK(one.biases == two.biases);
}
