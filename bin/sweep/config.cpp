// config.cpp — reading, overriding and printing a sweep's configuration.
#include "bin/sweep/config.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <stdexcept>

#include "bin/analysis_options.h"
#include "bin/experiment/experiment.h"
#include "data/io/ini.h"
#include "data/error.h"
#include "data/files.h"
#include "data/format.h"
#include "data/io/json.h"
#include "data/sets/scaling.h"
#include "data/sets/data_path.h"
#include "data/sets/spec.h"

namespace ricci {

namespace {

// The grid flags: data sets, the shared data and training flags, the model
// grid and the analysis.
std::vector<OptionSpec> make_grid_options() {
  std::vector<OptionSpec> specs = {{"runs", "DIR...", "instead of training a grid, analyse the models of these run\n"
                                            "folders: ricci train's, or layer_<l>.npy files with model.json"},
                                   {"datasets", "LIST", "data SPECs, ';'-separated (default circles)"},
                                   {"test", "SPEC", "a separate test set instead of a split (one data set only)"}};
  specs.insert(specs.end(), data_option_specs().begin(), data_option_specs().end());
  const std::vector<OptionSpec> model = {
      {"widths", "LIST", "hidden-layer widths, each W or the bottleneck W/B (default 25)"},
      {"depths", "LIST", "numbers of hidden layers (default 5)"},
      {"seeds", "LIST", "training seeds (default 1)"},
      {"init", "NAME", "initial weights: he (default) or glorot (Keras's default)"},
      {"baselines", "LIST", "also, for every grid point, untrained (its network at initialisation)\n"
                            "and/or shuffled-labels (trained on permuted labels), e.g.\n"
                            "untrained,shuffled-labels; none: no baselines (the default)"},
  };
  specs.insert(specs.end(), model.begin(), model.end());
  specs.insert(specs.end(), training_option_specs().begin(), training_option_specs().end());
  specs.insert(specs.end(), tracking_option_specs().begin(), tracking_option_specs().end());
  specs.insert(specs.end(), attack_option_specs().begin(), attack_option_specs().end());
  const std::vector<OptionSpec> analysis = {
      {"k", "LIST", "neighbours per point (default 10,30,50), or auto: from the smallest k that\n"
                    "connects every layer of every model to at least 0.2 n"},
      {"k-frac", "LIST", "k as fractions of the test set size (added to --k)"},
      {"accuracy-threshold", "A", "well-trained: test accuracy above A (default 0.98); or per data set,\n"
                                  "NAME=A,NAME=A (a bare A for the others)"},
      {"select-k-on", "HOW", "all (default): each architecture's best k on all its seeds, as the\n"
                             "paper; half: also chosen on the first half of the seeds and reported\n"
                             "on the other half (held_out.csv)"},
      {"include-output", "", "analyse the output layer too"},
  };
  specs.insert(specs.end(), analysis.begin(), analysis.end());
  // The flags of how layers are analysed: analyze's table (bin/analysis_options.h).
  specs.insert(specs.end(), analysis_option_specs().begin(), analysis_option_specs().end());
  return specs;
}

const std::vector<OptionSpec> kGridOptions = make_grid_options();

// Maps each config-file key to its flag: [section] key -> --flag. sweep.json
// has the same sections and keys, and every key sweep_config_json writes
// must be here (read_sweep_json reads it through its flag), but for
// analysis.k_auto and analysis.dataset_thresholds, which record how the k
// grid was resolved and the per-data-set part of --accuracy-threshold
// (read_sweep_json reads them itself). `unset` is the value sweep.json holds
// when the flag was not given and that the flag itself refuses (limit 0,
// say), or null when every value it holds can be given as the flag.
struct KeyFlag {
  const char* section;
  const char* key;
  const char* flag;
  const char* unset = nullptr;
};
const KeyFlag kKeys[] = {
    {"data", "runs", "runs", ""},          // empty but in a sweep of runs
    {"data", "datasets", "datasets", ""},  // empty in a sweep of runs, as widths, depths and seeds
    {"data", "classes", "classes", ""},
    {"data", "test_fraction", "test-fraction"},
    {"data", "split_seed", "split-seed"},
    {"data", "scale", "scale", "default"},
    {"data", "limit", "limit", "0"},
    {"data", "test_per_class", "test-per-class", "0"},
    {"data", "test", "test", ""},
    {"model", "widths", "widths", ""},
    {"model", "depths", "depths", ""},
    {"model", "seeds", "seeds", ""},
    {"model", "init", "init"},
    {"model", "baselines", "baselines", ""},
    {"training", "optimizer", "optimizer"},
    {"training", "lr", "lr"},
    {"training", "momentum", "momentum", "0"},  // adam refuses --momentum, even 0
    {"training", "weight_decay", "weight-decay"},
    {"training", "epochs", "epochs"},
    {"training", "batch", "batch"},
    {"training", "target_accuracy", "target-accuracy"},
    {"training", "validation_fraction", "validation-fraction"},
    {"training", "patience", "patience", "0"},
    {"training", "track_every", "track-every", "0"},
    {"training", "stop_when_stable", "stop-when-stable"},
    // Written whatever --stop-when-stable, which alone takes them: their
    // defaults stand for no flag.
    {"training", "stable_window", "stable-window", "3"},
    {"training", "stable_tolerance", "stable-tolerance", "0.05"},
    // Written only with a Ricci-flow axis (optional_field).
    {"training", "ricci_flow", "ricci-flow"},
    {"training", "ricci_flow_k", "ricci-flow-k"},
    {"training", "ricci_flow_step", "ricci-flow-step"},
    {"training", "ricci_flow_anchors", "ricci-flow-anchors"},
    {"training", "ricci_flow_every", "ricci-flow-every"},
    {"analysis", "k", "k", ""},  // empty for a radius graph, which takes no k
    {"analysis", "k_frac", "k-frac", ""},
    {"analysis", "accuracy_threshold", "accuracy-threshold"},
    {"analysis", "select_k_on", "select-k-on"},
    {"analysis", "graph", "graph"},
    {"analysis", "ties", "ties", ""},  // empty for a radius graph, which takes no tie rule
    {"analysis", "curvature", "curvature"},
    {"analysis", "ollivier_alpha", "ollivier-alpha", "0"},  // other curvatures refuse --ollivier-alpha, even 0
    {"analysis", "convention", "convention"},
    {"analysis", "include_input", "include-input"},
    {"analysis", "within_components", "within-components"},
    {"analysis", "global_forman", "global-forman"},
    {"analysis", "include_output", "include-output"},
    {"analysis", "local", "local"},
    {"analysis", "local_unreachable", "local-unreachable", "undefined"},  // refused without --local
    {"analysis", "attack", "attack", ""},
};

const KeyFlag* find_key(const std::string& section, const std::string& key) {
  for (const KeyFlag& k : kKeys)
    if (section == k.section && key == k.key) return &k;
  return nullptr;
}

bool parse_bool(const std::string& text, const std::string& where) {
  if (text == "true" || text == "yes" || text == "1") return true;
  if (text == "false" || text == "no" || text == "0") return false;
  throw usage_error(where + ": expected true or false, got '" + text + "'");
}

// What --runs says of a data or training flag.
constexpr const char kRunsRefuse[] =
    ": a sweep of --runs analyses models trained elsewhere; their folders say how they were made";

// A ';'-separated list of run folders, each trimmed of spaces; an empty
// item is a usage error.
std::vector<std::string> split_run_list(const std::string& text) {
  std::vector<std::string> folders;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(';', start);
    std::string folder = text.substr(start, end - start);
    folder.erase(0, folder.find_first_not_of(" \t"));
    folder.erase(folder.find_last_not_of(" \t") + 1);
    if (folder.empty()) throw usage_error("--runs: an empty folder name in '" + text + "'");
    folders.push_back(folder);
    if (end == std::string::npos) return folders;
    start = end + 1;
  }
}

}  // namespace

