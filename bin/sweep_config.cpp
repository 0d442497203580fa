// sweep_config.cpp — reading, overriding and printing a sweep's configuration.
#include "bin/sweep_config.h"

#include <algorithm>
#include <cstdlib>
#include <functional>

#include "bin/commands.h"
#include "bin/experiment.h"
#include "bin/ini.h"
#include "data/error.h"
#include "data/io/json.h"
#include "data/sets/scaling.h"
#include "data/sets/spec.h"

namespace ricci {

namespace {

// The grid flags: data sets, the shared data and training flags, the model
// grid and the analysis.
std::vector<OptionSpec> make_grid_options() {
  std::vector<OptionSpec> specs = {{"datasets", "LIST", "data SPECs, ';'-separated (default circles)"},
                                   {"test", "SPEC", "a separate test set instead of a split (one data set only)"}};
  specs.insert(specs.end(), data_option_specs().begin(), data_option_specs().end());
  const std::vector<OptionSpec> model = {
      {"widths", "LIST", "hidden-layer widths, each W or the bottleneck W/B (default 25)"},
      {"depths", "LIST", "numbers of hidden layers (default 5)"},
      {"seeds", "LIST", "training seeds (default 1)"},
      {"init", "NAME", "initial weights: he (default) or glorot (Keras's default)"},
  };
  specs.insert(specs.end(), model.begin(), model.end());
  specs.insert(specs.end(), training_option_specs().begin(), training_option_specs().end());
  const std::vector<OptionSpec> analysis = {
      {"k", "LIST", "neighbours per point (default 10,30,50), or auto: from the smallest k that\n"
                    "connects every layer of every model to at least 0.2 n"},
      {"k-frac", "LIST", "k as fractions of the test set size (added to --k)"},
      {"accuracy-threshold", "A", "well-trained: test accuracy above A (default 0.98); or per data set,\n"
                                  "NAME=A,NAME=A (a bare A for the others)"},
      {"graph", "KIND", "union or mutual"},
      {"ties", "RULE", "index or all (default index; all under paper-r)"},
      {"curvature", "NAME", "forman, augmented-forman or approx-ollivier"},
      {"convention", "NAME", "standard or paper-r"},
      {"include-input", "", "rho_k also pairs the input transition (not the paper's Eq. 8)"},
      {"within-components", "", "sum geodesics within components (not the paper's rule)"},
      {"include-output", "", "analyse the output layer too"},
  };
  specs.insert(specs.end(), analysis.begin(), analysis.end());
  return specs;
}

const std::vector<OptionSpec> kGridOptions = make_grid_options();

// Maps each config-file key to its flag: [section] key -> --flag.
struct KeyFlag {
  const char* section;
  const char* key;
  const char* flag;
};
const KeyFlag kKeys[] = {
    {"data", "datasets", "datasets"},          {"data", "classes", "classes"},
    {"data", "test_fraction", "test-fraction"}, {"data", "split_seed", "split-seed"},
    {"data", "scale", "scale"},                {"data", "limit", "limit"},
    {"data", "test_per_class", "test-per-class"}, {"data", "test", "test"},
    {"model", "widths", "widths"},             {"model", "depths", "depths"},
    {"model", "seeds", "seeds"},               {"model", "init", "init"},
    {"training", "optimizer", "optimizer"},
    {"training", "lr", "lr"},                  {"training", "momentum", "momentum"},
    {"training", "weight_decay", "weight-decay"}, {"training", "epochs", "epochs"},
    {"training", "batch", "batch"},            {"training", "target_accuracy", "target-accuracy"},
    {"training", "validation_fraction", "validation-fraction"},
    {"analysis", "k", "k"},                    {"analysis", "accuracy_threshold", "accuracy-threshold"},
    {"analysis", "k_frac", "k-frac"},          {"analysis", "ties", "ties"},
    {"analysis", "graph", "graph"},            {"analysis", "curvature", "curvature"},
    {"analysis", "convention", "convention"},  {"analysis", "within_components", "within-components"},
    {"analysis", "include_input", "include-input"}, {"analysis", "include_output", "include-output"},
};

bool parse_bool(const std::string& text, const std::string& where) {
  if (text == "true" || text == "yes" || text == "1") return true;
  if (text == "false" || text == "no" || text == "0") return false;
  throw usage_error(where + ": expected true or false, got '" + text + "'");
}

// The directory part of a path ("" for a bare file name).
std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// A config value that holds SPECs, with relative file paths taken relative
// to the config's directory.
std::string specs_relative_to(const std::string& key, const std::string& value, const std::string& dir) {
  if (key == "test") return spec_relative_to(value, dir);
  std::string out;
  for (const std::string& spec : split_dataset_list(value)) out += (out.empty() ? "" : ";") + spec_relative_to(spec, dir);
  return out;
}

// Turns the config file into the argument list the flags would give, so that
// one parser checks both; a flag given on the command line replaces it.
std::vector<std::string> file_arguments(const IniFile& ini, const Options& flags, const std::string& config_dir) {
  std::vector<std::string> args;
  for (const auto& [section, keys] : ini.values)
    for (const auto& [key, value] : keys) {
      const KeyFlag* match = nullptr;
      for (const KeyFlag& k : kKeys)
        if (section == k.section && key == k.key) match = &k;
      if (!match) throw usage_error(ini.where(section, key) + ": unknown setting");
      if (flags.has(match->flag)) continue;
      const OptionSpec* spec = nullptr;
      for (const OptionSpec& s : kGridOptions)
        if (s.name == match->flag) spec = &s;
      if (spec->value_name.empty()) {
        if (parse_bool(value, ini.where(section, key))) args.push_back("--" + std::string(match->flag));
      } else {
        if (value.empty()) throw usage_error(ini.where(section, key) + ": empty value");
        const bool specs = section == "data" && (key == "datasets" || key == "test");
        args.push_back("--" + std::string(match->flag) + "=" + (specs ? specs_relative_to(key, value, config_dir) : value));
      }
    }
  return args;
}

template <class T>
std::vector<T> positive_list(const Options& o, const std::string& name, std::int64_t max,
                             const std::vector<T>& fallback) {
  if (!o.has(name)) return fallback;
  std::vector<T> values;
  for (std::int64_t v : o.integer_list(name, name == "seeds" ? 0 : 1, max)) values.push_back(static_cast<T>(v));
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
      if (!known) throw usage_error("--accuracy-threshold: no data set of the sweep is named '" + name + "'");
      if (!c.dataset_thresholds.emplace(name, value).second)
        throw usage_error("--accuracy-threshold: '" + name + "' given twice");
    }
    if (comma == std::string::npos) return;
    start = comma + 1;
  }
}

}  // namespace

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
                                              specs.back().rfind("npy:", 0) == 0);
    const bool another_file = file_spec && item.find(':') == std::string::npos && item.find_first_of("./") != std::string::npos;
    if (!semicolons && (parameter || another_file) && !specs.empty()) specs.back() += "," + item;
    else specs.push_back(item);
    if (end == std::string::npos) return specs;
    start = end + 1;
  }
}

