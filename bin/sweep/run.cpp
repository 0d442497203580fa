// run.cpp — running a sweep (sweep.h): train and analyse every model of a
// grid (or analyse the models of run folders, runs.h), safe to interrupt,
// shardable across machines, extensible (extend.h), the same bytes for any
// number of threads.
//
// Models run in parallel (--threads), one model per worker of parallel_for
// (data/parallel.h), and are committed to the store (store.h) strictly
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
#include <functional>
#include <map>
#include <mutex>
#include <new>

#include "bin/options.h"
#include "bin/experiment/experiment.h"
#include "bin/experiment/folders.h"
#include "bin/sweep/local_tables.h"
#include "bin/sweep/protocol_tables.h"
#include "bin/sweep/sweep.h"
#include "bin/sweep/config.h"
#include "bin/sweep/extend.h"
#include "bin/sweep/networks.h"
#include "bin/sweep/runs.h"
#include "bin/sweep/store.h"
#include "bin/sweep/tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"
#include "data/io/json.h"
#include "data/parallel.h"
#include "data/sets/spec.h"
#include "nn/model_io.h"
#include "nn/train.h"

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

// The test sets of the sweep (each data set's, or each run's) with their
// sizes: a name and n.
using TestSizes = std::vector<std::pair<std::string, std::size_t>>;

// The one n of every test set, which --k-frac and --k auto need (`runs`:
// the test sets are runs', not data sets').
std::size_t common_test_size(const TestSizes& sizes, const char* option, bool runs) {
  std::size_t n = 0;
  for (const auto& [name, size] : sizes) {
    if (n != 0 && size != n)
      throw usage_error(std::string(option) + ": the " + (runs ? "runs'" : "data sets'") + " test sets differ in size (" +
                        std::to_string(n) + " and " + std::to_string(size) + " points); give --k");
    n = size;
  }
  return n;
}

// The layers of model m of the grid, computed with `threads` threads.
using ModelLayers = std::function<std::vector<MatrixF>(std::size_t m, int threads)>;

// The k grid of --k auto for a fresh sweep: every model of the grid is
// trained (or read) once to find the smallest k that connects all its
// layers (connecting_k, flow/analysis.h); the largest of those starts the
// grid. The models are trained again by the sweep itself (training is
// deterministic, so they are the same models).
std::vector<int> resolve_auto_k(const SweepConfig& config, std::size_t models, const ModelLayers& model_layers,
                                std::size_t n, int threads, bool progress) {
  const int workers = std::max(1, std::min<int>(threads, static_cast<int>(models)));
  GeometryOptions geometry = config.geometry;
  geometry.threads = std::max(1, threads / workers);
  std::vector<std::size_t> needed(models, 0);
  std::atomic<std::size_t> done{0};
  parallel_for(models, workers, [&](std::size_t m, int) {
    if (g_interrupted.load()) return;
    try {
      needed[m] = connecting_k(matrix_views(model_layers(m, geometry.threads)), geometry);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Data) throw;  // a failed model is left out, as the sweep records it
    }
    const std::size_t finished = ++done;
    if (progress) std::fprintf(stderr, "\rsweep: --k auto: %zu/%zu models searched   ", finished, models);
  });
  if (progress) std::fputc('\n', stderr);
  if (g_interrupted.load()) return {};  // run_sweep stops
  const std::size_t k_low = *std::max_element(needed.begin(), needed.end());
  if (k_low == 0) throw data_error("--k auto: no model of the grid could be trained");
  return auto_k_grid(k_low, n);
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

// What the steps of run_sweep share: the configuration with its k grid
// resolved, the data (or run folders) and the grid.
struct SweepPlan {
  SweepConfig config;
  std::vector<RunModel> runs;                   // a sweep of run folders
  std::map<std::string, PreparedData> data;     // a training sweep's data sets, by SPEC
  TestSizes test_sizes;
  std::vector<GridPoint> grid;
  // The networks saved in the folder a re-analysis reads (--from), or in
  // the sweep's own folder (--resume --extend); `rebuild`: every network
  // comes from them (--from), none is trained.
  SavedNetworks saved;
  bool rebuild = false;
  // Each data set's input layer at the sweep's ks (keep_only_needed), the
  // same for all its models, computed once (flow/analysis.h layer_graphs).
  std::map<std::string, LayerGraphs> inputs;
};

