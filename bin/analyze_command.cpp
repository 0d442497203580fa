// analyze_command.cpp — `ricci analyze`: the Ricci-flow measures of a layer
// sequence, from a run directory of `ricci train` or from NPY files exported
// by any framework.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "bin/analysis_options.h"
#include "bin/commands.h"
#include "bin/experiment/experiment.h"
#include "bin/experiment/folders.h"
#include "bin/experiment/graph_export.h"
#include "bin/options.h"
#include "bin/experiment/run_folder.h"
#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"
#include "data/format.h"
#include "data/io/json.h"
#include "data/io/npy.h"
#include "data/io/npz.h"
#include "data/io/table.h"
#include "data/numbered_names.h"
#include "flow/analysis.h"
#include "flow/analysis_tables.h"

namespace ricci {

namespace {

std::vector<OptionSpec> analyze_options() {
  std::vector<OptionSpec> specs = {
    {"layers", "", "analyse the NPY files given as arguments, one per layer, in order (of their\n"
                   "numbers: layer_2 before layer_10), or the arrays of one .npz file"},
    {"labels", "FILE", "class labels of the points (NPY), for the class structure in layers.csv\n"
                       "(default: a run directory's labels.npy)"},
    {"k", "LIST", "neighbours per point, e.g. 10,30,50 (default 10,30,50), or auto: from the smallest k\n"
                  "that connects every layer to at least 0.2 n"},
    {"k-frac", "LIST", "k as fractions of n, e.g. 0.01,0.05 (added to --k)"},
  };
  specs.insert(specs.end(), analysis_option_specs().begin(), analysis_option_specs().end());
  const std::vector<OptionSpec> own = {
    {"no-input", "", "the layers are hidden layers only (numbered from 1): no input layer"},
    {"export-graph", "", "also write every graph's edges and nodes with their curvature into graphs/\n"
                         "of the output directory"},
    threads_option("spent on the k-NN search, geodesics and curvature of each layer"),
    {"out", "DIR", "output directory (default: the run directory)"},
    {"quiet", "", "no progress on stderr"},
    {"max-input", "SIZE", "largest layer file to read from a pipe, e.g. 2G (default 1G)"},
  };
  specs.insert(specs.end(), own.begin(), own.end());
  return specs;
}

const std::vector<OptionSpec> kAnalyzeOptions = analyze_options();

// Layer files are analysed in the order given, and that order must not
// contradict their names: of two files whose paths differ only in a
// trailing number before .npy (layer_2.npy, layer_10.npy), the smaller
// number comes first. The shell's layer_*.npy sorts them as text (layer_10
// before layer_2), which would silently analyse the layers in the wrong
// order; the list is refused rather than reordered, so that what is
// analysed is always what was typed (docs/formats.md, "Layer order").
void check_layer_order(const std::vector<std::string>& paths) {
  std::vector<NumberedName> names;
  for (const std::string& path : paths) {
    const bool npy = path.size() > 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
    names.push_back(split_trailing_number(npy ? path.substr(0, path.size() - 4) : path));
  }
  for (std::size_t later = 1; later < paths.size(); ++later)
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      const NumberedName& a = names[earlier];
      const NumberedName& b = names[later];
      if (a.digits.empty() || b.digits.empty() || a.stem != b.stem) continue;
      const int order = compare_decimal(a.digits, b.digits);
      if (order == 0)
        throw usage_error("analyze --layers: " + paths[earlier] + " and " + paths[later] +
                          " have the same layer number");
      if (order > 0)
        throw usage_error("analyze --layers: " + paths[earlier] + " is given before " + paths[later] +
                          ": give the layers in the order of their numbers (the shell sorts layer_*.npy as text, "
                          "layer_10 before layer_2; `ls -v` lists them by number)");
    }
}

bool is_npz_name(const std::string& path) {
  return path.size() > 4 && path.compare(path.size() - 4, 4, ".npz") == 0;
}

// What to analyse: a run folder (RUN_DIR), NPY files or one NPZ file (--layers).
struct Source {
  std::string run_dir;              // empty with --layers
  std::vector<std::string> layers;  // the NPY files of --layers
  std::string archive;              // the NPZ file of --layers
};

Source find_source(const Options& options) {
  Source source;
  if (options.flag("layers")) {
    const std::vector<std::string>& files = options.positional();
    if (files.size() == 1 && is_npz_name(files[0])) {
      source.archive = files[0];
      return source;
    }
    for (const std::string& file : files)
      if (is_npz_name(file)) throw usage_error("analyze --layers: give one .npz file alone, or NPY files");
    if (files.size() < 2)
      throw usage_error("analyze --layers: give at least two NPY files, one per layer, or one .npz file");
    check_layer_order(files);
    source.layers = files;
    return source;
  }
  if (options.positional().size() != 1)
    throw usage_error("analyze: give one run directory, or --layers FILE.npy FILE.npy ...");
  source.run_dir = options.positional()[0];
  return source;
}

// The folder of --export-graph's files, inside the output folder.
const char kGraphFolder[] = "graphs";

// The plain names an earlier analysis in `out` wrote (its analysis.json's
// "files"), a file of a subfolder by the subfolder's name, each once; the
// files of a run are never among them. Empty when there is none, or it
// cannot be read (it is replaced all the same).
std::vector<std::string> earlier_analysis_files(const std::string& out) {
  const std::string path = join_path(out, "analysis.json");
  if (!file_exists(path)) return {};
  JsonValue old;
  try {
    old = parse_json(read_file(path), path);
  } catch (const Error&) {
    return {};
  }
  if (old.type != JsonValue::Type::Object || !old.has("files")) return {};
  std::vector<std::string> names;
  for (const JsonValue& name : old.at("files", path).items) {
    const std::string file = name.string.substr(0, name.string.find('/'));
    const bool plain = name.type == JsonValue::Type::String && !file.empty() && file[0] != '.' &&
                       !is_run_file_name(file);
    if (plain && std::find(names.begin(), names.end(), file) == names.end()) names.push_back(file);
  }
  return names;
}

// The files and subfolders of the earlier analysis that this one does not
// rewrite: removed at commit, so that the folder holds one analysis.
void remove_stale_analysis(OutputSet& set, const std::vector<std::string>& earlier) {
  for (const std::string& name : earlier) {
    bool rewritten = false;
    for (const std::string& written : set.names())
      rewritten = rewritten || written == name || written.rfind(name + "/", 0) == 0;
    if (!rewritten) set.remove_at_commit(name);
  }
}

AnalysisOptions parse_analysis_options(const Options& options) {
  AnalysisOptions a = analysis_options_from(options);
  a.geometry.threads = threads_from(options);
  a.has_input = !options.flag("no-input");
  a.keep_graphs = options.flag("export-graph");
  return a;
}

// --k LIST (or auto) and --k-frac LIST, for n points; none for a radius
// graph, which takes no k.
std::vector<int> parse_ks(const Options& options, const std::vector<MatrixF>& layers, const GeometryOptions& geometry) {
  const std::size_t n = layers[0].rows();
  if (geometry.radius > 0.0) {
    if (options.has("k") || options.has("k-frac"))
      throw usage_error("--k and --k-frac do not apply to a radius graph, whose radius sets the neighbours");
    return {};
  }
  if (options.text("k", "") == "auto") {
    if (options.has("k-frac")) throw usage_error("give --k auto or --k-frac, not both");
    return auto_k_grid(connecting_k(matrix_views(layers), geometry), n);
  }
  std::vector<int> ks;
  for (std::int64_t k : options.integer_list("k", 1, 1 << 30)) ks.push_back(static_cast<int>(k));
  for (int k : ks_from_fractions(options.real_list("k-frac", 1e-12, 1.0), n)) ks.push_back(k);
  if (!options.has("k") && !options.has("k-frac")) ks = {10, 30, 50};
  return ks;
}

// The points' labels: --labels FILE, or else the run's labels.npy (not under
// paper-r, which has no class structure); empty when there are none.
std::vector<std::int64_t> point_labels(const Options& options, const RunLayers& run, Convention convention,
                                       std::size_t n, std::size_t limit) {
  if (!options.has("labels")) return convention == Convention::PaperR ? std::vector<std::int64_t>{} : run.labels;
  const std::string path = options.text("labels", "");
  std::vector<std::int64_t> labels = npy_to_labels(read_npy(path, limit), path);
  if (labels.size() != n)
    throw data_error(path + ": " + std::to_string(labels.size()) + " labels, but the layers hold " +
                     std::to_string(n) + " points");
  return labels;
}

}  // namespace

