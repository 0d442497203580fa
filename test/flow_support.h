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

}  // namespace ricci_test
