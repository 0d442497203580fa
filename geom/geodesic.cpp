// geodesic.cpp — the bit-parallel multi-source BFS and what is built on it.
#include "geom/geodesic.h"

#include <algorithm>
#include <string>
#include <utility>

#include "data/error.h"
#include "data/parallel.h"
#include "geom/popcount.h"

namespace ricci {

namespace {

// The sources searched together, one task of the parallel loop: a node's
// set of them is kWords 64-bit words. 256 bits are one AVX2 register (two
// SSE2 ones), so the ORs of a level are a couple of instructions per edge,
// and a task (n / 256 of them) is a whole BFS pass, long enough that taking
// it costs nothing. Wider sets would mean fewer passes but 3 x 32 n bytes of
// workspace per worker grows with them, and cache lines hold two 32-byte sets.
constexpr std::size_t kWords = 4;            // 64-bit words per node
constexpr std::size_t kBatch = 64 * kWords;  // sources searched together

// The direction of a level (bit_parallel_bfs): push while the nodes that
// changed at the last level hold fewer than 1 / kPushEdgeRatio of the
// graph's edge slots, pull otherwise. A push does per edge what a pull does
// (an OR of a set) plus a scattered write and a mark test, and touches only
// the changed nodes' edges; a pull reads every edge of every node not yet
// reached by all sources, changed neighbours or not. So pushing pays while
// the changed nodes hold a small share of the edges. Both directions gather
// the same sets, so this value changes the speed only, never a bit of the
// result. 3 is a tuning value, not derived (it came with the
// direction-optimizing BFS, commit fd326a8); `make bench-geom` is the
// measure to retune it by.
constexpr std::size_t kPushEdgeRatio = 3;

// A pulling node checks whether it has gathered every source it lacked
// after each block of this many neighbours (bit_parallel_bfs). The check
// is as costly as a few ORs, so it is not done after every neighbour; like
// kPushEdgeRatio it changes the speed only. A tuning value.
constexpr std::size_t kPullBlock = 32;

// One bit per source of the batch: bit b of word w is source first + 64 w + b.
struct SourceBits {
  std::uint64_t word[kWords];
};

bool operator==(const SourceBits& a, const SourceBits& b) {
  bool equal = true;
  for (std::size_t w = 0; w < kWords; ++w) equal &= a.word[w] == b.word[w];
  return equal;
}

// The number of sources in a set.
int source_count(const SourceBits& bits) {
  int count = 0;
  for (std::size_t w = 0; w < kWords; ++w) count += popcount(bits.word[w]);
  return count;
}

bool has_source(const SourceBits& bits, std::size_t s) { return (bits.word[s / 64] >> (s % 64)) & 1u; }

bool any(const SourceBits& bits) {
  std::uint64_t merged = 0;
  for (std::size_t w = 0; w < kWords; ++w) merged |= bits.word[w];
  return merged != 0;
}

// Per-worker scratch (n entries each): the sources that have reached each
// node, those new at the last level (nonzero only at `changed` nodes) and
// those gathered for this level; `mark` numbers the sweep that last touched
// a node, so a push lists each touched node once without clearing anything.
struct Workspace {
  std::vector<SourceBits> reached, frontier, gathered;
  std::vector<std::uint32_t> changed, next_changed, touched, mark;
  std::uint32_t sweep = 0;
};

// BFS from the sources [first, first + count) (count <= kBatch) together.
// After level d, reached[v] holds the sources within distance d of v; for
// every node v that gains sources at level d >= 1, on_new(d, v, fresh) is
// called with those sources. after_level(d, reached) is called after each
// level (d = 0 for the sources themselves) and may stop the search by
// returning true. The search also stops when a level adds nothing.
//
// A source s is at distance d from v exactly when it is new at level d - 1
// at some neighbour of v and has not reached v yet, so each level needs only
// the last level's new bits. It is direction-optimizing (Beamer, Asanovic
// and Patterson, SC 2012): when the nodes that changed at the last level
// have few edges, their new bits are pushed to their neighbours; otherwise
// every node not yet reached by all sources pulls from its neighbours.
template <class OnNew, class AfterLevel>
void bit_parallel_bfs(const Graph& graph, std::size_t first, std::size_t count, Workspace& ws,
                      OnNew&& on_new, AfterLevel&& after_level) {
  const std::size_t n = graph.nodes;
  ws.reached.assign(n, SourceBits{});
  ws.frontier.assign(n, SourceBits{});
  ws.gathered.assign(n, SourceBits{});
  ws.mark.assign(n, 0);
  ws.sweep = 0;
  ws.changed.clear();
  SourceBits all{};  // the bits of every source in the batch
  for (std::size_t s = 0; s < count; ++s) {
    const std::uint64_t bit = std::uint64_t(1) << (s % 64);
    all.word[s / 64] |= bit;
    ws.reached[first + s].word[s / 64] |= bit;
    ws.frontier[first + s].word[s / 64] |= bit;
    ws.changed.push_back(static_cast<std::uint32_t>(first + s));
  }
  if (after_level(0, ws.reached)) return;
  const std::size_t* offsets = graph.offsets.data();
  const std::uint32_t* targets = graph.targets.data();
  SourceBits* reached = ws.reached.data();

  // Takes the gathered bits of node v: those not yet in reached[v] are new
  // at this level.
  auto settle = [&](std::uint32_t v, std::int32_t level) {
    SourceBits& gathered = ws.gathered[v];
    SourceBits fresh;
    for (std::size_t w = 0; w < kWords; ++w) fresh.word[w] = gathered.word[w] & ~reached[v].word[w];
    gathered = SourceBits{};
    if (!any(fresh)) return;
    for (std::size_t w = 0; w < kWords; ++w) reached[v].word[w] |= fresh.word[w];
    ws.gathered[v] = fresh;  // becomes the frontier below
    ws.next_changed.push_back(v);
    on_new(level, v, fresh);
  };

  for (std::int32_t level = 1; !ws.changed.empty(); ++level) {
    std::size_t changed_edges = 0;
    for (std::uint32_t u : ws.changed) changed_edges += offsets[u + 1] - offsets[u];
    ws.next_changed.clear();
    if (kPushEdgeRatio * changed_edges < graph.targets.size()) {
      // Push: OR each changed node's new bits into its neighbours.
      ++ws.sweep;
      ws.touched.clear();
      for (std::uint32_t u : ws.changed) {
        const SourceBits& bits = ws.frontier[u];
        for (std::size_t slot = offsets[u]; slot < offsets[u + 1]; ++slot) {
          const std::uint32_t v = targets[slot];
          if (ws.mark[v] != ws.sweep) {
            ws.mark[v] = ws.sweep;
            ws.touched.push_back(v);
          }
          for (std::size_t w = 0; w < kWords; ++w) ws.gathered[v].word[w] |= bits.word[w];
        }
      }
      for (std::uint32_t v : ws.touched) settle(v, level);
    } else {
      // Pull: every node some source has not reached gathers its
      // neighbours' new bits, and stops once it holds every source it
      // lacked (the rest of its neighbours could add nothing new): in a
      // dense graph's late levels most nodes lack a few sources that their
      // first neighbours already carry (Beamer et al.'s bottom-up step).
      // The bits gathered are the same either way.
      for (std::uint32_t v = 0; v < n; ++v) {
        if (reached[v] == all) continue;
        SourceBits& gathered = ws.gathered[v];
        SourceBits missing;  // sources not in reached[v] and not yet gathered
        for (std::size_t w = 0; w < kWords; ++w) missing.word[w] = all.word[w] & ~reached[v].word[w];
        for (std::size_t slot = offsets[v]; slot < offsets[v + 1];) {
          // A block of neighbours between checks, so the check costs little.
          const std::size_t block_end = std::min<std::size_t>(slot + kPullBlock, offsets[v + 1]);
          for (; slot < block_end; ++slot) {
            const SourceBits& bits = ws.frontier[targets[slot]];
            for (std::size_t w = 0; w < kWords; ++w) gathered.word[w] |= bits.word[w];
          }
          std::uint64_t left = 0;
          for (std::size_t w = 0; w < kWords; ++w) left |= missing.word[w] & ~gathered.word[w];
          if (left == 0) break;
        }
        settle(v, level);
      }
    }
    // The new bits become the frontier; the old frontier is cleared.
    for (std::uint32_t u : ws.changed) ws.frontier[u] = SourceBits{};
    for (std::uint32_t v : ws.next_changed) {
      ws.frontier[v] = ws.gathered[v];
      ws.gathered[v] = SourceBits{};
    }
    ws.changed.swap(ws.next_changed);
    if (!ws.changed.empty() && after_level(level, ws.reached)) return;
  }
}

std::size_t batch_count(const Graph& graph) { return (graph.nodes + kBatch - 1) / kBatch; }

// The graph with its nodes renumbered in breadth-first order, component by
// component (the component of node 0 first, then that of the smallest node
// not yet reached, and so on), and the maps both ways. Neighbours then sit
// close in memory, and each batch of consecutive sources lies in one region
// of the graph, so its 256 searches reach every node at nearly the same
// level and nodes saturate (and are skipped) early. Each component's search
// starts from the node a first search from its smallest node reaches last,
// a node at one end of it (Cuthill and McKee's pseudo-peripheral start):
// from the middle of a long, thin graph (the k-NN graph of a curved layer
// at small k) the breadth-first order alternates between the two halves, and
// a batch of sources would lie in two regions far apart. On the layers of
// the paper's Fashion-MNIST networks this takes 12 % off the geodesic sums
// (docs/performance.md); the sums themselves do not depend on the order.
struct Relabeled {
  Graph graph;  // rows unsorted
  std::vector<std::uint32_t> new_of_old, old_of_new;
  std::size_t components = 0;  // the searches it took: the connected components
};

Relabeled breadth_first_order(const Graph& graph) {
  const std::size_t n = graph.nodes;
  const std::uint32_t none = UINT32_MAX;
  Relabeled r;
  r.new_of_old.assign(n, none);
  r.old_of_new.reserve(n);
  std::vector<std::uint32_t> probe_mark(n, none), queue;
  for (std::size_t first = 0; first < n; ++first) {
    if (r.new_of_old[first] != none) continue;
    ++r.components;
    queue.assign(1, static_cast<std::uint32_t>(first));
    probe_mark[first] = static_cast<std::uint32_t>(first);
    for (std::size_t at = 0; at < queue.size(); ++at)
      for (std::uint32_t w : graph.neighbors(queue[at]))
        if (probe_mark[w] != first) {
          probe_mark[w] = static_cast<std::uint32_t>(first);
          queue.push_back(w);
        }
    const std::size_t start = queue.back();
    std::size_t head = r.old_of_new.size();
    r.new_of_old[start] = static_cast<std::uint32_t>(r.old_of_new.size());
    r.old_of_new.push_back(static_cast<std::uint32_t>(start));
    while (head < r.old_of_new.size()) {
      for (std::uint32_t w : graph.neighbors(r.old_of_new[head++]))
        if (r.new_of_old[w] == none) {
          r.new_of_old[w] = static_cast<std::uint32_t>(r.old_of_new.size());
          r.old_of_new.push_back(w);
        }
    }
  }
  r.graph.nodes = n;
  r.graph.offsets.assign(n + 1, 0);
  r.graph.targets.reserve(graph.targets.size());
  // Rows are left in their old order, unsorted: the searches do not need it.
  for (std::size_t v = 0; v < n; ++v) {
    for (std::uint32_t w : graph.neighbors(r.old_of_new[v])) r.graph.targets.push_back(r.new_of_old[w]);
    r.graph.offsets[v + 1] = r.graph.targets.size();
  }
  return r;
}

// Adds to sum[v], for every node v, the distances from v to the sources
// [first, first + count). The search's ORs are of 256-bit sets: on x86-64
// GCC also compiles this function (and the search inlined into it) for AVX2
// and picks one at run time; the bits are the same in each, since the
// search is integer work only. Not under ThreadSanitizer (`make tsan`),
// whose runtime crashes in the clones' resolver.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx2", "default")))
#endif
void add_batch_sums(const Graph& graph, std::size_t first, std::size_t count, Workspace& ws, std::uint64_t* sum) {
  bit_parallel_bfs(
      graph, first, count, ws,
      [&](std::int32_t level, std::size_t v, const SourceBits& fresh) {
        sum[v] += static_cast<std::uint64_t>(level) * static_cast<std::uint64_t>(source_count(fresh));
      },
      [](std::int32_t, const std::vector<SourceBits>&) { return false; });
}

// Whole rows of n bits, the dense graphs' search (dense_sums below): a row
// is chunks of 512 bits, eight 64-bit words, one AVX-512 register.
constexpr std::size_t kChunkWords = 8;
typedef std::uint64_t Words8 __attribute__((vector_size(64)));

// One level of dense_sums for the nodes nodes[0..count): row v of `next`
// becomes row v of `prev` OR the rows of v's neighbours in `prev`, one chunk
// at a time (its sum in a register), and a chunk stops reading neighbours
// once it holds every bit of `full`. On x86-64 GCC also compiles it for
// AVX-512 and AVX2 (the ORs of a chunk one or two instructions; integer
// work, so the same bits). Not under ThreadSanitizer (see add_batch_sums).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void grow_rows(const Graph& graph, const std::uint64_t* prev, std::uint64_t* next, std::size_t chunks,
               const std::uint32_t* nodes, std::size_t count, const std::uint64_t* full) {
  const std::size_t row_words = chunks * kChunkWords;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t v = nodes[i];
    const std::uint32_t* first = graph.targets.data() + graph.offsets[v];
    const std::uint32_t* last = graph.targets.data() + graph.offsets[v + 1];
    for (std::size_t c = 0; c < chunks; ++c) {
      const std::size_t at = c * kChunkWords;
      Words8 sum, want;
      __builtin_memcpy(&sum, prev + v * row_words + at, sizeof sum);
      __builtin_memcpy(&want, full + at, sizeof want);
      for (const std::uint32_t* t = first; t < last;) {
        const std::uint32_t* block_end = t + std::min<std::ptrdiff_t>(kPullBlock, last - t);
        for (; t < block_end; ++t) {
          Words8 row;
          __builtin_memcpy(&row, prev + std::size_t(*t) * row_words + at, sizeof row);
          sum |= row;
        }
        const Words8 missing = want & ~sum;
        std::uint64_t left = 0;
        for (std::size_t w = 0; w < kChunkWords; ++w) left |= missing[w];
        if (left == 0) break;
      }
      __builtin_memcpy(next + v * row_words + at, &sum, sizeof sum);
    }
  }
}

