// select.h — the k-th smallest of an array of doubles, by splits that do not
// branch on the values (the selections of knn_ladder.cpp).
#pragma once

#include <cstddef>
#include <vector>

namespace ricci {

// How select_kth splits a range around its pivot: Auto takes AVX-512's
// compress (eight values at a time) where the processor and the build have
// it, Scalar the one-value-at-a-time split everywhere. Both give the same
// result; Scalar is for tests (and is what Auto falls back to).
enum class Split { Auto, Scalar };

// Rearranges a[0..m) so that a[k] (k < m) is its k-th smallest value
// (0-based), no value before it greater and none after it smaller, as
// std::nth_element does. NaN is not allowed. `spare` is scratch (resized to
// 2 (m + 8) values when smaller). Pivots are medians of three; after
// 2 log2(m) + 8 splits, or on a short range, the rest is std::nth_element's.
void select_kth(double* a, std::size_t m, std::size_t k, std::vector<double>& spare, Split split = Split::Auto);

}  // namespace ricci
