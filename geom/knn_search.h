// knn_search.h — the machinery behind exact_knn (knn.h), internal to geom/.
//
// Queries are distinct points (duplicate groups, duplicates.h). Each is
// settled by the first of these that succeeds:
//
//   1. its own duplicates: a group of more than k points needs no search;
//   2. the float pass: keys from a float GEMM, the candidates of smallest key
//      re-checked in double, and a margin that proves no other point nearer;
//   3. the double pass: the same with a double GEMM, for the queries whose
//      nearest neighbours lie closer than float resolution of ||x||^2 (low-
//      dimensional data far from the origin);
//   4. exhaustive: every distance in double.
//
// The margins are derived in knn_margin.cpp (knn_margin.h).
#pragma once

#include <cstddef>
#include <vector>

#include "geom/duplicates.h"
#include "geom/knn.h"

namespace ricci {

struct KnnSearch {
  const DuplicateGroups* groups = nullptr;
  const float* unique = nullptr;  // u x d: each group's representative row
  std::size_t u = 0, d = 0, k = 0;
  std::size_t extra = 0;          // candidates kept beyond those needed
  std::vector<double> norms;      // u: ||x||^2 of each representative, in double
  KnnLists* out = nullptr;        // rows written here, `settled` counted
};

// Settles every group (writing the rows of all its members) on `threads`
// workers, each GEMM tile a single-threaded BLAS call.
void run_knn_search(const KnnSearch& search, int threads);

}  // namespace ricci