SweepConfig load_sweep_config(const Options& flags) {
  std::vector<std::string> args;
  if (flags.has("config")) {
    const std::string path = flags.text("config", "");
    args = file_arguments(read_ini(path), flags, directory_of(path));
  }
  // The command line's own grid flags, re-read through the same table.
  for (const OptionSpec& spec : kGridOptions)
    if (flags.has(spec.name))
      args.push_back(spec.value_name.empty() ? "--" + spec.name : "--" + spec.name + "=" + flags.text(spec.name, ""));
  const Options o(args, kGridOptions);

  SweepConfig c;
  if (o.has("datasets")) c.datasets = split_dataset_list(o.text("datasets", ""));
  for (std::size_t a = 0; a < c.datasets.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (dataset_name(c.datasets[a]) == dataset_name(c.datasets[b]))
        throw usage_error("--datasets: the name '" + dataset_name(c.datasets[a]) + "' is given twice");
  c.data = data_options_from(o, "");
  if (o.has("test") && c.datasets.size() > 1)
    throw usage_error("--test: a separate test set needs a sweep of one data set");
  c.scale_given = o.has("scale");
  c.depths = positive_list<std::size_t>(o, "depths", 1000, c.depths);
  if (o.has("widths")) {
    c.widths.clear();
    std::string text = o.text("widths", "");
    for (std::size_t start = 0;;) {
      const std::size_t comma = text.find(',', start);
      std::string entry = text.substr(start, comma - start);
      entry.erase(0, entry.find_first_not_of(" \t"));
      entry.erase(entry.find_last_not_of(" \t") + 1);
      for (std::size_t depth : c.depths) hidden_widths(entry, depth, "--widths");  // checked now
      if (std::find(c.widths.begin(), c.widths.end(), entry) != c.widths.end())
        throw usage_error("--widths: '" + entry + "' given twice");
      c.widths.push_back(entry);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  c.init = parse_weight_init(o.text("init", "he"));
  c.seeds = positive_list<std::uint64_t>(o, "seeds", INT64_MAX, c.seeds);
  c.training = training_options_from(o);
  c.k_auto = o.text("k", "") == "auto";
  c.k_fractions = o.real_list("k-frac", 1e-12, 1.0 - 1e-12);
  if (c.k_auto && !c.k_fractions.empty()) throw usage_error("give --k auto or --k-frac, not both");
  if (c.k_auto || o.has("k") || !c.k_fractions.empty()) c.ks.clear();
  if (!c.k_auto)
    for (std::int64_t k : o.integer_list("k", 1, 1 << 30)) {
      if (std::find(c.ks.begin(), c.ks.end(), k) != c.ks.end())
        throw usage_error("--k: k = " + std::to_string(k) + " given twice");
      c.ks.push_back(static_cast<int>(k));
    }
  parse_thresholds(o, c);
  c.geometry.graph = parse_graph_kind(o.text("graph", "union"));
  c.geometry.curvature = parse_curvature(o.text("curvature", "forman"));
  c.geometry.convention = parse_convention(o.text("convention", "standard"));
  c.geometry.ties = tie_rule(o, c.geometry.convention);
  c.geometry.within_components = o.flag("within-components");
  c.include_input = o.flag("include-input");
  c.include_output = o.flag("include-output");
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
  return sweep;
}

std::string sweep_config_json(const SweepConfig& c) {
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
  json.end_object();
  json.key("analysis").begin_object();
  integers("k", c.ks);
  json.key("k_auto").boolean(c.k_auto);
  json.key("k_frac").begin_array();
  for (double f : c.k_fractions) json.number(f);
  json.end_array();
  json.key("accuracy_threshold").number(c.accuracy_threshold);
  json.key("dataset_thresholds").begin_object();
  for (const auto& [name, value] : c.dataset_thresholds) json.key(name).number(value);
  json.end_object();
  json.key("graph").string(graph_kind_name(c.geometry.graph));
  json.key("ties").string(ties_name(c.geometry.ties));
  json.key("curvature").string(curvature_name(c.geometry.curvature));
  json.key("convention").string(convention_name(c.geometry.convention));
  json.key("include_input").boolean(c.include_input);
  json.key("within_components").boolean(c.geometry.within_components);
  json.key("include_output").boolean(c.include_output);
  json.end_object();
  json.end_object();
  return json.str();
}

DataOptions sweep_data_options(const SweepConfig& config, const std::string& dataset) {
  DataOptions d = config.data;
  d.spec = dataset;
  if (!config.scale_given) d.scaling = default_scaling(dataset);
  return d;
}

ModelSettings model_settings(const SweepConfig& config, const GridPoint& point, const TrainOptions& training) {
  ModelSettings settings;
  settings.hidden = hidden_widths(point.width, point.depth, "--widths");
  settings.init = config.init;
  settings.seed = point.seed;
  settings.training = training;
  settings.include_output = config.include_output;
  return settings;
}

std::vector<GridPoint> sweep_grid(const SweepConfig& c) {
  std::vector<GridPoint> grid;
  for (const std::string& dataset : c.datasets)
    for (std::size_t depth : c.depths)
      for (const std::string& width : c.widths)
        for (std::uint64_t seed : c.seeds) grid.push_back({grid.size(), dataset, width, depth, seed});
  return grid;
}

}  // namespace ricci
