// knn.cpp — exact k-NN: checks, duplicate groups and the set-up of the
// search (knn_search.h), the reference distance and the reference k-NN.
#include "geom/knn.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "data/error.h"
#include "geom/duplicates.h"
#include "geom/knn_search.h"

namespace ricci {

double squared_distance(const float* a, const float* b, std::size_t d) {
  double sum = 0.0;
  for (std::size_t p = 0; p < d; ++p) {
    const double diff = static_cast<double>(a[p]) - static_cast<double>(b[p]);
    sum += diff * diff;
  }
  return sum;
}

void check_knn_input(const MatrixF& points, int k) {
  const std::size_t n = points.rows();
  if (n == 0) throw data_error("k-NN graph: the point set is empty");
  if (k < 1) throw usage_error("k-NN graph: k = " + std::to_string(k) + " must be at least 1");
  if (static_cast<std::size_t>(k) >= n)
    throw usage_error("k-NN graph: k = " + std::to_string(k) +
                      " must be less than the number of points n = " + std::to_string(n));
  if (n >= (std::size_t(1) << 32))
    throw usage_error("k-NN graph: n = " + std::to_string(n) + " points; at most 2^32 - 1 are supported");
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t p = 0; p < points.cols(); ++p) {
      const float value = points(i, p);
      if (!std::isfinite(value))
        throw data_error("k-NN graph: point " + std::to_string(i) + ", coordinate " + std::to_string(p) +
                         " is " + (std::isnan(value) ? "NaN" : "infinite"));
    }
}

KnnLists knn_reference(const MatrixF& points, int k) {
  check_knn_input(points, k);
  const std::size_t n = points.rows(), d = points.cols();
  KnnLists out;
  out.points = n;
  out.k = static_cast<std::size_t>(k);
  out.neighbors.reserve(n * out.k);
  out.squared_distances.reserve(n * out.k);
  std::vector<std::pair<double, std::uint32_t>> others(n - 1);  // (dist2(i, j), j), j != i
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t m = 0;
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) others[m++] = {squared_distance(points.row(i), points.row(j), d), static_cast<std::uint32_t>(j)};
    std::sort(others.begin(), others.end());
    for (std::size_t t = 0; t < out.k; ++t) {
      out.neighbors.push_back(others[t].second);
      out.squared_distances.push_back(others[t].first);
    }
  }
  return out;
}

KnnLists exact_knn(const MatrixF& points, int k, int threads) {
  check_knn_input(points, k);
  const std::size_t n = points.rows(), d = points.cols();
  const DuplicateGroups groups = group_duplicate_rows(points);

  KnnSearch search;
  search.groups = &groups;
  search.u = groups.groups();
  search.d = d;
  search.k = static_cast<std::size_t>(k);
  search.extra = search.k / 4 + 8;

  // The representatives' rows, contiguous (the points themselves when all
  // rows are distinct), and their squared norms in double.
  MatrixF unique;
  if (search.u == n) {
    search.unique = points.data();
  } else {
    unique.resize(search.u, d);
    for (std::size_t g = 0; g < search.u; ++g) {
      const float* row = points.row(groups.representative(g));
      std::copy(row, row + d, unique.row(g));
    }
    search.unique = unique.data();
  }
  search.norms.resize(search.u);
  for (std::size_t g = 0; g < search.u; ++g) {
    const float* x = search.unique + g * d;
    double norm = 0.0;
    for (std::size_t p = 0; p < d; ++p) norm += static_cast<double>(x[p]) * static_cast<double>(x[p]);
    search.norms[g] = norm;
  }

  KnnLists out;
  out.points = n;
  out.k = search.k;
  out.neighbors.resize(n * search.k);
  out.squared_distances.resize(n * search.k);
  search.out = &out;
  run_knn_search(search, threads);
  return out;
}

}  // namespace ricci
