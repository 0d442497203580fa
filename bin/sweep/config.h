// config.h — the grid of a sweep, from a config file and flags.
//
// A sweep trains and analyses one model per point of the grid
//   baselines x datasets x depths x widths x ricci_flows x seeds
// in that fixed order (the model index is the position in it, so --shard I/N
// and `ricci merge` agree across machines). The baseline axis is outermost:
// first the trained models (baseline none), then one block per baseline of
// --baselines, in the order given, each holding the same data sets, depths,
// widths and seeds. A trained model keeps its index whatever the baselines,
// and model i of baseline block b is model i - b P's twin (P models per
// block). The config file is INI (configs/*.ini are examples, including the
// paper's grids):
//
//   [data]      datasets (';'-separated SPECs), classes, scale, limit,
//               test_fraction, test_per_class, split_seed; or runs
//               (';'-separated run folders, bin/sweep/runs.h) instead
//   [model]     widths (each W or the bottleneck W/B), depths, seeds
//               (','-separated), init, baselines
//   [training]  optimizer, lr, momentum, weight_decay, epochs, batch,
//               target_accuracy, validation_fraction, patience, track_every,
//               stop_when_stable, stable_window, stable_tolerance,
//               ricci_flow (','-separated lambdas, a grid axis), ricci_flow_k,
//               ricci_flow_step, ricci_flow_anchors, ricci_flow_every
//   [analysis]  k (','-separated, or auto), k_frac, accuracy_threshold,
//               select_k_on, graph, ties, curvature, ollivier_alpha, convention,
//               include_input, within_components, include_output, local,
//               local_unreachable
//
// Flags override the file: --datasets, --widths, --depths, --seeds, --k,
// --accuracy-threshold and every training flag of `ricci train`. In
// --datasets, SPECs are separated by ';', or by ',' when the next item is not
// a key=value parameter of the previous built-in data set, nor another file
// (a path, with '.' or '/') of the previous file SPEC: both
// "circles:n=500,noise=0.1,spirals" and "csv:a.csv,b.csv,spirals" are two
// data sets. ';' is never ambiguous.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bin/experiment/experiment.h"
#include "data/io/ini.h"
#include "bin/options.h"
#include "bin/experiment/tracking.h"
#include "data/sets/prepare.h"
#include "flow/analysis.h"
#include "flow/groups.h"
#include "nn/train.h"

namespace ricci {

struct SweepConfig {
  // A sweep of run folders (--runs, bin/sweep/runs.h): model i is the i-th
  // folder's, trained elsewhere. Its datasets, widths, depths and seeds are
  // then empty, and the data and training settings unused (at their
  // defaults).
  std::vector<std::string> runs;
  // What each run folder held when the sweep started (RunModel::identity,
  // bin/sweep/runs.h), aligned with runs: sweep.json's data.run_ids, written
  // only for a sweep of runs. run_sweep fills it in; --resume, --extend and
  // merge refuse a folder that no longer holds the same network.
  std::vector<std::string> run_ids;
  std::vector<std::string> datasets = {"circles"};
  DataOptions data;  // every option but the SPEC; scaling as given (or the SPEC's default)
  bool scale_given = false;
  std::vector<std::string> widths = {"25"};  // each "W" or the bottleneck "W/B", as written
  std::vector<std::size_t> depths = {5};
  WeightInit init = WeightInit::He;
  std::vector<std::uint64_t> seeds = {1};
  // The baseline blocks after the trained models, in the order given
  // (never Baseline::None, each once).
  std::vector<Baseline> baselines;
  TrainOptions training;  // optimizer defaults: rmsprop (the paper's); its ricci_flow.lambda unused
  // The Ricci-flow regulariser's lambdas (--ricci-flow LIST), a grid axis
  // inside the widths: {0} (plain training) unless given. The first is the
  // one the paper's statistics use (Sweep::ricci_flow), the others are
  // compared with it model by model (same seed: same initial weights and
  // minibatches).
  std::vector<double> ricci_flows = {0.0};
  // --track-every and the stability rule (bin/experiment/tracking.h); every model's
  // geometry is tracked at the sweep's ks under its analysis options.
  TrackingSettings tracking;
  // The k grid: ks as given (--k), plus k_fractions of the test set size
  // (--k-frac), or with k_auto the grid of auto_k_grid (flow/analysis.h)
  // from the smallest k that connects every layer of every model; run_sweep
  // resolves the last two into ks. With a radius graph (--graph radius:R)
  // the grid is the one radius graph per layer, recorded as k = 0 in every
  // table (sweep.json's k is then empty).
  std::vector<int> ks = {10, 30, 50};
  std::vector<double> k_fractions;
  bool k_auto = false;
  // Well-trained: test accuracy above the threshold of its data set.
  double accuracy_threshold = 0.98;
  std::map<std::string, double> dataset_thresholds;  // by data set name (--accuracy-threshold name=A)
  bool select_k_on_half = false;  // --select-k-on half (flow/held_out.h)
  GeometryOptions geometry;
  bool include_input = false;  // rho_k also pairs the input transition
  bool global_forman = false;  // rho_k from the Forman totals whatever the curvature (--global-forman)
  bool include_output = false;
  // --local: the layer and local coefficients of Hehl et al. per model and
  // k (local.csv) and per group (local_groups.csv; bin/sweep/local_tables.h).
  bool local = false;
  UnreachableRule local_unreachable = UnreachableRule::Undefined;
  // --attack as given (nn/attack.h parse_attacks): every trained model's
  // test accuracy under each attack, a models.csv column each; empty: none.
  std::string attack;

