// flow_support.h — a tiny sweep whose statistics were worked out with SciPy
// and NumPy (test/flow_groups.cpp, test/flow_summary.cpp; the values come
// from test/tiny_sweep_reference.py).
//
// Eight models of depth 5 (layer 0 the input, 1..5 hidden) at k = 5 and
// k = 9 (the same geodesic sums; at k = 9 every total curvature negated),
// threshold 0.9 (test accuracy above it), standard convention, Eq. 8:
//
//   model  data set  width  test accuracy  g_0..g_5                  Ric_0..Ric_5 (k = 5)
//   0      a         4      0.95           100 90 85 83 82 80        4 3 2 1 0 -1
//   1      a         4      0.92           100 104 106 107 110 111   1 2 3 5 0 2
//   2      a         4      0.85           50 40 45 30 20 25         0 1 0 2 2 1
//   3      a         4      (failed: no accuracy, no layers)
//   4      b         8      0.99           80 70 60 55 50 42         6 4 5 3 1 2
//   5      b         8      0.97           layer 2 disconnected      1 2 3 4 5 6
//   6      b         8      0.98           10 12 14 16 18 20         3 1 4 1 5 9
//   7      b         16     0.93           60 50 45 44 40 38         2 2 1 3 0 1
//
// Model 2 is not well-trained, model 5's rho is undefined (disconnected),
// model 6's too (eta is the same for every layer) though its pairs pool.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "flow/groups.h"

namespace ricci_test {

inline ricci::SweepModel tiny_model(std::size_t index, const std::string& dataset, const std::string& width,
                                    double accuracy, const std::vector<std::uint64_t>& g, const std::vector<double>& ric,
                                    std::size_t disconnected_layer = 99) {
  ricci::SweepModel m;
  m.index = index;
  m.dataset = dataset;
  m.width = width;
  m.depth = 5;
  m.seed = index + 1;
  m.train_accuracy = accuracy + 0.01;
  m.test_accuracy = accuracy;
  for (int k : {5, 9})
    for (std::size_t l = 0; l < g.size(); ++l) {
      ricci::LayerGeometry row;
      row.k = static_cast<std::size_t>(k);
      row.layer = l;
      row.nodes = 40;
      row.geodesic_finite = l != disconnected_layer;
      row.components = row.geodesic_finite ? 1 : 2;
      row.geodesic_sum = row.geodesic_finite ? g[l] : 0;
      row.curvature_total = k == 5 ? ric[l] : -ric[l];
      row.forman_total = static_cast<std::int64_t>(row.curvature_total);
      m.layers.push_back(row);
    }
  return m;
}

inline ricci::Sweep tiny_sweep() {
  ricci::Sweep sweep;
  sweep.ks = {5, 9};
  sweep.accuracy_threshold = 0.9;
  ricci::SweepModel failed;
  failed.index = 3;
  failed.dataset = "a";
  failed.width = "4";
  failed.depth = 5;
  failed.status = "training diverged: the loss is NaN at epoch 2";
  sweep.models = {
      tiny_model(0, "a", "4", 0.95, {100, 90, 85, 83, 82, 80}, {4, 3, 2, 1, 0, -1}),
      tiny_model(1, "a", "4", 0.92, {100, 104, 106, 107, 110, 111}, {1, 2, 3, 5, 0, 2}),
      tiny_model(2, "a", "4", 0.85, {50, 40, 45, 30, 20, 25}, {0, 1, 0, 2, 2, 1}),
      failed,
      tiny_model(4, "b", "8", 0.99, {80, 70, 60, 55, 50, 42}, {6, 4, 5, 3, 1, 2}),
      tiny_model(5, "b", "8", 0.97, {80, 70, 60, 55, 50, 42}, {1, 2, 3, 4, 5, 6}, 2),
      tiny_model(6, "b", "8", 0.98, {10, 12, 14, 16, 18, 20}, {3, 1, 4, 1, 5, 9}),
      tiny_model(7, "b", "16", 0.93, {60, 50, 45, 44, 40, 38}, {2, 2, 1, 3, 0, 1}),
  };
  return sweep;
}

// The tiny sweep with an untrained twin of every model (index + 8, the same
// seed; test/null_tests_reference.py has the table): test accuracies near
// 0.5, which the baseline groups take all the same, and a failed twin of the
// failed model 3:
//
//   model  data set  width  test accuracy  g_0..g_5                  Ric_0..Ric_5 (k = 5)
//   8      a         4      0.50           100 95 93 90 91 85        1 2 4 3 5 6
//   9      a         4      0.48           100 101 99 98 97 96       2 1 3 2 4 1
//   10     a         4      0.52           50 52 47 49 44 46         0 3 1 2 0 1
//   11     a         4      (failed)
//   12     b         8      0.50           80 81 79 82 78 83         6 5 4 3 2 1
//   13     b         8      0.55           80 75 72 74 70 69         1 3 2 5 4 6
//   14     b         8      0.45           10 11 13 12 15 14         2 7 1 8 2 8
//   15     b         16     0.50           60 58 57 59 55 56         3 1 2 0 4 1
inline ricci::Sweep baseline_sweep() {
  ricci::Sweep sweep = tiny_sweep();
  const struct {
    const char* dataset;
    const char* width;
    double accuracy;
    std::vector<std::uint64_t> g;
    std::vector<double> ric;
  } twins[] = {
      {"a", "4", 0.50, {100, 95, 93, 90, 91, 85}, {1, 2, 4, 3, 5, 6}},
      {"a", "4", 0.48, {100, 101, 99, 98, 97, 96}, {2, 1, 3, 2, 4, 1}},
      {"a", "4", 0.52, {50, 52, 47, 49, 44, 46}, {0, 3, 1, 2, 0, 1}},
      {"a", "4", 0, {}, {}},
      {"b", "8", 0.50, {80, 81, 79, 82, 78, 83}, {6, 5, 4, 3, 2, 1}},
      {"b", "8", 0.55, {80, 75, 72, 74, 70, 69}, {1, 3, 2, 5, 4, 6}},
      {"b", "8", 0.45, {10, 11, 13, 12, 15, 14}, {2, 7, 1, 8, 2, 8}},
      {"b", "16", 0.50, {60, 58, 57, 59, 55, 56}, {3, 1, 2, 0, 4, 1}},
  };
  for (std::size_t i = 0; i < 8; ++i) {
    ricci::SweepModel twin = twins[i].g.empty() ? sweep.models[3] : tiny_model(i + 8, twins[i].dataset, twins[i].width,
                                                                               twins[i].accuracy, twins[i].g, twins[i].ric);
    twin.index = i + 8;
    twin.seed = i + 1;
    twin.baseline = ricci::Baseline::Untrained;
    sweep.models.push_back(twin);
  }
  return sweep;
}

}  // namespace ricci_test
