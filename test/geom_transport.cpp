// geom_transport.cpp — tests of geom/transport.h: small problems worked by
// hand, and random problems against the textbook solver of
// test/transport_reference.h, with the near and mid sets given up front or
// (as geom/ollivier.cpp does) only where the solver reads them.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "data/random.h"
#include "geom/transport.h"
#include "test/transport_reference.h"

using namespace ricci;

namespace {

using Costs = std::vector<std::vector<std::int64_t>>;

// The problem with these masses and costs (each 1, 2 or 3).
TransportProblem problem_of(const std::vector<std::int64_t>& supply, const std::vector<std::int64_t>& demand,
                            const Costs& cost) {
  TransportProblem p;
  p.reset(supply.size(), demand.size());
  p.supply = supply;
  p.demand = demand;
  for (std::size_t u = 0; u < supply.size(); ++u)
    for (std::size_t v = 0; v < demand.size(); ++v) {
      if (cost[u][v] == 1) p.near_row(u)[v / 64] |= std::uint64_t(1) << (v % 64);
      if (cost[u][v] == 2) p.mid_row(u)[v / 64] |= std::uint64_t(1) << (v % 64);
    }
  return p;
}

std::int64_t solve(const std::vector<std::int64_t>& supply, const std::vector<std::int64_t>& demand,
                   const Costs& cost) {
  TransportWork work;
  return min_transport_cost(problem_of(supply, demand, cost), work);
}

}  // namespace

TEST_CASE("transport by hand: all near, a forced far unit, and a path of cost 2 that beats no direct arc") {
  // Two sources and sinks, all at distance 1: C = M.
  CHECK(solve({3, 4}, {5, 2}, {{1, 1}, {1, 1}}) == 7);
  // One unit can only go far: source 1 is 3 from both sinks.
  CHECK(solve({1, 1}, {1, 1}, {{1, 1}, {3, 3}}) == 1 + 3);
  // u0 - v0 near; u1 near v0 and mid to v1; u0 far from v1. Phase 0 ships
  // u1 -> v0 or u0 -> v0 (one unit); the best is u0 -> v0 (1) and u1 -> v1 (2) = 3,
  // not u1 -> v0 (1) and u0 -> v1 (3) = 4: phase 1 reroutes along flow.
  CHECK(solve({1, 1}, {1, 1}, {{1, 3}, {1, 2}}) == 3);
  // Phase 1 finds no path of cost 1: u0 is near v0 and mid to v1, u1 mid
  // to v0 and far from v1. Both assignments cost 4 (1 + 3 and 2 + 2).
  CHECK(solve({1, 1}, {1, 1}, {{1, 2}, {2, 3}}) == 4);
  // Unequal masses: 2 units at u0 near v0 (need 1) and mid to v1 (need 2);
  // u1 (1 unit) near v1. u0 -> v0 1, u0 -> v1 1 at 2, u1 -> v1 1: C = 1 + 2 + 1.
  CHECK(solve({2, 1}, {1, 2}, {{1, 2}, {3, 1}}) == 4);
}

TEST_CASE("transport equals successive shortest paths on random problems, sets given whole or lazily") {
  Rng rng(7);
  for (int trial = 0; trial < 400; ++trial) {
    CAPTURE(trial);
    const std::size_t m = 1 + rng.uniform_index(trial < 300 ? 9 : 80);
    const std::size_t n = 1 + rng.uniform_index(trial < 300 ? 9 : 80);
    // Random masses with equal sums: n random cut points of the total.
    std::vector<std::int64_t> supply(m), demand(n, 0);
    std::int64_t total = 0;
    for (auto& a : supply) total += a = static_cast<std::int64_t>(1 + rng.uniform_index(20));
    for (std::int64_t unit = 0; unit < total; ++unit) ++demand[rng.uniform_index(n)];
    Costs cost(m, std::vector<std::int64_t>(n));
    const double near_share = rng.uniform(), mid_share = rng.uniform();
    for (auto& row : cost)
      for (auto& c : row) c = rng.uniform() < near_share ? 1 : rng.uniform() < mid_share ? 2 : 3;
    const std::int64_t expected = ricci_test::reference_transport_cost(supply, demand, cost);
    CHECK(solve(supply, demand, cost) == expected);

    // Lazily: phase 0 without mid sets, then only the rows and bits finish_transport reads.
    TransportProblem full = problem_of(supply, demand, cost);
    TransportProblem lazy = full;
    std::fill(lazy.mid.begin(), lazy.mid.end(), 0);
    TransportWork work;
    ship_near(lazy, work);
    for (std::size_t u = 0; u < m; ++u) {
      if (!((work.reached_sources[u / 64] >> (u % 64)) & 1u)) continue;
      for (std::size_t t = 0; t < lazy.words; ++t) lazy.mid_row(u)[t] = full.mid_row(u)[t] & ~work.reached_sinks[t];
    }
    CHECK(finish_transport(lazy, work) == expected);
  }
}

TEST_CASE("a reused TransportWork gives each problem its own answer") {
  TransportWork work;
  TransportProblem big = problem_of({5, 5, 5}, {3, 3, 3, 6}, {{1, 2, 3, 3}, {3, 1, 2, 3}, {2, 3, 3, 1}});
  const std::int64_t first = min_transport_cost(big, work);
  CHECK(min_transport_cost(problem_of({1}, {1}, {{3}}), work) == 3);
  CHECK(min_transport_cost(big, work) == first);
  CHECK(first == ricci_test::reference_transport_cost({5, 5, 5}, {3, 3, 3, 6},
                                                      {{1, 2, 3, 3}, {3, 1, 2, 3}, {2, 3, 3, 1}}));
}

TEST_CASE("unequal or negative masses are a caller's bug") {
  TransportWork work;
  CHECK_THROWS_AS(min_transport_cost(problem_of({2}, {1}, {{1}}), work), std::logic_error);
  CHECK_THROWS_AS(min_transport_cost(problem_of({-1, 2}, {1}, {{1}, {1}}), work), std::logic_error);
}
