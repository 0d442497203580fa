// train.cpp — the training graph and the minibatch loop.
#include "nn/train.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "data/error.h"
#include "nn/early_stopping.h"

namespace ricci {

template <class T>
MlpGraph<T> build_training_graph(const Mlp<T>& mlp, std::size_t batch_rows, int threads,
                                 const RicciFlowOptions& ricci_flow, std::size_t anchors) {
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
  g.objective = g.loss;
  if (!(ricci_flow.lambda > 0.0)) return g;

  // The anchors' path through the same weights: A_0 = anchors (m x d),
  // A_l = relu(A_{l-1} W_{l-1} + b_{l-1}) for the hidden layers l = 1..L
  // (the output layer, one logit or C, has no penalty: it does not depend
  // on the number of classes).
  const std::size_t depth = mlp.layer_count() - 1;
  const std::size_t pairs = anchors * ricci_flow.k;
  g.anchors = g.tape.input(anchors, mlp.input_dim(), false);
  std::vector<int> a{g.anchors};
  for (std::size_t l = 0; l < depth; ++l)
    a.push_back(g.tape.relu(g.tape.add_bias(g.tape.matmul(a.back(), g.weights[l]), g.biases[l])));
  // P_l on the k-NN pairs of A_{l-1}; objective = loss + lambda / L sum_l P_l.
  // The input's distances are data, fixed while the anchors are: a leaf
  // set with the pairs (pair_distances of 784 columns every step would cost
  // as much as the step).
  g.input_distances = g.tape.input(pairs, 1, false);
  for (std::size_t l = 1; l <= depth; ++l) {
    g.pairs.push_back(g.tape.input(pairs, 2, false));
    g.coefficients.push_back(g.tape.input(pairs, 1, false));
    const int previous = l == 1 ? g.input_distances : g.tape.pair_distances(a[l - 1], g.pairs.back());
    const int next = g.tape.pair_distances(a[l], g.pairs.back());
    g.penalties.push_back(g.tape.ricci_flow_penalty(previous, next, g.coefficients.back()));
    const double weight = ricci_flow.lambda * static_cast<double>(ricci_flow.every) / static_cast<double>(depth);
    g.objective = g.tape.add_scaled(g.objective, g.penalties.back(), weight);
  }
  return g;
}

template <class T>
void copy_parameters(const MlpGraph<T>& graph, Mlp<T>& mlp) {
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    mlp.weights[l] = graph.tape.value(graph.weights[l]);
    mlp.biases[l] = graph.tape.value(graph.biases[l]);
  }
}

void check_ricci_flow_settings(const TrainOptions& options, std::size_t n) {
  const RicciFlowOptions& rf = options.ricci_flow;
  if (!std::isfinite(rf.lambda) || rf.lambda < 0.0)
    throw usage_error("Ricci-flow weight", "must be a finite number >= 0, got " + std::to_string(rf.lambda));
  if (!(rf.lambda > 0.0)) return;
  if (!(rf.step > 0.0 && rf.step <= 1.0))
    throw usage_error("Ricci-flow step", "tau must be in (0, 1] (so that 1 - tau kappa >= 0 for kappa <= 1), got " +
                                             std::to_string(rf.step));
  const std::size_t m = std::min(rf.anchors, n);
  if (rf.every < 1) throw usage_error("Ricci-flow interval", "the penalty needs a step interval of at least 1");
  if (rf.k < 1 || rf.k >= m)
    throw usage_error("Ricci-flow k", "k = " + std::to_string(rf.k) + " needs 1 <= k < the anchors (" +
                                          std::to_string(m) + ")");
}

std::size_t trained_points(const Dataset& data, double validation_fraction) {
  if (!(validation_fraction > 0.0)) return data.labels.size();
  Rng any(0);  // the part's size does not depend on which points the draw picks
  return stratified_split(data, validation_fraction, any).first.labels.size();
}

