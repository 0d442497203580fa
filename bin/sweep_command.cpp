// sweep_command.cpp — `ricci sweep`: train and analyse every model of a grid,
// safe to interrupt, shardable across machines, the same bytes for any
// number of threads.
//
// Models run in parallel (--threads), one model per worker of parallel_for
// (data/parallel.h), and are committed to the store (sweep_store.h) strictly
// in grid order, so the files do not depend on which worker finished first.
// SIGINT lets the models in hand finish and commits them, then stops;
// SIGKILL loses at most the models in hand, and --resume redoes exactly
// those.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <mutex>

#include "bin/commands.h"
#include "bin/experiment.h"
#include "bin/protocol_tables.h"
#include "bin/sweep.h"
#include "bin/sweep_config.h"
#include "bin/sweep_store.h"
#include "bin/sweep_tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/io/json.h"
#include "data/parallel.h"
#include "data/sets/spec.h"

namespace ricci {

namespace {

// Set by the SIGINT handler and read by the workers: the one piece of
// process-wide state a signal handler may touch (a lock-free atomic, so both
// the handler and the workers may use it).
std::atomic<int> g_interrupted{0};
static_assert(std::atomic<int>::is_always_lock_free, "the SIGINT flag must be lock-free");
extern "C" void on_interrupt(int) { g_interrupted.store(1); }

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
  return specs;
}

Shard parse_shard(const std::string& text) {
  Shard s;
  unsigned long long i = 0, n = 0;
  int used = 0;
  if (std::sscanf(text.c_str(), "%llu/%llu%n", &i, &n, &used) != 2 || static_cast<std::size_t>(used) != text.size() ||
      n == 0 || i >= n)
    throw usage_error("--shard: expected I/N with 0 <= I < N, got '" + text + "'");
  s.index = i;
  s.count = n;
  return s;
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

// The ks of a resumed --k auto sweep: those its sweep.json resolved.
std::vector<int> resolved_ks(const std::string& out) {
  const std::string path = join_path(out, "sweep.json");
  const JsonValue analysis = parse_json(read_file(path), path).at("analysis", path);
  if (!analysis.has("k_auto") || !analysis.at("k_auto", path).boolean)
    throw usage_error(path + ": this sweep was not started with --k auto");
  std::vector<int> ks;
  for (const JsonValue& k : analysis.at("k", path).items) ks.push_back(static_cast<int>(k.number));
  return ks;
}

}  // namespace

SweepSummary run_sweep(const SweepConfig& given, const std::string& out, const Shard& shard, bool resume,
                       int threads, bool progress) {
  SweepConfig config = given;
  // Every data set is read and checked before anything is written.
  std::map<std::string, PreparedData> data;
  for (const std::string& dataset : config.datasets) {
    if (data.count(dataset)) throw usage_error("--datasets: '" + dataset + "' given twice");
    require_files(dataset);
    require_files(config.data.test_spec);
    data[dataset] = prepare_data(sweep_data_options(config, dataset));
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
  // A directory holds one shard of one sweep: checked before the store
  // repairs anything.
  const std::string shard_text = std::to_string(shard.index) + "/" + std::to_string(shard.count) + "\n";
  const std::string shard_path = join_path(out, "shard.txt");
  if (resume && file_exists(shard_path)) {
    const std::string held = read_file(shard_path);
    if (held != shard_text)
      throw usage_error(out + " holds shard " + held.substr(0, held.find('\n')) + ", not " +
                        shard_text.substr(0, shard_text.size() - 1));
  }
  const Sweep sweep = sweep_of(config);
  SweepStore store(out, sweep_config_json(config), models_header(config.ks), layers_header(), resume);
  write_file_atomically(shard_path, shard_text);

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
  g_interrupted.store(0);
  auto previous_handler = std::signal(SIGINT, on_interrupt);

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
    }
    std::lock_guard<std::mutex> lock(mutex);
    results[position] = std::move(outcome);
    // Commit every finished model that is next in grid order.
    while (committed < pending.size() && results[committed]) {
      const GridPoint& p = pending[committed];
      const ModelKey key{p.index, dataset_name(p.dataset), p.width, p.depth, p.seed};
      store.append(p.index, layer_rows(key, *results[committed]),
                   model_row(key, *results[committed], config.ks, sweep.threshold_for(key.dataset)));
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
  // rethrown once the SIGINT handler is restored.
  try {
    parallel_for(pending.size(), workers, run_model);
  } catch (...) {
    failure = std::current_exception();
  }
  std::signal(SIGINT, previous_handler);
  if (progress && !pending.empty()) std::fputc('\n', stderr);
  if (failure) std::rethrow_exception(failure);
  summary.run_now = committed;
  summary.interrupted = committed < pending.size();

  write_protocol_files(out, sweep, read_csv_table(store.models_path()), read_csv_table(store.layers_path()));
  return summary;
}

int sweep_command(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = sweep_options();
  const Options options(args, specs);
  if (options.help()) {
    std::fputs(usage_text("sweep", "(--config FILE | grid flags) --out DIR [options]",
                          "Trains and analyses one model per point of the grid datasets x depths x widths\n"
                          "x seeds, writing models.csv, layers.csv and groups.csv into DIR. Interrupt it\n"
                          "with Ctrl-C (the models in hand finish) and continue with --resume.",
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
  const std::string out = options.text("out", "");
  const SweepSummary s =
      run_sweep(config, out, shard, options.flag("resume"), threads, show_progress(options.flag("quiet")));
  if (s.interrupted) {
    std::fprintf(stderr, "ricci: interrupted: %zu of %zu models are done; continue with --resume\n",
                 s.already_done + s.run_now, s.models_in_shard);
    return 130;
  }
  std::printf("sweep: %zu models done (%zu now, %zu already), %zu failed; results in %s\n",
              s.already_done + s.run_now, s.run_now, s.already_done, s.failed, out.c_str());
  return 0;
}

}  // namespace ricci