ModelNetwork trained_network(const SweepPlan& plan, const GridPoint& point, int model_threads) {
  TrainOptions training = plan.config.training;
  training.threads = model_threads;
  TrainedModel model = train_model(plan.data.at(point.dataset), model_settings(plan.config, point, training));
  ModelNetwork network;
  ModelOutcome& outcome = network.outcome;
  outcome.train_accuracy = model.train_accuracy;
  outcome.test_accuracy = model.test_accuracy;
  outcome.train_loss = model.train_loss;
  outcome.test_loss = model.test_loss;
  outcome.epochs = model.result.history.size();
  outcome.tracked = std::move(model.tracked);
  outcome.attack_accuracy = std::move(model.attack_accuracy);
  outcome.weights = model_bytes(model.mlp);
  network.layers = std::move(model.layers);
  return network;
}

// The network of `point` rebuilt from its saved weights (plan.saved,
// networks.h rebuild_network). Its data errors come as a RebuildFailure:
// not the model's failure, to be recorded as its status, but the sweep's,
// which stops it.
struct RebuildFailure {
  Error error;
};
ModelNetwork saved_network(const SweepPlan& plan, const GridPoint& point, int model_threads) {
  try {
    return rebuild_network(plan.saved, point, plan.data.at(point.dataset), plan.config.include_output, model_threads,
                           plan.config.attack.empty() ? std::vector<Attack>{} : parse_attacks(plan.config.attack));
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::Data) throw;
    throw RebuildFailure{e};
  }
}


void check_grid_size(std::size_t grid_models, const ResourceLimits& limits) {
  if (grid_models > kSaneGridModels && !limits.allow_large)
    throw usage_error("the grid (--datasets x --depths x --widths x --seeds) has " +
                      (grid_models == SIZE_MAX ? std::string("more than 2^64") : std::to_string(grid_models)) +
                      " models, more than the sane " + std::to_string(kSaneGridModels) +
                      "; pass --allow-large if you mean it");
}

// Every data set (or run folder's metadata) read and checked, and every
// model's memory estimated, before anything is written.
void read_sweep_data(SweepPlan& plan, const ResourceLimits& limits) {
  const SweepConfig& config = plan.config;
  plan.runs = read_run_models(config.runs);
  check_runs_for_sweep(plan.runs, config);
  plan.config.run_ids = run_identities(plan.runs);
  for (const RunModel& run : plan.runs) plan.test_sizes.push_back({run.folder, run.test_points});
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
                         config.training.batch, prepared.train.labels.size(), prepared.test.labels.size(), limits,
                         output_width_for(prepared.classes));
      }
    // The regulariser's k against the points each model will train on,
    // before any model runs (train_mlp would refuse it model by model).
    for (double lambda : config.ricci_flows)
      if (lambda > 0.0) {
        TrainOptions regularised = config.training;
        regularised.ricci_flow.lambda = lambda;
        check_ricci_flow_settings(regularised,
                                  trained_points(prepared.train, config.training.validation_fraction));
      }
    plan.test_sizes.push_back({dataset, prepared.test.labels.size()});
    plan.data[dataset] = std::move(prepared);
  }
  plan.grid = plan.runs.empty() ? sweep_grid(config) : runs_grid(plan.runs);
}

// A resumed (or extended) sweep of runs: each folder it recorded, given
// again at its place, must still hold the network it analysed (sweep.json's
// run_ids), or the sweep would mix two networks in one model's rows.
void check_recorded_runs(const SweepPlan& plan, const std::string& out, const SweepRun& run) {
  const std::string path = join_path(out, "sweep.json");
  if (!run.resume || plan.runs.empty() || !file_exists(path)) return;
  const SweepFile held = read_sweep_json(read_file(path), path);
  std::vector<RunModel> same_place;
  std::vector<std::string> recorded;
  for (std::size_t i = 0; i < held.config.runs.size() && i < plan.runs.size(); ++i)
    if (held.config.runs[i] == plan.config.runs[i]) {
      same_place.push_back(plan.runs[i]);
      recorded.push_back(held.config.run_ids[i]);
    }
  check_run_identities(same_place, recorded, path);
}

