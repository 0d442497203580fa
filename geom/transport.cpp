// transport.cpp — the three-phase primal-dual transport solver of transport.h.
//
// Why phase 2 needs no routing. After phase 1 the shortest augmenting path
// costs at least 2 (a max flow over the admissible arcs raises the distance
// to t; Ahuja, Magnanti and Orlin, sec. 9.8), and every later unit costs
// exactly 2: the path s -> u -> v -> t through any source u and sink v still
// holding mass costs c'(u, v) <= 2, and successive shortest paths never get
// cheaper. Moreover the arc u -> v itself is such a path, so c'(u, v) = 2 for
// every such pair: shipping the rest in any way costs 2 per unit.
//
// Residual network. Arcs s -> u (while u holds mass), u -> v (always, cost
// c'), v -> u (while x(u, v) > 0, cost -c') and v -> t (while v needs mass).
// A phase runs on the arcs that are admissible for node potentials d:
// u -> v and v -> u when c'(u, v) = d(v) - d(u), the latter only along flow.
// In phase 0 every d is 0, so the admissible arcs are the near ones; in
// phase 1, d(u) and d(v) are the distances 0 or 1 from s (nodes farther away
// lie on no path of cost 1 and are left out). Every arc carrying flow is
// admissible in both phases: flow runs on near arcs (cost 0 both ways, so
// their ends are equally far from s) or on mid arcs admissible in phase 1.
// So the arcs back from a sink are simply the sources sending into it.
// Sinks that need no mass never carry flow, so they are left out too.
//
// Node sets are bit sets. A breadth-first level is a few word operations per
// node (the sinks after a level of sources are the OR of their admissible
// rows, the sources after a level of sinks the OR of the sinks' carrying
// rows), and each level is kept as a set, so a depth-first step finds its
// next node as the first bit of (row AND next level AND alive): nodes found
// to be dead ends leave `alive`, which replaces Dinic's current-arc pointers.
#include "geom/transport.h"

#include <algorithm>
#include <stdexcept>

#include "geom/popcount.h"