namespace {

// The checks of the regulariser's settings, for n training points.
void check_ricci_flow(const TrainOptions& options, std::size_t n) {
  check_ricci_flow_settings(options, n);
  if (options.ricci_flow.lambda > 0.0 && !options.pair_curvature)
    throw std::logic_error("train_mlp: the Ricci-flow regulariser needs pair_curvature");
}

// Draws the epoch's anchors and sets each layer's pairs and coefficients
// (docs/method.md, definition 16): the k-NN pairs of the anchors' layer l - 1
// and 1 - tau kappa of each, from the network as it stands.
void refresh_ricci_flow(MlpGraph<float>& graph, Mlp<float>& mlp, const Dataset& train, const TrainOptions& options,
                        Rng& anchor_rng) {
  Tape<float>& tape = graph.tape;
  MatrixF& anchors = tape.value(graph.anchors);
  const std::vector<std::size_t> order = anchor_rng.permutation(train.labels.size());
  for (std::size_t r = 0; r < anchors.rows(); ++r)
    std::copy(train.features.row(order[r]), train.features.row(order[r]) + anchors.cols(), anchors.row(r));
  copy_parameters(graph, mlp);
  const std::vector<MatrixF> layers = layer_activations(mlp, anchors, false, options.threads);
  const std::size_t k = options.ricci_flow.k;
  for (std::size_t l = 0; l < graph.pairs.size(); ++l) {
    const PairCurvatures found = options.pair_curvature(layers[l], k);
    MatrixF& pairs = tape.value(graph.pairs[l]);
    MatrixF& coefficients = tape.value(graph.coefficients[l]);
    if (found.neighbours.size() != pairs.rows() || found.kappa.size() != pairs.rows())
      throw std::logic_error("train_mlp: pair_curvature gave the wrong number of pairs");
    for (std::size_t e = 0; e < pairs.rows(); ++e) {
      pairs(e, 0) = static_cast<float>(e / k);
      pairs(e, 1) = static_cast<float>(found.neighbours[e]);
      coefficients(e, 0) = static_cast<float>(1.0 - options.ricci_flow.step * found.kappa[e]);
    }
  }
  // d_0 of the pairs of layer 0, as pair_distances computes it.
  Tape<float> once;
  const int x = once.input(anchors.rows(), anchors.cols(), false);
  const int p = once.input(tape.value(graph.pairs[0]).rows(), 2, false);
  const int d = once.pair_distances(x, p);
  once.value(x) = anchors;
  once.value(p) = tape.value(graph.pairs[0]);
  once.forward();
  tape.value(graph.input_distances) = once.value(d);
}

}  // namespace

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
  check_ricci_flow(options, n);
  const bool regularised = options.ricci_flow.lambda > 0.0;
  Rng anchor_rng(options.ricci_flow.seed, options.ricci_flow.stream);

  MlpGraph<float> graph = build_training_graph(mlp, batch, options.threads, options.ricci_flow,
                                               std::min(options.ricci_flow.anchors, n));
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

  std::size_t step = 0;  // steps of the run so far
  for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
    rng.shuffle(order);
    if (regularised) refresh_ricci_flow(graph, mlp, train_part, options, anchor_rng);
    double loss_sum = 0.0, penalty_sum = 0.0;
    std::size_t penalty_steps = 0;
    std::size_t correct = 0;
    for (std::size_t start = 0; start < n; start += batch) {
      const std::size_t rows = std::min(batch, n - start);
      tape.set_batch_rows(rows);
      Matrix<float>& x = tape.value(graph.input);
      Matrix<float>& t = tape.value(graph.targets);
      // The next minibatch's rows are scattered over the training set, which
      // is larger than the caches: ask for them now, so that they arrive
      // while this step computes (a hint: no effect on any value).
      for (std::size_t r = start + batch; r < std::min(n, start + 2 * batch); ++r) {
        const char* row = reinterpret_cast<const char*>(train_part.features.row(order[r]));
        for (std::size_t byte = 0; byte < d * sizeof(float); byte += 64) __builtin_prefetch(row + byte);
      }
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
      // The penalty on every R-th step of the run (R = ricci_flow.every),
      // weighted by R in the objective; the other steps stop at the loss.
      const bool penalty_step = regularised && step % options.ricci_flow.every == 0;
      ++step;
      const int objective_node = penalty_step ? graph.objective : graph.loss;
      tape.forward(objective_node);
      const double loss = tape.value(graph.loss)(0, 0);
      const double objective = tape.value(objective_node)(0, 0);
      if (!std::isfinite(loss) || !std::isfinite(objective))
        throw data_error("training diverged: the loss is " +
                         std::string(std::isnan(loss) || std::isnan(objective) ? "NaN" : "infinite") +
                         (std::isfinite(loss) ? " with the Ricci-flow penalty" : "") + " at epoch " +
                         std::to_string(epoch) + ", step " + std::to_string(start / batch + 1) +
                         " (try a smaller learning rate)");
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
      if (penalty_step) {
        ++penalty_steps;
        for (int p : graph.penalties) penalty_sum += tape.value(p)(0, 0) / static_cast<double>(graph.penalties.size());
      }
      tape.backward(objective_node);
      optimizer.step();
    }
    EpochRecord record;
    record.loss = loss_sum / static_cast<double>(n);
    record.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    if (regularised && penalty_steps > 0) record.ricci_flow_penalty = penalty_sum / static_cast<double>(penalty_steps);
    const bool need_model = !validation.labels.empty() || options.target_accuracy > 0.0 || on_epoch;
    if (need_model) copy_parameters(graph, mlp);
    if (!validation.labels.empty()) {
      const Evaluation held_out = evaluate(mlp, validation, options.threads);  // one pass, the same bits
      record.val_loss = held_out.loss;
      record.val_accuracy = held_out.accuracy;
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

template MlpGraph<float> build_training_graph(const Mlp<float>&, std::size_t, int, const RicciFlowOptions&,
                                              std::size_t);
template MlpGraph<double> build_training_graph(const Mlp<double>&, std::size_t, int, const RicciFlowOptions&,
                                               std::size_t);
template void copy_parameters(const MlpGraph<float>&, Mlp<float>&);
template void copy_parameters(const MlpGraph<double>&, Mlp<double>&);

}  // namespace ricci
