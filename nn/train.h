// train.h — minibatch training of the MLP with binary cross-entropy, or
// categorical cross-entropy for a C-class model (docs/method.md, definition 9) by one of the optimizers of optimizer.h
// (definitions 10 to 12).
//
// The training graph is built once on a tape (tape.h):
//   H_0 = X (batch x d);  H_l = relu(H_{l-1} W_{l-1} + b_{l-1}), l = 1..D;
//   z = H_D W_D + b_D (batch x 1);  loss = mean(bce_with_logits(z, t))
// or, for C classes, z batch x C and loss = mean(softmax_cross_entropy(z, t))
// with one-hot targets t (batch x C)
// and replayed for every minibatch; only the row count changes, so the
// buffers, and the optimizer state, are allocated once.
//
// Each epoch visits the training points in a fresh seeded order, in
// minibatches of `batch` (the last one smaller). Per epoch we keep the mean
// loss and the accuracy over the minibatches, as Keras reports them (from each
// batch's forward pass, before its update), and the loss and accuracy of the
// validation part when a validation fraction is set. With a target accuracy,
// training stops after the first epoch at whose end the accuracy of the whole
// training set (evaluated afresh) reaches it, as Hehl et al. train to a
// threshold. With a patience P (and a validation part), training stops after
// the first epoch that is P epochs past the lowest validation loss
// (early_stopping.h), keeping that last epoch's weights. An epoch callback
// may stop training too. A NaN or infinite loss stops training with a data
// error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "data/random.h"
#include "data/sets/dataset.h"
#include "nn/mlp.h"
#include "nn/optimizer.h"
#include "nn/tape.h"

namespace ricci {

// The MLP's training graph on a tape, with the ids of its nodes.
template <class T>
struct MlpGraph {
  Tape<T> tape;
  int input = -1;    // batch x d
  int targets = -1;  // batch x 1, the labels as 0/1; or batch x C, one-hot
  int logits = -1;   // batch x 1, or batch x C
  int loss = -1;     // 1 x 1, mean binary (or categorical) cross-entropy
  std::vector<int> weights, biases;
};

// Builds the graph for `mlp` (its weights copied in as parameters) with room
// for `batch_rows` rows; its products use `threads` workers.
template <class T>
MlpGraph<T> build_training_graph(const Mlp<T>& mlp, std::size_t batch_rows, int threads = 1);
// Copies the graph's current parameters back into `mlp`.
template <class T>
void copy_parameters(const MlpGraph<T>& graph, Mlp<T>& mlp);

struct TrainOptions {
  std::size_t epochs = 50;
  std::size_t batch = 32;
  OptimizerSettings optimizer;
  double target_accuracy = 0.0;      // > 0: stop once the training set reaches it
  double validation_fraction = 0.0;  // > 0: hold out a stratified part for validation
  std::size_t patience = 0;          // > 0: stop P epochs past the lowest validation loss (needs validation)
  int threads = 1;                   // workers for the matrix products; results do not depend on it
};

struct EpochRecord {
  double loss = 0.0;            // mean minibatch loss over the epoch
  double accuracy = 0.0;        // accuracy over the epoch's minibatches
  double val_loss = -1.0;       // -1 when there is no validation part
  double val_accuracy = -1.0;
};

struct TrainResult {
  std::vector<EpochRecord> history;
  bool reached_target = false;  // stopped early at the target accuracy
  bool out_of_patience = false;  // stopped early by the patience rule
  bool stopped_by_callback = false;  // stopped early by the epoch callback
  std::size_t train_points = 0;       // after the validation hold-out
  std::size_t validation_points = 0;
  Dataset train_part;  // the points trained on: the data without the validation part
};

// Called after every epoch (1-based) with its record and the network as it
// stands at the epoch's end (its parameters copied out of the training
// graph, which the call cannot touch, so watching never changes training);
// returns false to stop training after this epoch. For progress display,
// tracking and stopping rules the loop does not know.
using EpochCallback = std::function<bool(std::size_t epoch, const EpochRecord& record, const Mlp<float>& mlp)>;

// Trains `mlp` (already initialised) on `data` (labels 0/1, or 0..C-1 for a
// model of C outputs). `rng` draws the
// validation hold-out and every epoch's order; the result depends only on the
// inputs and the state of `rng`.
TrainResult train_mlp(Mlp<float>& mlp, const Dataset& data, const TrainOptions& options, Rng& rng,
                      const EpochCallback& on_epoch = nullptr);

extern template MlpGraph<float> build_training_graph(const Mlp<float>&, std::size_t, int);
extern template MlpGraph<double> build_training_graph(const Mlp<double>&, std::size_t, int);
extern template void copy_parameters(const MlpGraph<float>&, Mlp<float>&);
extern template void copy_parameters(const MlpGraph<double>&, Mlp<double>&);

}  // namespace ricci