// The k grid: --k, plus fractions of the test set, or --k auto; each k
// checked against every test set.
void resolve_k_grid(SweepPlan& plan, const std::string& out, const SweepRun& run) {
  SweepConfig& config = plan.config;
  const bool of_runs = !plan.runs.empty();
  if (!config.k_fractions.empty()) {
    for (int k : ks_from_fractions(config.k_fractions, common_test_size(plan.test_sizes, "--k-frac", of_runs))) {
      if (std::find(config.ks.begin(), config.ks.end(), k) != config.ks.end())
        throw usage_error("--k-frac: k = " + std::to_string(k) + " given twice (by --k or another fraction)");
      config.ks.push_back(k);
    }
  }
  if (config.k_auto) {
    if (run.shard.count > 1)
      throw usage_error("--k auto needs every model of the grid: run the sweep unsharded, or give each shard the "
                        "k list an unsharded --k auto sweep resolves (its sweep.json)");
    // Model m's layers, trained (untracked: the ks are unknown yet, and
    // tracking alone never changes a model) or read.
    const ModelLayers model_layers = [&](std::size_t m, int model_threads) {
      if (of_runs) return read_run_layer_data(plan.runs[m], config.include_output, run.limits.max_input).layers;
      if (plan.rebuild) {
        try {
          ModelNetwork network = saved_network(plan, plan.grid[m], model_threads);
          if (network.outcome.status != "ok") throw data_error(network.outcome.status);  // left out, as it failed
          return std::move(network.layers);
        } catch (const RebuildFailure& failure) {
          throw failure.error;
        }
      }
      TrainOptions training = config.training;
      training.threads = model_threads;
      ModelSettings settings = model_settings(config, plan.grid[m], training);
      settings.tracking = TrackingSettings{};
      return train_model(plan.data.at(plan.grid[m].dataset), settings).layers;
    };
    config.ks = run.resume && file_exists(join_path(out, "sweep.json"))
                    ? resolved_ks(out)
                    : resolve_auto_k(config, plan.grid.size(), model_layers,
                                     common_test_size(plan.test_sizes, "--k auto", of_runs), run.threads, run.progress);
  }
  for (const auto& [name, size] : plan.test_sizes)
    for (int k : config.ks)
      if (static_cast<std::size_t>(k) >= size)
        throw usage_error("--k: k = " + std::to_string(k) + " is out of range for " + name + ": its test set has " +
                          std::to_string(size) + " points");
}

// The memory of the models' analyses, `workers` at once (each as large as
// the largest of its data set or run folders), against the machine's, as
// analyze estimates it (experiment.h): refused before anything runs unless
// --allow-large. A run's input layer is taken as wide as its widest.
void check_analysis_sizes(const SweepPlan& plan, const SweepRun& run) {
  const SweepConfig& config = plan.config;
  if (config.ks.empty()) return;
  AnalysisOptions options;
  options.geometry = config.geometry;
  options.geometry.threads = 1;
  options.local = config.local;
  if (config.geometry.convention == Convention::Standard) options.labels.assign(1, 0);  // the class structure
  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(run.threads),
                                                                             plan.grid.size()));
  const auto check = [&](std::size_t n, std::vector<std::size_t> widths) {
    if (config.include_output) widths.push_back(widths.back());
    check_analysis_memory(n, widths, config.ks, options, run.limits, workers);
  };
  for (const auto& [dataset, prepared] : plan.data)
    for (std::size_t depth : config.depths)
      for (const std::string& width : config.widths) {
        std::vector<std::size_t> widths{prepared.test.features.cols()};
        for (std::size_t w : hidden_widths(width, depth, "--widths")) widths.push_back(w);
        check(prepared.test.labels.size(), widths);
      }
  for (const RunModel& model : plan.runs) {
    std::vector<std::size_t> hidden;
    try {
      hidden = model.width.find(',') == std::string::npos ? hidden_widths(model.width, model.depth, "--width")
                                                          : std::vector<std::size_t>{};
    } catch (const Error&) {
    }
    if (hidden.empty()) continue;  // a list of widths: read with the layers
    std::vector<std::size_t> widths{*std::max_element(hidden.begin(), hidden.end())};
    widths.insert(widths.end(), hidden.begin(), hidden.end());
    check(model.test_points, widths);
  }
}

