// sweep.h — running a sweep, for `ricci sweep` and `ricci run`.
#pragma once

#include <cstddef>
#include <string>

#include "bin/sweep_config.h"

namespace ricci {

// Models whose grid index is `index` mod `count`.
struct Shard {
  std::size_t index = 0, count = 1;
};

struct SweepSummary {
  std::size_t models_in_shard = 0;
  std::size_t already_done = 0;  // found finished (--resume)
  std::size_t run_now = 0;       // trained, analysed and committed by this call
  std::size_t failed = 0;        // of run_now: status other than ok
  bool interrupted = false;      // SIGINT stopped it before the end
};

// How sweep and run spend --threads, for their --help.
inline constexpr const char kSweepThreadsUse[] =
    "spent on models in parallel, one per thread; M < N models get N / M threads each";

// Runs (or, with resume, continues) the sweep into `out` and rewrites
// groups.csv. threads: the workers it may use, spent as kSweepThreadsUse
// says. progress: a line on stderr.
SweepSummary run_sweep(const SweepConfig& config, const std::string& out, const Shard& shard, bool resume,
                       int threads, bool progress);

}  // namespace ricci
