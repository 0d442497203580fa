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
  // When the signal came before any model ran: what the sweep was doing and
  // what it kept ("while extending the sweep: ..."), said instead of the
  // count of models done.
  std::string stopped_before_models;
};

// How sweep and run spend --threads, for their --help.
inline constexpr const char kSweepThreadsUse[] =
    "spent on models in parallel, one per thread; M < N models get N / M threads each";

// How a sweep is run, besides its configuration.
struct SweepRun {
  Shard shard;
  bool resume = false;  // continue the sweep in the folder, skipping finished models
  bool extend = false;  // with resume: the sweep first gains the seeds, ks or run folders the config adds (extend.h)
  int threads = 1;      // the workers it may use, spent as kSweepThreadsUse says
  bool progress = false;  // a line on stderr
  ResourceLimits limits;  // --max-input, and whether grids and models beyond the sane sizes pass (experiment.h)
  // --from SWEEP: the networks saved in SWEEP (networks.h) are analysed, none
  // trained; the configuration is reanalysis_config's (config.h).
  std::string from;
};

// Runs (or, with resume, continues) the sweep into `out`, which the caller
// has locked and checked (folders.h), and rewrites the protocol's files
// (groups.csv, best_k.csv, ...). The steps, in order: the grid's size, the
// data (every data set read and checked, and the memory of each model
// estimated, before anything is written), the k grid, the folder's
// sweep.json, --extend, the store, the models (in parallel, committed in
// grid order), the protocol's files. Every network whose model ran is kept
// (networks.h); with --resume --extend and new ks, the saved networks are
// analysed at them, and only models without one (a sweep made before ricci
// kept them, or one that tracks its training) are trained again. With
// run.from, each network of that sweep is rebuilt from its weights and the
// same data: its test accuracy and loss must equal the recorded ones bit
// for bit (a data error otherwise), and the files equal, byte for byte,
// those of the sweep run anew with this configuration.
SweepSummary run_sweep(const SweepConfig& config, const std::string& out, const SweepRun& run);

// The message and exit status (128 + the signal: 130, 143) of a sweep a
// signal stopped: what it kept, and how to continue.
int interrupted_exit(const SweepSummary& summary, const char* how_to_continue);

}  // namespace ricci
