// knn_ladder.cpp — the k-NN graphs of a point set at a grid of ks straight
// from the points (graph.h, KnnGraphLadder's second constructor), and the
// choice between that route and the k-NN lists' (knn_ladder).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

#include "data/error.h"
#include "data/parallel.h"
#include "geom/graph.h"
#include "geom/knn.h"
#include "geom/select.h"

namespace ricci {

namespace {

// The checks of exact_knn for every k of `ks` (the points scanned once).
void check_ladder_ks(MatrixViewF points, const std::vector<int>& ks) {
  if (ks.empty()) throw usage_error("k-NN graph: no k given");
  check_knn_input(points, *std::max_element(ks.begin(), ks.end()));
  const int k_min = *std::min_element(ks.begin(), ks.end());
  if (k_min < 1) throw usage_error("k-NN graph: k = " + std::to_string(k_min) + " must be at least 1");
}

// Query rows whose distances to every point are computed in one sweep over
// the points: each coordinate of a point, once loaded, serves all of them.
constexpr std::size_t kQueries = 4;
// Points per step of that sweep: two vectors of eight doubles for each of
// the kQueries rows, sixteen sums that stay in registers over all d
// coordinates. The columns below are padded to a multiple of it.
constexpr std::size_t kPointStep = 16;
// Rows per task of the parallel loops (a multiple of kQueries).
constexpr std::size_t kRowsPerTask = 32;

typedef double Doubles8 __attribute__((vector_size(64)));

// out[q * stride + j] = squared distance between query row q (queries[q],
// d doubles) and point j, for q < kQueries and j < stride. `columns` holds
// the points coordinate by coordinate in double (columns[p * stride + j] =
// x_jp; stride a multiple of kPointStep, the padding's values not read
// back). Per pair the operations are squared_distance's (knn.h): the double
// difference, squared, added to a sum that starts at 0, in coordinate order;
// the vector lanes only run several pairs at once, and the build never
// fuses a multiply-add (-ffp-contract=off), so every clone gives the same bits.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void query_distances(const double* __restrict columns, std::size_t stride, std::size_t d,
                     const double* __restrict queries, double* __restrict out) {
  static_assert(kQueries == 4 && kPointStep == 16, "the loop below is written for 4 queries and 16 points");
  for (std::size_t j = 0; j < stride; j += kPointStep) {
    Doubles8 s00 = {}, s01 = {}, s10 = {}, s11 = {}, s20 = {}, s21 = {}, s30 = {}, s31 = {};
    for (std::size_t p = 0; p < d; ++p) {
      Doubles8 b0, b1;
      __builtin_memcpy(&b0, columns + p * stride + j, sizeof b0);
      __builtin_memcpy(&b1, columns + p * stride + j + 8, sizeof b1);
      const Doubles8 e00 = queries[p] - b0, e01 = queries[p] - b1;
      const Doubles8 e10 = queries[d + p] - b0, e11 = queries[d + p] - b1;
      const Doubles8 e20 = queries[2 * d + p] - b0, e21 = queries[2 * d + p] - b1;
      const Doubles8 e30 = queries[3 * d + p] - b0, e31 = queries[3 * d + p] - b1;
      s00 += e00 * e00;
      s01 += e01 * e01;
      s10 += e10 * e10;
      s11 += e11 * e11;
      s20 += e20 * e20;
      s21 += e21 * e21;
      s30 += e30 * e30;
      s31 += e31 * e31;
    }
    __builtin_memcpy(out + j, &s00, sizeof s00);
    __builtin_memcpy(out + j + 8, &s01, sizeof s01);
    __builtin_memcpy(out + stride + j, &s10, sizeof s10);
    __builtin_memcpy(out + stride + j + 8, &s11, sizeof s11);
    __builtin_memcpy(out + 2 * stride + j, &s20, sizeof s20);
    __builtin_memcpy(out + 2 * stride + j + 8, &s21, sizeof s21);
    __builtin_memcpy(out + 3 * stride + j, &s30, sizeof s30);
    __builtin_memcpy(out + 3 * stride + j + 8, &s31, sizeof s31);
  }
}

// less = #{j < n : v[j] < t} and equal = #{j < n : v[j] == t} (only for a
// tie cut at some k, which is rare).
void count_around(const double* __restrict v, std::size_t n, double t, std::size_t& less, std::size_t& equal) {
  std::int64_t below = 0, at = 0;
  for (std::size_t j = 0; j < n; ++j) {
    below += v[j] < t ? 1 : 0;
    at += v[j] == t ? 1 : 0;
  }
  less = static_cast<std::size_t>(below);
  equal = static_cast<std::size_t>(at);
}

// Whether j, at squared distance d2 from a point, is in that point's k-NN
// list at the k whose k-th smallest (distance, index) is (t, last): under
// Ties::All `last` is the largest index, so this is d2 <= t.
inline bool within(double d2, std::uint32_t j, double t, std::uint32_t last) { return d2 < t || (d2 == t && j <= last); }

// The points' squared distances, query block by query block, on a worker.
struct DistanceRows {
  const std::vector<double>* columns = nullptr;  // d x stride
  MatrixViewF points{nullptr, 0, 0};
  std::size_t stride = 0;
  double* kept = nullptr;       // when set, row i is computed into kept + i * stride and stays there
  std::vector<double> queries;  // kQueries x d
  std::vector<double> rows;     // kQueries x stride, when not kept
  const double* block = nullptr;