// The sweep.json the folder will hold. A folder holds one shard of one
// sweep, recorded in its sweep.json: checked (and the file read as strictly
// as the flags) before the store repairs anything. `extended`: true when
// --baselines adds baselines to the sweep held there, whose sweep.json is
// rewritten once its rows pass.
std::string folder_sweep_json(const SweepConfig& config, const std::string& out, const SweepRun& run,
                              bool& extended) {
  const std::string path = join_path(out, "sweep.json");
  extended = false;
  if (!run.resume || !file_exists(path)) return sweep_config_json(config, run.shard);
  const SweepFile held = read_sweep_json(read_file(path), path);
  if (held.shard != run.shard)
    throw usage_error(out + " holds shard " + shard_text(held.shard) + " (sweep.json), not " + shard_text(run.shard));
  extended = adds_baselines(held.config, config, path);
  return extended ? read_file(path) : sweep_config_json(config, run.shard);
}

// Trains (or rebuilds from its saved network, `from_saved`, or reads) one
// model and analyses it at `ks`, on `model_threads` threads: its outcome; a
// data error when it fails.
ModelOutcome analyse_model(const SweepPlan& plan, const GridPoint& point, const std::vector<int>& ks,
                           int model_threads, std::size_t max_input, bool from_saved) {
  const SweepConfig& config = plan.config;
  ModelOutcome outcome;
  AnalysisOptions analysis = sweep_analysis_options(config, model_threads);
  std::vector<MatrixF> layers;
  std::vector<std::int64_t> labels;
  if (plan.runs.empty()) {
    ModelNetwork network = from_saved ? saved_network(plan, point, model_threads)
                                      : trained_network(plan, point, model_threads);
    if (network.outcome.status != "ok") return network.outcome;
    outcome = std::move(network.outcome);
    layers = std::move(network.layers);
    labels = plan.data.at(point.dataset).test.labels;
  } else {
    const RunModel& run = plan.runs[point.index];
    RunLayerData read = read_run_layer_data(run, config.include_output, max_input);
    outcome.train_accuracy = run.train_accuracy;
    outcome.test_accuracy = run.test_accuracy;
    outcome.train_loss = run.train_loss;
    outcome.test_loss = run.test_loss;
    outcome.epochs = run.epochs;
    layers = std::move(read.layers);
    labels = std::move(read.labels);
  }
  // The class structure of layers.csv, against the test labels (the
  // paper-r convention has none).
  if (analysis.geometry.convention == Convention::Standard) analysis.labels = std::move(labels);
  // The input layer's graphs, when the sweep computed them for these ks.
  const auto input =
      plan.runs.empty() && ks == analysed_ks(config) ? plan.inputs.find(point.dataset) : plan.inputs.end();
  outcome.analysis = analyze_layers(matrix_views(layers), ks, analysis, nullptr, {},
                                    input == plan.inputs.end() ? nullptr : &input->second);
  // A sweep's tables key every row by k: its radius graph is k = 0 (config.h).
  outcome.analysis.radius = 0.0;
  return outcome;
}

// The input layer of each data set of the pending models, at the sweep's
// ks, on `threads` threads (plan.inputs). A data set whose input layer
// fails is left out: each of its models then meets the failure itself.
void compute_input_layers(SweepPlan& plan, const std::vector<GridPoint>& pending, int threads) {
  if (!plan.runs.empty()) return;
  for (const GridPoint& point : pending) {
    if (plan.inputs.count(point.dataset)) continue;
    const Dataset& test = plan.data.at(point.dataset).test;
    AnalysisOptions analysis = sweep_analysis_options(plan.config, threads);
    if (analysis.geometry.convention == Convention::Standard) analysis.labels = test.labels;
    try {
      LayerGraphs input = layer_graphs(test.features, 0, analysed_ks(plan.config), analysis);
      keep_only_needed(input, analysis);
      plan.inputs[point.dataset] = std::move(input);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Data) throw;
    }
  }
}