namespace {

// A --datasets or --test value with each relative file path looked up
// (data/sets/data_path.h) from `dir` ("" for the current directory) on:
// the SPECs name the files where they were found. `hint` ends the error
// about a file found nowhere.
std::string specs_found(const std::string& key, const std::string& value, const std::string& dir,
                        const std::string& hint) {
  const std::vector<std::string> folders = data_search_folders(dir);
  if (key == "test") return find_spec_files(value, folders, hint);
  std::string out;
  for (const std::string& spec : split_dataset_list(value))
    out += (out.empty() ? "" : ";") + find_spec_files(spec, folders, hint);
  return out;
}

// A config value that holds SPECs or run folders: data files looked up
// from the config's directory on, run folders relative to it.
std::string specs_relative_to(const IniFile& ini, const std::string& key, const std::string& value,
                              const std::string& dir) {
  if (key == "runs") {
    std::string out;
    for (const std::string& folder : split_run_list(value))
      out += (out.empty() ? "" : ";") + (folder[0] == '/' || dir.empty() ? folder : dir + "/" + folder);
    return out;
  }
  return specs_found(key, value, dir,
                     ini.where("data", key) + " names it; the comments at the top of " + ini.name +
                         " say where to get the data");
}

}  // namespace

// The config file as the argument list the flags would give, so that one
// parser checks both; a flag given on the command line replaces it.
std::vector<std::string> config_file_arguments(const IniFile& ini, const Options& flags, const std::string& config_dir) {
  std::vector<std::string> args;
  for (const auto& [section, keys] : ini.values)
    for (const auto& [key, value] : keys) {
      const KeyFlag* match = find_key(section, key);
      if (!match) throw usage_error(ini.where(section, key) + ": unknown setting");
      if (flags.has(match->flag)) continue;
      const OptionSpec* spec = nullptr;
      for (const OptionSpec& s : kGridOptions)
        if (s.name == match->flag) spec = &s;
      if (spec->value_name.empty()) {
        if (parse_bool(value, ini.where(section, key))) args.push_back("--" + std::string(match->flag));
      } else {
        if (value.empty()) throw usage_error(ini.where(section, key) + ": empty value");
        const bool specs = section == "data" && (key == "datasets" || key == "test" || key == "runs");
        args.push_back("--" + std::string(match->flag) + "=" + (specs ? specs_relative_to(ini, key, value, config_dir) : value));
      }
    }
  return args;
}

