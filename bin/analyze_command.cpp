// analyze_command.cpp — `ricci analyze`: the Ricci-flow measures of a layer
// sequence, from a run directory of `ricci train` or from NPY files exported
// by any framework.
#include <cstdio>
#include <string>
#include <vector>

#include "bin/commands.h"
#include "bin/layers_table.h"
#include "bin/options.h"
#include "data/error.h"
#include "data/files.h"
#include "data/io/json.h"
#include "data/io/npy.h"
#include "data/io/table.h"
#include "flow/analysis.h"

namespace ricci {

namespace {

const std::vector<OptionSpec> kAnalyzeOptions = {
    {"layers", "", "analyse the NPY files given as arguments, one per layer, in order"},
    {"k", "LIST", "neighbours per point, e.g. 10,30,50 (default 10,30,50), or auto: from the smallest k\n"
                  "that connects every layer to at least 0.2 n"},
    {"k-frac", "LIST", "k as fractions of n, e.g. 0.01,0.05 (added to --k)"},
    {"graph", "KIND", "union (default) or mutual k-NN graph"},
    {"ties", "RULE", "index (default: exactly k neighbours, ties to the smaller index) or all\n"
                     "(every point at the k-th distance too, as cccd::nng)"},
    {"curvature", "NAME", "forman (default), augmented-forman or approx-ollivier"},
    {"convention", "NAME", "standard (default) or paper-r (the authors' R code; implies --ties all)"},
    {"include-input", "", "rho_k also pairs the input transition (g_1 - g_0, Ric_0): not the paper's Eq. 8"},
    {"no-input", "", "the layers are hidden layers only (numbered from 1): no input layer"},
    {"within-components", "", "sum geodesics within components on disconnected graphs (not the paper's rule)"},
    {"local", "", "also write the layer and local coefficients of Hehl et al."},
    threads_option("spent on the k-NN search, geodesics and curvature of each layer"),
    {"out", "DIR", "output directory (default: the run directory)"},
    {"quiet", "", "no progress on stderr"},
};

struct LayerFiles {
  std::vector<std::string> paths;
  std::string default_out;
};

LayerFiles find_layers(const Options& options) {
  LayerFiles files;
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
  return files;
}

std::vector<std::string> correlation_cells(const Correlation& c) {
  return {csv_number(c.r), csv_integer(static_cast<std::int64_t>(c.n)), csv_number(c.p_value)};
}

Table coefficients_table(const Analysis& analysis) {
  Table t;
  t.header = {"k", "rho", "pairs", "p_value", "spearman", "spearman_p_value", "z", "reason"};
  for (const RicciCoefficient& c : analysis.coefficients)
    t.rows.push_back({csv_integer(static_cast<std::int64_t>(c.k)), csv_number(c.pearson.r),
                      csv_integer(static_cast<std::int64_t>(c.pearson.n)), csv_number(c.pearson.p_value),
                      csv_number(c.spearman.r), csv_number(c.spearman.p_value), csv_number(c.z), c.pearson.reason});
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
      const std::string layer = csv_integer(static_cast<std::int64_t>(analysis.first_layer + l));
      std::vector<std::string> cells = {k, layer};
      for (const std::string& c : correlation_cells(by_layer[l])) cells.push_back(c);
      cells.push_back(by_layer[l].reason);
      layer_table.rows.push_back(cells);
      for (std::size_t x = 0; x < local.scalar[l].size(); ++x)
        values_table.rows.push_back({k, layer, csv_integer(static_cast<std::int64_t>(x)),
                                     csv_number(local.scalar[l][x]), csv_number(local.expansion[l][x])});
    }
    const std::vector<Correlation> by_point = local_coefficients(local);
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
  a.geometry.graph = parse_graph_kind(options.text("graph", "union"));
  a.geometry.curvature = parse_curvature(options.text("curvature", "forman"));
  a.geometry.convention = parse_convention(options.text("convention", "standard"));
  a.geometry.ties = tie_rule(options, a.geometry.convention);
  a.geometry.within_components = options.flag("within-components");
  a.geometry.threads = threads_from(options);
  a.include_input = options.flag("include-input");
  a.has_input = !options.flag("no-input");
  a.local = options.flag("local");
  return a;
}

// --k LIST (or auto) and --k-frac LIST, for n points.
std::vector<int> parse_ks(const Options& options, const std::vector<MatrixF>& layers, const GeometryOptions& geometry) {
  const std::size_t n = layers[0].rows();
  if (options.text("k", "") == "auto") {
    if (options.has("k-frac")) throw usage_error("give --k auto or --k-frac, not both");
    return auto_k_grid(connecting_k(layers, geometry), n);
  }
  std::vector<int> ks;
  for (std::int64_t k : options.integer_list("k", 1, 1 << 30)) ks.push_back(static_cast<int>(k));
  for (int k : ks_from_fractions(options.real_list("k-frac", 1e-12, 1.0), n)) ks.push_back(k);
  if (!options.has("k") && !options.has("k-frac")) ks = {10, 30, 50};
  return ks;
}

}  // namespace

