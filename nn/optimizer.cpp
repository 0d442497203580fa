// optimizer.cpp — the update rules, one loop per parameter matrix
// (docs/method.md, definitions 10 to 12).
#include "nn/optimizer.h"

#include <cmath>
#include <stdexcept>

#include "data/error.h"

namespace ricci {

OptimizerSettings default_optimizer_settings(OptimizerKind kind) {
  OptimizerSettings s;
  s.kind = kind;
  switch (kind) {
    case OptimizerKind::Sgd: s.lr = 0.01; break;
    case OptimizerKind::Adam: s.lr = 1e-3; s.eps = 1e-8; break;
    case OptimizerKind::Rmsprop: s.lr = 1e-3; s.rho = 0.9; s.eps = 1e-7; break;
  }
  return s;
}

OptimizerKind parse_optimizer(const std::string& name) {
  if (name == "sgd") return OptimizerKind::Sgd;
  if (name == "adam") return OptimizerKind::Adam;
  if (name == "rmsprop") return OptimizerKind::Rmsprop;
  throw usage_error("optimizer", "expected sgd, adam or rmsprop, got '" + name + "'");
}

const char* optimizer_name(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::Sgd: return "sgd";
    case OptimizerKind::Adam: return "adam";
    case OptimizerKind::Rmsprop: return "rmsprop";
  }
  return "?";
}

template <class T>
Optimizer<T>::Optimizer(const OptimizerSettings& settings, std::vector<Matrix<T>*> params,
                        std::vector<const Matrix<T>*> grads)
    : settings_(settings), params_(std::move(params)), grads_(std::move(grads)) {
  if (params_.size() != grads_.size()) throw std::logic_error("optimizer: params and grads differ");
  for (std::size_t i = 0; i < params_.size(); ++i) {
    if (params_[i]->size() != grads_[i]->size()) throw std::logic_error("optimizer: shape mismatch");
    first_.emplace_back(params_[i]->rows(), params_[i]->cols());
    second_.emplace_back(params_[i]->rows(), params_[i]->cols());
  }
}

namespace {

// The update rules of one parameter matrix of n elements, as scalars of
// its precision.
template <class T>
struct Step {
  OptimizerKind kind;
  T lr, decay, momentum, eps;
  T b1, b2, step_size, sqrt_correction2;  // Adam
  T rho;                                   // RMSprop
  T keep;                                  // SGD: 0 on the first step, else momentum
};

// The element loops, one per rule. Branches are decided outside the loops so
// that they vectorise, and the four buffers never overlap (__restrict). On
// x86-64 GCC compiles the function for AVX-512, AVX2 and the baseline and
// picks one at run time; every operation here (+, *, /, sqrt) is correctly
// rounded in each, so all three give the same bits. Not under
// ThreadSanitizer (`make tsan`), whose runtime crashes in the clones' resolver.
template <class T>
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void update(const Step<T>& c, std::size_t n, T* __restrict p, const T* __restrict grad, T* __restrict first,
            T* __restrict second) {
  switch (c.kind) {
    case OptimizerKind::Sgd:  // definition 10
      if (c.momentum == T(0)) {
        for (std::size_t i = 0; i < n; ++i) p[i] -= c.lr * (grad[i] + c.decay * p[i]);
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          first[i] = c.keep * first[i] + (grad[i] + c.decay * p[i]);
          p[i] -= c.lr * first[i];
        }
      }
      return;
    case OptimizerKind::Adam:  // definition 11
      for (std::size_t i = 0; i < n; ++i) {
        const T g = grad[i] + c.decay * p[i];
        first[i] = c.b1 * first[i] + (T(1) - c.b1) * g;
        second[i] = c.b2 * second[i] + (T(1) - c.b2) * g * g;
        p[i] -= c.step_size * first[i] / (std::sqrt(second[i]) / c.sqrt_correction2 + c.eps);
      }
      return;
    case OptimizerKind::Rmsprop:  // definition 12, Keras's form: eps outside the square root
      if (c.momentum == T(0)) {
        for (std::size_t i = 0; i < n; ++i) {
          const T g = grad[i] + c.decay * p[i];
          second[i] = c.rho * second[i] + (T(1) - c.rho) * g * g;
          p[i] -= c.lr * g / (std::sqrt(second[i]) + c.eps);
        }
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          const T g = grad[i] + c.decay * p[i];
          second[i] = c.rho * second[i] + (T(1) - c.rho) * g * g;
          first[i] = c.momentum * first[i] + c.lr * g / (std::sqrt(second[i]) + c.eps);
          p[i] -= first[i];
        }
      }
      return;
  }
}

}  // namespace

template <class T>
void Optimizer<T>::step() {
  ++step_;
  Step<T> c;
  c.kind = settings_.kind;
  c.lr = static_cast<T>(settings_.lr);
  c.decay = static_cast<T>(settings_.weight_decay);
  c.momentum = static_cast<T>(settings_.momentum);
  c.eps = static_cast<T>(settings_.eps);
  c.b1 = static_cast<T>(settings_.beta1);
  c.b2 = static_cast<T>(settings_.beta2);
  const T correction1 = T(1) - static_cast<T>(std::pow(settings_.beta1, static_cast<double>(step_)));
  const T correction2 = T(1) - static_cast<T>(std::pow(settings_.beta2, static_cast<double>(step_)));
  c.step_size = c.lr / correction1;
  c.sqrt_correction2 = std::sqrt(correction2);
  c.rho = static_cast<T>(settings_.rho);
  c.keep = step_ == 1 ? T(0) : c.momentum;  // v = momentum v + g, and v = g on the first step
  for (std::size_t k = 0; k < params_.size(); ++k)
    update(c, params_[k]->size(), params_[k]->data(), grads_[k]->data(), first_[k].data(), second_[k].data());
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace ricci
