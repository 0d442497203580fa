// knn_search.cpp — candidate search over GEMM tiles, the margins that prove
// it complete (knn_margin.h, derived in knn_margin.cpp), and the exact
// finish.
//
// Each query's selection keeps the candidates of smallest key, and every
// point left out has key >= key_max, the largest key kept (selection.h). The
// margin gives dist2(q, r) >= base_q + key(q, r) for every r; if base_q +
// key_max exceeds t, the need-th smallest exact dist2 among the candidates,
// every point left out is strictly farther than t, and the nearest are among
// the candidates. Otherwise the query goes on to the next pass.
#include "geom/knn_search.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "data/blas.h"
#include "data/parallel.h"
#include "geom/gemm_tiles.h"
#include "geom/knn_margin.h"
#include "geom/selection.h"

namespace ricci {

namespace {


// (dist2, point or group): a neighbour before it is written out.
using Neighbor = KnnNeighbor;

// One GEMM precision: its rows, key terms and margin.
template <class T>
struct Pass {
  const T* rows = nullptr;       // u x d: the representatives in precision T
  std::vector<T> column_terms;   // u: W_r
  bool query_term = false;       // the prefill holds N_q + W_r (double pass) or W_r (float pass)
  PassMargin margin;
  double base(const KnnSearch& s, std::size_t q) const { return margin.base(s.norms[q]); }
};

// The largest float not above x (x finite and within float range).
float float_below(float x) { return x; }
float float_below(double x) {
  const float f = static_cast<float>(x);
  return static_cast<double>(f) > x ? std::nextafter(f, -std::numeric_limits<float>::infinity()) : f;
}

const float* unique_row(const KnnSearch& s, std::size_t group) { return s.unique + group * s.d; }

// dist2 from group q to each group in groups[0 .. count), written to
// out[0 .. count), each sum exactly as squared_distance() forms it: four
// candidates advance together, each in coordinate order, so the additions
// of one candidate stay in sequence but four chains run at once.
void squared_distances(const KnnSearch& s, std::size_t q, const std::uint32_t* groups, std::size_t count,
                       double* out) {
  const float* a = unique_row(s, q);
  std::size_t c = 0;
  for (; c + 4 <= count; c += 4) {
    const float *b0 = unique_row(s, groups[c]), *b1 = unique_row(s, groups[c + 1]);
    const float *b2 = unique_row(s, groups[c + 2]), *b3 = unique_row(s, groups[c + 3]);
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (std::size_t p = 0; p < s.d; ++p) {
      const double x = a[p];
      const double d0 = x - b0[p], d1 = x - b1[p], d2 = x - b2[p], d3 = x - b3[p];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
  }
  for (; c < count; ++c) out[c] = squared_distance(a, unique_row(s, groups[c]), s.d);
}

// (dist2 from q, group) for the given groups.
std::vector<Neighbor> with_distances(const KnnSearch& s, std::size_t q, const std::vector<std::uint32_t>& groups) {
  std::vector<double> distance(groups.size());
  squared_distances(s, q, groups.data(), groups.size(), distance.data());
  std::vector<Neighbor> neighbors(groups.size());
  for (std::size_t c = 0; c < groups.size(); ++c) neighbors[c] = Neighbor(distance[c], groups[c]);
  return neighbors;
}

// The member points of the given groups (each contributing at most `need` of
// its smallest indices, all at the group's dist2), sorted by (dist2, point).
// Under Ties::All a row keeps every point tied with its last, so a group
// contributes all its members.
std::vector<Neighbor> expand_groups(const KnnSearch& s, const std::vector<Neighbor>& groups, std::size_t need) {
  if (s.ties == Ties::All) need = SIZE_MAX;
  std::vector<Neighbor> points;
  for (const Neighbor& g : groups) {
    const std::size_t begin = s.groups->offsets[g.second];
    const std::size_t count = std::min(s.groups->size(g.second), need);
    for (std::size_t m = 0; m < count; ++m) points.emplace_back(g.first, s.groups->members[begin + m]);
  }
  std::sort(points.begin(), points.end());
  return points;
}

// Writes the rows of every member of group q. Members of q itself come first
// (distance 0, smallest index first), then the nearest other points. Under
// Ties::All `others` is already every other point within the k-th distance,
// kept for the caller to assemble.
void write_rows(const KnnSearch& s, std::size_t q, const std::vector<Neighbor>& others) {
  if (s.ties == Ties::All) {
    (*s.tied)[q] = others;
    return;
  }
  const DuplicateGroups& groups = *s.groups;
  const std::size_t begin = groups.offsets[q], end = groups.offsets[q + 1];
  for (std::size_t m = begin; m < end; ++m) {
    const std::uint32_t i = groups.members[m];
    std::uint32_t* row = s.out->neighbors.data() + std::size_t(i) * s.k;
    double* dist = s.out->squared_distances.data() + std::size_t(i) * s.k;
    std::size_t filled = 0;
    for (std::size_t o = begin; o < end && filled < s.k; ++o)
      if (groups.members[o] != i) {
        row[filled] = groups.members[o];
        dist[filled++] = 0.0;
      }
    for (std::size_t o = 0; filled < s.k; ++o) {
      row[filled] = others[o].second;
      dist[filled++] = others[o].first;
    }
  }
}

// Points of other groups that q still needs after its own duplicates
// (0 when its group alone has more than k points).
std::size_t points_needed(const KnnSearch& s, std::size_t q) {
  const std::size_t own = s.groups->size(q) - 1;
  return own >= s.k ? 0 : s.k - own;
}

// Settles q exhaustively: every other group's dist2 in double, sorted by
// (dist2, group), taken until they hold `need` points and then every group
// tied with the last one taken.
void finish_exhaustively(const KnnSearch& s, std::size_t q) {
  const std::size_t need = points_needed(s, q);
  std::vector<std::uint32_t> others;
  others.reserve(s.u - 1);
  for (std::size_t r = 0; r < s.u; ++r)
    if (r != q) others.push_back(static_cast<std::uint32_t>(r));
  std::vector<Neighbor> all = with_distances(s, q, others);
  std::sort(all.begin(), all.end());
  std::size_t taken = 0, points = 0;
  while (taken < all.size() && points < need) points += s.groups->size(all[taken++].second);
  while (taken < all.size() && all[taken].first == all[taken - 1].first) ++taken;
  all.resize(taken);
  write_rows(s, q, expand_groups(s, all, need));
}

// Settles q from its kept candidates if the margin proves them complete
// (every other group kept, or base_q + key_max > t); returns false, writing
// nothing, otherwise.
bool finish_from_candidates(const KnnSearch& s, std::size_t q, const Candidate* kept_pairs, std::size_t kept_count,
                            double base) {
  const std::size_t need = points_needed(s, q);
  if (need == 0) {
    write_rows(s, q, {});
    return true;
  }
  std::vector<std::uint32_t> kept(kept_count);
  double key_max = -std::numeric_limits<double>::infinity();
  for (std::size_t h = 0; h < kept_count; ++h) {
    kept[h] = candidate_index(kept_pairs[h]);
    key_max = std::max(key_max, static_cast<double>(candidate_key(kept_pairs[h])));
  }
  std::vector<Neighbor> nearest = expand_groups(s, with_distances(s, q, kept), need);
  const double kth = nearest[need - 1].first;  // dist2 of the k-th neighbour (after q's duplicates)
  if (kept_count < s.u - 1 && !proves_farther(base, key_max, kth)) return false;
  // Every point left out is strictly farther than the k-th: under Ties::All
  // the candidates within that distance are the whole row.
  if (s.ties == Ties::All)
    nearest.erase(std::upper_bound(nearest.begin(), nearest.end(), Neighbor(kth, UINT32_MAX)), nearest.end());
  write_rows(s, q, nearest);
  return true;
}

// Offers the references [r0, r0 + cols) of one tile row (their keys) to a
// query's selection. Keys are compared with the threshold 16 at a time into
// a bit mask, and only the set bits are offered: most blocks offer nothing.
// A key is offered rounded down to float; one refused has key >= threshold.
template <class T>
void offer_row(BoundedSelection& select, std::size_t q, std::size_t r0, std::size_t cols, const T* keys) {
  constexpr std::size_t kBlock = 16;
  auto offer_mask = [&select, q, r0, keys](std::size_t j0, unsigned mask) {
    while (mask != 0) {
      const std::size_t j = j0 + static_cast<std::size_t>(__builtin_ctz(mask));
      mask &= mask - 1;
      // The threshold may have dropped since the mask was made.
      if (keys[j] < T(select.threshold()) && r0 + j != q)
        select.offer(float_below(keys[j]), static_cast<std::uint32_t>(r0 + j));
    }
  };
  std::size_t j0 = 0;
  for (; j0 + kBlock <= cols; j0 += kBlock) {
    const T threshold = select.threshold();
    unsigned mask = 0;
    for (std::size_t t = 0; t < kBlock; ++t) mask |= unsigned(keys[j0 + t] < threshold) << t;
    if (mask != 0) offer_mask(j0, mask);
  }
  unsigned tail = 0;
  for (std::size_t t = 0; j0 + t < cols; ++t) tail |= unsigned(keys[j0 + t] < T(select.threshold())) << t;
  offer_mask(j0, tail);
}

// Per-worker scratch of a pass.
template <class T>
struct Scratch {
  std::vector<T> queries;        // rows x d: the tile's query rows
  std::vector<T> tile;           // rows x kReferenceTile keys
  std::vector<Candidate> pools;  // rows x 2 (k + extra)
};

// One task of a pass: the query groups queries[0 .. rows) (rows <= kQueryTile).
// Streams reference tiles through the GEMM, keeps each query's candidates of
// smallest key, and settles those the margin proves; returns the others.
template <class T>
std::vector<std::uint32_t> search_tile(const KnnSearch& s, const Pass<T>& pass, const std::uint32_t* queries,
                                       std::size_t rows, Scratch<T>& scratch) {
  const std::size_t pool_size = 2 * (s.k + s.extra);
  scratch.queries.resize(rows * s.d);
  scratch.tile.resize(rows * std::min(kReferenceTile, s.u));
  scratch.pools.resize(rows * pool_size);
  std::vector<BoundedSelection> selection(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    std::copy(pass.rows + queries[i] * s.d, pass.rows + (queries[i] + 1) * s.d, scratch.queries.begin() + i * s.d);
    const std::size_t need = points_needed(s, queries[i]);
    selection[i].reset(scratch.pools.data() + i * pool_size, need == 0 ? 0 : std::min(need + s.extra, s.u - 1));
  }
  for (std::size_t r0 = 0; r0 < s.u; r0 += kReferenceTile) {
    const std::size_t cols = std::min(kReferenceTile, s.u - r0);
    // keys (rows x cols) = [N_q +] W[r0 .. r0+cols) on every row
    //   - 2 queries (rows x d) * rows[r0 .. r0+cols)^T (d x cols)
    T* tile = scratch.tile.data();
    const T* terms = pass.column_terms.data() + r0;
    for (std::size_t i = 0; i < rows; ++i) {
      if (!pass.query_term) {
        std::copy(terms, terms + cols, tile + i * cols);
        continue;
      }
      const T query_term = static_cast<T>(s.norms[queries[i]]);
      for (std::size_t j = 0; j < cols; ++j) tile[i * cols + j] = query_term + terms[j];
    }
    gemm(false, true, rows, cols, s.d, T(-2), scratch.queries.data(), s.d, pass.rows + r0 * s.d, s.d, T(1), tile,
         cols);
    for (std::size_t i = 0; i < rows; ++i)
      if (selection[i].capacity() > 0) offer_row(selection[i], queries[i], r0, cols, tile + i * cols);
  }
  std::vector<std::uint32_t> unsettled;
  for (std::size_t i = 0; i < rows; ++i) {
    const std::size_t kept = selection[i].finish();
    if (!finish_from_candidates(s, queries[i], scratch.pools.data() + i * pool_size, kept, pass.base(s, queries[i])))
      unsettled.push_back(queries[i]);
  }
  return unsettled;
}

// Runs a pass over `queries` on `threads` workers; returns those it could
// not settle, in the order given.
template <class T>
std::vector<std::uint32_t> run_pass(const KnnSearch& s, const Pass<T>& pass, const std::vector<std::uint32_t>& queries,
                                    int threads) {
  const std::size_t tasks = (queries.size() + kQueryTile - 1) / kQueryTile;
  std::vector<Scratch<T>> scratch(std::max<std::size_t>(1, std::min<std::size_t>(threads, tasks)));
  std::vector<std::vector<std::uint32_t>> unsettled(tasks);
  parallel_for(tasks, threads, [&](std::size_t task, int worker) {
    const std::size_t first = task * kQueryTile;
    unsettled[task] = search_tile(s, pass, queries.data() + first, std::min(kQueryTile, queries.size() - first),
                                  scratch[worker]);
  });
  std::vector<std::uint32_t> all;
  for (const auto& part : unsettled) all.insert(all.end(), part.begin(), part.end());
  return all;
}

}  // namespace

void run_knn_search(const KnnSearch& s, int threads) {
  KnnSettled& settled = s.out->settled;
  settled = KnnSettled{};
  settled.distinct_points = s.u;
  std::vector<std::uint32_t> queries;  // groups that need a search
  for (std::size_t q = 0; q < s.u; ++q) {
    if (points_needed(s, q) == 0) {
      write_rows(s, q, {});
      ++settled.by_duplicates;
    } else {
      queries.push_back(static_cast<std::uint32_t>(q));
    }
  }
  double largest_norm = 0.0;
  for (double norm : s.norms) largest_norm = std::max(largest_norm, norm);

  // Float pass, when its margin holds (knn_margin.h); otherwise every query goes on.
  std::vector<std::uint32_t> unsettled = queries;
  const PassMargin float_margin = float_pass_margin(s.d, largest_norm);
  if (float_margin.usable) {
    Pass<float> pass;
    pass.rows = s.unique;
    pass.margin = float_margin;
    pass.column_terms.resize(s.u);
    for (std::size_t r = 0; r < s.u; ++r)
      pass.column_terms[r] = static_cast<float>(float_margin.column_factor * s.norms[r]);
    unsettled = run_pass(s, pass, queries, threads);
  }
  settled.float_margin = queries.size() - unsettled.size();

  // Double pass over what is left (its keys, about dist2, are held as floats).
  const PassMargin double_margin = double_pass_margin(s.d, largest_norm);
  if (!unsettled.empty() && double_margin.usable) {
    std::vector<double> rows(s.unique, s.unique + s.u * s.d);
    Pass<double> pass;
    pass.rows = rows.data();
    pass.query_term = true;
    pass.margin = double_margin;
    pass.column_terms.resize(s.u);
    for (std::size_t r = 0; r < s.u; ++r) pass.column_terms[r] = double_margin.column_factor * s.norms[r];
    const std::size_t before = unsettled.size();
    unsettled = run_pass(s, pass, unsettled, threads);
    settled.double_margin = before - unsettled.size();
  }

  // Exhaustive for the rest.
  settled.exhaustive = unsettled.size();
  parallel_for(unsettled.size(), threads, [&](std::size_t i, int) { finish_exhaustively(s, unsettled[i]); });
}

}  // namespace ricci
