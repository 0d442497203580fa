// sweep_command.cpp — `ricci sweep`: train and analyse every model of a grid,
// safe to interrupt, shardable across machines, the same bytes for any
// number of threads.
//
// Models run in parallel (--threads), one model per worker of parallel_for
// (data/parallel.h), and are committed to the store (sweep_store.h) strictly
// in grid order, so the files do not depend on which worker finished first.
// SIGINT (Ctrl-C) and SIGTERM (what Slurm sends at the time limit) let the
// models in hand finish and commit them, then stop (exit 130 or 143); a
// second signal kills at once. SIGKILL loses at most the models in hand, and
// --resume redoes exactly those. The command holds its folder's lock
// (data/folder_lock.h) throughout, so a second sweep into it is refused.
#include <atomic>
#include <cmath>
#include <memory>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <mutex>
#include <new>

#include "bin/commands.h"
#include "bin/experiment.h"
#include "bin/folders.h"
#include "bin/sweep.h"
#include "bin/sweep_config.h"
#include "bin/sweep_store.h"
#include "bin/sweep_tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"
#include "data/io/json.h"
#include "data/parallel.h"

namespace ricci {

namespace {

// Set by the SIGINT and SIGTERM handler to the signal's number and read by
// the workers: the one piece of process-wide state a signal handler may
// touch (a lock-free atomic, so both the handler and the workers may use it).
std::atomic<int> g_interrupted{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal flag must be lock-free");
extern "C" void on_interrupt(int signal) { g_interrupted.store(signal); }

// Installs on_interrupt for SIGINT and SIGTERM, once each (SA_RESETHAND: a
// second signal has its default effect, and kills), and puts the previous
// handlers back when it goes.
class InterruptHandlers {
 public:
  InterruptHandlers() {
    g_interrupted.store(0);
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &previous_int_);
    ::sigaction(SIGTERM, &action, &previous_term_);
  }
  ~InterruptHandlers() {
    ::sigaction(SIGINT, &previous_int_, nullptr);
    ::sigaction(SIGTERM, &previous_term_, nullptr);
  }
  InterruptHandlers(const InterruptHandlers&) = delete;
  InterruptHandlers& operator=(const InterruptHandlers&) = delete;

 private:
  struct sigaction previous_int_ {}, previous_term_ {};
};

std::vector<OptionSpec> sweep_options() {
  std::vector<OptionSpec> specs = {{"config", "FILE", "INI file with the grid (flags override it)"}};
  specs.insert(specs.end(), sweep_grid_options().begin(), sweep_grid_options().end());
  const std::vector<OptionSpec> own = {
      {"out", "DIR", "output directory (required)"},
      {"shard", "I/N", "run only the models whose grid index is I mod N"},
      {"resume", "", "continue the sweep in DIR, skipping finished models"},
      threads_option(kSweepThreadsUse),
      {"quiet", "", "no progress on stderr"},
  };
  specs.insert(specs.end(), own.begin(), own.end());
  specs.insert(specs.end(), resource_option_specs().begin(), resource_option_specs().end());
  return specs;
}

std::string duration_text(double seconds) {
  char buffer[32];
  if (seconds < 60) std::snprintf(buffer, sizeof buffer, "%.0fs", seconds);
  else std::snprintf(buffer, sizeof buffer, "%.0fm%02.0fs", std::floor(seconds / 60), std::fmod(seconds, 60));
  return buffer;
}

}  // namespace

SweepSummary run_sweep(const SweepConfig& config, const std::string& out, const Shard& shard, bool resume,
                       int threads, bool progress, const ResourceLimits& limits) {
  const std::size_t grid_models = grid_size(config);
  if (grid_models > kSaneGridModels && !limits.allow_large)
    throw usage_error("the grid (--datasets x --depths x --widths x --seeds) has " +
                      (grid_models == SIZE_MAX ? std::string("more than 2^64") : std::to_string(grid_models)) +
                      " models, more than the sane " + std::to_string(kSaneGridModels) +
                      "; pass --allow-large if you mean it");
  // Every data set is read and checked before anything is written.
  std::map<std::string, PreparedData> data;
  for (const std::string& dataset : config.datasets) {
    DataOptions options = sweep_data_options(config, dataset);
    options.max_input = limits.max_input;
    PreparedData prepared = prepare_data(options);
    for (int k : config.ks)
      if (static_cast<std::size_t>(k) >= prepared.test.labels.size())
        throw usage_error("--k: k = " + std::to_string(k) + " is out of range for " + dataset + ": its test set has " +
                          std::to_string(prepared.test.labels.size()) + " points");
    for (std::size_t depth : config.depths)
      for (std::size_t width : config.widths)
        check_model_size(prepared.train.features.cols(), width, depth, config.training.batch,
                         prepared.train.labels.size(), prepared.test.labels.size(), limits);
    data[dataset] = std::move(prepared);
  }
  const std::vector<GridPoint> grid = sweep_grid(config);
  // A directory holds one shard of one sweep, recorded in its sweep.json:
  // checked (and the file read as strictly as the flags) before the store
  // repairs anything.
  const std::string config_path = join_path(out, "sweep.json");
  if (resume && file_exists(config_path)) {
    const SweepFile held = read_sweep_json(read_file(config_path), config_path);
    if (held.shard != shard)
      throw usage_error(out + " holds shard " + shard_text(held.shard) + " (sweep.json), not " + shard_text(shard));
  }
  const SweepLayout layout{grid, config.ks, config.include_output, shard};
  SweepStore store(out, sweep_config_json(config, shard), models_header(config.ks), layers_header(), resume,
                   [&](const Table& models, const Table& layers) { check_sweep_rows(models, layers, layout, out); });

  std::vector<GridPoint> pending;
  std::size_t in_shard = 0;
  for (const GridPoint& point : grid)
    if (point.index % shard.count == shard.index) {
      ++in_shard;
      if (!store.completed().count(point.index)) pending.push_back(point);
    }

  SweepSummary summary;
  summary.models_in_shard = in_shard;
  summary.already_done = in_shard - pending.size();
  std::vector<std::unique_ptr<ModelOutcome>> results(pending.size());
  std::size_t committed = 0;  // position in `pending` of the next model to commit
  std::mutex mutex;           // guards results, committed, summary and the store
  std::exception_ptr failure;
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<InterruptHandlers> handlers = std::make_unique<InterruptHandlers>();

  // One model per worker; with fewer models than threads, each model's
  // products and geometry share the threads left over.
  const int workers = std::max(1, std::min<int>(threads, static_cast<int>(pending.size())));
  const int threads_per_model = std::max(1, threads / workers);
  TrainOptions training = config.training;
  training.threads = threads_per_model;
  AnalysisOptions analysis;
  analysis.geometry = config.geometry;
  analysis.geometry.threads = threads_per_model;
  auto run_model = [&](std::size_t position, int) {
    if (g_interrupted.load()) return;
    const GridPoint& point = pending[position];
    auto outcome = std::make_unique<ModelOutcome>();
    ModelSettings settings{point.width, point.depth, point.seed, training, config.include_output};
    try {
      const TrainedModel model = train_model(data.at(point.dataset), settings);
      outcome->train_accuracy = model.train_accuracy;
      outcome->test_accuracy = model.test_accuracy;
      outcome->train_loss = model.train_loss;
      outcome->test_loss = model.test_loss;
      outcome->epochs = model.result.history.size();
      outcome->analysis = analyze_layers(model.layers, config.ks, analysis);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Data) throw;
      outcome->status = e.what();  // e.g. a diverged run: recorded, the sweep goes on
      outcome->analysis = Analysis{};
    } catch (const std::bad_alloc&) {  // not the model's fault: the sweep stops
      throw data_error("model " + std::to_string(point.index) + " (" + point.dataset + "): " +
                       out_of_memory(data.at(point.dataset), settings).what());
    }
    std::lock_guard<std::mutex> lock(mutex);
    results[position] = std::move(outcome);
    // Commit every finished model that is next in grid order.
    while (committed < pending.size() && results[committed]) {
      const GridPoint& p = pending[committed];
      const ModelKey key{p.index, p.dataset, p.width, p.depth, p.seed};
      store.append(p.index, layer_rows(key, *results[committed]), model_row(key, *results[committed], config.ks));
      summary.failed += results[committed]->status != "ok";
      results[committed].reset();
      ++committed;
      if (progress) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double eta = elapsed / committed * (pending.size() - committed);
        std::fprintf(stderr, "\rsweep: %zu/%zu models, %zu failed, %s left   ", summary.already_done + committed,
                     in_shard, summary.failed, duration_text(eta).c_str());
      }
    }
  };
  // A failure (other than a model's data error) stops handing out models;
  // the models in hand finish, and the first failure in grid order is
  // rethrown once the signal handlers are restored.
  try {
    parallel_for(pending.size(), workers, run_model);
  } catch (...) {
    failure = std::current_exception();
  }
  handlers.reset();
  if (progress && !pending.empty()) std::fputc('\n', stderr);
  if (failure) std::rethrow_exception(failure);
  summary.run_now = committed;
  summary.interrupted = committed < pending.size() ? g_interrupted.load() : 0;

  const Table groups = groups_table(read_csv_table(store.models_path()), read_csv_table(store.layers_path()),
                                    config.ks, config.accuracy_threshold, config.geometry.convention);
  write_file_atomically(join_path(out, "groups.csv"), csv_text(groups));
  return summary;
}

