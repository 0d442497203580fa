// train.cpp — the training graph and the minibatch loop.
#include "nn/train.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "data/error.h"
#include "nn/early_stopping.h"

namespace ricci {

template <class T>
MlpGraph<T> build_training_graph(const Mlp<T>& mlp, std::size_t batch_rows, int threads) {
  MlpGraph<T> g;
  g.tape = Tape<T>(threads);
  g.input = g.tape.input(batch_rows, mlp.input_dim());
  g.targets = g.tape.input(batch_rows, mlp.output_width());
  int h = g.input;
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    g.weights.push_back(g.tape.parameter(mlp.weights[l]));
    g.biases.push_back(g.tape.parameter(mlp.biases[l]));
    h = g.tape.add_bias(g.tape.matmul(h, g.weights.back()), g.biases.back());
    if (l + 1 < mlp.layer_count()) h = g.tape.relu(h);
  }
  g.logits = h;
  g.loss = mlp.output_width() == 1 ? g.tape.mean(g.tape.bce_with_logits(g.logits, g.targets))
                                   : g.tape.mean(g.tape.softmax_cross_entropy(g.logits, g.targets));
  return g;
}

template <class T>
void copy_parameters(const MlpGraph<T>& graph, Mlp<T>& mlp) {
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    mlp.weights[l] = graph.tape.value(graph.weights[l]);
    mlp.biases[l] = graph.tape.value(graph.biases[l]);
  }
}

TrainResult train_mlp(Mlp<float>& mlp, const Dataset& data, const TrainOptions& options, Rng& rng,
                      const EpochCallback& on_epoch) {
  if (options.batch == 0) throw usage_error("batch size", "must be at least 1");
  if (data.features.cols() != mlp.input_dim())
    throw data_error("training data has " + std::to_string(data.features.cols()) +
                     " columns, the model expects " + std::to_string(mlp.input_dim()));
  check_class_labels(data, mlp.class_count(), "training data");
  if (options.patience > 0 && !(options.validation_fraction > 0.0))
    throw usage_error("patience", "needs a validation part (a validation fraction) whose loss it watches");

  Dataset train_part = data;
  Dataset validation;
  if (options.validation_fraction > 0.0) {
    Split split = stratified_split(data, options.validation_fraction, rng);
    train_part = std::move(split.first);
    validation = std::move(split.second);
  }
  const std::size_t n = train_part.labels.size();
  const std::size_t d = mlp.input_dim();
  const std::size_t outputs = mlp.output_width();
  const std::size_t batch = std::min(options.batch, n);

  MlpGraph<float> graph = build_training_graph(mlp, batch, options.threads);
  Tape<float>& tape = graph.tape;
  std::vector<Matrix<float>*> params;
  std::vector<const Matrix<float>*> grads;
  for (int id : tape.parameters()) {
    params.push_back(&tape.value(id));
    grads.push_back(&tape.grad(id));
  }
  Optimizer<float> optimizer(options.optimizer, params, grads);

  TrainResult result;
  result.train_points = n;
  result.validation_points = validation.labels.size();
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::vector<double> validation_losses;

  for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
    rng.shuffle(order);
    double loss_sum = 0.0;
    std::size_t correct = 0;
    for (std::size_t start = 0; start < n; start += batch) {
      const std::size_t rows = std::min(batch, n - start);
      tape.set_batch_rows(rows);
      Matrix<float>& x = tape.value(graph.input);
      Matrix<float>& t = tape.value(graph.targets);
      for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t i = order[start + r];
        std::copy(train_part.features.row(i), train_part.features.row(i) + d, x.row(r));
        if (outputs == 1) {
          t(r, 0) = static_cast<float>(train_part.labels[i]);
        } else {  // one-hot
          std::fill(t.row(r), t.row(r) + outputs, 0.0f);
          t(r, static_cast<std::size_t>(train_part.labels[i])) = 1.0f;
        }
      }
      tape.forward();
      const double loss = tape.value(graph.loss)(0, 0);
      if (!std::isfinite(loss))
        throw data_error("training diverged: the loss is " + std::string(std::isnan(loss) ? "NaN" : "infinite") +
                         " at epoch " + std::to_string(epoch) + ", step " +
                         std::to_string(start / batch + 1) + " (try a smaller learning rate)");
      loss_sum += loss * static_cast<double>(rows);
      const Matrix<float>& z = tape.value(graph.logits);
      if (outputs == 1) {
        for (std::size_t r = 0; r < rows; ++r) correct += (z(r, 0) > 0.0f ? 1.0f : 0.0f) == t(r, 0);
      } else {  // top-1: the largest logit (the first on ties) is the target's class
        for (std::size_t r = 0; r < rows; ++r) {
          const float* zr = z.row(r);
          correct += t(r, static_cast<std::size_t>(std::max_element(zr, zr + outputs) - zr)) == 1.0f;
        }
      }
      tape.backward(graph.loss);
      optimizer.step();
    }
    EpochRecord record;
    record.loss = loss_sum / static_cast<double>(n);
    record.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    const bool need_model = !validation.labels.empty() || options.target_accuracy > 0.0 || on_epoch;
    if (need_model) copy_parameters(graph, mlp);
    if (!validation.labels.empty()) {
      record.val_loss = mlp_loss(mlp, validation.features, validation.labels, options.threads);
      record.val_accuracy = accuracy(mlp, validation, options.threads);
      validation_losses.push_back(record.val_loss);
    }
    result.history.push_back(record);
    if (on_epoch && !on_epoch(epoch, record, mlp)) {
      result.stopped_by_callback = true;
      break;
    }
    if (options.target_accuracy > 0.0 && accuracy(mlp, train_part, options.threads) >= options.target_accuracy) {
      result.reached_target = true;
      break;
    }
    if (out_of_patience(validation_losses, options.patience)) {
      result.out_of_patience = true;
      break;
    }
  }
  copy_parameters(graph, mlp);
  result.train_part = std::move(train_part);
  return result;
}

template MlpGraph<float> build_training_graph(const Mlp<float>&, std::size_t, int);
template MlpGraph<double> build_training_graph(const Mlp<double>&, std::size_t, int);
template void copy_parameters(const MlpGraph<float>&, Mlp<float>&);
template void copy_parameters(const MlpGraph<double>&, Mlp<double>&);

}  // namespace ricci
