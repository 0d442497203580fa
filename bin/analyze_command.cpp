// analyze_command.cpp — `ricci analyze`: the Ricci-flow measures of a layer
// sequence, from a run directory of `ricci train` or from NPY files exported
// by any framework.
#include <cstdio>
#include <string>
#include <vector>

#include "bin/commands.h"
#include "bin/graph_export.h"
#include "bin/layers_table.h"
#include "bin/options.h"
#include "data/error.h"
#include "data/files.h"
#include "data/format.h"
#include "data/io/json.h"
#include "data/io/npy.h"
#include "data/io/table.h"
#include "flow/analysis.h"

namespace ricci {

namespace {

const std::vector<OptionSpec> kAnalyzeOptions = {
    {"layers", "", "analyse the NPY files given as arguments, one per layer, in order"},
    {"labels", "FILE", "class labels of the points (NPY), for the class structure in layers.csv\n"
                       "(default: a run directory's labels.npy)"},
    {"k", "LIST", "neighbours per point, e.g. 10,30,50 (default 10,30,50)"},
    {"k-frac", "LIST", "k as fractions of n, e.g. 0.01,0.05 (added to --k)"},
    {"graph", "KIND", "union (default) or mutual k-NN graph, or radius:R, the radius graph\n"
                      "|x_i - x_j| <= R (instead of --k)"},
    {"curvature", "NAME", "forman (default), augmented-forman, approx-ollivier or ollivier (exact)"},
    {"ollivier-alpha", "A", "laziness of --curvature ollivier: mass A stays on the point (default 0)"},
    {"convention", "NAME", "standard (default) or paper-r (the authors' R code)"},
    {"within-components", "", "sum geodesics within components on disconnected graphs (not the paper's rule)"},
    {"global-forman", "", "rho_k from the Forman totals whatever --curvature (Hehl et al.'s global coefficient)"},
    {"local", "", "also write the layer and local coefficients of Hehl et al."},
    {"local-unreachable", "RULE", "a point's local coefficient when a neighbour becomes unreachable:\n"
                                  "undefined (default, as Hehl et al.) or skip-layer (drop those layers)"},
    {"export-graph", "DIR", "also write every graph's edges and nodes with their curvature into DIR"},
    threads_option("spent on the k-NN search, geodesics and curvature of each layer"),
    {"out", "DIR", "output directory (default: the run directory)"},
    {"quiet", "", "no progress on stderr"},
};

struct LayerFiles {
  std::vector<std::string> paths;
  std::string default_out;
  std::string labels;  // the labels file, or empty
};

LayerFiles find_layers(const Options& options) {
  LayerFiles files;
  files.labels = options.text("labels", "");
  if (options.flag("layers")) {
    files.paths = options.positional();
    if (files.paths.size() < 2) throw usage_error("analyze --layers: give at least two NPY files, one per layer");
    return files;
  }
  if (options.positional().size() != 1)
    throw usage_error("analyze: give one run directory, or --layers FILE.npy FILE.npy ...");
  const std::string dir = options.positional()[0];
  for (std::size_t l = 0;; ++l) {
    const std::string path = join_path(dir, "layer_" + std::to_string(l) + ".npy");
    if (!file_exists(path)) break;
    files.paths.push_back(path);
  }
  if (files.paths.size() < 2)
    throw data_error(dir + ": expected layer_0.npy, layer_1.npy, ... (a run directory of ricci train), found " +
                     std::to_string(files.paths.size()) + " layer file(s)");
  files.default_out = dir;
  if (files.labels.empty() && file_exists(join_path(dir, "labels.npy"))) files.labels = join_path(dir, "labels.npy");
  return files;
}

std::vector<std::string> correlation_cells(const Correlation& c) {
  return {csv_number(c.r), csv_integer(static_cast<std::int64_t>(c.n)), csv_number(c.p_value)};
}

Table coefficients_table(const Analysis& analysis) {
  Table t;
  t.header = {"k", "rho", "pairs", "p_value", "spearman", "spearman_p_value", "reason"};
  for (const RicciCoefficient& c : analysis.coefficients)
    t.rows.push_back({analysis.radius > 0.0 ? "" : csv_integer(static_cast<std::int64_t>(c.k)), csv_number(c.pearson.r),
                      csv_integer(static_cast<std::int64_t>(c.pearson.n)), csv_number(c.pearson.p_value),
                      csv_number(c.spearman.r), csv_number(c.spearman.p_value), c.pearson.reason});
  return t;
}

void write_local(const Analysis& analysis, const std::string& out) {
  Table layer_table, point_table, values_table;
  layer_table.header = {"k", "layer", "rho", "points", "p_value", "reason"};
  point_table.header = {"k", "point", "rho", "layers", "p_value", "reason"};
  values_table.header = {"k", "layer", "point", "mean_curvature", "mean_expansion"};
  for (const LocalValues& local : analysis.local) {
    const std::string k = csv_integer(static_cast<std::int64_t>(local.k));
    const std::vector<Correlation> by_layer = layer_coefficients(local);
    for (std::size_t l = 0; l < by_layer.size(); ++l) {
      std::vector<std::string> cells = {k, csv_integer(static_cast<std::int64_t>(l))};
      for (const std::string& c : correlation_cells(by_layer[l])) cells.push_back(c);
      cells.push_back(by_layer[l].reason);
      layer_table.rows.push_back(cells);
      for (std::size_t x = 0; x < local.scalar[l].size(); ++x)
        values_table.rows.push_back({k, csv_integer(static_cast<std::int64_t>(l)), csv_integer(static_cast<std::int64_t>(x)),
                                     csv_number(local.scalar[l][x]), csv_number(local.expansion[l][x])});
    }
    const std::vector<Correlation> by_point = local_coefficients(local, analysis.unreachable);
    for (std::size_t x = 0; x < by_point.size(); ++x) {
      std::vector<std::string> cells = {k, csv_integer(static_cast<std::int64_t>(x))};
      for (const std::string& c : correlation_cells(by_point[x])) cells.push_back(c);
      cells.push_back(by_point[x].reason);
      point_table.rows.push_back(cells);
    }
  }
  write_file_atomically(join_path(out, "layer_coefficients.csv"), csv_text(layer_table));
  write_file_atomically(join_path(out, "local_coefficients.csv"), csv_text(point_table));
  write_file_atomically(join_path(out, "local_values.csv"), csv_text(values_table));
}

AnalysisOptions parse_analysis_options(const Options& options) {
  AnalysisOptions a;
  const GraphSpec graph = parse_graph_spec(options.text("graph", "union"));
  a.geometry.graph = graph.kind;
  a.geometry.radius = graph.radius;
  a.geometry.curvature = parse_curvature(options.text("curvature", "forman"));
  a.geometry.ollivier_alpha = options.real("ollivier-alpha", 0.0, 0.0, 1.0);
  if (options.has("ollivier-alpha") && a.geometry.curvature != Curvature::Ollivier)
    throw usage_error("--ollivier-alpha applies to --curvature ollivier");
  a.geometry.convention = parse_convention(options.text("convention", "standard"));
  a.geometry.within_components = options.flag("within-components");
  a.geometry.threads = threads_from(options);
  a.local = options.flag("local");
  a.unreachable = parse_unreachable_rule(options.text("local-unreachable", "undefined"));
  if (options.has("local-unreachable") && !a.local) throw usage_error("--local-unreachable applies to --local");
  a.global_forman = options.flag("global-forman");
  a.keep_graphs = options.has("export-graph");
  return a;
}

// The ks of --k and --k-frac (10, 30, 50 when neither is given); none for a
// radius graph, which takes no k.
std::vector<int> parse_ks(const Options& options, std::size_t n, bool radius) {
  std::vector<int> ks;
  for (std::int64_t k : options.integer_list("k", 1, 1 << 30)) ks.push_back(static_cast<int>(k));
  for (int k : ks_from_fractions(options.real_list("k-frac", 1e-12, 1.0), n)) ks.push_back(k);
  if (!options.has("k") && !options.has("k-frac") && !radius) ks = {10, 30, 50};
  return ks;
}

// The labels file's labels, one per point; empty when there is no file, or
// under paper-r when the file is a run directory's own (paper-r has no class
// structure).
std::vector<std::int64_t> read_labels(const LayerFiles& files, const Options& options, std::size_t n,
                                      Convention convention) {
  if (files.labels.empty() || (convention == Convention::PaperR && !options.has("labels"))) return {};
  std::vector<std::int64_t> labels = read_npy_labels(files.labels);
  if (labels.size() != n)
    throw data_error(files.labels + ": " + std::to_string(labels.size()) + " labels, but the layers hold " +
                     std::to_string(n) + " points");
  return labels;
}

}  // namespace

int analyze_command(const std::vector<std::string>& args) {
  const Options options(args, kAnalyzeOptions);
  if (options.help()) {
    std::fputs(usage_text("analyze", "(RUN_DIR | --layers A.npy B.npy ...) [options]",
                          "Computes, for each k and each layer, the k-NN graph's edges, components,\n"
                          "geodesic sum and total curvature (and, with labels, how it splits by class),\n"
                          "and the global Ricci coefficient rho_k. Writes layers.csv, coefficients.csv\n"
                          "and analysis.json (and, with --local, layer_coefficients.csv,\n"
                          "local_coefficients.csv and local_values.csv).",
                          kAnalyzeOptions)
                   .c_str(),
               stdout);
    return 0;
  }
  const LayerFiles files = find_layers(options);
  if (!options.has("out") && files.default_out.empty()) throw usage_error("analyze --layers: --out DIR is required");
  const std::string out = options.text("out", files.default_out);
  AnalysisOptions analysis_options = parse_analysis_options(options);
  check_geometry_options(analysis_options.geometry);
  const bool radius = analysis_options.geometry.radius > 0.0;
  const bool progress = show_progress(options.flag("quiet"));

  std::vector<MatrixF> layers;
  for (const std::string& path : files.paths) layers.push_back(read_npy_matrix(path));
  const std::vector<int> ks = parse_ks(options, layers[0].rows(), radius);
  analysis_options.labels = read_labels(files, options, layers[0].rows(), analysis_options.geometry.convention);
  const Analysis analysis = analyze_layers(
      layers, ks, analysis_options,
      [&](std::size_t l) {
        if (progress) std::fprintf(stderr, "\ranalyze: layer %zu/%zu ", l + 1, layers.size());
      },
      files.paths);
  if (progress) std::fputc('\n', stderr);

  const GeometryOptions& geometry = analysis_options.geometry;
  JsonWriter json;
  json.begin_object();
  json.key("points").integer(static_cast<std::int64_t>(layers[0].rows()));
  json.key("layers").begin_array();
  for (const std::string& path : files.paths) json.string(path);
  json.end_array();
  json.key("labels").string(analysis_options.labels.empty() ? "" : files.labels);
  json.key("k").begin_array();
  for (int k : ks) json.integer(k);
  json.end_array();
  json.key("graph").string(radius ? "radius" : graph_kind_name(geometry.graph));
  if (radius) json.key("radius").number(geometry.radius);
  json.key("curvature").string(curvature_name(geometry.curvature));
  if (geometry.curvature == Curvature::Ollivier) json.key("ollivier_alpha").number(geometry.ollivier_alpha);
  json.key("convention").string(convention_name(geometry.convention));
  json.key("within_components").boolean(geometry.within_components);
  json.key("global_forman").boolean(analysis_options.global_forman);
  json.key("local").boolean(analysis_options.local);
  if (analysis_options.local) json.key("local_unreachable").string(unreachable_rule_name(analysis_options.unreachable));
  json.end_object();

  make_directories(out);
  const std::string export_dir = options.text("export-graph", "");
  if (!export_dir.empty()) make_directories(export_dir);
  write_file_atomically(join_path(out, "layers.csv"), csv_text(Table{layer_columns(), layer_cells(analysis)}));
  write_file_atomically(join_path(out, "coefficients.csv"), csv_text(coefficients_table(analysis)));
  if (analysis_options.local) write_local(analysis, out);
  if (!export_dir.empty())
    write_graph_export(analysis, analysis_options.labels, [&](const std::string& name, const std::string& text) {
      write_file_atomically(join_path(export_dir, name), text);
    });
  write_file_atomically(join_path(out, "analysis.json"), json.str());

  for (const RicciCoefficient& c : analysis.coefficients) {
    const std::string graph = radius ? "R = " + format_double(geometry.radius) : "k = " + std::to_string(c.k);
    if (c.pearson.defined())
      std::printf("%s: rho = %.4f (p = %.3g, %zu pairs)\n", graph.c_str(), c.pearson.r, c.pearson.p_value,
                  c.pearson.n);
    else
      std::printf("%s: rho undefined: %s\n", graph.c_str(), c.pearson.reason.c_str());
  }
  std::printf("wrote %s (layers.csv, coefficients.csv%s)%s%s\n", out.c_str(),
              analysis_options.local ? ", layer_coefficients.csv, local_coefficients.csv, local_values.csv" : "",
              export_dir.empty() ? "" : " and the graphs in ", export_dir.c_str());
  return 0;
}

}  // namespace ricci