// The bits set in words[0..count): with the popcnt instruction where the
// processor has it (a clone; the same count either way).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("popcnt", "default")))
#endif
std::uint64_t bits_set(const std::uint64_t* words, std::size_t count) {
  std::uint64_t total = 0;
  for (std::size_t w = 0; w < count; ++w) total += static_cast<std::uint64_t>(__builtin_popcountll(words[w]));
  return total;
}

// Every node's geodesic sum with all n sources at once: row v holds, after
// level d, the nodes within distance d of v (the ball B_d(v)), and
//
//   B_d(v) = B_{d-1}(v) OR the B_{d-1}(u) of v's neighbours u,
//
// so v's sum gains d (|B_d(v)| - |B_{d-1}(v)|) at level d; a row that stops
// growing is its whole component and is read, not recomputed, from then on.
// Each level reads, for every node still growing, its neighbours' rows: n^2 / 8
// bytes per level for each of two row sets, contiguous 512-bit chunks, where
// the batched search (add_batch_sums) reads 32 bytes per neighbour per batch
// of 256 sources. In a dense graph of few levels that costs a third to a
// half of the batched search (docs/performance.md); in a sparse graph of many
// levels far more, so relabeled_sums picks by the mean degree.
std::vector<std::uint64_t> dense_sums(const Graph& graph, int threads) {
  const std::size_t n = graph.nodes;
  const std::size_t chunks = (n + 64 * kChunkWords - 1) / (64 * kChunkWords);
  const std::size_t row_words = chunks * kChunkWords;
  std::vector<std::uint64_t> full(row_words, 0);
  for (std::size_t v = 0; v < n; ++v) full[v / 64] |= std::uint64_t(1) << (v % 64);
  // Level 1: B_1(v) = v and its neighbours (a graph without self-loops or
  // repeated neighbours, graph.h).
  std::vector<std::uint64_t> prev(n * row_words, 0);
  std::vector<std::uint64_t> sums(n), size(n);
  std::vector<std::uint32_t> growing;
  for (std::size_t v = 0; v < n; ++v) {
    std::uint64_t* row = prev.data() + v * row_words;
    row[v / 64] |= std::uint64_t(1) << (v % 64);
    for (std::uint32_t u : graph.neighbors(v)) row[u / 64] |= std::uint64_t(1) << (u % 64);
    sums[v] = graph.degree(v);
    size[v] = graph.degree(v) + 1;
    if (graph.degree(v) > 0 && size[v] < n) growing.push_back(static_cast<std::uint32_t>(v));
  }
  std::vector<std::uint64_t> next = prev;
  constexpr std::size_t kNodesPerTask = 64;
  for (std::uint64_t level = 2; !growing.empty(); ++level) {
    const std::size_t tasks = (growing.size() + kNodesPerTask - 1) / kNodesPerTask;
    parallel_for(tasks, threads, [&](std::size_t task, int) {
      const std::size_t begin = task * kNodesPerTask;
      grow_rows(graph, prev.data(), next.data(), chunks, growing.data() + begin,
                std::min(kNodesPerTask, growing.size() - begin), full.data());
    });
    std::size_t kept = 0;
    for (const std::uint32_t v : growing) {
      const std::uint64_t* row = next.data() + std::size_t(v) * row_words;
      const std::uint64_t now = bits_set(row, row_words);
      sums[v] += level * (now - size[v]);
      if (now > size[v] && now < n) {
        growing[kept++] = v;
      } else {  // its whole component: final in both row sets
        std::copy(row, row + row_words, prev.data() + std::size_t(v) * row_words);
      }
      size[v] = now;
    }
    growing.resize(kept);
    // The rows still growing are read from `next` at the next level; the
    // rest are the same in both.
    for (const std::uint32_t v : growing)
      std::copy(next.data() + std::size_t(v) * row_words, next.data() + std::size_t(v + 1) * row_words,
                prev.data() + std::size_t(v) * row_words);
  }
  return sums;
}

