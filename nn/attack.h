// attack.h — adversarial inputs against a trained MLP, and its accuracy on
// them (docs/method.md, definition 14): the fast gradient sign method (FGSM,
// Goodfellow, Shlens and Szegedy, ICLR 2015) and projected gradient descent
// (PGD, Madry et al., ICLR 2018), both in the L-infinity ball.
//
// For a point x of class y and the model's loss l(x, y) (the training loss,
// binary or categorical cross-entropy, mlp.h), with g = d l / d x from the
// tape (tape.h, the input as a leaf with a gradient, the weights constants):
//
//   FGSM   x' = clip(x + eps sign(g(x)))
//   PGD    x_0 = x;  x_{t+1} = clip(P_eps(x_t + a sign(g(x_t)))),  t = 0..S-1
//
// sign(0) = 0 (as torch.sign); P_eps clamps every coordinate to
// [x_j - eps, x_j + eps]; clip clamps it to the data's range [lo, hi]. PGD
// starts at the clean input (no random start), so the attack is a function
// of the weights and the data alone. The attack runs in double precision on
// the float weights (converted exactly), so that another program doing the
// same in float64 finds the same points; the accuracy under attack is the
// top-1 (or logit > 0) accuracy of the double-precision forward pass on x'.
// Each point's attack uses its own loss only, so rows are attacked in
// blocks of kAttackRows and the result does not depend on the blocking or
// on `threads` (the workers of each product, data/blas.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/matrix.h"
#include "data/sets/dataset.h"
#include "nn/mlp.h"

namespace ricci {

struct Attack {
  enum class Kind { Fgsm, Pgd };
  Kind kind = Kind::Fgsm;
  double eps = 0;          // the L-infinity radius, > 0
  std::size_t steps = 0;   // PGD: S >= 1
  double step = 0;         // PGD: the step a > 0
};

// `--attack`: one or more specs separated by ';':
//   fgsm:EPS[,EPS...]                     one FGSM attack per radius
//   pgd:EPS[,EPS...],steps=S,step=A       one PGD attack per radius, S steps of size A
// Radii are positive and at most 1e6, S from 1 to 10,000, A positive and at
// most 1e6. Anything else, or two attacks with one column name, is a usage
// error whose subject is "attack".
std::vector<Attack> parse_attacks(const std::string& text);

// The column of an attack's accuracy in metrics.json and models.csv:
// fgsm_accuracy_eps<EPS> or pgd_accuracy_eps<EPS>, EPS in the shortest form
// that reads back to the same double (data/format.h): fgsm_accuracy_eps0.1.
std::string attack_column(const Attack& attack);

// The range inputs are clipped to: the smallest and largest feature value
// of `data` (over every coordinate: [0, 1] for unit-scaled pixels).
struct InputRange {
  double low = 0, high = 0;
};
InputRange input_range(const Dataset& data);

// The gradient of each row's own loss with respect to that row, n x d, for
// the rows of x (n x d) of classes `labels`; in double.
MatrixD input_gradient(const Mlp<double>& mlp, const MatrixD& x, const std::vector<std::int64_t>& labels,
                       int threads = 1);

// The attacked points, n x d, in double.
MatrixD adversarial_inputs(const Mlp<float>& mlp, const Dataset& data, const Attack& attack, const InputRange& range,
                           int threads = 1);

// The accuracy of `mlp` on the attacked points of `data` (the double forward pass).
double attacked_accuracy(const Mlp<float>& mlp, const Dataset& data, const Attack& attack, const InputRange& range,
                         int threads = 1);

// The rows attacked at once.
inline constexpr std::size_t kAttackRows = 2048;

}  // namespace ricci