namespace {

// A list flag's values; a value given twice would count its models twice.
template <class T>
std::vector<T> distinct_list(const Options& o, const std::string& name, std::int64_t min, std::int64_t max,
                             const std::vector<T>& fallback) {
  if (!o.has(name)) return fallback;
  std::vector<T> values;
  for (std::int64_t v : o.integer_list(name, min, max)) {
    if (std::find(values.begin(), values.end(), static_cast<T>(v)) != values.end())
      throw usage_error("--" + name + ": " + (name == "k" ? "k = " : "") + std::to_string(v) + " given twice");
    values.push_back(static_cast<T>(v));
  }
  return values;
}

// --accuracy-threshold: A, or NAME=A items (and at most one bare A, the
// default) naming data sets of the sweep.
void parse_thresholds(const Options& o, SweepConfig& c) {
  if (!o.has("accuracy-threshold")) return;
  const std::string text = o.text("accuracy-threshold", "");
  bool bare = false;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma - start);
    const std::size_t eq = item.find('=');
    const std::string name = eq == std::string::npos ? "" : item.substr(0, eq);
    const Options single({"--accuracy-threshold", eq == std::string::npos ? item : item.substr(eq + 1)},
                         {{"accuracy-threshold", "A", ""}});
    const double value = single.real("accuracy-threshold", 0, 0.0, 1.0);
    if (name.empty()) {
      if (bare) throw usage_error("--accuracy-threshold: two default thresholds in '" + text + "'");
      bare = true;
      c.accuracy_threshold = value;
    } else {
      bool known = false;
      for (const std::string& dataset : c.datasets) known = known || dataset_name(dataset) == name;
      // A sweep of runs knows its data sets' names once it reads the folders (run_sweep checks them).
      if (!known && c.runs.empty())
        throw usage_error("--accuracy-threshold: no data set of the sweep is named '" + name + "'");
      if (!c.dataset_thresholds.emplace(name, value).second)
        throw usage_error("--accuracy-threshold: '" + name + "' given twice");
    }
    if (comma == std::string::npos) return;
    start = comma + 1;
  }
}

// The directory part of a path ("" for a bare file name).
std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// --widths: entries W or W/B, each checked against every depth.
std::vector<std::string> width_entries(const Options& o, const std::vector<std::size_t>& depths,
                                       const std::vector<std::string>& fallback) {
  if (!o.has("widths")) return fallback;
  std::vector<std::string> widths;
  const std::string text = o.text("widths", "");
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    std::string entry = text.substr(start, comma - start);
    entry.erase(0, entry.find_first_not_of(" \t"));
    entry.erase(entry.find_last_not_of(" \t") + 1);
    for (std::size_t depth : depths) hidden_widths(entry, depth, "--widths");  // checked now
    if (std::find(widths.begin(), widths.end(), entry) != widths.end())
      throw usage_error("--widths: " + entry + " given twice");
    widths.push_back(entry);
    if (comma == std::string::npos) return widths;
    start = comma + 1;
  }
}

// --baselines: distinct baseline names other than none, in the order given
// (the order of the grid's baseline blocks); or none alone, for no baselines.
std::vector<Baseline> parse_baselines(const Options& o) {
  std::vector<Baseline> baselines;
  const std::string text = o.text("baselines", "none");
  if (text == "none") return baselines;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::string name = text.substr(start, comma - start);
    Baseline baseline = Baseline::None;
    if (!parse_baseline(name, baseline) || baseline == Baseline::None)
      throw usage_error("--baselines: expected untrained or shuffled-labels (or none alone), got '" + name + "'");
    if (std::find(baselines.begin(), baselines.end(), baseline) != baselines.end())
      throw usage_error("--baselines: " + name + " given twice");
    baselines.push_back(baseline);
    if (comma == std::string::npos) return baselines;
    start = comma + 1;
  }
}

}  // namespace

std::string baselines_text(const std::vector<Baseline>& baselines) {
  std::string text;
  for (Baseline b : baselines) text += (text.empty() ? "" : ",") + std::string(baseline_name(b));
  return text;
}

SweepConfig::SweepConfig() {
  training.optimizer = default_optimizer_settings(OptimizerKind::Rmsprop);
  data.spec.clear();
}

const std::vector<OptionSpec>& sweep_grid_options() { return kGridOptions; }

std::vector<std::string> split_dataset_list(const std::string& text) {
  std::vector<std::string> specs;
  const bool semicolons = text.find(';') != std::string::npos;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find(semicolons ? ';' : ',', start);
    std::string item = text.substr(start, end - start);
    const std::size_t first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
    item = first == std::string::npos ? "" : item.substr(first, last - first + 1);
    if (item.empty()) throw usage_error("--datasets: empty item in '" + text + "'");
    // Without ';', an item continues the previous SPEC when it is a key=value
    // parameter of a built-in data set, or another file (a path: '.' or '/')
    // of a file SPEC.
    const bool parameter = item.find('=') != std::string::npos && item.find(':') == std::string::npos;
    const bool file_spec = !specs.empty() && (specs.back().rfind("csv:", 0) == 0 || specs.back().rfind("idx:", 0) == 0 ||
                                              specs.back().rfind("npy:", 0) == 0 ||
                                              specs.back().rfind("cifar:", 0) == 0);
    const bool another_file = file_spec && item.find(':') == std::string::npos && item.find_first_of("./") != std::string::npos;
    if (!semicolons && (parameter || another_file) && !specs.empty()) specs.back() += "," + item;
    else specs.push_back(item);
    if (end == std::string::npos) return specs;
    start = end + 1;
  }
}

SweepConfig load_sweep_config(const Options& flags, const std::vector<std::string>& more_runs) {
  std::vector<std::string> args;
  if (flags.has("config")) {
    const std::string path = flags.text("config", "");
    args = config_file_arguments(read_ini(path), flags, directory_of(path));
  }
  // The command line's own grid flags, re-read through the same table.
  for (const OptionSpec& spec : kGridOptions)
    if (flags.has(spec.name)) {
      std::string value = spec.value_name.empty() ? "" : flags.text(spec.name, "");
      if (spec.name == "runs")
        for (const std::string& folder : more_runs) {
          if (folder.find(';') != std::string::npos)
            throw usage_error("--runs: a folder name with ';' cannot be listed: '" + folder + "'");
          value += ";" + folder;
        }
      // The command line's data files are looked up from the current directory on.
      if (spec.name == "datasets" || spec.name == "test") value = specs_found(spec.name, value, "", "");
      args.push_back(spec.value_name.empty() ? "--" + spec.name : "--" + spec.name + "=" + value);
    }
  return sweep_config_from_arguments(args);
}

