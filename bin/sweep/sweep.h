// sweep.h — running a sweep, for `ricci sweep` and `ricci run`.
#pragma once

#include <cstddef>
#include <string>

#include "bin/experiment/experiment.h"
#include "bin/sweep/config.h"

namespace ricci {

struct SweepSummary {
  std::size_t models_in_shard = 0;
  std::size_t already_done = 0;  // found finished (--resume)
  std::size_t run_now = 0;       // trained, analysed and committed by this call
  std::size_t failed = 0;        // of run_now: status other than ok
  int interrupted = 0;           // the signal (SIGINT, SIGTERM) that stopped it before the end, or 0
};

// How sweep and run spend --threads, for their --help.
inline constexpr const char kSweepThreadsUse[] =
    "spent on models in parallel, one per thread; M < N models get N / M threads each";

// Runs (or, with resume, continues) the sweep into `out`, which the caller
// has locked and checked (folders.h), and rewrites groups.csv. threads: the
// workers it may use, spent as kSweepThreadsUse says. progress: a line on
// stderr. limits: --max-input, and whether grids and models beyond the sane
// sizes are let through (experiment.h).
// extend_grid (--extend, with resume): the sweep in `out` first gains the
// seeds, ks or run folders that `config` adds (sweep_extend.h).
SweepSummary run_sweep(const SweepConfig& config, const std::string& out, const Shard& shard, bool resume,
                       int threads, bool progress, const ResourceLimits& limits, bool extend_grid = false);

// The message and exit status (128 + the signal: 130, 143) of a sweep a
// signal stopped.
int interrupted_exit(const SweepSummary& summary, const char* how_to_continue);

}  // namespace ricci