int interrupted_exit(const SweepSummary& s, const char* how_to_continue) {
  std::fprintf(stderr, "ricci: interrupted by %s: %zu of %zu models are done; %s\n",
               s.interrupted == SIGTERM ? "SIGTERM" : "SIGINT", s.already_done + s.run_now, s.models_in_shard,
               how_to_continue);
  return 128 + s.interrupted;
}

int sweep_command(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = sweep_options();
  const Options options(args, specs);
  if (options.help()) {
    std::fputs(usage_text("sweep", "(--config FILE | grid flags) --out DIR [options]",
                          "Trains and analyses one model per point of the grid datasets x depths x widths\n"
                          "x seeds, writing models.csv, layers.csv and groups.csv into DIR. Interrupt it\n"
                          "with Ctrl-C or SIGTERM (the models in hand finish) and continue with --resume.",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (!options.positional().empty()) throw usage_error("sweep: unexpected argument '" + options.positional()[0] + "'");
  if (!options.has("out")) throw usage_error("sweep: --out DIR is required");
  const SweepConfig config = load_sweep_config(options);
  const Shard shard = options.has("shard") ? parse_shard(options.text("shard", "")) : Shard{};
  const int threads = threads_from(options);
  const ResourceLimits limits = resource_limits_from(options);
  const std::string out = options.text("out", "");
  // One writer per folder, and only into a sweep folder (bin/folders.h).
  const FolderLock lock(out, command_line("sweep", args));
  check_writable(out, Writer::Sweep);
  const SweepSummary s =
      run_sweep(config, out, shard, options.flag("resume"), threads, show_progress(options.flag("quiet")), limits);
  if (s.interrupted) return interrupted_exit(s, "continue with --resume");
  std::printf("sweep: %zu models done (%zu now, %zu already), %zu failed; results in %s\n",
              s.already_done + s.run_now, s.run_now, s.already_done, s.failed, out.c_str());
  return 0;
}

}  // namespace ricci