  // Rows first..first + kQueries - 1 (the rest of the block past the last
  // point repeats the last point; its distances are not read).
  void compute(std::size_t first) {
    const std::size_t n = points.rows(), d = points.cols();
    queries.resize(kQueries * d);
    for (std::size_t q = 0; q < kQueries; ++q) {
      const float* x = points.row(std::min(first + q, n - 1));
      for (std::size_t p = 0; p < d; ++p) queries[q * d + p] = x[p];
    }
    double* out = kept;
    if (kept) {
      out += first * stride;
    } else {
      rows.resize(kQueries * stride);
      out = rows.data();
    }
    query_distances(columns->data(), stride, d, queries.data(), out);
    block = out;
  }
  // The same rows again: read back when kept, computed again otherwise.
  void again(std::size_t first) {
    if (kept)
      block = kept + first * stride;
    else
      compute(first);
  }
  const double* row(std::size_t q) const { return block + q * stride; }
};

// rung_out[j] = #{r : t_out[r] < dist[j]} and rung_in[j] = #{r : t_in[r * n + j]
// < dist[j]} for j < n: per point j, how many of the rungs' thresholds (of
// the row's own point, and of j's) lie below the distance (clones as for
// query_distances).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void rungs_below(const double* __restrict dist, std::size_t n, const double* __restrict t_out,
                 const double* __restrict t_in, std::size_t rungs, std::int32_t* __restrict rung_out,
                 std::int32_t* __restrict rung_in) {
  // Blocks of 64 points, whose counts stay in registers over the rungs.
  constexpr std::size_t kBlock = 64;
  const std::size_t whole = n / kBlock * kBlock;
  for (std::size_t start = 0; start < whole; start += kBlock) {
    std::int32_t out[kBlock] = {}, in[kBlock] = {};
    const double* __restrict d = dist + start;
    for (std::size_t r = 0; r < rungs; ++r) {
      const double t = t_out[r];
      const double* __restrict column = t_in + r * n + start;
      for (std::size_t j = 0; j < kBlock; ++j) {
        out[j] += t < d[j] ? 1 : 0;
        in[j] += column[j] < d[j] ? 1 : 0;
      }
    }
    for (std::size_t j = 0; j < kBlock; ++j) {
      rung_out[start + j] = out[j];
      rung_in[start + j] = in[j];
    }
  }
  for (std::size_t j = whole; j < n; ++j) {
    std::int32_t out = 0, in = 0;
    for (std::size_t r = 0; r < rungs; ++r) {
      out += t_out[r] < dist[j] ? 1 : 0;
      in += t_in[r * n + j] < dist[j] ? 1 : 0;
    }
    rung_out[j] = out;
    rung_in[j] = in;
  }
}

}  // namespace