// The store of the sweep's rows (store.h), opened (and, resuming,
// repaired and checked) in `out`.
std::unique_ptr<SweepStore> open_store(const SweepPlan& plan, const std::string& out, const std::string& config_json,
                                       const Shard& shard, bool resume) {
  const SweepConfig& config = plan.config;
  const SweepLayout layout{plan.grid, config.ks, config.include_output, shard};
  std::vector<RowFile> row_files{{"layers.csv", layers_header()}, {"coefficients.csv", coefficients_header()}};
  if (config.local) row_files.push_back({"local.csv", local_header()});
  if (config.tracking.every > 0) row_files.push_back({"training_geometry.csv", tracking_header()});
  if (plan.runs.empty()) row_files.push_back({"weights.csv", weights_header()});
  const std::vector<std::string> header = models_header(config.ks, has_ricci_flow_axis(config), attack_columns(config));
  return std::make_unique<SweepStore>(out, config_json, header, row_files, resume,
                                      [&config, layout, out](const Table& models, const std::vector<Table>& rows) {
                                        check_sweep_rows(models, rows[0], rows[1], layout, out);
                                        if (config.local) check_local_rows(models, rows[2], config.ks, out);
                                      });
}

// The models of this shard that the store does not hold yet, in grid
// order; `in_shard` counts all of this shard's.
std::vector<GridPoint> pending_models(const SweepPlan& plan, const SweepStore& store, const Shard& shard,
                                      std::size_t& in_shard) {
  std::vector<GridPoint> pending;
  in_shard = 0;
  for (const GridPoint& point : plan.grid)
    if (point.index % shard.count == shard.index) {
      ++in_shard;
      if (!store.completed().count(point.index)) pending.push_back(point);
    }
  return pending;
}

// Appends one finished model's rows to the store, its network first
// (networks.h).
void commit_model(const SweepPlan& plan, SweepStore& store, const std::string& out, const GridPoint& point,
                  const ModelOutcome& outcome, const Sweep& sweep) {
  const SweepConfig& config = plan.config;
  const ModelKey key = model_key(point);
  std::vector<std::vector<std::vector<std::string>>> rows{layer_rows(key, outcome), coefficient_rows(key, outcome)};
  if (config.local) rows.push_back(local_rows(key, outcome, config.local_unreachable));
  if (config.tracking.every > 0) rows.push_back(tracking_rows(key, outcome));
  if (plan.runs.empty()) {
    const bool saved = outcome.status == "ok" && !outcome.weights.empty();
    if (saved) write_network(out, point.index, outcome.weights);
    rows.push_back(saved ? weights_rows(key, outcome.weights) : std::vector<std::vector<std::string>>{});
  }
  store.append(point.index, rows,
               model_row(key, outcome, config.ks, sweep.threshold_for(key.dataset),
                         has_ricci_flow_axis(config) ? std::optional<double>(point.ricci_flow) : std::nullopt,
                         attack_columns(config).size()));
}

// The data error of a model that ran out of memory, naming it.
Error model_out_of_memory(const SweepPlan& plan, const GridPoint& point, int model_threads) {
  if (!plan.runs.empty())
    return data_error("model " + std::to_string(point.index) + " (" + plan.runs[point.index].folder +
                      "): out of memory reading and analysing its layers");
  TrainOptions training = plan.config.training;
  training.threads = model_threads;
  return data_error("model " + std::to_string(point.index) + " (" + point.dataset + "): " +
                    out_of_memory(plan.data.at(point.dataset), model_settings(plan.config, point, training)).what());
}