namespace ricci {

namespace {

using Bits = std::vector<std::uint64_t>;

void set_bit(std::uint64_t* set, std::size_t i) { set[i / 64] |= std::uint64_t(1) << (i % 64); }
void clear_bit(std::uint64_t* set, std::size_t i) { set[i / 64] &= ~(std::uint64_t(1) << (i % 64)); }
bool has_bit(const std::uint64_t* set, std::size_t i) { return (set[i / 64] >> (i % 64)) & 1u; }

bool any_bit(const Bits& set) {
  for (std::uint64_t word : set)
    if (word != 0) return true;
  return false;
}

// Calls f(i) for every bit i set in set[0 .. words).
template <class F>
void for_each_bit(const std::uint64_t* set, std::size_t words, F&& f) {
  for (std::size_t t = 0; t < words; ++t)
    for (std::uint64_t bits = set[t]; bits != 0; bits &= bits - 1)
      f(t * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
}

// The first bit set in a & b & c (each of `words` words), or SIZE_MAX.
std::size_t first_common_bit(const std::uint64_t* a, const std::uint64_t* b, const std::uint64_t* c,
                             std::size_t words) {
  for (std::size_t t = 0; t < words; ++t)
    if (const std::uint64_t bits = a[t] & b[t] & c[t]) return t * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
  return SIZE_MAX;
}

// Dinic's max flow over the admissible arcs into the open sinks. Returns the
// mass shipped. When it returns with open sinks left, seen_sources and
// seen_sinks hold the nodes reachable from s over admissible arcs (its last,
// fruitless search).
class AdmissibleFlow {
 public:
  AdmissibleFlow(const TransportProblem& p, TransportWork& w)
      : p_(p), w_(w), sw_(w.source_words), tw_(p.words) {}

  std::int64_t run() {
    std::int64_t shipped = ship_directly();
    while (any_bit(w_.open_sinks) && build_levels()) {
      w_.alive_sources.assign(sw_, ~std::uint64_t(0));
      w_.alive_sinks.assign(tw_, ~std::uint64_t(0));
      for_each_bit(level_set(0), sw_, [&](std::size_t u) {
        const std::int64_t pushed = from_source(u, 0, w_.supply_left[u]);
        w_.supply_left[u] -= pushed;
        shipped += pushed;
      });
    }
    return shipped;
  }

 private:
  // Level l of the search: sources at even l, sinks at odd l.
  std::uint64_t* level_set(std::size_t l) { return w_.levels.data() + (l / 2) * (sw_ + tw_) + (l % 2) * sw_; }
  const std::uint64_t* admissible_row(std::size_t u) const { return w_.admissible.data() + u * tw_; }
  std::uint64_t* carrying_row(std::size_t v) { return w_.carrying.data() + v * sw_; }

  void move(std::size_t u, std::size_t v, std::int64_t amount) {
    if (amount == 0) return;
    std::int64_t& x = w_.flow[v * p_.sources + u];
    x += amount;
    if (x > 0) set_bit(carrying_row(v), u);
    else clear_bit(carrying_row(v), u);
  }

  std::int64_t take(std::size_t v, std::int64_t limit) {
    const std::int64_t amount = std::min(limit, w_.demand_left[v]);
    w_.demand_left[v] -= amount;
    if (w_.demand_left[v] == 0) clear_bit(w_.open_sinks.data(), v);
    return amount;
  }

  // The paths s -> u -> v -> t first, greedily: they leave the level
  // searches little to do.
  std::int64_t ship_directly() {
    std::int64_t shipped = 0;
    // Sources with fewer choices first, so that those with many (i, next to
    // all of N(i)) do not take what the others need: a counting sort by the
    // number of open sinks in reach, ties in index order.
    std::vector<std::uint32_t>& choices = w_.choices;
    choices.resize(p_.sources);
    w_.bucket_start.assign(p_.sinks + 2, 0);
    for (std::size_t u = 0; u < p_.sources; ++u) {
      std::uint32_t count = 0;
      if (w_.supply_left[u] > 0)
        for (std::size_t t = 0; t < tw_; ++t) count += popcount(admissible_row(u)[t] & w_.open_sinks[t]);
      choices[u] = count;
      ++w_.bucket_start[count + 1];
    }
    for (std::size_t c = 0; c <= p_.sinks; ++c) w_.bucket_start[c + 1] += w_.bucket_start[c];
    std::vector<std::uint32_t>& order = w_.order;
    order.resize(p_.sources);
    for (std::size_t u = 0; u < p_.sources; ++u) order[w_.bucket_start[choices[u]]++] = static_cast<std::uint32_t>(u);
    for (std::size_t u : order) {
      if (w_.supply_left[u] == 0) continue;
      const std::uint64_t* row = admissible_row(u);
      for (std::size_t t = 0; t < tw_ && w_.supply_left[u] > 0; ++t)
        for (std::uint64_t bits = row[t] & w_.open_sinks[t]; bits != 0 && w_.supply_left[u] > 0; bits &= bits - 1) {
          const std::size_t v = t * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
          const std::int64_t amount = take(v, w_.supply_left[u]);
          move(u, v, amount);
          w_.supply_left[u] -= amount;
          shipped += amount;
        }
    }
    return shipped;
  }

  // Breadth-first levels from s, kept in `levels`: the sources holding mass
  // at level 0, the sinks their admissible rows reach at level 1, the
  // sources sending into those at level 2, and so on, up to the first level
  // of sinks with an open one (end_level_). Returns whether there is one.
  bool build_levels() {
    std::fill(w_.seen_sources.begin(), w_.seen_sources.end(), 0);
    std::fill(w_.seen_sinks.begin(), w_.seen_sinks.end(), 0);
    w_.levels.assign(sw_ + tw_, 0);
    for (std::size_t u = 0; u < p_.sources; ++u)
      if (w_.supply_left[u] > 0) set_bit(level_set(0), u);
    for (std::size_t level = 0;; level += 2) {
      // A level of sources, then the sinks their rows reach.
      const std::uint64_t* sources = level_set(level);
      for (std::size_t t = 0; t < sw_; ++t) w_.seen_sources[t] |= sources[t];
      std::uint64_t* sinks = level_set(level + 1);
      for_each_bit(sources, sw_, [&](std::size_t u) {
        const std::uint64_t* row = admissible_row(u);
        for (std::size_t t = 0; t < tw_; ++t) sinks[t] |= row[t];
      });
      bool any = false, ends = false;
      for (std::size_t t = 0; t < tw_; ++t) {
        sinks[t] &= ~w_.seen_sinks[t];
        w_.seen_sinks[t] |= sinks[t];
        any |= sinks[t] != 0;
        ends |= (sinks[t] & w_.open_sinks[t]) != 0;
      }
      if (!any) return false;
      if (ends) {
        end_level_ = level + 1;
        return true;
      }
      // The sources sending into those sinks.
      w_.levels.resize(w_.levels.size() + sw_ + tw_, 0);
      sinks = level_set(level + 1);
      std::uint64_t* next = level_set(level + 2);
      for_each_bit(sinks, tw_, [&](std::size_t v) {
        const std::uint64_t* row = carrying_row(v);
        for (std::size_t t = 0; t < sw_; ++t) next[t] |= row[t];
      });
      any = false;
      for (std::size_t t = 0; t < sw_; ++t) {
        next[t] &= ~w_.seen_sources[t];
        any |= next[t] != 0;
      }
      if (!any) return false;
    }
  }

  // Pushes at most `limit` from source u (at `level`) along paths of
  // increasing levels; returns the amount. A source that cannot pass on all
  // it was offered is a dead end and leaves alive_sources.
  std::int64_t from_source(std::size_t u, std::size_t level, std::int64_t limit) {
    std::int64_t pushed = 0;
    while (pushed < limit) {
      // At the last level only open sinks can take mass.
      const std::uint64_t* alive = level + 1 == end_level_ ? w_.open_sinks.data() : w_.alive_sinks.data();
      const std::size_t v = first_common_bit(admissible_row(u), level_set(level + 1), alive, tw_);
      if (v == SIZE_MAX) {
        clear_bit(w_.alive_sources.data(), u);
        break;
      }
      const std::int64_t amount = into_sink(v, level + 1, limit - pushed);
      move(u, v, amount);
      pushed += amount;
    }
    return pushed;
  }

  // Takes at most `limit` into sink v (at `level`): into t when v is open at
  // the last level, else on back along flow into sources of the next level.
  // Returns the amount; a sink that cannot take all it was offered is a dead
  // end and leaves alive_sinks.
  std::int64_t into_sink(std::size_t v, std::size_t level, std::int64_t limit) {
    std::int64_t taken = 0;
    if (level == end_level_) {
      if (has_bit(w_.open_sinks.data(), v)) taken = take(v, limit);
    } else {
      while (taken < limit) {
        const std::size_t u = first_common_bit(carrying_row(v), level_set(level + 1), w_.alive_sources.data(), sw_);
        if (u == SIZE_MAX) break;
        const std::int64_t amount = from_source(u, level + 1, std::min(limit - taken, w_.flow[v * p_.sources + u]));
        move(u, v, -amount);
        taken += amount;
      }
    }
    if (taken < limit) clear_bit(w_.alive_sinks.data(), v);
    return taken;
  }

  const TransportProblem& p_;
  TransportWork& w_;
  const std::size_t sw_, tw_;  // words of a set of sources, of sinks
  std::size_t end_level_ = 0;
};

// Phase 1's potentials: the nodes at distance 1 from s, given those at 0
// (reached_*): the sinks a mid arc leads to from a source at 0, closed under
// the arcs of cost 0 (back along flow to sources, near arcs on to sinks).
// Then the admissible arcs: from a source at 0, the near sinks at 0 and the
// mid sinks at 1; from a source at 1, the near sinks at 1.
void set_phase_one(const TransportProblem& p, TransportWork& w) {
  const std::size_t sw = w.source_words, tw = p.words;
  w.sources_at_one.assign(sw, 0);
  w.sinks_at_one.assign(tw, 0);
  Bits& new_sinks = w.seen_sinks;
  Bits& new_sources = w.seen_sources;
  std::fill(new_sinks.begin(), new_sinks.end(), 0);
  for_each_bit(w.reached_sources.data(), sw, [&](std::size_t u) {
    const std::uint64_t* mid = p.mid.data() + u * tw;
    for (std::size_t t = 0; t < tw; ++t) new_sinks[t] |= mid[t];
  });
  for (std::size_t t = 0; t < tw; ++t) new_sinks[t] &= w.useful_sinks[t] & ~w.reached_sinks[t];
  while (any_bit(new_sinks)) {
    for (std::size_t t = 0; t < tw; ++t) w.sinks_at_one[t] |= new_sinks[t];
    std::fill(new_sources.begin(), new_sources.end(), 0);
    for_each_bit(new_sinks.data(), tw, [&](std::size_t v) {
      const std::uint64_t* row = w.carrying.data() + v * sw;
      for (std::size_t t = 0; t < sw; ++t) new_sources[t] |= row[t];
    });
    for (std::size_t t = 0; t < sw; ++t) {
      new_sources[t] &= ~(w.reached_sources[t] | w.sources_at_one[t]);
      w.sources_at_one[t] |= new_sources[t];
    }
    std::fill(new_sinks.begin(), new_sinks.end(), 0);
    for_each_bit(new_sources.data(), sw, [&](std::size_t u) {
      const std::uint64_t* near = p.near.data() + u * tw;
      for (std::size_t t = 0; t < tw; ++t) new_sinks[t] |= near[t];
    });
    for (std::size_t t = 0; t < tw; ++t)
      new_sinks[t] &= w.useful_sinks[t] & ~(w.reached_sinks[t] | w.sinks_at_one[t]);
  }
  std::fill(w.admissible.begin(), w.admissible.end(), 0);
  for_each_bit(w.reached_sources.data(), sw, [&](std::size_t u) {
    std::uint64_t* row = w.admissible.data() + u * tw;
    const std::uint64_t *near = p.near.data() + u * tw, *mid = p.mid.data() + u * tw;
    for (std::size_t t = 0; t < tw; ++t) row[t] = (near[t] & w.reached_sinks[t]) | (mid[t] & w.sinks_at_one[t]);
  });
  for_each_bit(w.sources_at_one.data(), sw, [&](std::size_t u) {
    std::uint64_t* row = w.admissible.data() + u * tw;
    const std::uint64_t* near = p.near.data() + u * tw;
    for (std::size_t t = 0; t < tw; ++t) row[t] = near[t] & w.sinks_at_one[t];
  });
  // Paths of phase 1 end at the sinks at distance 1 that need mass.
  for (std::size_t t = 0; t < tw; ++t) w.open_sinks[t] &= w.sinks_at_one[t];
}

// Zeroes the entries of the flow matrix the last problem left (those its
// carrying rows name), so a new problem starts from zero without clearing
// the whole matrix.
void clear_flow(TransportWork& w) {
  for (std::size_t v = 0; v < w.flow_sinks; ++v)
    for_each_bit(w.carrying.data() + v * w.source_words, w.source_words,
                 [&](std::size_t u) { w.flow[v * w.flow_sources + u] = 0; });
}

}  // namespace

void TransportProblem::reset(std::size_t source_count, std::size_t sink_count) {
  sources = source_count;
  sinks = sink_count;
  words = (sinks + 63) / 64;
  supply.assign(sources, 0);
  demand.assign(sinks, 0);
  near.assign(sources * words, 0);
  mid.assign(sources * words, 0);
}

std::int64_t ship_near(const TransportProblem& p, TransportWork& w) {
  std::int64_t supplied = 0, demanded = 0;
  for (std::int64_t a : p.supply) supplied += a;
  for (std::int64_t b : p.demand) demanded += b;
  if (supplied != demanded || std::any_of(p.supply.begin(), p.supply.end(), [](std::int64_t a) { return a < 0; }) ||
      std::any_of(p.demand.begin(), p.demand.end(), [](std::int64_t b) { return b < 0; }))
    throw std::logic_error("transport: masses must be non-negative with equal sums");
  clear_flow(w);
  const std::size_t sw = (p.sources + 63) / 64, tw = p.words;
  w.source_words = sw;
  w.flow_sources = p.sources;
  w.flow_sinks = p.sinks;
  if (w.flow.size() < p.sources * p.sinks) w.flow.resize(p.sources * p.sinks, 0);
  w.total = supplied;
  w.carrying.assign(p.sinks * sw, 0);
  w.supply_left = p.supply;
  w.demand_left = p.demand;
  w.open_sinks.assign(tw, 0);
  for (std::size_t v = 0; v < p.sinks; ++v)
    if (p.demand[v] > 0) set_bit(w.open_sinks.data(), v);
  w.useful_sinks = w.open_sinks;
  w.seen_sources.assign(sw, 0);
  w.seen_sinks.assign(tw, 0);
  // Phase 0: every node at distance 0, the admissible arcs the near ones
  // into sinks that need mass.
  w.admissible.resize(p.sources * tw);
  for (std::size_t u = 0; u < p.sources; ++u)
    for (std::size_t t = 0; t < tw; ++t) w.admissible[u * tw + t] = p.near[u * tw + t] & w.useful_sinks[t];
  w.shipped_near = AdmissibleFlow(p, w).run();
  w.reached_sources = w.seen_sources;
  w.reached_sinks = w.seen_sinks;
  return w.total - w.shipped_near;
}

std::int64_t finish_transport(const TransportProblem& p, TransportWork& w) {
  if (w.total == w.shipped_near) return w.total;
  set_phase_one(p, w);
  const std::int64_t shipped_mid = any_bit(w.open_sinks) ? AdmissibleFlow(p, w).run() : 0;
  // C = M + F1 + 2 (M - F0 - F1).
  return 3 * w.total - 2 * w.shipped_near - shipped_mid;
}

std::int64_t min_transport_cost(const TransportProblem& p, TransportWork& w) {
  ship_near(p, w);
  return finish_transport(p, w);
}

}  // namespace ricci
