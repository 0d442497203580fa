// attack.cpp — FGSM and PGD through the tape, in double precision.
#include "nn/attack.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include "data/error.h"
#include "data/format.h"
#include "nn/tape.h"

namespace ricci {

namespace {

// A number of an attack spec: the whole text a finite double in (0, high].
double positive_number(const std::string& text, double high, const std::string& what, const std::string& spec) {
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno != 0 || !std::isfinite(value) || !(value > 0) || value > high)
    throw usage_error("attack", what + " must be a number in (0, " + format_double(high) + "], got '" + text +
                                    "' in '" + spec + "'");
  return value;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t at = text.find(separator, begin);
    parts.push_back(text.substr(begin, at == std::string::npos ? std::string::npos : at - begin));
    if (at == std::string::npos) return parts;
    begin = at + 1;
  }
}

// The MLP in double: every float weight converted exactly.
Mlp<double> in_double(const Mlp<float>& mlp) {
  Mlp<double> out;
  out.sizes = mlp.sizes;
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    out.weights.emplace_back(mlp.weights[l].rows(), mlp.weights[l].cols());
    out.biases.emplace_back(1, mlp.biases[l].cols());
    std::copy(mlp.weights[l].values().begin(), mlp.weights[l].values().end(), out.weights[l].values().begin());
    std::copy(mlp.biases[l].values().begin(), mlp.biases[l].values().end(), out.biases[l].values().begin());
  }
  return out;
}

// The attack graph: the input a batched leaf with a gradient, the weights
// constant leaves, and the logits (n x 1 or n x C).
struct AttackGraph {
  Tape<double> tape;
  int input = -1, logits = -1;
};

AttackGraph build_attack_graph(const Mlp<double>& mlp, std::size_t rows, int threads) {
  AttackGraph g;
  g.tape = Tape<double>(threads);
  g.input = g.tape.input(rows, mlp.input_dim(), true, true);
  int h = g.input;
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    const int w = g.tape.input(mlp.weights[l].rows(), mlp.weights[l].cols(), false);
    const int b = g.tape.input(1, mlp.biases[l].cols(), false);
    g.tape.value(w) = mlp.weights[l];
    g.tape.value(b) = mlp.biases[l];
    h = g.tape.add_bias(g.tape.matmul(h, w), b);
    if (l + 1 < mlp.layer_count()) h = g.tape.relu(h);
  }
  g.logits = h;
  return g;
}

// d l / d z of one point's loss at its logits z (1 or C of them), class y,
// in the forms that do not cancel, so that the tiny gradient of a point
// classified with confidence keeps its sign (definition 14):
//   one logit:  sigmoid(z) - y  =  sigmoid(z) for y = 0,  -sigmoid(-z) for y = 1
//   C logits:   p_j for j != y,  p_y - 1 = -sum_{j != y} p_j,  p = softmax(z)
void loss_gradient_at_logits(const double* z, std::size_t outputs, std::size_t y, double* dz) {
  if (outputs == 1) {
    dz[0] = y == 1 ? -1.0 / (1.0 + std::exp(z[0])) : 1.0 / (1.0 + std::exp(-z[0]));
    return;
  }
  const double lse = log_sum_exp(z, outputs);
  double others = 0;
  for (std::size_t j = 0; j < outputs; ++j) {
    dz[j] = std::exp(z[j] - lse);
    if (j != y) others += dz[j];
  }
  dz[y] = -others;
}

// The gradient of each row's loss for rows [begin, begin + rows) of x, into
// the same rows of `out`, on the graph (its batch set to `rows`): the tape's
// backward pass from the logits with the upstream gradient d l / d z.
void block_gradient(AttackGraph& g, const MatrixD& x, const std::vector<std::int64_t>& labels, std::size_t begin,
                    std::size_t rows, MatrixD& out) {
  g.tape.set_batch_rows(rows);
  MatrixD& input = g.tape.value(g.input);
  const std::size_t d = x.cols();
  for (std::size_t r = 0; r < rows; ++r) std::copy(x.row(begin + r), x.row(begin + r) + d, input.row(r));
  g.tape.forward();
  const MatrixD& z = g.tape.value(g.logits);
  MatrixD upstream(rows, z.cols());
  for (std::size_t r = 0; r < rows; ++r)
    loss_gradient_at_logits(z.row(r), z.cols(), static_cast<std::size_t>(labels[begin + r]), upstream.row(r));
  g.tape.backward(g.logits, upstream);
  const MatrixD& grad = g.tape.grad(g.input);
  for (std::size_t r = 0; r < rows; ++r) std::copy(grad.row(r), grad.row(r) + d, out.row(begin + r));
}

double sign(double v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0; }

}  // namespace

