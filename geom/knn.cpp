// knn.cpp — exact k-NN: checks, duplicate groups and the set-up of the
// search (knn_search.h), the reference distance and the reference k-NN.
#include "geom/knn.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
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

void check_knn_input(MatrixViewF points, int k) {
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

KnnLists knn_reference(MatrixViewF points, int k, Ties ties) {
  check_knn_input(points, k);
  const std::size_t n = points.rows(), d = points.cols();
  KnnLists out;
  out.points = n;
  out.k = static_cast<std::size_t>(k);
  out.ties = ties;
  out.offsets.assign(1, 0);
  std::vector<std::pair<double, std::uint32_t>> others(n - 1);  // (dist2(i, j), j), j != i
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t m = 0;
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) others[m++] = {squared_distance(points.row(i), points.row(j), d), static_cast<std::uint32_t>(j)};
    std::sort(others.begin(), others.end());
    std::size_t keep = out.k;
    if (ties == Ties::All)
      while (keep < others.size() && others[keep].first == others[out.k - 1].first) ++keep;
    for (std::size_t t = 0; t < keep; ++t) {
      out.neighbors.push_back(others[t].second);
      out.squared_distances.push_back(others[t].first);
    }
    out.offsets.push_back(out.neighbors.size());
  }
  return out;
}

namespace {

// The rows under Ties::All from each group's tied neighbours (knn_search.h):
// point i's row is the other members of its group (distance 0, in index
// order), then its group's neighbours from other groups.
void assemble_tied_rows(const DuplicateGroups& groups, const std::vector<std::vector<KnnNeighbor>>& tied,
                        KnnLists& out) {
  const std::size_t n = out.points;
  out.offsets.assign(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t g = groups.group_of[i];
    out.offsets[i + 1] = out.offsets[i] + groups.size(g) - 1 + tied[g].size();
  }
  out.neighbors.resize(out.offsets[n]);
  out.squared_distances.resize(out.offsets[n]);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t g = groups.group_of[i];
    std::size_t slot = out.offsets[i];
    for (std::size_t m = groups.offsets[g]; m < groups.offsets[g + 1]; ++m)
      if (groups.members[m] != i) {
        out.neighbors[slot] = groups.members[m];
        out.squared_distances[slot++] = 0.0;
      }
    for (const KnnNeighbor& other : tied[g]) {
      out.neighbors[slot] = other.second;
      out.squared_distances[slot++] = other.first;
    }
  }
}

// The candidates each query keeps beyond the points it needs (KnnSearch::extra):
// k / kExtraPerK + kExtraLeast. The float pass settles a query only when the
// largest key it kept clears the need-th exact distance by the margin
// (knn_search.cpp), so candidates past the need-th give it that room, and
// each costs one re-check in double: a quarter of k more, and 8 more so that
// small k get some room too. These are tuning values, not derived (they came
// with the reservoir selection, commit 156de87; `make bench-geom` is the
// measure to retune them by), and like the tiles they change the speed
// only: a query the float pass cannot prove goes on to the double pass,
// then to the exhaustive one, and every path gives the same lists.
constexpr std::size_t kExtraPerK = 4;
constexpr std::size_t kExtraLeast = 8;

}  // namespace

KnnLists exact_knn(MatrixViewF points, int k, int threads, Ties ties) {
  check_knn_input(points, k);
  const std::size_t n = points.rows(), d = points.cols();
  const DuplicateGroups groups = group_duplicate_rows(points);

  KnnSearch search;
  search.groups = &groups;
  search.u = groups.groups();
  search.d = d;
  search.k = static_cast<std::size_t>(k);
  search.extra = search.k / kExtraPerK + kExtraLeast;
  search.ties = ties;

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
  out.ties = ties;
  search.out = &out;
  if (ties == Ties::Index) {
    out.offsets.resize(n + 1);
    for (std::size_t i = 0; i <= n; ++i) out.offsets[i] = i * search.k;
    out.neighbors.resize(n * search.k);
    out.squared_distances.resize(n * search.k);
    run_knn_search(search, threads);
  } else {
    std::vector<std::vector<KnnNeighbor>> tied(search.u);
    search.tied = &tied;
    run_knn_search(search, threads);
    assemble_tied_rows(groups, tied, out);
  }
  return out;
}

KnnLists prefix_lists(const KnnLists& lists, std::size_t k) {
  if (k == lists.k) return lists;
  if (k < 1 || k > lists.k)
    throw std::logic_error("prefix_lists: k = " + std::to_string(k) + " is not from 1 to " + std::to_string(lists.k));
  KnnLists out;
  out.points = lists.points;
  out.k = k;
  out.ties = lists.ties;
  out.offsets.assign(1, 0);
  for (std::size_t i = 0; i < lists.points; ++i) {
    const std::size_t first = lists.offsets[i];
    std::size_t keep = k;
    if (lists.ties == Ties::All) {
      const double kth = lists.squared_distances[first + k - 1];
      while (keep < lists.count(i) && lists.squared_distances[first + keep] == kth) ++keep;
    }
    out.neighbors.insert(out.neighbors.end(), lists.neighbors.begin() + first, lists.neighbors.begin() + first + keep);
    out.squared_distances.insert(out.squared_distances.end(), lists.squared_distances.begin() + first,
                                 lists.squared_distances.begin() + first + keep);
    out.offsets.push_back(out.neighbors.size());
  }
  return out;
}

}  // namespace ricci