// Runs the pending models in parallel, one per worker (with fewer models
// than threads, each model's products and geometry share the threads left
// over), and commits each finished model that is next in grid order, so
// that the files do not depend on which worker finished first. A model's
// data error (a diverged run, say) is recorded as its status and the sweep
// goes on; any other failure stops handing out models, the models in hand
// finish, and the first failure in grid order is rethrown once the signal
// handlers are restored.
void run_models(const SweepPlan& plan, SweepStore& store, const std::string& out, const std::vector<GridPoint>& pending,
                const SweepRun& run, SweepSummary& summary) {
  const Sweep sweep = sweep_of(plan.config);
  std::vector<std::unique_ptr<ModelOutcome>> results(pending.size());
  std::size_t committed = 0;  // position in `pending` of the next model to commit
  std::mutex mutex;           // guards results, committed, summary and the store
  std::exception_ptr failure;
  const auto start = std::chrono::steady_clock::now();
  const int workers = std::max(1, std::min<int>(run.threads, static_cast<int>(pending.size())));
  const int threads_per_model = std::max(1, run.threads / workers);
  auto run_model = [&](std::size_t position, int) {
    if (g_interrupted.load()) return;
    const GridPoint& point = pending[position];
    auto outcome = std::make_unique<ModelOutcome>();
    try {
      *outcome = analyse_model(plan, point, analysed_ks(plan.config), threads_per_model, run.limits.max_input,
                               plan.rebuild);
    } catch (const RebuildFailure& failure) {  // not the model's: the sweep stops
      throw failure.error;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Data) throw;
      outcome->status = e.what();
      outcome->analysis = Analysis{};
      outcome->tracked.clear();
      outcome->weights.clear();
    } catch (const std::bad_alloc&) {  // not the model's fault: the sweep stops
      throw model_out_of_memory(plan, point, threads_per_model);
    }
    std::lock_guard<std::mutex> lock(mutex);
    results[position] = std::move(outcome);
    while (committed < pending.size() && results[committed]) {
      commit_model(plan, store, out, pending[committed], *results[committed], sweep);
      summary.failed += results[committed]->status != "ok";
      results[committed].reset();
      ++committed;
      if (run.progress) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double eta = elapsed / committed * (pending.size() - committed);
        std::fprintf(stderr, "\rsweep: %zu/%zu models, %zu failed, %s left   ", summary.already_done + committed,
                     summary.models_in_shard, summary.failed, duration_text(eta).c_str());
      }
    }
  };
  try {
    parallel_for(pending.size(), workers, run_model);
  } catch (...) {
    failure = std::current_exception();
  }
  if (run.progress && !pending.empty()) std::fputc('\n', stderr);
  if (failure) std::rethrow_exception(failure);
  summary.run_now = committed;
  summary.interrupted = committed < pending.size() ? g_interrupted.load() : 0;
}

}  // namespace