std::vector<Attack> parse_attacks(const std::string& text) {
  std::vector<Attack> attacks;
  std::set<std::string> columns;
  for (const std::string& spec : split(text, ';')) {
    const std::size_t colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    if (colon == std::string::npos || (kind != "fgsm" && kind != "pgd"))
      throw usage_error("attack", "expected fgsm:EPS[,EPS...] or pgd:EPS[,EPS...],steps=S,step=A, got '" + spec + "'");
    std::vector<double> radii;
    std::size_t steps = 0;
    double step = 0;
    for (const std::string& part : split(spec.substr(colon + 1), ',')) {
      if (kind == "pgd" && part.rfind("steps=", 0) == 0) {
        steps = static_cast<std::size_t>(positive_number(part.substr(6), 10000, "steps", spec));
        if (static_cast<double>(steps) != std::strtod(part.substr(6).c_str(), nullptr))
          throw usage_error("attack", "steps must be a whole number from 1 to 10000, got '" + part.substr(6) + "' in '" +
                                          spec + "'");
      } else if (kind == "pgd" && part.rfind("step=", 0) == 0) {
        step = positive_number(part.substr(5), 1e6, "step", spec);
      } else {
        radii.push_back(positive_number(part, 1e6, "eps", spec));
      }
    }
    if (radii.empty()) throw usage_error("attack", "no radius EPS in '" + spec + "'");
    if (kind == "pgd" && (steps == 0 || step == 0))
      throw usage_error("attack", "pgd needs steps=S and step=A, got '" + spec + "'");
    for (double eps : radii) {
      Attack attack;
      attack.kind = kind == "fgsm" ? Attack::Kind::Fgsm : Attack::Kind::Pgd;
      attack.eps = eps;
      attack.steps = steps;
      attack.step = step;
      if (!columns.insert(attack_column(attack)).second)
        throw usage_error("attack", attack_column(attack) + " is asked for twice in '" + text + "'");
      attacks.push_back(attack);
    }
  }
  return attacks;
}

std::string attack_column(const Attack& attack) {
  return std::string(attack.kind == Attack::Kind::Fgsm ? "fgsm" : "pgd") + "_accuracy_eps" + format_double(attack.eps);
}

InputRange input_range(const Dataset& data) {
  if (data.features.empty()) throw std::logic_error("input_range: no data");
  const auto [low, high] = std::minmax_element(data.features.values().begin(), data.features.values().end());
  return {*low, *high};
}

MatrixD input_gradient(const Mlp<double>& mlp, const MatrixD& x, const std::vector<std::int64_t>& labels, int threads) {
  if (x.cols() != mlp.input_dim() || labels.size() != x.rows())
    throw std::logic_error("input_gradient: the points do not fit the model or the labels");
  MatrixD out(x.rows(), x.cols());
  if (x.rows() == 0) return out;
  AttackGraph g = build_attack_graph(mlp, std::min(kAttackRows, x.rows()), threads);
  for (std::size_t begin = 0; begin < x.rows(); begin += kAttackRows)
    block_gradient(g, x, labels, begin, std::min(kAttackRows, x.rows() - begin), out);
  return out;
}

MatrixD adversarial_inputs(const Mlp<float>& mlp, const Dataset& data, const Attack& attack, const InputRange& range,
                           int threads) {
  const Mlp<double> model = in_double(mlp);
  const MatrixF& clean = data.features;
  MatrixD x(clean.rows(), clean.cols());
  std::copy(clean.values().begin(), clean.values().end(), x.values().begin());
  const std::size_t steps = attack.kind == Attack::Kind::Fgsm ? 1 : attack.steps;
  const double step = attack.kind == Attack::Kind::Fgsm ? attack.eps : attack.step;
  for (std::size_t t = 0; t < steps; ++t) {
    const MatrixD g = input_gradient(model, x, data.labels, threads);
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double origin = clean.values()[i];
      double v = x.values()[i] + step * sign(g.values()[i]);
      v = std::min(std::max(v, origin - attack.eps), origin + attack.eps);  // P_eps (FGSM: already inside)
      x.values()[i] = std::min(std::max(v, range.low), range.high);        // the data's range
    }
  }
  return x;
}

double attacked_accuracy(const Mlp<float>& mlp, const Dataset& data, const Attack& attack, const InputRange& range,
                         int threads) {
  if (data.labels.empty()) return 0.0;
  const MatrixD x = adversarial_inputs(mlp, data, attack, range, threads);
  const MatrixD z = mlp_logits(in_double(mlp), x, threads);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < z.rows(); ++i) {
    const double* zi = z.row(i);
    const std::int64_t predicted =
        z.cols() == 1 ? (zi[0] > 0 ? 1 : 0) : static_cast<std::int64_t>(std::max_element(zi, zi + z.cols()) - zi);
    correct += predicted == data.labels[i];
  }
  return static_cast<double>(correct) / static_cast<double>(z.rows());
}

}  // namespace ricci