SweepConfig sweep_config_from_arguments(const std::vector<std::string>& args) {
  const Options o(args, kGridOptions);
  SweepConfig c;
  if (o.has("runs")) {
    // The models come from the folders: nothing about data or training applies.
    for (const std::vector<OptionSpec>* table :
         {&data_option_specs(), &training_option_specs(), &tracking_option_specs(), &attack_option_specs()})
      for (const OptionSpec& spec : *table)
        if (o.has(spec.name)) throw usage_error("--" + spec.name + kRunsRefuse);
    for (const char* name : {"datasets", "test", "widths", "depths", "seeds", "init", "baselines"})
      if (o.has(name)) throw usage_error("--" + std::string(name) + kRunsRefuse);
    c.runs = split_run_list(o.text("runs", ""));
    for (std::size_t i = 0; i < c.runs.size(); ++i)
      if (std::find(c.runs.begin(), c.runs.begin() + i, c.runs[i]) != c.runs.begin() + i)
        throw usage_error("--runs: '" + c.runs[i] + "' given twice");
    c.datasets.clear();
    c.widths.clear();
    c.depths.clear();
    c.seeds.clear();
  }
  if (o.has("datasets")) c.datasets = split_dataset_list(o.text("datasets", ""));
  for (std::size_t i = 0; i < c.datasets.size(); ++i) {
    if (std::find(c.datasets.begin(), c.datasets.begin() + i, c.datasets[i]) != c.datasets.begin() + i)
      throw usage_error("--datasets: '" + c.datasets[i] + "' given twice");
    for (std::size_t j = 0; j < i; ++j)
      if (dataset_name(c.datasets[i]) == dataset_name(c.datasets[j]))
        throw usage_error("--datasets: the name '" + dataset_name(c.datasets[i]) + "' is given twice");
  }
  c.data = data_options_from(o, "");
  if (o.has("test") && c.datasets.size() > 1)
    throw usage_error("--test: a separate test set needs a sweep of one data set");
  c.scale_given = o.has("scale");
  c.depths = distinct_list<std::size_t>(o, "depths", 1, kMaxDepth, c.depths);
  c.widths = width_entries(o, c.depths, c.widths);
  c.seeds = distinct_list<std::uint64_t>(o, "seeds", 0, INT64_MAX, c.seeds);
  c.init = parse_weight_init(o.text("init", "he"));
  c.baselines = parse_baselines(o);
  c.training = training_options_from(o, true);
  if (o.has("ricci-flow")) {
    c.ricci_flows = o.real_list("ricci-flow", 0.0, 1e6);
    for (std::size_t i = 0; i < c.ricci_flows.size(); ++i)
      if (std::find(c.ricci_flows.begin(), c.ricci_flows.begin() + i, c.ricci_flows[i]) != c.ricci_flows.begin() + i)
        throw usage_error("--ricci-flow: " + format_double(c.ricci_flows[i]) + " given twice");
    // The first lambda's networks are the twins and the paper's statistics.
    if (c.ricci_flows.front() != 0.0)
      throw usage_error("--ricci-flow: the list starts with 0, the plain twins the others are compared with (got " +
                        format_double(c.ricci_flows.front()) + " first)");
  }
  if (c.training.epochs == 0)
    throw usage_error("--epochs: a sweep trains its models for at least 1 epoch; its untrained networks are the "
                      "baseline --baselines untrained");
  c.tracking = tracking_settings_from(o);
  c.attack = o.text("attack", "");
  if (!c.attack.empty()) parse_attacks(c.attack);  // a usage error before anything runs
  c.k_auto = o.text("k", "") == "auto";
  c.k_fractions = o.real_list("k-frac", 1e-12, 1.0 - 1e-12);
  if (c.k_auto && !c.k_fractions.empty()) throw usage_error("give --k auto or --k-frac, not both");
  if (c.k_auto && c.tracking.stop_when_stable)
    throw usage_error("--stop-when-stable watches rho at the sweep's ks, which --k auto only finds by training "
                      "every model in full: give --k");
  if (c.k_auto || !c.k_fractions.empty()) c.ks.clear();
  if (o.has("k") && !c.k_auto) c.ks = distinct_list<int>(o, "k", 1, 1 << 30, c.ks);
  parse_thresholds(o, c);
  const std::string select = o.text("select-k-on", "all");
  if (select != "all" && select != "half")
    throw usage_error("--select-k-on: expected all or half, got '" + select + "'");
  c.select_k_on_half = select == "half";
  const AnalysisOptions analysis = analysis_options_from(o);  // analyze's flags, read as analyze reads them
  c.geometry = analysis.geometry;
  c.include_input = analysis.include_input;
  c.global_forman = analysis.global_forman;
  c.include_output = o.flag("include-output");
  c.local = analysis.local;
  c.local_unreachable = analysis.unreachable;
  if (c.geometry.radius > 0.0) {
    // A radius graph replaces the k grid: one graph per layer, recorded as k = 0.
    if (o.has("k") || o.has("k-frac"))
      throw usage_error("--k and --k-frac do not apply to a radius graph, whose radius sets the neighbours");
    if (c.tracking.stop_when_stable || c.tracking.every > 0)
      throw usage_error("--track-every: a sweep with a radius graph tracks no geometry");
    c.ks = {0};
  }
  if (c.local && c.geometry.convention == Convention::PaperR)
    throw usage_error("--local: the layer and local coefficients are not part of the paper-r convention");
  check_geometry_options(c.geometry);
  check_coefficient_options({c.geometry.convention, c.include_input});
  return c;
}