KnnGraphLadder::KnnGraphLadder(MatrixViewF points, const std::vector<int>& ks, GraphKind kind, Ties ties,
                               int threads, std::size_t keep_bytes) {
  check_ladder_ks(points, ks);
  const std::size_t n = points.rows(), d = points.cols();
  for (int k : ks) grid_.push_back(static_cast<std::uint32_t>(k));
  std::sort(grid_.begin(), grid_.end());
  grid_.erase(std::unique(grid_.begin(), grid_.end()), grid_.end());
  const std::size_t rungs = grid_.size();
  max_k_ = grid_.back();

  // The points coordinate by coordinate, in double, each coordinate's row
  // padded with zeros to a multiple of kPointStep.
  const std::size_t stride = (n + kPointStep - 1) / kPointStep * kPointStep;
  std::vector<double> columns(d * stride, 0.0);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t p = 0; p < d; ++p) columns[p * stride + j] = points(j, p);

  // Pass 1: per point i and rung r, the k-th smallest (distance, index) of
  // row i for k = grid_[r]: its distance threshold[i][r] and, when more
  // points share that distance than the list has room for (Ties::Index),
  // the largest index kept, last[i][r] (otherwise the largest index there is).
  std::vector<double> threshold(n * rungs);
  std::vector<std::uint32_t> last(n * rungs, std::numeric_limits<std::uint32_t>::max());
  const std::size_t tasks = (n + kRowsPerTask - 1) / kRowsPerTask;
  const int workers = static_cast<int>(std::max<std::size_t>(1, std::min<std::size_t>(std::max(1, threads), tasks)));
  std::vector<DistanceRows> scratch(static_cast<std::size_t>(workers));
  // Every distance kept from pass 1 for pass 2 when they fit in
  // keep_bytes (32 MB at n = 2,000), computed again otherwise.
  std::unique_ptr<double[]> kept;
  const std::size_t kept_rows = (n + kQueries - 1) / kQueries * kQueries;
  if (kept_rows <= keep_bytes / sizeof(double) / stride) kept.reset(new double[kept_rows * stride]);
  for (DistanceRows& s : scratch) {
    s.columns = &columns;
    s.points = points;
    s.stride = stride;
    s.kept = kept.get();
  }
  std::vector<std::vector<double>> values(static_cast<std::size_t>(workers)), spare(values.size());
  parallel_for(tasks, threads, [&](std::size_t task, int worker) {
    DistanceRows& distances = scratch[static_cast<std::size_t>(worker)];
    std::vector<double>& others = values[static_cast<std::size_t>(worker)];
    const std::size_t row_end = std::min(n, (task + 1) * kRowsPerTask);
    for (std::size_t first = task * kRowsPerTask; first < row_end; first += kQueries) {
      distances.compute(first);
      for (std::size_t i = first; i < std::min(row_end, first + kQueries); ++i) {
        const double* dist = distances.row(i - first);
        others.resize(n - 1);  // every distance but i's own
        std::copy(dist, dist + i, others.begin());
        std::copy(dist + i + 1, dist + n, others.begin() + static_cast<std::ptrdiff_t>(i));
        double* t = threshold.data() + i * rungs;
        // Largest k first: the k-th smallest of a smaller k lies among the
        // values the larger one's selection put before it.
        std::size_t end = others.size();
        for (std::size_t r = rungs; r-- > 0;) {
          const std::size_t place = grid_[r] - 1;
          select_kth(others.data(), end, place, spare[static_cast<std::size_t>(worker)]);
          t[r] = others[place];
          end = place;
        }
        if (ties == Ties::All) continue;
        for (std::size_t r = 0; r < rungs; ++r) {
          // A tie is cut at this k only when the next value, the (k+1)-th
          // smallest, equals the k-th. The selections left every value from
          // place k to the next rung's place at or above the k-th (and the
          // next rung's k-th there), or, for the largest k, every value after
          // it: the smallest of those is the (k+1)-th.
          const std::size_t from = grid_[r], to = r + 1 < rungs ? grid_[r + 1] : others.size();
          if (from >= to || *std::min_element(others.begin() + static_cast<std::ptrdiff_t>(from),
                                              others.begin() + static_cast<std::ptrdiff_t>(to)) != t[r])
            continue;
          std::size_t less = 0, equal = 0;
          count_around(dist, n, t[r], less, equal);
          // i itself is in neither count: its distance to itself is 0.
          if (t[r] > 0.0)
            --less;
          else
            --equal;
          const std::size_t room = grid_[r] - less;  // tied points the list keeps, smallest indices first
          if (equal <= room) continue;
          std::size_t seen = 0;
          for (std::size_t j = 0; j < n; ++j)
            if (j != i && dist[j] == t[r] && ++seen == room) {
              last[i * rungs + r] = static_cast<std::uint32_t>(j);
              break;
            }
        }
      }
    }
  });

  // Pass 2: each row of the graph in increasing neighbour order. Entry
  // i -> j is in i's list from the smallest rung r with (dist2, j) within
  // i's r-th threshold; entry j -> i likewise with j's thresholds.
  struct Slots {
    std::vector<std::uint32_t> targets, enter;
    std::vector<std::size_t> row_ends;
  };
  std::vector<Slots> parts(tasks);
  const std::uint32_t none = static_cast<std::uint32_t>(rungs);
  // The thresholds rung by rung (threshold_by_rung[r * n + j]), so that a
  // row's comparisons with every point's thresholds run over j in vectors;
  // and whether a point's lists cut a tie anywhere (last[] not the largest
  // index), the only case in which a count of thresholds below the
  // distance can name too early a rung.
  std::vector<double> threshold_by_rung(rungs * n);
  std::vector<char> cuts_tie(n, 0);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t r = 0; r < rungs; ++r) {
      threshold_by_rung[r * n + j] = threshold[j * rungs + r];
      cuts_tie[j] |= last[j * rungs + r] != std::numeric_limits<std::uint32_t>::max();
    }
  std::vector<std::uint32_t> enter_of(grid_);  // the k of a rung; the rung `none` is never kept
  enter_of.push_back(0);
  std::vector<std::vector<std::int32_t>> counts(static_cast<std::size_t>(workers));
  parallel_for(tasks, threads, [&](std::size_t task, int worker) {
    DistanceRows& distances = scratch[static_cast<std::size_t>(worker)];
    std::vector<std::int32_t>& count = counts[static_cast<std::size_t>(worker)];
    count.resize(2 * n);
    std::int32_t* rung_out = count.data();
    std::int32_t* rung_in = count.data() + n;
    Slots& part = parts[task];
    const std::size_t row_end = std::min(n, (task + 1) * kRowsPerTask);
    for (std::size_t first = task * kRowsPerTask; first < row_end; first += kQueries) {
      distances.again(first);
      for (std::size_t i = first; i < std::min(row_end, first + kQueries); ++i) {
        const double* dist = distances.row(i - first);
        const double* ti = threshold.data() + i * rungs;
        const std::uint32_t* li = last.data() + i * rungs;
        const auto self = static_cast<std::uint32_t>(i);
        // The smallest rung r whose list holds the entry is the number of
        // thresholds below its distance (they increase with r), moved up
        // past rungs whose tie cut leaves it out.
        rungs_below(dist, n, ti, threshold_by_rung.data(), rungs, rung_out, rung_in);
        std::size_t kept = part.targets.size();
        part.targets.resize(kept + n);
        part.enter.resize(kept + n);
        std::uint32_t* targets = part.targets.data();
        std::uint32_t* enter = part.enter.data();
        for (std::uint32_t j = 0; j < n; ++j) {
          if (j == self) continue;
          const double d2 = dist[j];
          auto out = static_cast<std::uint32_t>(rung_out[j]);
          if (cuts_tie[i])
            while (out < none && !within(d2, j, ti[out], li[out])) ++out;
          std::uint32_t r = out;
          if (kind != GraphKind::Directed) {
            auto in = static_cast<std::uint32_t>(rung_in[j]);
            if (cuts_tie[j]) {
              const double* tj = threshold.data() + std::size_t(j) * rungs;
              const std::uint32_t* lj = last.data() + std::size_t(j) * rungs;
              while (in < none && !within(d2, self, tj[in], lj[in])) ++in;
            }
            r = kind == GraphKind::Union ? std::min(out, in) : std::max(out, in);
          }
          targets[kept] = j;  // written always, kept when the edge is in the graph at the top rung
          enter[kept] = enter_of[r];
          kept += r < none;
        }
        part.targets.resize(kept);
        part.enter.resize(kept);
        part.row_ends.push_back(kept);
      }
    }
  });

  top_.nodes = n;
  top_.directed = kind == GraphKind::Directed;
  top_.offsets.assign(n + 1, 0);
  std::size_t slots = 0;
  for (const Slots& part : parts) slots += part.targets.size();
  top_.targets.reserve(slots);
  enter_.reserve(slots);
  std::size_t row = 0;
  for (Slots& part : parts) {
    const std::size_t base = top_.targets.size();
    top_.targets.insert(top_.targets.end(), part.targets.begin(), part.targets.end());
    enter_.insert(enter_.end(), part.enter.begin(), part.enter.end());
    for (std::size_t end : part.row_ends) top_.offsets[++row] = base + end;
    part = Slots{};
  }
  if (row != n) throw std::logic_error("KnnGraphLadder: " + std::to_string(row) + " rows built for " + std::to_string(n));
}

