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
#include <algorithm>
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
#include "bin/protocol_tables.h"
#include "bin/sweep.h"
#include "bin/sweep_config.h"
#include "bin/sweep_store.h"
#include "bin/sweep_tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"
#include "data/io/json.h"
#include "data/parallel.h"
#include "data/sets/spec.h"

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

// A file a data SPEC names must exist; the error says where it is expected
// (a config's paths are relative to the config, so this is where to put it).
void require_files(const std::string& spec) {
  for (const std::string& path : spec_files(spec))
    if (!file_exists(path))
      throw data_error(path + ": no such file; data set '" + dataset_name(spec) +
                       "' reads it from there (put the file there, or change the SPEC; a config's comments say "
                       "where its data comes from)");
}

// The test set size of every data set, which --k-frac and --k auto need to
// be one n.
std::size_t common_test_size(const std::map<std::string, PreparedData>& data, const char* option) {
  std::size_t n = 0;
  for (const auto& [spec, prepared] : data) {
    const std::size_t size = prepared.test.labels.size();
    if (n != 0 && size != n)
      throw usage_error(std::string(option) + ": the data sets' test sets differ in size (" + std::to_string(n) +
                        " and " + std::to_string(size) + " points); give --k");
    n = size;
  }
  return n;
}

// The k grid of --k auto for a fresh sweep: every model of the grid is
// trained once to find the smallest k that connects all its layers
// (connecting_k, flow/analysis.h); the largest of those starts the grid.
// The models are trained again by the sweep itself (training is
// deterministic, so they are the same models).
std::vector<int> resolve_auto_k(const SweepConfig& config, const std::map<std::string, PreparedData>& data,
                                int threads, bool progress) {
  const std::vector<GridPoint> grid = sweep_grid(config);
  const int workers = std::max(1, std::min<int>(threads, static_cast<int>(grid.size())));
  TrainOptions training = config.training;
  training.threads = std::max(1, threads / workers);
  GeometryOptions geometry = config.geometry;
  geometry.threads = training.threads;
  std::vector<std::size_t> needed(grid.size(), 0);
  std::atomic<std::size_t> done{0};
  parallel_for(grid.size(), workers, [&](std::size_t m, int) {
    const GridPoint& point = grid[m];
    ModelSettings settings = model_settings(config, point, training);
    settings.tracking = TrackingSettings{};  // the ks are unknown yet; tracking alone never changes a model
    try {
      needed[m] = connecting_k(train_model(data.at(point.dataset), settings).layers, geometry);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Data) throw;  // a failed model is left out, as the sweep records it
    }
    const std::size_t finished = ++done;
    if (progress) std::fprintf(stderr, "\rsweep: --k auto: %zu/%zu models searched   ", finished, grid.size());
  });
  if (progress) std::fputc('\n', stderr);
  const std::size_t k_low = *std::max_element(needed.begin(), needed.end());
  if (k_low == 0) throw data_error("--k auto: no model of the grid could be trained");
  return auto_k_grid(k_low, common_test_size(data, "--k auto"));
}

// Whether `now` is the sweep `held` with baselines added after its own:
// its models keep their indices (the baseline blocks come last in the
// grid), so the sweep may continue with the new blocks. Baselines that
// differ otherwise (dropped, reordered) are a usage error naming the file.
bool adds_baselines(const SweepConfig& held, const SweepConfig& now, const std::string& path) {
  SweepConfig same = held;
  same.baselines = now.baselines;
  if (held.baselines == now.baselines || sweep_config_json(same, Shard{}) != sweep_config_json(now, Shard{}))
    return false;
  if (held.baselines.size() < now.baselines.size() &&
      std::equal(held.baselines.begin(), held.baselines.end(), now.baselines.begin()))
    return true;
  throw usage_error(path + ": this sweep's baselines are '" + baselines_text(held.baselines) +
                    "'; --baselines can only add baselines after them");
}

// The ks of a resumed --k auto sweep: those its sweep.json resolved.
std::vector<int> resolved_ks(const std::string& out) {
  const std::string path = join_path(out, "sweep.json");
  const SweepFile held = read_sweep_json(read_file(path), path);
  if (!held.config.k_auto) throw usage_error(path + ": this sweep was not started with --k auto");
  return held.config.ks;
}

}  // namespace

