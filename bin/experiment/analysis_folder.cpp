// analysis_folder.cpp — reading the layers to analyse and writing an
// analysis folder whole (analysis_folder.h).
#include "bin/experiment/analysis_folder.h"

#include <algorithm>
#include <string>
#include <vector>

#include "bin/experiment/folders.h"
#include "bin/experiment/graph_export.h"
#include "bin/experiment/run_folder.h"
#include "data/error.h"
#include "data/files.h"
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

}  // namespace

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

LoadedLayers load_layers(const LayerSource& source, std::size_t limit) {
  LoadedLayers loaded;
  if (!source.run_dir.empty()) {
    loaded.run = read_run_layers(source.run_dir, limit);
    loaded.layers = std::move(loaded.run.layers);
    loaded.paths = loaded.run.paths;
  } else if (!source.archive.empty()) {
    NpzLayers archive = read_npz_layers(source.archive, limit);
    loaded.layers = std::move(archive.layers);
    loaded.paths = archive.names;
  } else {
    loaded.paths = source.layers;
    for (const std::string& path : loaded.paths) loaded.layers.push_back(read_npy_matrix(path, limit));
  }
  check_layer_matrices(matrix_views(loaded.layers), loaded.paths);
  return loaded;
}

void write_analysis_folder(const AnalysisRecord& record, const Analysis& analysis, const AnalysisOptions& options,
                           const LoadedLayers& loaded) {
  // Every file under a temporary name, all made visible together at the end
  // (data/files.h); analysis.json last, listing the others. The graph
  // export is a subfolder, replaced whole; one that an earlier analysis did
  // not write is not ours to replace.
  const std::vector<std::string> earlier = earlier_analysis_files(record.out);
  const std::string graph_folder = join_path(record.out, kGraphFolder);
  if (options.keep_graphs && file_exists(graph_folder) &&
      std::find(earlier.begin(), earlier.end(), kGraphFolder) == earlier.end())
    throw usage_error(graph_folder + " exists and is not the graph export of an earlier analysis here: move it "
                                     "away, or choose another --out");
  OutputSet set(record.out);
  set.add("layers.csv", csv_text(text_table(layer_table(analysis))));
  set.add("coefficients.csv", csv_text(text_table(coefficient_table(analysis))));
  if (options.local) {
    set.add("layer_coefficients.csv", csv_text(text_table(layer_coefficient_table(analysis))));
    set.add("local_coefficients.csv", csv_text(text_table(local_coefficient_table(analysis))));
    set.add("local_values.csv", csv_text(text_table(local_value_table(analysis))));
  }
  if (options.keep_graphs)
    write_graph_export(analysis, options.labels, [&](const std::string& name, const std::string& text) {
      set.add(std::string(kGraphFolder) + "/" + name, text);
    });
  if (!record.into_run) mark_folder(set, FolderKind::Analysis);
  remove_stale_analysis(set, earlier);

  JsonWriter json;
  json.begin_object();
  json.key("points").integer(static_cast<std::int64_t>(loaded.layers[0].rows()));
  json.key("layers").begin_array();
  for (const std::string& path : loaded.paths) json.string(path);
  json.end_array();
  if (!loaded.run.run_id.empty()) json.key("run_id").string(loaded.run.run_id);
  json.key("labels").string(record.labels_path);
  json.key("k").begin_array();
  for (int k : record.ks) json.integer(k);
  json.end_array();
  const GeometryOptions& geometry = options.geometry;
  const bool radius = geometry.radius > 0.0;
  json.key("graph").string(radius ? "radius" : graph_kind_name(geometry.graph));
  if (radius) json.key("radius").number(geometry.radius);
  json.key("curvature").string(curvature_name(geometry.curvature));
  if (geometry.curvature == Curvature::Ollivier) json.key("ollivier_alpha").number(geometry.ollivier_alpha);
  json.key("convention").string(convention_name(geometry.convention));
  if (!radius) json.key("ties").string(ties_name(geometry.ties));
  json.key("include_input").boolean(options.include_input);
  json.key("input_layer").boolean(options.has_input);
  json.key("k_auto").boolean(record.k_auto);
  json.key("within_components").boolean(geometry.within_components);
  json.key("global_forman").boolean(options.global_forman);
  json.key("local").boolean(options.local);
  if (options.local) json.key("local_unreachable").string(unreachable_rule_name(options.unreachable));
  json.key("files").begin_array();
  for (const std::string& name : set.names())
    if (name[0] != '.') json.string(name);
  json.end_array();
  json.end_object();
  set.add("analysis.json", json.str());
  set.commit();
}

}  // namespace ricci