// Graphs of at least this mean degree (and at most kDenseNodes nodes) get
// dense_sums, the others the batched search. Measured on the layers of the
// paper's Fashion-MNIST networks at n = 2,000 (docs/performance.md); like
// kPushEdgeRatio it changes the speed only, never a bit of the result.
constexpr double kDenseMeanDegree = 45.0;
constexpr std::size_t kDenseNodes = 16384;  // two row sets of 32 MB

bool dense_pays(const Graph& graph) {
  return graph.nodes > 0 && graph.nodes <= kDenseNodes &&
         static_cast<double>(graph.targets.size()) >= kDenseMeanDegree * static_cast<double>(graph.nodes);
}

// node_geodesic_sums() of the graph `relabeled` was made from: dense_sums
// or the batched search, both on the renumbered graph (whose neighbours'
// rows, or sets, lie close together in memory).
std::vector<std::uint64_t> relabeled_sums(const Relabeled& relabeled, int threads) {
  const Graph& graph = relabeled.graph;
  const std::size_t n = graph.nodes;
  if (dense_pays(graph)) {
    const std::vector<std::uint64_t> sums = dense_sums(graph, threads);
    std::vector<std::uint64_t> total(n);  // in the input's numbering
    for (std::size_t v = 0; v < n; ++v) total[relabeled.old_of_new[v]] = sums[v];
    return total;
  }
  const std::size_t tasks = batch_count(graph);
  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(std::max(1, threads), tasks));
  std::vector<Workspace> workspaces(workers);
  std::vector<std::vector<std::uint64_t>> sums(workers);
  // By symmetry, the distances found at node v from every source, summed over
  // all batches, are v's own geodesic sum.
  parallel_for(tasks, threads, [&](std::size_t task, int worker) {
    std::vector<std::uint64_t>& sum = sums[worker];
    if (sum.empty()) sum.assign(n, 0);
    const std::size_t first = task * kBatch;
    add_batch_sums(graph, first, std::min(kBatch, n - first), workspaces[worker], sum.data());
  });
  std::vector<std::uint64_t> total(n, 0);  // in the input's numbering
  for (const auto& sum : sums)
    for (std::size_t v = 0; v < sum.size(); ++v) total[relabeled.old_of_new[v]] += sum[v];
  return total;
}

}  // namespace

