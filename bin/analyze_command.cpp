// analyze_command.cpp — `ricci analyze`: the Ricci-flow measures of a layer
// sequence, from a run directory of `ricci train` or from NPY files exported
// by any framework (bin/experiment/analysis_folder.h reads them and writes
// the analysis; flow/analysis.h computes it).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "bin/analysis_options.h"
#include "bin/cli.h"
#include "bin/commands.h"
#include "bin/experiment/analysis_folder.h"
#include "bin/experiment/experiment.h"
#include "data/error.h"
#include "data/files.h"
#include "data/format.h"
#include "data/io/npy.h"
#include "flow/analysis.h"

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
    {"allow-large", "", "analyse even when the analysis is estimated to need more memory than the\n"
                        "machine has"},
  };
  specs.insert(specs.end(), own.begin(), own.end());
  return specs;
}

LayerSource find_source(const Options& options) {
  LayerSource source;
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

AnalysisOptions parse_analysis_options(const Options& options) {
  AnalysisOptions a = analysis_options_from(options);
  a.geometry.threads = threads_from(options);
  a.has_input = !options.flag("no-input");
  a.keep_graphs = options.flag("export-graph");
  return a;
}

// --k LIST and --k-frac LIST, for n points (not --k auto); none for a
// radius graph, which takes no k.
std::vector<int> listed_ks(const Options& options, std::size_t n, const GeometryOptions& geometry) {
  if (geometry.radius > 0.0) {
    if (options.has("k") || options.has("k-frac"))
      throw usage_error("--k and --k-frac do not apply to a radius graph, whose radius sets the neighbours");
    return {};
  }
  std::vector<int> ks;
  for (std::int64_t k : options.integer_list("k", 1, 1 << 30)) ks.push_back(static_cast<int>(k));
  for (int k : ks_from_fractions(options.real_list("k-frac", 1e-12, 1.0), n)) ks.push_back(k);
  if (!options.has("k") && !options.has("k-frac")) ks = {10, 30, 50};
  return ks;
}

bool k_auto(const Options& options) { return options.text("k", "") == "auto"; }

// --k LIST (or auto) and --k-frac LIST, for the layers.
std::vector<int> parse_ks(const Options& options, const std::vector<MatrixF>& layers, const GeometryOptions& geometry) {
  if (k_auto(options) && geometry.radius <= 0.0) {
    if (options.has("k-frac")) throw usage_error("give --k auto or --k-frac, not both");
    return auto_k_grid(connecting_k(matrix_views(layers), geometry), layers[0].rows());
  }
  return listed_ks(options, layers[0].rows(), geometry);
}

// The points and widths of the layers to analyse, from the NPY headers or
// the run's metrics.json alone, when they say them (nothing is read whole):
// for the memory estimate before anything is read.
bool layer_shapes(const LayerSource& source, std::size_t& n, std::vector<std::size_t>& widths) {
  widths.clear();
  if (!source.run_dir.empty()) {
    const RunMetrics metrics = read_run_metrics(source.run_dir);
    n = metrics.test_points;
    widths = metrics.layer_widths;
    return !widths.empty();
  }
  if (!source.archive.empty()) return false;
  for (const std::string& path : source.layers) {
    std::vector<std::size_t> shape;
    if (!npy_file_shape(path, shape)) return false;
    if (widths.empty()) n = shape[0];
    else if (shape[0] != n) return false;  // reading says what is wrong
    widths.push_back(shape.size() == 2 ? shape[1] : 1);
  }
  return !widths.empty();
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

int analyze_command(const std::vector<std::string>& args) {
  const std::optional<Options> parsed = parse_command(
      {"analyze", "(RUN_DIR | --layers A.npy B.npy ... | --layers LAYERS.npz) [options]",
       "Computes, for each k and each layer, the k-NN graph's edges, components,\n"
       "geodesic sum and total curvature (and, with labels, how it splits by class),\n"
       "and the global Ricci coefficient rho_k. Writes layers.csv, coefficients.csv\n"
       "and analysis.json (and, with --local, layer_coefficients.csv,\n"
       "local_coefficients.csv and local_values.csv; with --export-graph, graphs/).",
       analyze_options(), /*positional=*/true},
      args);
  if (!parsed) return 0;
  const Options& options = *parsed;
  const LayerSource source = find_source(options);
  if (!options.has("out") && source.run_dir.empty()) throw usage_error("analyze --layers: --out DIR is required");
  const std::string out = options.text("out", source.run_dir);
  AnalysisOptions analysis_options = parse_analysis_options(options);
  check_geometry_options(analysis_options.geometry);
  check_coefficient_options(analysis_options.coefficients());
  const bool progress = show_progress(options);
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
  const FolderLock lock(out, command_line("analyze", args));  // checked below: a run folder analysed in place
  if (!source.run_dir.empty()) {
    const FolderKind kind = folder_kind(source.run_dir);
    if (kind != FolderKind::Run)
      throw usage_error(source.run_dir + " is " + folder_kind_text(source.run_dir, kind) +
                        ", not a run folder of ricci train (analyse NPY files with --layers)");
  }
  if (!into_run) check_writable(out, Writer::Analyze);
  // A run's metrics.json that is missing or edited says so first.
  if (!source.run_dir.empty()) read_run_metrics(source.run_dir);
  // Nothing of the user's is written over or removed (bin/experiment/folders.h).
  check_analysis_folder(out, into_run, analysis_options);

  // The memory the analysis needs, estimated before the layers are read
  // when their headers say their sizes (and the ks are given), and again
  // once they are read: refused beyond what the machine has.
  std::size_t points = 0;
  std::vector<std::size_t> widths;
  if (!k_auto(options) && layer_shapes(source, points, widths) && points >= 2) {
    AnalysisOptions estimated = analysis_options;
    if (options.has("labels") || !source.run_dir.empty()) estimated.labels.assign(1, 0);  // labels likely
    check_analysis_memory(points, widths, listed_ks(options, points, analysis_options.geometry), estimated, limits);
  }
  const LoadedLayers loaded = load_layers(source, limits.max_input);
  const std::vector<MatrixF>& layers = loaded.layers;
  const std::vector<int> ks = parse_ks(options, layers, analysis_options.geometry);
  analysis_options.labels =
      point_labels(options, loaded.run, analysis_options.geometry.convention, layers[0].rows(), limits.max_input);
  widths.clear();
  for (const MatrixF& layer : layers) widths.push_back(layer.cols());
  check_analysis_memory(layers[0].rows(), widths, ks, analysis_options, limits);
  const std::string k_max = ks.empty() ? "R = " + format_double(analysis_options.geometry.radius)
                                       : "k up to " + std::to_string(*std::max_element(ks.begin(), ks.end()));
  Analysis analysis;
  try {
    analysis = analyze_layers(
        matrix_views(layers), ks, analysis_options,
        [&](std::size_t l) {
          if (progress) std::fprintf(stderr, "\ranalyze: layer %zu/%zu ", l + 1, layers.size());
        },
        loaded.paths);
  } catch (const std::bad_alloc&) {
    throw data_error("out of memory analysing " + std::to_string(layers.size()) + " layers of " +
                     std::to_string(layers[0].rows()) + " points at " + k_max + " (--k, --graph, --local, " +
                     "--export-graph)");
  }
  if (progress) std::fputc('\n', stderr);

  const std::string labels_path = analysis_options.labels.empty() ? ""
                                  : options.has("labels")        ? options.text("labels", "")
                                                                 : join_path(source.run_dir, "labels.npy");
  write_analysis_folder({out, into_run, ks, k_auto(options), labels_path}, analysis, analysis_options,
                        loaded);

  for (const RicciCoefficient& c : analysis.coefficients) {
    const std::string graph =
        ks.empty() ? "R = " + format_double(analysis_options.geometry.radius) : "k = " + std::to_string(c.k);
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
