// optimizer.h — SGD (with momentum), Adam and RMSprop (docs/method.md,
// definitions 10, 11 and 12).
//
// Each step updates every parameter p from its gradient g, element by
// element; weight decay, when set, is L2 regularisation added to the
// gradient first (g += weight_decay * p), as PyTorch's SGD and Adam do.
//
//   SGD      v = momentum v + g  (v = g on the first step);  p -= lr v
//            (definition 10; PyTorch's SGD, dampening 0, no Nesterov;
//            momentum 0 is plain SGD)
//   Adam     m = b1 m + (1 - b1) g;  s = b2 s + (1 - b2) g^2;
//            p -= lr (m / (1 - b1^t)) / (sqrt(s) / sqrt(1 - b2^t) + eps)
//            (definition 11; Kingma and Ba 2015; PyTorch defaults lr 1e-3,
//            b1 0.9, b2 0.999, eps 1e-8)
//   RMSprop  s = rho s + (1 - rho) g^2;  v = momentum v + lr g / (sqrt(s) + eps);  p -= v
//            (definition 12; Hinton's lecture 6e, as Keras implements it;
//            Keras defaults lr 1e-3, rho 0.9, eps 1e-7, momentum 0, which
//            the paper used)
//
// State buffers are allocated once, when the optimizer is made.
#pragma once

#include <string>
#include <vector>

#include "data/matrix.h"

namespace ricci {

enum class OptimizerKind { Sgd, Adam, Rmsprop };

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::Rmsprop;
  double lr = 1e-3;
  double momentum = 0.0;      // SGD and RMSprop
  double weight_decay = 0.0;  // L2, all optimizers
  double beta1 = 0.9;         // Adam
  double beta2 = 0.999;       // Adam
  double rho = 0.9;           // RMSprop
  double eps = 1e-7;          // Adam and RMSprop
};

// The defaults of each optimizer (see above); SGD's lr is 0.01.
OptimizerSettings default_optimizer_settings(OptimizerKind kind);
// "sgd", "adam", "rmsprop" -> kind; anything else is a usage error.
OptimizerKind parse_optimizer(const std::string& name);
const char* optimizer_name(OptimizerKind kind);

template <class T>
class Optimizer {
 public:
  // params[i] is updated from grads[i]; both must outlive the optimizer.
  Optimizer(const OptimizerSettings& settings, std::vector<Matrix<T>*> params,
            std::vector<const Matrix<T>*> grads);
  void step();

 private:
  OptimizerSettings settings_;
  std::vector<Matrix<T>*> params_;
  std::vector<const Matrix<T>*> grads_;
  std::vector<Matrix<T>> first_;   // SGD/RMSprop momentum buffer, Adam m
  std::vector<Matrix<T>> second_;  // Adam s, RMSprop s
  long step_ = 0;
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

}  // namespace ricci
