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
//
// With the Ricci-flow regulariser (lambda > 0; docs/method.md, definition
// 16, and docs/training.md) the graph gains a second path through the same
// weights: a fixed set of m anchor points (m x d, not batched), its hidden
// layers A_0..A_L, and per hidden layer l the penalty of definition 16 on the
// k-NN pairs of A_{l-1}; the objective is loss + lambda / L sum_l P_l on
// every R-th step (ricci_flow.every), with R lambda in place of lambda so
// that the penalty's gradient adds up to lambda's over R steps, and the
// loss alone on the others (a penalised step costs about four plain ones at
// m = 64, k = 10; docs/training.md). At the
// start of every epoch the anchors are drawn afresh (their own seeded
// stream, so the minibatch order is the unregularised twin's) and each
// layer's pairs and curvatures are computed once, by a function the caller
// supplies (nn/ knows no geometry: bin/ passes geom/'s exact Ollivier-Ricci
// curvature), then held fixed for the epoch. With lambda = 0 none of this
// is built and training is the plain one, bit for bit.
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
  int objective = -1;  // 1 x 1, what training minimises: loss, plus the Ricci-flow penalties when on
  std::vector<int> weights, biases;
  // The Ricci-flow path (empty when off): the anchors (m x d), and per hidden
  // layer l = 1..L the pairs (E x 2, anchor numbers) and coefficients
  // 1 - tau kappa (E x 1) of the k-NN graph of layer l - 1, and P_l (1 x 1).
  // input_distances (E x 1) holds the distances of layer 0's pairs in the
  // input, set with the pairs (data: no gradient, fixed for the epoch).
  int anchors = -1, input_distances = -1;
  std::vector<int> pairs, coefficients, penalties;
};

// The Ricci-flow regulariser's settings (docs/method.md, definition 16).
struct RicciFlowOptions {
  double lambda = 0.0;         // weight of the mean penalty; 0: off
  std::size_t k = 10;          // neighbours per anchor in each layer's k-NN graph
  double step = 0.5;           // tau, in (0, 1]
  std::size_t anchors = 64;    // m, at most the training points
  std::size_t every = 8;       // R: the penalty on every R-th step, weighted R
  std::uint64_t seed = 1;      // the anchors are drawn from Rng(seed, stream)
  std::uint64_t stream = 3;
};

// The k nearest neighbours of each of n points (row i of the pairs is
// neighbours[i k .. i k + k - 1]) and the curvature of each pair's edge,
// aligned with neighbours.
struct PairCurvatures {
  std::vector<std::uint32_t> neighbours;
  std::vector<double> kappa;
};
using PairCurvatureFunction = std::function<PairCurvatures(const MatrixF& points, std::size_t k)>;

// Builds the graph for `mlp` (its weights copied in as parameters) with room
// for `batch_rows` rows; its products use `threads` workers. With
// ricci_flow.lambda > 0 also the Ricci-flow path on `anchors` anchor points
// (pairs and coefficients zero until set).
template <class T>
MlpGraph<T> build_training_graph(const Mlp<T>& mlp, std::size_t batch_rows, int threads = 1,
                                 const RicciFlowOptions& ricci_flow = {}, std::size_t anchors = 0);
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
  RicciFlowOptions ricci_flow;       // lambda > 0: the Ricci-flow regulariser
  PairCurvatureFunction pair_curvature;  // needed when ricci_flow.lambda > 0
};

struct EpochRecord {
  double loss = 0.0;            // mean minibatch loss over the epoch
  double accuracy = 0.0;        // accuracy over the epoch's minibatches
  double val_loss = -1.0;       // -1 when there is no validation part
  double val_accuracy = -1.0;
  double ricci_flow_penalty = -1.0;  // mean over the epoch's steps of sum_l P_l / L; -1 when off
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

// The points train_mlp trains on: all of `data`, less the stratified
// validation part (round(fraction x class size) points of each class) when
// a validation fraction is set.
std::size_t trained_points(const Dataset& data, double validation_fraction);

// The Ricci-flow regulariser's settings against n trained points, the
// usage errors train_mlp gives (lambda, tau, the interval, 1 <= k < the
// anchors in use): for a driver to check them before anything is written.
void check_ricci_flow_settings(const TrainOptions& options, std::size_t n);


// Trains `mlp` (already initialised) on `data` (labels 0/1, or 0..C-1 for a
// model of C outputs). `rng` draws the
// validation hold-out and every epoch's order; the result depends only on the
// inputs and the state of `rng`.
TrainResult train_mlp(Mlp<float>& mlp, const Dataset& data, const TrainOptions& options, Rng& rng,
                      const EpochCallback& on_epoch = nullptr);

extern template MlpGraph<float> build_training_graph(const Mlp<float>&, std::size_t, int, const RicciFlowOptions&,
                                                     std::size_t);
extern template MlpGraph<double> build_training_graph(const Mlp<double>&, std::size_t, int, const RicciFlowOptions&,
                                                      std::size_t);
extern template void copy_parameters(const MlpGraph<float>&, Mlp<float>&);
extern template void copy_parameters(const MlpGraph<double>&, Mlp<double>&);

}  // namespace ricci
