// knn_margin.h — the rounding-error margins that make exact k-NN's GEMM
// passes (knn_search.h) provably complete; internal to geom/.
//
// A pass forms, for a query q and every other distinct point r, a key(q, r)
// with one GEMM in float or in double, keeps the candidates of smallest key
// and recomputes their dist2 (knn.h) exactly. Its margin is a lower bound,
// proven in knn_margin.cpp for every pair of distinct points,
//
//   dist2(q, r) >= base_q + key(q, r),   base_q = fl(query_factor * N_q) - absolute,
//
// N_q = ||x_q||^2 summed in double. Every point left out of q's candidates
// has key >= key_max, the largest key kept (selection.h), so it is strictly
// farther than t when base_q + key_max > t; proves_farther() makes that test
// with its own rounding accounted for.
//
//   float pass:  key(q, r) = W_r - 2 x_q.x_r in float,        W_r = fl32(f N_r)
//   double pass: key(q, r) = (N_q + W_r) - 2 x_q.x_r in double, W_r = f N_r,
//                held as float rounded down for the selection
//
// with f = fl(1 - c), c the margin constant of the pass. The double pass's
// key is about dist2 itself, so it keeps precision where dist2 << N_q.
#pragma once

#include <cstddef>

namespace ricci {

struct PassMargin {
  bool usable = false;         // the bound holds: no key can overflow and c < kMaxMargin
  double c = 0.0;              // the margin constant (knn_margin.cpp)
  double column_factor = 0.0;  // f = fl(1 - c): W_r = fl(f N_r)
  double query_factor = 0.0;   // f (float pass) or -c (double pass)
  double absolute = 0.0;       // A, the underflow allowance

  double base(double norm) const { return query_factor * norm - absolute; }
};

// The margins of the two passes for points of dimension d whose largest
// squared norm (in double) is largest_norm.
PassMargin float_pass_margin(std::size_t d, double largest_norm);
PassMargin double_pass_margin(std::size_t d, double largest_norm);

// True when base + key_max > t is certain in exact arithmetic, given base,
// key_max and t as computed (t >= 0); a strict test, so then every point with
// key >= key_max has dist2 > t.
bool proves_farther(double base, double key_max, double t);

}  // namespace ricci