Sweep sweep_of(const SweepConfig& config) {
  Sweep sweep;
  sweep.ks = config.ks;
  sweep.accuracy_threshold = config.accuracy_threshold;
  sweep.dataset_thresholds = config.dataset_thresholds;
  sweep.convention = config.geometry.convention;
  sweep.include_input = config.include_input;
  sweep.held_out_k = config.select_k_on_half;
  sweep.local = config.local;
  sweep.ricci_flow = config.ricci_flows.empty() ? 0.0 : config.ricci_flows.front();
  return sweep;
}

std::string sweep_config_json(const SweepConfig& c, const Shard& shard) {
  JsonWriter json;
  auto strings = [&](const char* key, const std::vector<std::string>& values) {
    json.key(key).begin_array();
    for (const std::string& v : values) json.string(v);
    json.end_array();
  };
  auto integers = [&](const char* key, auto const& values) {
    json.key(key).begin_array();
    for (auto v : values) json.integer(static_cast<std::int64_t>(v));
    json.end_array();
  };
  json.begin_object();
  json.key("data").begin_object();
  strings("runs", c.runs);
  if (!c.runs.empty()) strings("run_ids", c.run_ids);
  strings("datasets", c.datasets);
  json.key("classes").string(c.data.classes);
  json.key("scale").string(c.scale_given ? scaling_name(c.data.scaling) : "default");
  json.key("limit").integer(static_cast<std::int64_t>(c.data.limit));
  json.key("test_fraction").number(c.data.test_fraction);
  json.key("test_per_class").integer(static_cast<std::int64_t>(c.data.test_per_class));
  json.key("split_seed").integer(static_cast<std::int64_t>(c.data.split_seed));
  json.key("test").string(c.data.test_spec);
  json.end_object();
  json.key("model").begin_object();
  strings("widths", c.widths);
  integers("depths", c.depths);
  integers("seeds", c.seeds);
  json.key("init").string(weight_init_name(c.init));
  std::vector<std::string> baselines;
  for (Baseline b : c.baselines) baselines.push_back(baseline_name(b));
  strings("baselines", baselines);
  json.end_object();
  json.key("training").begin_object();
  json.key("optimizer").string(optimizer_name(c.training.optimizer.kind));
  json.key("lr").number(c.training.optimizer.lr);
  json.key("momentum").number(c.training.optimizer.momentum);
  json.key("weight_decay").number(c.training.optimizer.weight_decay);
  json.key("epochs").integer(static_cast<std::int64_t>(c.training.epochs));
  json.key("batch").integer(static_cast<std::int64_t>(c.training.batch));
  json.key("target_accuracy").number(c.training.target_accuracy);
  json.key("validation_fraction").number(c.training.validation_fraction);
  json.key("patience").integer(static_cast<std::int64_t>(c.training.patience));
  json.key("track_every").integer(static_cast<std::int64_t>(c.tracking.every));
  json.key("stop_when_stable").boolean(c.tracking.stop_when_stable);
  json.key("stable_window").integer(static_cast<std::int64_t>(c.tracking.stability.window));
  json.key("stable_tolerance").number(c.tracking.stability.tolerance);
  if (has_ricci_flow_axis(c)) {  // optional_field: written only with the axis
    json.key("ricci_flow").begin_array();
    for (double lambda : c.ricci_flows) json.number(lambda);
    json.end_array();
    json.key("ricci_flow_k").integer(static_cast<std::int64_t>(c.training.ricci_flow.k));
    json.key("ricci_flow_step").number(c.training.ricci_flow.step);
    json.key("ricci_flow_anchors").integer(static_cast<std::int64_t>(c.training.ricci_flow.anchors));
    json.key("ricci_flow_every").integer(static_cast<std::int64_t>(c.training.ricci_flow.every));
  }
  json.end_object();
  json.key("analysis").begin_object();
  integers("k", c.geometry.radius > 0.0 ? std::vector<int>{} : c.ks);
  json.key("k_auto").boolean(c.k_auto);
  json.key("k_frac").begin_array();
  for (double f : c.k_fractions) json.number(f);
  json.end_array();
  json.key("accuracy_threshold").number(c.accuracy_threshold);
  std::vector<std::string> thresholds;  // NAME=A, as --accuracy-threshold takes them
  for (const auto& [name, value] : c.dataset_thresholds) thresholds.push_back(name + "=" + format_double(value));
  strings("dataset_thresholds", thresholds);
  json.key("select_k_on").string(c.select_k_on_half ? "half" : "all");
  json.key("graph").string(c.geometry.radius > 0.0 ? "radius:" + format_double(c.geometry.radius)
                                                     : graph_kind_name(c.geometry.graph));
  json.key("ties").string(c.geometry.radius > 0.0 ? "" : ties_name(c.geometry.ties));
  json.key("curvature").string(curvature_name(c.geometry.curvature));
  json.key("ollivier_alpha").number(c.geometry.ollivier_alpha);  // 0 unless the curvature is ollivier
  json.key("convention").string(convention_name(c.geometry.convention));
  json.key("include_input").boolean(c.include_input);
  json.key("within_components").boolean(c.geometry.within_components);
  if (c.global_forman) json.key("global_forman").boolean(true);  // optional_field: written only when set
  json.key("include_output").boolean(c.include_output);
  json.key("local").boolean(c.local);
  json.key("local_unreachable").string(unreachable_rule_name(c.local_unreachable));
  if (!c.attack.empty()) json.key("attack").string(c.attack);  // optional_field: written only when set
  json.end_object();
  json.key("shard").string(shard_text(shard));
  json.end_object();
  return json.str();
}

