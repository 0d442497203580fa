// knn.h — exact k nearest neighbours in Euclidean distance.
//
// Definition 1 of docs/method.md (after Baptista et al., "Deep Learning as Ricci
// Flow", 2024): for each point i, the k points j != i nearest to it in
// Euclidean distance. Two tie rules (equal distances, including duplicate
// points, which ReLU layers produce often):
//
//   Ties::Index  exactly k neighbours, ties broken by the smaller index;
//   Ties::All    the first k, and every other point at exactly the k-th
//                distance: j is a neighbour when dist(i, j) <= d_k(i), the
//                k-th smallest distance from i to the others. This is the
//                rule of cccd::nng in the authors' R code (it keeps every j
//                with dist(i, j) <= the (k+1)-th smallest of row i of the
//                distance matrix, i itself included at distance 0).
//
// The result is a pure function of the data: it equals a brute-force
// computation in double precision,
//
//   dist2(i, j) = sum_p (double(x_ip) - double(x_jp))^2   (summed in p order),
//
// sorting all j != i by (dist2(i, j), j), keeping the first k and, under
// Ties::All, every later j with the k-th one's dist2 — for any number of
// threads and any BLAS. knn_reference() below is that computation, written
// plainly: the definition exact_knn must equal, entry for entry. (Equal
// distances are equal dist2 in double; R compares the square roots.)
//
// How (the FAISS IndexFlatL2 approach, made exact): identical rows are
// grouped first (duplicates.h) and the search runs over distinct points.
// Keys ||y||^2 - 2 x.y come from one float GEMM per tile (128 queries x 2048
// references, never n x n), and a bounded selection per query (selection.h)
// keeps k + k/4 + 8 candidates. Their exact double distances are then
// recomputed, and a rigorous bound on the GEMM's rounding error (Higham's
// gamma_m, derived in knn_margin.cpp) proves that every point left out is
// strictly farther than the k-th, so the points tied with the k-th are all
// among the candidates (Ties::All takes them from there). Queries it cannot
// prove (nearest neighbours closer than float resolution of ||x||^2, as in
// low-dimensional data far from the origin) are searched again with a double
// GEMM and a bound of double precision, and the rare rest exhaustively in
// double (knn_search.h).
// Queries run in parallel over tiles on `threads` workers; each tile's GEMM
// is one single-threaded BLAS call (data/blas.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/matrix.h"

namespace ricci {

// How the distinct points were settled (diagnostics: the result is the
// same whichever way): by their own duplicates alone, by the float or the
// double GEMM's proven margin, or exhaustively.
struct KnnSettled {
  std::size_t distinct_points = 0;
  std::size_t by_duplicates = 0, float_margin = 0, double_margin = 0, exhaustive = 0;
};

enum class Ties { Index, All };

// Neighbour lists of n points: row i holds the nearest points of i, nearest
// first (equal distances: smaller index first), and their squared distances
// as defined above. Under Ties::Index every row has exactly k entries (row i
// starts at i k); under Ties::All a row has k or more.
struct KnnLists {
  std::size_t points = 0;                 // n
  std::size_t k = 0;
  Ties ties = Ties::Index;
  std::vector<std::size_t> offsets;       // n + 1: row i is [offsets[i], offsets[i + 1])
  std::vector<std::uint32_t> neighbors;   // the rows, one after another
  std::vector<double> squared_distances;  // aligned with neighbors
  KnnSettled settled;

  const std::uint32_t* row(std::size_t i) const { return neighbors.data() + offsets[i]; }
  std::size_t count(std::size_t i) const { return offsets[i + 1] - offsets[i]; }
};

// The reference squared distance above: double differences of the float
// coordinates, squared and summed in coordinate order. a, b: d values each.
double squared_distance(const float* a, const float* b, std::size_t d);

// Exact k-NN lists of the rows of `points` (n x d) under the tie rule, on
// `threads` workers over query tiles (the result does not depend on it).
// Errors: an empty point set or a NaN or infinite coordinate (naming its row
// and column) is a data error; k < 1 or k >= n is a usage error naming k
// and n.
KnnLists exact_knn(MatrixViewF points, int k, int threads = 1, Ties ties = Ties::Index);

// The definition above computed directly, in double precision: for each i,
// every j != i sorted by (dist2(i, j), j), the first k kept (and under
// Ties::All the later ones tied with the k-th). The same checks and errors
// as exact_knn; `settled` is left zero. Cost: O(n^2 d) for the distances and
// a sort of n - 1 pairs per point (O(n^2 log n)), O(n) memory beyond the
// lists: for tests and small inputs, not for real layers.
KnnLists knn_reference(MatrixViewF points, int k, Ties ties = Ties::Index);

// The lists for a smaller k (1 <= k <= lists.k) under the same tie rule: the
// first k entries of every row and, under Ties::All, every later entry at
// the k-th entry's distance. Rows are sorted by (dist2, index), so these
// are exactly the lists a search for k would give; with ties straddling the
// k-th place the prefix is longer than k.
KnnLists prefix_lists(const KnnLists& lists, std::size_t k);

// The checks of exact_knn alone (for callers that validate before working).
void check_knn_input(MatrixViewF points, int k);

}  // namespace ricci