std::vector<std::uint64_t> node_geodesic_sums(const Graph& input, int threads) {
  require_undirected(input, "geodesic sums");
  return relabeled_sums(breadth_first_order(input), threads);
}

GeodesicSum geodesic_sum(const Graph& graph, int threads) {
  require_undirected(graph, "geodesic sums");
  // The renumbering's searches count the components (as
  // geodesic_sum_components would, in a pass of its own).
  const Relabeled relabeled = breadth_first_order(graph);
  GeodesicSum result;
  result.components = relabeled.components;
  result.finite = result.components <= 1;
  if (!result.finite) return result;
  std::uint64_t ordered_pairs = 0;  // sum over ordered pairs = 2 g
  for (std::uint64_t s : relabeled_sums(relabeled, threads)) ordered_pairs += s;
  result.sum = ordered_pairs / 2;
  return result;
}

std::vector<std::int32_t> hop_distances_to_sets(const Graph& input, const Graph& sets, int threads) {
  require_undirected(input, "hop distances to sets");
  if (sets.nodes != input.nodes)
    throw usage_error("hop distances to sets: the sets are given for " + std::to_string(sets.nodes) +
                      " nodes, the graph has " + std::to_string(input.nodes));
  for (std::uint32_t member : sets.targets)
    if (member >= input.nodes)
      throw usage_error("hop distances to sets: member " + std::to_string(member) +
                        " is not a node of a graph with " + std::to_string(input.nodes) + " nodes");
  const Relabeled relabeled = breadth_first_order(input);
  const Graph& graph = relabeled.graph;
  const std::size_t n = graph.nodes;
  std::vector<std::int32_t> distance(sets.targets.size(), kUnreachable);
  const std::size_t tasks = batch_count(graph);
  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(std::max(1, threads), tasks));
  std::vector<Workspace> workspaces(workers);
  parallel_for(tasks, threads, [&](std::size_t task, int worker) {
    const std::size_t first = task * kBatch;
    const std::size_t count = std::min(kBatch, n - first);
    // Members still to find: (slot in sets, member in the relabeled graph,
    // source bit).
    struct Member {
      std::size_t slot;
      std::uint32_t node, source;
    };
    std::vector<Member> pending;
    for (std::size_t s = 0; s < count; ++s) {
      const std::size_t x = relabeled.old_of_new[first + s];
      for (std::size_t slot = sets.offsets[x]; slot < sets.offsets[x + 1]; ++slot)
        pending.push_back({slot, relabeled.new_of_old[sets.targets[slot]], static_cast<std::uint32_t>(s)});
    }
    bit_parallel_bfs(
        graph, first, count, workspaces[worker], [](std::int32_t, std::size_t, const SourceBits&) {},
        [&](std::int32_t level, const std::vector<SourceBits>& reached) {
          std::size_t kept = 0;
          for (const Member& member : pending) {
            if (has_source(reached[member.node], member.source))
              distance[member.slot] = level;
            else
              pending[kept++] = member;
          }
          pending.resize(kept);
          return pending.empty();
        });
  });
  return distance;
}

}  // namespace ricci