Shard parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  const auto whole = [&](const std::string& part, std::uint64_t& value) {
    if (part.empty() || part.size() > 10 || part.find_first_not_of("0123456789") != std::string::npos) return false;
    value = std::stoull(part);
    return true;
  };
  std::uint64_t index = 0, count = 0;
  if (slash == std::string::npos || !whole(text.substr(0, slash), index) || !whole(text.substr(slash + 1), count) ||
      count == 0 || count > kMaxShards || index >= count)
    throw usage_error("shard", "expected I/N with 0 <= I < N <= " + std::to_string(kMaxShards) + ", got '" + text + "'");
  return {static_cast<std::size_t>(index), static_cast<std::size_t>(count)};
}

std::string shard_text(const Shard& shard) { return std::to_string(shard.index) + "/" + std::to_string(shard.count); }

namespace {

const char* json_type_name(JsonValue::Type type) {
  switch (type) {
    case JsonValue::Type::Null: return "null";
    case JsonValue::Type::Boolean: return "true or false";
    case JsonValue::Type::Number: return "a number";
    case JsonValue::Type::String: return "a string";
    case JsonValue::Type::Array: return "a list";
    case JsonValue::Type::Object: return "an object";
  }
  return "a value";
}

// The fields sweep_config_json writes only when they are set (added after
// sweeps were first written, so that older sweeps keep their bytes and can
// still be resumed and merged).
bool optional_field(const std::string& path) {
  return path == "analysis.global_forman" || path == "analysis.attack" || path.rfind("training.ricci_flow", 0) == 0;
}

// Checks that `file` has the members and types of `canonical` (what
// sweep_config_json writes), no more and no fewer; `path` names the field.
void check_same_fields(const JsonValue& file, const JsonValue& canonical, const std::string& what,
                       const std::string& path) {
  if (file.type != canonical.type)
    throw data_error(what + ": " + (path.empty() ? "" : path + ": ") + "expected " + json_type_name(canonical.type) +
                     ", got " + json_type_name(file.type));
  if (file.type == JsonValue::Type::Array && !canonical.items.empty())
    for (const JsonValue& item : file.items) check_same_fields(item, canonical.items[0], what, path + "[]");
  if (file.type != JsonValue::Type::Object) return;
  const std::string prefix = path.empty() ? "" : path + ".";
  for (std::size_t i = 0; i < file.members.size(); ++i) {
    const std::string& key = file.members[i].first;
    if (!canonical.has(key)) throw data_error(what + ": unexpected field \"" + prefix + key + "\"");
    for (std::size_t j = 0; j < i; ++j)
      if (file.members[j].first == key) throw data_error(what + ": field \"" + prefix + key + "\" given twice");
    check_same_fields(file.members[i].second, canonical.at(key, what), what, prefix + key);
  }
  for (const auto& member : canonical.members)
    if (!file.has(member.first) && !optional_field(prefix + member.first))
      throw data_error(what + ": missing field \"" + prefix + member.first + "\"");
}

// A value of sweep.json as the text of its flag: numbers as written, lists
// joined by `separator`.
std::string flag_text(const JsonValue& value, const char* separator) {
  if (value.type != JsonValue::Type::Array) return value.string;
  std::string text;
  for (std::size_t i = 0; i < value.items.size(); ++i) text += (i ? separator : "") + value.items[i].string;
  return text;
}

}  // namespace

namespace {

// The settings every sweep.json has held since the first: an older sweep
// without them is not one ricci wrote.
bool always_written(const std::string& section, const std::string& key) {
  return section == "analysis" && (key == "k" || key == "accuracy_threshold" || key == "convention");
}

// An older sweep.json with the fields added since at their defaults, for
// checking the types of those it has: `canonical`'s members that `file`
// lacks, then file's own. (The settings are then read from the file itself,
// a missing field as a flag not given: what the setting meant before it
// existed.)
JsonValue with_defaults(const JsonValue& file, const JsonValue& canonical, const std::string& what) {
  if (file.type != JsonValue::Type::Object) return file;
  JsonValue filled = file;
  for (const auto& [section, defaults] : canonical.members) {
    if (!filled.has(section)) {
      if (defaults.type == JsonValue::Type::Object)
        for (const auto& member : defaults.members)
          if (always_written(section, member.first)) throw data_error(what + ": missing field \"" + section + "." + member.first + "\"");
      filled.members.push_back({section, defaults});
      continue;
    }
    for (auto& [name, value] : filled.members) {
      if (name != section || value.type != JsonValue::Type::Object || defaults.type != JsonValue::Type::Object) continue;
      for (const auto& member : defaults.members)
        if (!value.has(member.first)) {
          if (always_written(section, member.first))
            throw data_error(what + ": missing field \"" + section + "." + member.first + "\"");
          value.members.push_back(member);
        }
    }
  }
  return filled;
}

}  // namespace