Ties tie_rule(const Options& options, Convention convention) {
  if (!options.has("ties")) return convention == Convention::PaperR ? Ties::All : Ties::Index;
  return parse_ties(options.text("ties", ""));
}

int analyze_command(const std::vector<std::string>& args) {
  const Options options(args, kAnalyzeOptions);
  if (options.help()) {
    std::fputs(usage_text("analyze", "(RUN_DIR | --layers A.npy B.npy ...) [options]",
                          "Computes, for each k and each layer, the k-NN graph's edges, components,\n"
                          "geodesic sum and total curvature, and the global Ricci coefficient rho_k.\n"
                          "Writes layers.csv, coefficients.csv and analysis.json (and, with --local,\n"
                          "layer_coefficients.csv, local_coefficients.csv and local_values.csv).",
                          kAnalyzeOptions)
                   .c_str(),
               stdout);
    return 0;
  }
  const LayerFiles files = find_layers(options);
  if (!options.has("out") && files.default_out.empty()) throw usage_error("analyze --layers: --out DIR is required");
  const std::string out = options.text("out", files.default_out);
  const AnalysisOptions analysis_options = parse_analysis_options(options);
  check_geometry_options(analysis_options.geometry);
  check_coefficient_options(analysis_options.coefficients());
  const bool progress = show_progress(options.flag("quiet"));

  std::vector<MatrixF> layers;
  for (const std::string& path : files.paths) layers.push_back(read_npy_matrix(path));
  check_layers(layers, {1}, files.paths);
  const std::vector<int> ks = parse_ks(options, layers, analysis_options.geometry);
  const Analysis analysis = analyze_layers(
      layers, ks, analysis_options,
      [&](std::size_t l) {
        if (progress) std::fprintf(stderr, "\ranalyze: layer %zu/%zu ", l + 1, layers.size());
      },
      files.paths);
  if (progress) std::fputc('\n', stderr);

  JsonWriter json;
  json.begin_object();
  json.key("points").integer(static_cast<std::int64_t>(layers[0].rows()));
  json.key("layers").begin_array();
  for (const std::string& path : files.paths) json.string(path);
  json.end_array();
  json.key("k").begin_array();
  for (int k : ks) json.integer(k);
  json.end_array();
  json.key("graph").string(graph_kind_name(analysis_options.geometry.graph));
  json.key("curvature").string(curvature_name(analysis_options.geometry.curvature));
  json.key("convention").string(convention_name(analysis_options.geometry.convention));
  json.key("ties").string(ties_name(analysis_options.geometry.ties));
  json.key("include_input").boolean(analysis_options.include_input);
  json.key("input_layer").boolean(analysis_options.has_input);
  json.key("k_auto").boolean(options.text("k", "") == "auto");
  json.key("within_components").boolean(analysis_options.geometry.within_components);
  json.key("local").boolean(analysis_options.local);
  json.end_object();

  make_directories(out);
  write_file_atomically(join_path(out, "layers.csv"), csv_text(Table{layer_columns(), layer_cells(analysis)}));
  write_file_atomically(join_path(out, "coefficients.csv"), csv_text(coefficients_table(analysis)));
  if (analysis_options.local) write_local(analysis, out);
  write_file_atomically(join_path(out, "analysis.json"), json.str());

  for (const RicciCoefficient& c : analysis.coefficients) {
    if (c.pearson.defined())
      std::printf("k = %zu: rho = %.4f (p = %.3g, %zu pairs)\n", c.k, c.pearson.r, c.pearson.p_value, c.pearson.n);
    else
      std::printf("k = %zu: rho undefined: %s\n", c.k, c.pearson.reason.c_str());
  }
  std::printf("wrote %s (layers.csv, coefficients.csv%s)\n", out.c_str(),
              analysis_options.local ? ", layer_coefficients.csv, local_coefficients.csv, local_values.csv" : "");
  return 0;
}

}  // namespace ricci