  SweepConfig();
};

// The models.csv columns of config.attack, in its order (nn/attack.h
// attack_column): fgsm_accuracy_eps0.1, ...; none without --attack.
std::vector<std::string> attack_columns(const SweepConfig& config);

// The options a sweep accepts besides --config, --out, --shard, --resume,
// --threads and --quiet (for option tables and `ricci run`).
const std::vector<OptionSpec>& sweep_grid_options();

// The settings of a config file as the flags they stand for ("--k=5,12"),
// leaving out those that `flags` (the command line) gives; a usage error
// naming the file and line for an unknown setting. Relative file paths in
// its data SPECs are made relative to `config_dir`, the config's folder.
std::vector<std::string> config_file_arguments(const IniFile& ini, const Options& flags,
                                               const std::string& config_dir);

// Reads --config FILE when given, then applies the flags in `options`.
// Bad values are usage errors naming the file line or the flag. Relative
// file paths in the config's data SPECs and run folders are taken relative
// to the config file's directory. `more_runs`: run folders that follow
// --runs DIR on the command line (`--runs DIR...`).
SweepConfig load_sweep_config(const Options& options, const std::vector<std::string>& more_runs = {});

// The statistics' settings of a sweep (flow/groups.h), without its models.
Sweep sweep_of(const SweepConfig& config);

// The configuration the grid flags in `args` ("--k=10,30", ...) give, every
// value checked: the one loader of the command line, the config file and
// sweep.json.
SweepConfig sweep_config_from_arguments(const std::vector<std::string>& args);

// Models whose grid index is `index` mod `count` (--shard I/N).
struct Shard {
  std::size_t index = 0, count = 1;
  bool operator==(const Shard& other) const { return index == other.index && count == other.count; }
  bool operator!=(const Shard& other) const { return !(*this == other); }
};
inline constexpr std::size_t kMaxShards = std::size_t{1} << 32;
// "I/N", digits only, 0 <= I < N <= kMaxShards; a usage error about the
// shard otherwise.
Shard parse_shard(const std::string& text);
std::string shard_text(const Shard& shard);

// sweep.json: the configuration and the shard as canonical JSON. Equal
// configurations give equal bytes, so resume and merge can compare them.
std::string sweep_config_json(const SweepConfig& config, const Shard& shard);

// sweep.json's one reader. Strict (resume, extend, merge): as strictly as
// the command line: the same fields and types as sweep_config_json writes,
// each value through the parser and checks of its flag
// (sweep_config_from_arguments), and the result, written again, equal to
// `text` byte for byte, so that a field added later is checked too.
// Lenient (reports, of sweeps written by an older ricci): the fields added
// since take their defaults (what a sweep meant before they existed; only
// analysis.k, accuracy_threshold and convention, which every sweep.json
// has, are required), every field present is checked as strictly, and the
// byte round trip is not asked for. Data errors name `what` (the file) and
// the field.
struct SweepFile {
  SweepConfig config;
  Shard shard;
};
enum class SweepJsonMode { Strict, Lenient };
SweepFile read_sweep_json(const std::string& text, const std::string& what,
                          SweepJsonMode mode = SweepJsonMode::Strict);

// The configuration of `ricci sweep --from SWEEP`: the one that made
// SWEEP (its sweep.json, with the k grid as given, fractions and --k auto
// resolved again), with the analysis flags of `flags` in place of its own,
// and SWEEP's shard. Usage errors: --config or --runs, any data, model or
// training flag (named: a re-analysis trains nothing), SWEEP a sweep of run
// folders, or one that tracked its training (--track-every needs the
// training). Data errors as read_sweep_json.
SweepFile reanalysis_config(const Options& flags, const std::string& from);

// Splits a --datasets value into SPECs (see above).
std::vector<std::string> split_dataset_list(const std::string& text);

struct GridPoint {
  std::size_t index = 0;
  std::string dataset;
  std::string width;  // the width entry as written ("50", "50/25")
  std::size_t depth = 0;
  std::uint64_t seed = 0;
  Baseline baseline = Baseline::None;
  double ricci_flow = 0.0;  // the regulariser's lambda
};
// Whether the sweep has a Ricci-flow axis: a list other than {0}. Only then
// do models.csv and sweep.json say anything of it (so a sweep without
// --ricci-flow, or with --ricci-flow 0, keeps its bytes).
bool has_ricci_flow_axis(const SweepConfig& config);
// The grid of a training sweep (for a sweep of runs, grid_of in
// bin/sweep/runs.h reads it from the folders).
std::vector<GridPoint> sweep_grid(const SweepConfig& config);
// Its number of models (a sweep of runs: its folders), SIZE_MAX when the
// product overflows.
std::size_t grid_size(const SweepConfig& config);

// The data options of one data set of the sweep.
DataOptions sweep_data_options(const SweepConfig& config, const std::string& dataset);

// The baselines as --baselines takes them: "untrained,shuffled-labels".
std::string baselines_text(const std::vector<Baseline>& baselines);

// What one model of the grid is trained with (`training` with the threads
// it may use): for an untrained baseline 0 epochs, for shuffled-labels the
// training labels permuted (bin/experiment/experiment.h); with tracking, the sweep's ks
// and analysis options.
ModelSettings model_settings(const SweepConfig& config, const GridPoint& point, const TrainOptions& training);

// How every model of the sweep is analysed (analyze's options), on `threads`
// threads; the labels are set per model.
AnalysisOptions sweep_analysis_options(const SweepConfig& config, int threads);

// The ks analyze_layers takes: the sweep's, or none for a radius graph.
std::vector<int> analysed_ks(const SweepConfig& config);

}  // namespace ricci