namespace {

// The flags that give the configuration of a sweep.json (`read`, checked
// against the fields of `file`), but for the k grid's fractions and --k
// auto, returned apart (analysis.k holds the grid as resolved).
struct JsonArguments {
  std::vector<std::string> args;
  bool k_auto = false;
  std::vector<double> fractions;
  std::vector<std::string> run_ids;  // data.run_ids of a sweep of runs
};

JsonArguments sweep_json_arguments(const JsonValue& read, const JsonValue& file, const std::string& what) {
  JsonArguments result;
  std::vector<std::string>& args = result.args;
  // Read here, not through flags: the per-data-set items of
  // --accuracy-threshold, and how the k grid (analysis.k, as resolved) came.
  std::string thresholds;
  // A sweep of runs holds the data, model and training settings at their
  // defaults, which --runs refuses as flags: they are checked by the
  // comparison at the end.
  const bool of_runs = !file.at("data", what).at("runs", what).items.empty();
  // Lenient: the fields the file lacks are flags not given.
  for (const auto& [section, keys] : read.members)
    for (const auto& [key, value] : keys.members) {
      if (section == "data" && key == "run_ids") {
        for (const JsonValue& item : value.items) {
          if (item.string.size() != 16 || item.string.find_first_not_of("0123456789abcdef") != std::string::npos)
            throw data_error(what + ": data.run_ids: expected 16 hexadecimal digits, got '" + item.string.substr(0, 20) +
                             "'");
          result.run_ids.push_back(item.string);
        }
        continue;
      }
      if (of_runs && section != "analysis" && !(section == "data" && key == "runs")) continue;
      if (section == "analysis" && key == "dataset_thresholds") {
        thresholds = flag_text(value, ",");
        continue;
      }
      if (section == "analysis" && key == "k_auto") {
        result.k_auto = value.boolean;
        continue;
      }
      if (section == "analysis" && key == "k_frac") {
        for (const JsonValue& item : value.items) result.fractions.push_back(item.number);
        continue;
      }
      const KeyFlag* match = find_key(section, key);
      if (!match) throw std::logic_error("sweep.json: [" + section + "] " + key + " has no flag in kKeys");
      const std::string flag = std::string("--") + match->flag;
      if (value.type == JsonValue::Type::Boolean) {
        if (value.boolean) args.push_back(flag);
        continue;
      }
      const std::string argument = flag_text(value, key == "datasets" || key == "runs" ? ";" : ",");
      if (!(match->unset && argument == match->unset)) args.push_back(flag + "=" + argument);
    }
  for (std::string& arg : args)
    if (!thresholds.empty() && arg.rfind("--accuracy-threshold=", 0) == 0) arg += "," + thresholds;
  // With a separate test set, test_fraction holds its unused default.
  const bool separate_test = std::any_of(args.begin(), args.end(), [](const std::string& a) { return a.rfind("--test=", 0) == 0; });
  if (separate_test)
    args.erase(std::remove_if(args.begin(), args.end(),
                              [](const std::string& a) { return a.rfind("--test-fraction=", 0) == 0; }),
               args.end());
  return result;
}

}  // namespace

SweepFile read_sweep_json(const std::string& text, const std::string& what, SweepJsonMode mode) {
  const JsonValue read = parse_json(text, what);
  // A sweep of runs records what each folder held (data.run_ids); a
  // training sweep has no such field.
  const JsonValue* data_section = read.type == JsonValue::Type::Object && read.has("data") ? &read.at("data", what) : nullptr;
  const JsonValue* runs_value =
      data_section && data_section->type == JsonValue::Type::Object && data_section->has("runs") ? &data_section->at("runs", what)
                                                                                                : nullptr;
  const bool lists_runs = runs_value && runs_value->type == JsonValue::Type::Array && !runs_value->items.empty();
  SweepConfig every_field;  // the configuration's fields, the optional ones written too
  every_field.global_forman = true;
  every_field.ricci_flows = {0.0, 1.0};
  every_field.attack = "fgsm:1";
  if (lists_runs) every_field.runs = every_field.run_ids = {""};
  const JsonValue canonical = parse_json(sweep_config_json(every_field, Shard{}), "sweep.json");
  if (lists_runs && !data_section->has("run_ids") && mode == SweepJsonMode::Strict)
    throw data_error(what + ": records no run_ids of its run folders (written by an older ricci), so it cannot show "
                            "they still hold the networks it analysed: sweep the runs into a new folder");
  const JsonValue file = mode == SweepJsonMode::Strict ? read : with_defaults(read, canonical, what);
  check_same_fields(file, canonical, what, "");
  // Every field through the parser and checks of its flag.
  const JsonArguments arguments = sweep_json_arguments(read, file, what);
  SweepFile sweep;
  try {
    sweep.config = sweep_config_from_arguments(arguments.args);
    sweep.config.k_fractions = arguments.fractions;
    sweep.config.k_auto = arguments.k_auto;
    sweep.config.run_ids = arguments.run_ids;
    sweep.shard = parse_shard(file.at("shard", what).string);
  } catch (const Error& error) {
    throw data_error(what + ": " + error.what());
  }
  if (mode == SweepJsonMode::Strict && sweep.config.run_ids.size() != sweep.config.runs.size())
    throw data_error(what + ": data.run_ids: " + std::to_string(sweep.config.run_ids.size()) + " for " +
                     std::to_string(sweep.config.runs.size()) + " run folders");
  // What the fields say, written again, must be the file: nothing in it
  // that the flags would not give (a number written otherwise, a field out
  // of order).
  if (mode == SweepJsonMode::Strict && sweep_config_json(sweep.config, sweep.shard) != text)
    throw data_error(what + ": not as ricci writes it (edited?): its configuration, written again, differs");
  return sweep;
}