Ties tie_rule(const Options& options, Convention convention) {
  if (!options.has("ties")) return convention == Convention::PaperR ? Ties::All : Ties::Index;
  return parse_ties(options.text("ties", ""));
}

int analyze_command(const std::vector<std::string>& args) {
  const Options options(args, kAnalyzeOptions);
  if (options.help()) {
    std::fputs(usage_text("analyze", "(RUN_DIR | --layers A.npy B.npy ... | --layers LAYERS.npz) [options]",
                          "Computes, for each k and each layer, the k-NN graph's edges, components,\n"
                          "geodesic sum and total curvature (and, with labels, how it splits by class),\n"
                          "and the global Ricci coefficient rho_k. Writes layers.csv, coefficients.csv\n"
                          "and analysis.json (and, with --local, layer_coefficients.csv,\n"
                          "local_coefficients.csv and local_values.csv; with --export-graph, graphs/).",
                          kAnalyzeOptions)
                   .c_str(),
               stdout);
    return 0;
  }
  const Source source = find_source(options);
  if (!options.has("out") && source.run_dir.empty()) throw usage_error("analyze --layers: --out DIR is required");
  const std::string out = options.text("out", source.run_dir);
  AnalysisOptions analysis_options = parse_analysis_options(options);
  check_geometry_options(analysis_options.geometry);
  check_coefficient_options(analysis_options.coefficients());
  const bool progress = show_progress(options.flag("quiet"));
  const ResourceLimits limits = resource_limits_from(options);

  // One writer per folder (bin/experiment/folders.h): the analysis of a run goes into
  // its own run folder, or into an analysis folder; the run read for
  // another folder is locked for reading.
  if (!source.run_dir.empty() && !file_exists(source.run_dir))
    throw data_error(source.run_dir + ": no such folder (expected a run folder of ricci train)");
  const bool into_run = !source.run_dir.empty() && same_folder(out, source.run_dir);
  std::unique_ptr<FolderLock> read_lock;
  if (!source.run_dir.empty() && !into_run)
    read_lock = std::make_unique<FolderLock>(source.run_dir, "", FolderLock::Mode::Read);
  const FolderLock lock(out, command_line("analyze", args));
  if (!source.run_dir.empty()) {
    const FolderKind kind = folder_kind(source.run_dir);
    if (kind != FolderKind::Run)
      throw usage_error(source.run_dir + " is " + folder_kind_text(source.run_dir, kind) +
                        ", not a run folder of ricci train (analyse NPY files with --layers)");
  }
  if (!into_run) check_writable(out, Writer::Analyze);

  std::vector<MatrixF> layers;
  std::vector<std::string> paths = source.layers;
  RunLayers run;  // the run's id and labels, when a run is analysed
  if (!source.run_dir.empty()) {
    run = read_run_layers(source.run_dir, limits.max_input);
    layers = std::move(run.layers);
    paths = run.paths;
  } else if (!source.archive.empty()) {
    NpzLayers archive = read_npz_layers(source.archive, limits.max_input);
    layers = std::move(archive.layers);
    paths = archive.names;
  } else {
    for (const std::string& path : paths) layers.push_back(read_npy_matrix(path, limits.max_input));
  }
  check_layer_matrices(matrix_views(layers), paths);
  const std::vector<int> ks = parse_ks(options, layers, analysis_options.geometry);
  analysis_options.labels =
      point_labels(options, run, analysis_options.geometry.convention, layers[0].rows(), limits.max_input);
  const std::string k_max = ks.empty() ? "R = " + format_double(analysis_options.geometry.radius)
                                       : "k up to " + std::to_string(*std::max_element(ks.begin(), ks.end()));
  Analysis analysis;
  try {
    analysis = analyze_layers(
        matrix_views(layers), ks, analysis_options,
        [&](std::size_t l) {
          if (progress) std::fprintf(stderr, "\ranalyze: layer %zu/%zu ", l + 1, layers.size());
        },
        paths);
  } catch (const std::bad_alloc&) {
    throw data_error("out of memory analysing " + std::to_string(layers.size()) + " layers of " +
                     std::to_string(layers[0].rows()) + " points at " + k_max + " (--k, --graph, --local, " +
                     "--export-graph)");
  }
  if (progress) std::fputc('\n', stderr);

  // Every file under a temporary name, all made visible together at the end
  // (data/files.h); analysis.json last, listing the others. The graph
  // export is a subfolder, replaced whole; one that an earlier analysis did
  // not write is not ours to replace.
  const std::vector<std::string> earlier = earlier_analysis_files(out);
  const std::string graph_folder = join_path(out, kGraphFolder);
  if (analysis_options.keep_graphs && file_exists(graph_folder) &&
      std::find(earlier.begin(), earlier.end(), kGraphFolder) == earlier.end())
    throw usage_error(graph_folder + " exists and is not the graph export of an earlier analysis here: move it "
                                     "away, or choose another --out");
  OutputSet set(out);
  set.add("layers.csv", csv_text(text_table(layer_table(analysis))));
  set.add("coefficients.csv", csv_text(text_table(coefficient_table(analysis))));
  if (analysis_options.local) {
    set.add("layer_coefficients.csv", csv_text(text_table(layer_coefficient_table(analysis))));
    set.add("local_coefficients.csv", csv_text(text_table(local_coefficient_table(analysis))));
    set.add("local_values.csv", csv_text(text_table(local_value_table(analysis))));
  }
  if (analysis_options.keep_graphs)
    write_graph_export(analysis, analysis_options.labels, [&](const std::string& name, const std::string& text) {
      set.add(std::string(kGraphFolder) + "/" + name, text);
    });
  if (!into_run) mark_folder(set, FolderKind::Analysis);
  remove_stale_analysis(set, earlier);

  JsonWriter json;
  json.begin_object();
  json.key("points").integer(static_cast<std::int64_t>(layers[0].rows()));
  json.key("layers").begin_array();
  for (const std::string& path : paths) json.string(path);
  json.end_array();
  if (!run.run_id.empty()) json.key("run_id").string(run.run_id);
  json.key("labels").string(analysis_options.labels.empty() ? ""
                            : options.has("labels")        ? options.text("labels", "")
                                                           : join_path(source.run_dir, "labels.npy"));
  json.key("k").begin_array();
  for (int k : ks) json.integer(k);
  json.end_array();
  const GeometryOptions& geometry = analysis_options.geometry;
  const bool radius = geometry.radius > 0.0;
  json.key("graph").string(radius ? "radius" : graph_kind_name(geometry.graph));
  if (radius) json.key("radius").number(geometry.radius);
  json.key("curvature").string(curvature_name(geometry.curvature));
  if (geometry.curvature == Curvature::Ollivier) json.key("ollivier_alpha").number(geometry.ollivier_alpha);
  json.key("convention").string(convention_name(geometry.convention));
  if (!radius) json.key("ties").string(ties_name(geometry.ties));
  json.key("include_input").boolean(analysis_options.include_input);
  json.key("input_layer").boolean(analysis_options.has_input);
  json.key("k_auto").boolean(options.text("k", "") == "auto");
  json.key("within_components").boolean(geometry.within_components);
  json.key("global_forman").boolean(analysis_options.global_forman);
  json.key("local").boolean(analysis_options.local);
  if (analysis_options.local) json.key("local_unreachable").string(unreachable_rule_name(analysis_options.unreachable));
  json.key("files").begin_array();
  for (const std::string& name : set.names())
    if (name[0] != '.') json.string(name);
  json.end_array();
  json.end_object();
  set.add("analysis.json", json.str());
  set.commit();

  for (const RicciCoefficient& c : analysis.coefficients) {
    const std::string graph = radius ? "R = " + format_double(geometry.radius) : "k = " + std::to_string(c.k);
    if (c.pearson.defined())
      std::printf("%s: rho = %.4f (p = %.3g, %s)\n", graph.c_str(), c.pearson.r, c.pearson.p_value,
                  counted(c.pearson.n, "pair").c_str());
    else
      std::printf("%s: rho undefined: %s\n", graph.c_str(), c.pearson.reason.c_str());
  }
  std::printf("wrote %s (layers.csv, coefficients.csv%s%s)\n", out.c_str(),
              analysis_options.local ? ", layer_coefficients.csv, local_coefficients.csv, local_values.csv" : "",
              analysis_options.keep_graphs ? ", graphs/" : "");
  return 0;
}

}  // namespace ricci