SweepSummary run_sweep(const SweepConfig& given, const std::string& out, const SweepRun& run) {
  SweepPlan plan;
  plan.config = given;
  // A sweep resumed: its sweep.json, read as strictly as the flags, says
  // first what is wrong with it (naming the field).
  const std::string held_path = join_path(out, "sweep.json");
  if (folder_kind(out) == FolderKind::Sweep) {
    if (run.resume && file_exists(held_path)) read_sweep_json(read_file(held_path), held_path);
    if (!file_exists(held_path)) check_no_lost_sweep(out);
  }
  // Nothing of the user's is written over (bin/experiment/folders.h): every
  // file the sweep writes is absent, or proven ricci's.
  check_replaceable(out, writable_record(out, FolderKind::Sweep), sweep_file_names());
  // SIGINT and SIGTERM, from here to the end: the step at work finishes what
  // it has in hand, and the sweep stops with what it kept said (sweep.h).
  const InterruptHandlers handlers;
  SweepSummary summary;
  const auto stopped = [&](const std::string& what) {
    summary.interrupted = g_interrupted.load();
    summary.stopped_before_models = what;
    return summary;
  };
  check_grid_size(grid_size(given), run.limits);
  read_sweep_data(plan, run.limits);
  if (!run.from.empty()) {
    plan.saved = SavedNetworks(run.from);
    plan.rebuild = true;
    for (const GridPoint& point : plan.grid)
      if (point.index % run.shard.count == run.shard.index && !plan.saved.model_row(model_key(point)))
        throw usage_error("--from: " + run.from + " has not finished model " + std::to_string(point.index) +
                          ": finish it with --resume first");
    // Every network file checked against weights.csv before anything is
    // written (their test accuracies are checked as each is rebuilt).
    for (const GridPoint& point : plan.grid)
      if (point.index % run.shard.count == run.shard.index && plan.saved.has_network(model_key(point)))
        plan.saved.network(model_key(point));
  }
  check_recorded_runs(plan, out, run);
  if (g_interrupted.load()) return stopped("while reading the data: nothing was written");
  resolve_k_grid(plan, out, run);
  if (g_interrupted.load()) return stopped("while finding the ks of --k auto: nothing was written");
  check_analysis_sizes(plan, run);
  bool extended = false;
  const std::string config_json = folder_sweep_json(plan.config, out, run, extended);
  const std::string config_path = join_path(out, "sweep.json");
  if (run.extend && run.resume && file_exists(config_path)) {
    // The networks it saved serve the new ks; a model without one (or one
    // that tracks its training) is trained again.
    if (plan.runs.empty() && file_exists(join_path(out, "models.csv"))) plan.saved = SavedNetworks(out);
    std::size_t held_models = 0;
    const bool done =
        extend_sweep(read_sweep_json(read_file(config_path), config_path), plan.config, plan.grid, out,
                     [&](const GridPoint& point, const std::vector<int>& ks, int model_threads) {
                       const bool saved = plan.runs.empty() && plan.config.tracking.every == 0 &&
                                          plan.saved.has_network(model_key(point));
                       try {
                         return analyse_model(plan, point, ks, model_threads, run.limits.max_input, saved);
                       } catch (const RebuildFailure& failure) {
                         throw failure.error;
                       }
                     },
                     run.threads, run.progress, [] { return g_interrupted.load() != 0; }, &held_models);
    if (!done)
      return stopped("while extending the sweep: nothing of the extension was written, and " + out + " keeps its " +
                     counted(held_models, "model") + " as they were");
  }
  const std::unique_ptr<SweepStore> store = open_store(plan, out, config_json, run.shard, run.resume);
  if (run.resume && plan.runs.empty()) remove_uncommitted_networks(out, store->completed());
  if (extended) {
    OutputSet rewritten(out);
    rewritten.add("sweep.json", sweep_config_json(plan.config, run.shard));
    commit_owned(rewritten, writable_record(out, FolderKind::Sweep));
  }
  const std::vector<GridPoint> pending = pending_models(plan, *store, run.shard, summary.models_in_shard);
  summary.already_done = summary.models_in_shard - pending.size();
  compute_input_layers(plan, pending, run.threads);
  run_models(plan, *store, out, pending, run, summary);

  // The protocol's files, recomputed from the committed rows (protocol_tables.h).
  OutputSet protocol(out);
  const Table local = plan.config.local ? read_csv_table(store->path("local.csv")) : Table{};
  const bool tracked = plan.config.tracking.every > 0;
  const Table tracking = tracked ? read_csv_table(store->path("training_geometry.csv")) : Table{};
  add_protocol_files(protocol, sweep_of(plan.config), read_csv_table(store->models_path()),
                     read_csv_table(store->path("layers.csv")), &local, tracked ? &tracking : nullptr);
  commit_owned(protocol, writable_record(out, FolderKind::Sweep));
  return summary;
}

int interrupted_exit(const SweepSummary& s, const char* how_to_continue) {
  const char* name = s.interrupted == SIGTERM ? "SIGTERM" : "SIGINT";
  if (!s.stopped_before_models.empty()) {
    std::fprintf(stderr, "ricci: interrupted by %s %s; run the same command again to continue\n", name,
                 s.stopped_before_models.c_str());
    return 128 + s.interrupted;
  }
  std::fprintf(stderr, "ricci: interrupted by %s: %zu of %s %s done; %s\n",
               s.interrupted == SIGTERM ? "SIGTERM" : "SIGINT", s.already_done + s.run_now,
               counted(s.models_in_shard, "model").c_str(), s.already_done + s.run_now == 1 ? "is" : "are",
               how_to_continue);
  return 128 + s.interrupted;
}

}  // namespace ricci