SweepFile reanalysis_config(const Options& flags, const std::string& from) {
  const std::string what = join_path(from, "sweep.json");
  if (!file_exists(what))
    throw usage_error("--from: " + from + " holds no sweep (no sweep.json)");
  for (const char* refused : {"config", "runs"})
    if (flags.has(refused))
      throw usage_error("--" + std::string(refused) + ": give --from or --" + refused + ", not both (--from "
                        "analyses the networks of the sweep in its folder)");
  for (const KeyFlag& key : kKeys)
    if (std::string(key.section) != "analysis" && flags.has(key.flag))
      throw usage_error("--" + std::string(key.flag) + ": --from trains nothing: the data, model and training "
                        "settings are those of " + from + " (see its sweep.json); only analysis options may change");
  const std::string text = read_file(what);
  const SweepFile held = read_sweep_json(text, what);
  if (!held.config.runs.empty())
    throw usage_error("--from: " + from + " is a sweep of run folders, whose layers are in the folders: analyse "
                      "them again with --runs");
  if (held.config.tracking.every > 0)
    throw usage_error("--from: " + from + " tracked the geometry during training (--track-every), which needs "
                      "the training again: run the sweep anew");
  const JsonValue read = parse_json(text, what);
  JsonArguments held_args = sweep_json_arguments(read, read, what);
  // The flags that made the sweep, the k grid as given (not as resolved),
  // without those the command line gives.
  const bool new_ks = flags.has("k") || flags.has("k-frac");
  std::vector<std::string> args;
  for (const std::string& arg : held_args.args) {
    const std::string flag = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
    // A new convention brings its own tie rule, a new curvature drops
    // Ollivier's alpha, as in a sweep started with them.
    const bool follows = (flag == "ties" && flags.has("convention")) || (flag == "ollivier-alpha" && flags.has("curvature"));
    if (flags.has(flag) || (new_ks && flag == "k") || follows) continue;
    if (flag == "k" && held_args.k_auto) {
      args.push_back("--k=auto");
      continue;
    }
    if (flag == "k" && !held_args.fractions.empty()) {
      const std::vector<int> given(held.config.ks.begin(), held.config.ks.end() - static_cast<std::ptrdiff_t>(
                                                                                    held_args.fractions.size()));
      if (given.empty()) continue;
      std::string list;
      for (int k : given) list += (list.empty() ? "" : ",") + std::to_string(k);
      args.push_back("--k=" + list);
      continue;
    }
    args.push_back(arg);
  }
  if (!new_ks && !held_args.fractions.empty()) {
    std::string list;
    for (double f : held_args.fractions) list += (list.empty() ? "" : ",") + format_double(f);
    args.push_back("--k-frac=" + list);
  }
  for (const OptionSpec& spec : kGridOptions)
    if (flags.has(spec.name))
      args.push_back(spec.value_name.empty() ? "--" + spec.name : "--" + spec.name + "=" + flags.text(spec.name, ""));
  SweepFile sweep;
  sweep.config = sweep_config_from_arguments(args);
  sweep.shard = held.shard;
  return sweep;
}

DataOptions sweep_data_options(const SweepConfig& config, const std::string& dataset) {
  DataOptions d = config.data;
  d.spec = dataset;
  if (!config.scale_given) d.scaling = default_scaling(dataset);
  return d;
}

std::size_t grid_size(const SweepConfig& c) {
  if (!c.runs.empty()) return c.runs.size();
  std::size_t size = 1;
  for (std::size_t factor : {1 + c.baselines.size(), c.datasets.size(), c.depths.size(), c.widths.size(),
                             c.ricci_flows.size(), c.seeds.size()}) {
    if (factor != 0 && size > SIZE_MAX / factor) return SIZE_MAX;
    size *= factor;
  }
  return size;
}

ModelSettings model_settings(const SweepConfig& config, const GridPoint& point, const TrainOptions& training) {
  ModelSettings settings;
  settings.hidden = hidden_widths(point.width, point.depth, "--widths");
  settings.init = config.init;
  settings.seed = point.seed;
  settings.training = training;
  settings.training.ricci_flow.lambda = point.ricci_flow;
  if (point.baseline == Baseline::Untrained) settings.training.epochs = 0;
  settings.shuffle_labels = point.baseline == Baseline::ShuffledLabels;
  settings.include_output = config.include_output;
  settings.tracking = config.tracking;
  settings.tracking.ks = analysed_ks(config);
  settings.tracking.analysis.geometry = config.geometry;
  settings.tracking.analysis.include_input = config.include_input;
  settings.tracking.analysis.global_forman = config.global_forman;
  if (!config.attack.empty()) settings.attacks = parse_attacks(config.attack);
  return settings;
}

std::vector<std::string> attack_columns(const SweepConfig& config) {
  std::vector<std::string> columns;
  if (!config.attack.empty())
    for (const Attack& attack : parse_attacks(config.attack)) columns.push_back(attack_column(attack));
  return columns;
}

std::vector<GridPoint> sweep_grid(const SweepConfig& c) {
  std::vector<Baseline> blocks = {Baseline::None};
  blocks.insert(blocks.end(), c.baselines.begin(), c.baselines.end());
  std::vector<GridPoint> grid;
  for (Baseline baseline : blocks)
    for (const std::string& dataset : c.datasets)
      for (std::size_t depth : c.depths)
        for (const std::string& width : c.widths)
          for (double lambda : c.ricci_flows)
            for (std::uint64_t seed : c.seeds)
              grid.push_back({grid.size(), dataset, width, depth, seed, baseline, lambda});
  return grid;
}

bool has_ricci_flow_axis(const SweepConfig& config) {
  return !(config.ricci_flows.size() == 1 && config.ricci_flows[0] == 0.0);
}

AnalysisOptions sweep_analysis_options(const SweepConfig& config, int threads) {
  AnalysisOptions analysis;
  analysis.geometry = config.geometry;
  analysis.geometry.threads = threads;
  analysis.include_input = config.include_input;
  analysis.global_forman = config.global_forman;
  analysis.local = config.local;
  analysis.unreachable = config.local_unreachable;
  return analysis;
}

std::vector<int> analysed_ks(const SweepConfig& config) {
  return config.geometry.radius > 0.0 ? std::vector<int>{} : config.ks;
}

}  // namespace ricci
