// transport.h — exact optimal transport when every distance is 1, 2 or 3: the
// problems of exact Ollivier-Ricci curvature (ollivier.h), solved in integers.
//
// Problem. Sources u = 0..m-1 hold masses a_u > 0 and sinks v = 0..m'-1 need
// masses b_v > 0, all integers, with sum a = sum b = M. Moving one unit from
// u to v costs c(u, v) = 1 when v is in near(u), 2 when v is in mid(u), and 3
// otherwise. The transport cost is
//
//   C = min over x >= 0 with sum_v x(u, v) = a_u, sum_u x(u, v) = b_v
//       of sum_{u,v} c(u, v) x(u, v),
//
// an integer (the transportation polytope has integer vertices).
//
// Algorithm: the primal-dual method of min-cost flow (successive shortest
// paths, one max flow per distance; Ahuja, Magnanti and Orlin, "Network
// Flows", 1993, sec. 9.8), cut short by the three costs. Write c = 1 + c',
// c' in {0, 1, 2}; every unit pays 1, and C = M + min sum c' x. On the network
// s -> sources -> sinks -> t (arcs s -> u of capacity a_u, u -> v unbounded at
// cost c'(u, v), v -> t of capacity b_v) the shortest augmenting path costs
// 0, then 1, then 2, and never more, since the arc u -> v between any source
// and sink still holding mass costs at most 2. So there are three phases:
//
//   phase 0  a max flow F0 over the near arcs alone (cost c' = 0);
//   phase 1  distances d in {0, 1} from s in the residual network (a 0-1
//            search), then a max flow F1 over its admissible arcs, those with
//            c'(u, v) = d(v) - d(u) (forward, or backward along flow);
//   phase 2  what is left, M - F0 - F1, costs c' = 2 per unit: once no path
//            of cost 1 is left, every source and sink still holding mass are
//            3 apart (shown in transport.cpp), so it needs no routing.
//
// Hence C = M + F1 + 2 (M - F0 - F1) = 3M - 2 F0 - F1. Each max flow is
// Dinic's (breadth-first levels, then blocking flows by depth-first search
// with current-arc pointers), on bit sets of sinks. Cost: O(m m') to set up,
// and per phase O(V^2 E) in the worst case for V = m + m' nodes and E <= m m'
// arcs; on k-NN neighbourhoods it takes a few level searches. Memory: the
// m x m' flow matrix. All arithmetic is in 64-bit integers, so the result is
// exact and the same everywhere.
//
// Use: fill the problem's masses and near sets, call ship_near() (phase 0);
// when it leaves mass, fill the mid sets and call finish_transport() (phases
// 1 and 2). The mid sets cost more to find, and a problem shipped entirely
// at cost 1 never needs them. min_transport_cost() does both at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ricci {

struct TransportProblem {
  std::size_t sources = 0, sinks = 0;
  std::size_t words = 0;              // 64-bit words of a set of sinks: (sinks + 63) / 64
  std::vector<std::int64_t> supply;   // a_u, one per source
  std::vector<std::int64_t> demand;   // b_v, one per sink
  std::vector<std::uint64_t> near;    // sources x words: bit v of row u when c(u, v) = 1
  std::vector<std::uint64_t> mid;     // sources x words: bit v of row u when c(u, v) = 2 (disjoint from near)

  // Sizes the problem for `sources` x `sinks`, masses and sets zero (the
  // vectors keep their capacity, so a reused problem allocates rarely).
  void reset(std::size_t source_count, std::size_t sink_count);
  std::uint64_t* near_row(std::size_t u) { return near.data() + u * words; }
  std::uint64_t* mid_row(std::size_t u) { return mid.data() + u * words; }
};

// The state of a solve between its phases, and scratch memory reused from
// one problem to the next. Sets of sources are bit sets of source_words
// words, sets of sinks of problem.words words.
struct TransportWork {
  // After ship_near(): the sources and sinks at distance 0 from s (reachable
  // over near arcs and back along flow). finish_transport() reads mid only
  // in the rows of these sources, and there only the bits of sinks outside
  // reached_sinks, so a caller may fill just those.
  std::vector<std::uint64_t> reached_sources, reached_sinks;

  std::size_t source_words = 0;
  std::int64_t total = 0;                      // M
  std::int64_t shipped_near = 0;               // F0
  std::vector<std::int64_t> flow;              // sinks x sources: row v holds x(., v); zero outside carrying
  std::size_t flow_sources = 0, flow_sinks = 0;  // the layout of `flow` (the last problem's size)
  std::vector<std::uint64_t> carrying;         // sinks x source_words: bit u of row v when x(u, v) > 0
  std::vector<std::int64_t> supply_left, demand_left;
  std::vector<std::uint64_t> admissible;       // sources x words: the arcs u -> v of the phase
  std::vector<std::uint64_t> useful_sinks;     // the sinks that need mass at all
  std::vector<std::uint64_t> open_sinks;       // the sinks where a path of the phase may end
  std::vector<std::uint64_t> sources_at_one, sinks_at_one;  // phase 1: the nodes at distance 1
  std::vector<std::uint64_t> seen_sources, seen_sinks;
  std::vector<std::uint64_t> levels;           // the search's levels, a set of sources then of sinks each
  std::vector<std::uint64_t> alive_sources, alive_sinks;
  std::vector<std::uint32_t> order, choices, bucket_start;  // the greedy start's order of sources
};

// Phase 0: ships as much mass as the near arcs can carry. Returns the mass
// left, M - F0 (0 means C = M and mid is never read). Sums of the masses that
// differ, or a negative mass, are a std::logic_error (a caller's bug).
std::int64_t ship_near(const TransportProblem& problem, TransportWork& work);

// Phases 1 and 2 after ship_near(), with problem.mid filled: returns C.
std::int64_t finish_transport(const TransportProblem& problem, TransportWork& work);

// C, with both the near and the mid sets filled up front.
std::int64_t min_transport_cost(const TransportProblem& problem, TransportWork& work);

}  // namespace ricci