SweepSummary run_sweep(const SweepConfig& given, const std::string& out, const Shard& shard, bool resume,
                       int threads, bool progress, const ResourceLimits& limits) {
  SweepConfig config = given;
  const std::size_t grid_models = grid_size(config);
  if (grid_models > kSaneGridModels && !limits.allow_large)
    throw usage_error("the grid (--datasets x --depths x --widths x --seeds) has " +
                      (grid_models == SIZE_MAX ? std::string("more than 2^64") : std::to_string(grid_models)) +
                      " models, more than the sane " + std::to_string(kSaneGridModels) +
                      "; pass --allow-large if you mean it");
  // Every data set is read and checked before anything is written.
  std::map<std::string, PreparedData> data;
  for (const std::string& dataset : config.datasets) {
    require_files(dataset);
    require_files(config.data.test_spec);
    DataOptions options = sweep_data_options(config, dataset);
    options.max_input = limits.max_input;
    PreparedData prepared = prepare_data(options);
    // The memory estimate takes every layer as wide as the widest.
    for (std::size_t depth : config.depths)
      for (const std::string& width : config.widths) {
        const std::vector<std::size_t> hidden = hidden_widths(width, depth, "--widths");
        check_model_size(prepared.train.features.cols(), *std::max_element(hidden.begin(), hidden.end()), depth,
                         config.training.batch, prepared.train.labels.size(), prepared.test.labels.size(), limits);
      }
    data[dataset] = std::move(prepared);
  }
  // The k grid: fractions of the test set, or --k auto.
  if (!config.k_fractions.empty()) {
    for (int k : ks_from_fractions(config.k_fractions, common_test_size(data, "--k-frac"))) {
      if (std::find(config.ks.begin(), config.ks.end(), k) != config.ks.end())
        throw usage_error("--k-frac: k = " + std::to_string(k) + " given twice (by --k or another fraction)");
      config.ks.push_back(k);
    }
  }
  if (config.k_auto) {
    if (shard.count > 1)
      throw usage_error("--k auto needs every model of the grid: run the sweep unsharded, or give each shard the "
                        "k list an unsharded --k auto sweep resolves (its sweep.json)");
    config.ks = resume && file_exists(join_path(out, "sweep.json")) ? resolved_ks(out)
                                                                     : resolve_auto_k(config, data, threads, progress);
  }
  for (const auto& [dataset, prepared] : data)
    for (int k : config.ks)
      if (static_cast<std::size_t>(k) >= prepared.test.labels.size())
        throw usage_error("--k: k = " + std::to_string(k) + " is out of range for " + dataset + ": its test set has " +
                          std::to_string(prepared.test.labels.size()) + " points");
  const std::vector<GridPoint> grid = sweep_grid(config);
  // A directory holds one shard of one sweep, recorded in its sweep.json:
  // checked (and the file read as strictly as the flags) before the store
  // repairs anything.
  const std::string config_path = join_path(out, "sweep.json");
  std::string config_json = sweep_config_json(config, shard);
  bool extend = false;  // baselines added to the sweep: its sweep.json is rewritten once its rows pass
  if (resume && file_exists(config_path)) {
    const SweepFile held = read_sweep_json(read_file(config_path), config_path);
    if (held.shard != shard)
      throw usage_error(out + " holds shard " + shard_text(held.shard) + " (sweep.json), not " + shard_text(shard));
    extend = adds_baselines(held.config, config, config_path);
    if (extend) config_json = read_file(config_path);
  }
  const Sweep sweep = sweep_of(config);
  const SweepLayout layout{grid, config.ks, config.include_output, shard};
  SweepStore store(
      out, config_json, models_header(config.ks), layers_header(), resume,
      [&](const Table& models, const Table& layers) { check_sweep_rows(models, layers, layout, out); },
      config.tracking.every > 0 ? tracking_header() : std::vector<std::string>{});
  if (extend) {
    OutputSet extended(out);
    extended.add("sweep.json", sweep_config_json(config, shard));
    extended.commit();
  }

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
  analysis.include_input = config.include_input;
  auto run_model = [&](std::size_t position, int) {
    if (g_interrupted.load()) return;
    const GridPoint& point = pending[position];
    auto outcome = std::make_unique<ModelOutcome>();
    const ModelSettings settings = model_settings(config, point, training);
    try {
      const PreparedData& prepared = data.at(point.dataset);
      const TrainedModel model = train_model(prepared, settings);
      outcome->train_accuracy = model.train_accuracy;
      outcome->test_accuracy = model.test_accuracy;
      outcome->train_loss = model.train_loss;
      outcome->test_loss = model.test_loss;
      outcome->epochs = model.result.history.size();
      outcome->tracked = model.tracked;
      // The class structure of layers.csv, against the test labels (the
      // paper-r convention has none).
      AnalysisOptions model_analysis = analysis;
      if (analysis.geometry.convention == Convention::Standard) model_analysis.labels = prepared.test.labels;
      outcome->analysis = analyze_layers(model.layers, config.ks, model_analysis);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Data) throw;
      outcome->status = e.what();  // e.g. a diverged run: recorded, the sweep goes on
      outcome->analysis = Analysis{};
      outcome->tracked.clear();
    } catch (const std::bad_alloc&) {  // not the model's fault: the sweep stops
      throw data_error("model " + std::to_string(point.index) + " (" + point.dataset + "): " +
                       out_of_memory(data.at(point.dataset), settings).what());
    }
    std::lock_guard<std::mutex> lock(mutex);
    results[position] = std::move(outcome);
    // Commit every finished model that is next in grid order.
    while (committed < pending.size() && results[committed]) {
      const GridPoint& p = pending[committed];
      const ModelKey key = model_key(p);
      store.append(p.index, layer_rows(key, *results[committed]),
                   model_row(key, *results[committed], config.ks, sweep.threshold_for(key.dataset)),
                   tracking_rows(key, *results[committed]));
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

  // The protocol's files, recomputed from the committed rows (protocol_tables.h).
  OutputSet protocol(out);
  add_protocol_files(protocol, sweep, read_csv_table(store.models_path()), read_csv_table(store.layers_path()));
  protocol.commit();
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
                          "x seeds (with --baselines, each again untrained or on shuffled labels), writing\n"
                          "models.csv, layers.csv and groups.csv into DIR. Interrupt it with Ctrl-C or\n"
                          "SIGTERM (the models in hand finish) and continue with --resume.",
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