namespace {

// Whether the route straight from the points (the second constructor) is
// expected to be cheaper than the k-NN lists' for n points in d dimensions
// and a largest k of k_max: it computes all n^2 distances twice in double
// and selects in every row of n, where the lists' route computes float keys
// by GEMM, checks about 1.25 k candidates per point in double, sorts them,
// and scatters the lists into the graph. Measured on the ReLU layers of the
// paper's Fashion-MNIST networks (docs/performance.md); the result never
// depends on it.
bool distances_route_pays(std::size_t n, std::size_t d, std::size_t k_max) {
  return d <= 256 && 8 * k_max >= n;
}

}  // namespace

KnnGraphLadder knn_ladder(MatrixViewF points, const std::vector<int>& ks, GraphKind kind, Ties ties, int threads,
                          LadderRoute route) {
  // Each route checks the points itself (the constructor all of ks;
  // exact_knn the largest k, so the smallest is checked here): the
  // coordinates are scanned once.
  if (ks.empty()) throw usage_error("k-NN graph: no k given");
  const int k_max = *std::max_element(ks.begin(), ks.end());
  if (route == LadderRoute::Auto)
    route = distances_route_pays(points.rows(), points.cols(), static_cast<std::size_t>(k_max)) ? LadderRoute::Distances
                                                                                                : LadderRoute::Lists;
  if (route == LadderRoute::Distances) return KnnGraphLadder(points, ks, kind, ties, threads);
  const int k_min = *std::min_element(ks.begin(), ks.end());
  if (k_min < 1) check_ladder_ks(points, ks);  // the error exact_knn would give for k_min
  return KnnGraphLadder(exact_knn(points, k_max, threads, ties), kind);
}

}  // namespace ricci
