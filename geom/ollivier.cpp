// ollivier.cpp — exact Ollivier-Ricci curvature: each edge's transport
// problem built from the graph's rows and solved by transport.h.
#include "geom/ollivier.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "data/error.h"
#include "data/format.h"
#include "data/parallel.h"
#include "geom/transport.h"

namespace ricci {

namespace {

constexpr std::int64_t kLargestDenominator = 1000000;

// Scratch of one worker. Entries of the per-node arrays count only when
// their stamp is current (the centre's, or the edge's), so nothing is
// cleared between edges.
struct EdgeWork {
  std::uint64_t stamp = 0;              // bumped for every centre and every edge
  std::uint64_t centre_stamp = 0;       // the stamp of the current centre i
  std::uint32_t centre = 0;
  std::vector<std::uint32_t> members;   // N[i]: i's neighbours in order, then i
  std::size_t words = 0;                // words of a set of members
  std::vector<std::uint64_t> row_stamp, member_stamp, side_stamp, ball_stamp;  // n each
  std::vector<std::uint32_t> row_of;    // n: a node's row in `adjacent`
  std::vector<std::uint64_t> adjacent;  // rows of `words`: the members a node is adjacent to
  std::vector<std::uint32_t> ball_of;   // n: a node's row in `within_two`
  std::vector<std::uint64_t> within_two;  // rows of `words`: the members at most 2 from a node
  std::vector<std::uint32_t> sources;   // N[j] of the current edge: j's neighbours in order, then j
  TransportProblem problem;
  TransportWork work;

  explicit EdgeWork(std::size_t n)
      : row_stamp(n, 0), member_stamp(n, 0), side_stamp(n, 0), ball_stamp(n, 0), row_of(n), ball_of(n) {}

