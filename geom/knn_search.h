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
#include <cstdint>
#include <utility>
#include <vector>

#include "geom/duplicates.h"
#include "geom/knn.h"

namespace ricci {

// (dist2, point): a neighbour from another duplicate group.
using KnnNeighbor = std::pair<double, std::uint32_t>;

struct KnnSearch {
  const DuplicateGroups* groups = nullptr;
  const float* unique = nullptr;  // u x d: each group's representative row
  std::size_t u = 0, d = 0, k = 0;
  std::size_t extra = 0;          // candidates kept beyond those needed
  Ties ties = Ties::Index;
  std::vector<double> norms;      // u: ||x||^2 of each representative, in double
  // Where the rows go. Ties::Index: straight into out's n x k rows.
  // Ties::All: rows vary in length, so each group's neighbours from other
  // groups (every point within its k-th distance, sorted by (dist2, point))
  // go to tied[group], and the caller assembles the rows.
  KnnLists* out = nullptr;        // `settled` counted here in both cases
  std::vector<std::vector<KnnNeighbor>>* tied = nullptr;  // u entries, Ties::All
};

// Settles every group on `threads` workers, each GEMM tile a single-threaded
// BLAS call: writes the rows of all its members (Ties::Index) or its tied
// neighbour list (Ties::All).
void run_knn_search(const KnnSearch& search, int threads);

}  // namespace ricci