  // The members adjacent to node x, or nullptr for none.
  const std::uint64_t* adjacent_row(std::uint32_t x) const {
    return row_stamp[x] == centre_stamp ? adjacent.data() + std::size_t(row_of[x]) * words : nullptr;
  }
};

// Makes i the centre: its closed neighbourhood N[i] numbered (the sinks of
// every transport problem of its edges) and, for each node next to a
// member, the set of members it is adjacent to. Cost: the sum of the
// members' degrees, shared by all edges at i.
void prepare_centre(const Graph& graph, std::uint32_t i, EdgeWork& w) {
  w.centre = i;
  w.centre_stamp = ++w.stamp;
  w.members.assign(graph.neighbors(i).begin(), graph.neighbors(i).end());
  w.members.push_back(i);
  w.words = (w.members.size() + 63) / 64;
  w.adjacent.clear();
  w.within_two.clear();
  for (std::size_t a = 0; a < w.members.size(); ++a) {
    w.member_stamp[w.members[a]] = w.centre_stamp;
    for (std::uint32_t x : graph.neighbors(w.members[a])) {
      if (w.row_stamp[x] != w.centre_stamp) {
        w.row_stamp[x] = w.centre_stamp;
        w.row_of[x] = static_cast<std::uint32_t>(w.adjacent.size() / w.words);
        w.adjacent.resize(w.adjacent.size() + w.words, 0);
      }
      w.adjacent[std::size_t(w.row_of[x]) * w.words + a / 64] |= std::uint64_t(1) << (a % 64);
    }
  }
}

// The members at most 2 from node x: the OR of the adjacency rows of x's
// neighbours. Kept for the rest of the centre's edges, whose neighbourhoods
// overlap.
const std::uint64_t* within_two(const Graph& graph, std::uint32_t x, EdgeWork& w) {
  if (w.ball_stamp[x] != w.centre_stamp) {
    w.ball_stamp[x] = w.centre_stamp;
    w.ball_of[x] = static_cast<std::uint32_t>(w.within_two.size() / w.words);
    w.within_two.resize(w.within_two.size() + w.words, 0);
    std::uint64_t* ball = w.within_two.data() + std::size_t(w.ball_of[x]) * w.words;
    for (std::uint32_t y : graph.neighbors(x))
      if (const std::uint64_t* row = w.adjacent_row(y))
        for (std::size_t t = 0; t < w.words; ++t) ball[t] |= row[t];
  }
  return w.within_two.data() + std::size_t(w.ball_of[x]) * w.words;
}

// The mid sets: sink u (a member of N[i]) is 2 from source v when it is at
// most 2 from v and not near it. (The set may name v itself when v is a
// member; v then needs no mass as a sink, and the solver ignores such
// sinks.) Only the rows finish_transport() reads are built: those of the
// sources phase 0 reached.
void fill_mid_sets(const Graph& graph, const std::vector<std::uint32_t>& source_nodes, EdgeWork& w) {
  TransportProblem& p = w.problem;
  for (std::size_t b = 0; b < p.sources; ++b) {
    if (!((w.work.reached_sources[b / 64] >> (b % 64)) & 1u)) continue;
    std::uint64_t* mid = p.mid_row(b);
    const std::uint64_t* ball = within_two(graph, source_nodes[b], w);
    const std::uint64_t* near = p.near_row(b);
    for (std::size_t t = 0; t < p.words; ++t) mid[t] = ball[t] & ~near[t];
  }
}

// kappa(centre, j) for an edge at the prepared centre i, docs/method.md
// definition 3. W1 is symmetric, so the problem moves mu_j's excess (the
// sources, on N[j]) onto mu_i's (the sinks, on N[i]); masses are scaled by
// T = q deg(i) deg(j) to integers and common mass cancels in each node.
double edge_curvature(const Graph& graph, std::uint32_t j, Laziness alpha, EdgeWork& w) {
  const std::uint32_t i = w.centre;
  const std::uint64_t edge = ++w.stamp;
  const std::int64_t di = static_cast<std::int64_t>(graph.degree(i)), dj = static_cast<std::int64_t>(graph.degree(j));
  const std::int64_t p = alpha.numerator, q = alpha.denominator;
  for (std::uint32_t v : graph.neighbors(j)) w.side_stamp[v] = edge;
  // mu_i puts p di dj on i and (q - p) dj on each neighbour of i; mu_j likewise.
  auto mu_i = [&](std::uint32_t x) {
    return x == i ? p * di * dj : w.member_stamp[x] == w.centre_stamp ? (q - p) * dj : 0;
  };
  auto mu_j = [&](std::uint32_t x) { return x == j ? p * di * dj : w.side_stamp[x] == edge ? (q - p) * di : 0; };

  std::vector<std::uint32_t>& sources = w.sources;
  sources.assign(graph.neighbors(j).begin(), graph.neighbors(j).end());
  sources.push_back(j);
  TransportProblem& problem = w.problem;
  problem.reset(sources.size(), w.members.size());
  for (std::size_t a = 0; a < w.members.size(); ++a)
    problem.demand[a] = std::max<std::int64_t>(0, mu_i(w.members[a]) - mu_j(w.members[a]));
  for (std::size_t b = 0; b < sources.size(); ++b) {
    problem.supply[b] = std::max<std::int64_t>(0, mu_j(sources[b]) - mu_i(sources[b]));
    if (const std::uint64_t* row = w.adjacent_row(sources[b]))
      std::copy(row, row + problem.words, problem.near_row(b));
  }
  if (ship_near(problem, w.work) > 0) fill_mid_sets(graph, sources, w);
  const std::int64_t cost = finish_transport(problem, w.work);
  const std::int64_t total = q * di * dj;
  return static_cast<double>(total - cost) / static_cast<double>(total);
}

// Usage error unless every edge's masses fit 64-bit integers with room for
// the cost (3 T < 2^62, T = q deg(i) deg(j)).
void check_mass_range(const Graph& graph, Laziness alpha) {
  std::size_t largest = 0;
  for (std::size_t i = 0; i < graph.nodes; ++i) largest = std::max(largest, graph.degree(i));
  const double bound = 3.0 * static_cast<double>(alpha.denominator) * static_cast<double>(largest) *
                       static_cast<double>(largest);
  if (bound >= std::ldexp(1.0, 62))
    throw usage_error("Ollivier alpha", "a degree of " + std::to_string(largest) + " with alpha's denominator " +
                                            std::to_string(alpha.denominator) +
                                            " is beyond exact 64-bit masses; use a simpler fraction");
}

}  // namespace

Laziness laziness_fraction(double alpha) {
  if (!(alpha >= 0.0 && alpha <= 1.0))
    throw usage_error("Ollivier alpha", "must be from 0 to 1, got " + format_double(alpha));
  for (std::int64_t q = 1; q <= kLargestDenominator; ++q) {
    const double p = std::round(alpha * static_cast<double>(q));
    if (p / static_cast<double>(q) == alpha) return {static_cast<std::int64_t>(p), q};
  }
  throw usage_error("Ollivier alpha", format_double(alpha) + " is not a fraction with a denominator of at most " +
                                          std::to_string(kLargestDenominator) +
                                          " (give a decimal of at most six places)");
}

std::vector<double> ollivier_curvature(const Graph& graph, double alpha, int threads) {
  require_undirected(graph, "Ollivier-Ricci curvature");
  const Laziness laziness = laziness_fraction(alpha);
  check_mass_range(graph, laziness);
  std::vector<double> curvature(graph.targets.size());
  // Each edge is computed once, from its smaller end, which writes both of
  // its slots: tasks (blocks of nodes) never write the same slot. A node
  // here costs a transport problem per edge, many times a triangle count
  // and uneven (it grows with deg(i) deg(j)), so tasks are 8 times
  // smaller than edge_triangles' (curvature.cpp): more of them, for the
  // workers to even out hubs.
  constexpr std::size_t kNodesPerTask = 64;
  const std::size_t tasks = (graph.nodes + kNodesPerTask - 1) / kNodesPerTask;
  // One scratch per worker: parallel_for runs min(threads, tasks) of them.
  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(std::max(threads, 1), tasks));
  std::vector<EdgeWork> work;
  work.reserve(workers);
  for (std::size_t t = 0; t < workers; ++t) work.emplace_back(graph.nodes);
  parallel_for(tasks, threads, [&](std::size_t task, int worker) {
    const std::size_t end = std::min(graph.nodes, (task + 1) * kNodesPerTask);
    for (std::size_t i = task * kNodesPerTask; i < end; ++i)
      for (std::size_t slot = graph.offsets[i]; slot < graph.offsets[i + 1]; ++slot) {
        const std::uint32_t j = graph.targets[slot];
        if (j < i) continue;
        EdgeWork& w = work[worker];
        if (w.centre_stamp == 0 || w.centre != i) prepare_centre(graph, static_cast<std::uint32_t>(i), w);
        const double kappa = edge_curvature(graph, j, laziness, w);
        curvature[slot] = kappa;
        curvature[find_slot(graph, j, static_cast<std::uint32_t>(i))] = kappa;
      }
  });
  return curvature;
}

double ollivier_edge_curvature(const Graph& graph, std::uint32_t i, std::uint32_t j, double alpha) {
  require_undirected(graph, "Ollivier-Ricci curvature");
  if (i >= graph.nodes || find_slot(graph, i, j) == graph.targets.size())
    throw usage_error("Ollivier-Ricci curvature: {" + std::to_string(i) + ", " + std::to_string(j) +
                      "} is not an edge of the graph");
  const Laziness laziness = laziness_fraction(alpha);
  check_mass_range(graph, laziness);
  EdgeWork work(graph.nodes);
  prepare_centre(graph, i, work);
  return edge_curvature(graph, j, laziness, work);
}

std::vector<double> knn_pair_ollivier(const KnnLists& lists, double alpha, int threads) {
  const Graph graph = knn_graph(lists, GraphKind::Union);
  const std::vector<double> per_slot = ollivier_curvature(graph, alpha, threads);
  std::vector<double> kappa(lists.neighbors.size());
  for (std::size_t i = 0; i < lists.points; ++i)
    for (std::size_t e = lists.offsets[i]; e < lists.offsets[i + 1]; ++e)
      kappa[e] = per_slot[find_slot(graph, i, lists.neighbors[e])];
  return kappa;
}

}  // namespace ricci
