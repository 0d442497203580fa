// analysis_folder.cpp — reading the layers to analyse and writing an
// analysis folder whole (analysis_folder.h).
#include "bin/experiment/analysis_folder.h"

#include <sys/stat.h>

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

// The top-level names of the files an earlier analysis wrote into the
// folder (its record's, folders.h; a subfolder by its name) that an
// analysis writing the top-level names `written` does not rewrite; the
// files of a run are never among them.
std::vector<std::string> stale_analysis_files(const FolderRecord& record, bool into_run,
                                              const std::vector<std::string>& written) {
  std::vector<std::string> stale;
  for (const RecordedFile& file : record.files) {
    const std::string top = file.name.substr(0, file.name.find('/'));
    if (into_run && is_run_file_name(top)) continue;
    if (std::find(written.begin(), written.end(), top) != written.end()) continue;
    if (std::find(stale.begin(), stale.end(), top) == stale.end()) stale.push_back(top);
  }
  return stale;
}

// The top-level names an analysis under `options` writes (the export as its folder's name).
std::vector<std::string> analysis_tops(const AnalysisOptions& options) {
  std::vector<std::string> names = {"layers.csv", "coefficients.csv"};
  if (options.local)
    for (const char* name : {"layer_coefficients.csv", "local_coefficients.csv", "local_values.csv"})
      names.push_back(name);
  if (options.keep_graphs) names.push_back(kGraphFolder);
  names.push_back("analysis.json");
  return names;
}

// As check_replaceable takes them: a folder as "NAME/".
std::vector<std::string> as_targets(const std::string& out, const std::vector<std::string>& names) {
  std::vector<std::string> targets;
  for (const std::string& name : names) {
    struct stat status;
    const bool folder = name == kGraphFolder || (::lstat(join_path(out, name).c_str(), &status) == 0 &&
                                                 S_ISDIR(status.st_mode));
    targets.push_back(folder ? name + "/" : name);
  }
  return targets;
}

}  // namespace

void check_layer_order(const std::vector<std::string>& paths) {
  // Only NAME<number>.npy names say an order; any other (a pipe, /dev/fd/63,
  // as bash names <(...)) is taken in the order given.
  std::vector<NumberedName> names;
  for (const std::string& path : paths) {
    const bool npy = path.size() > 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
    names.push_back(npy ? split_trailing_number(path.substr(0, path.size() - 4)) : NumberedName{path, ""});
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

void check_analysis_folder(const std::string& out, bool into_run, const AnalysisOptions& options) {
  const FolderRecord record = writable_record(out, into_run ? FolderKind::Run : FolderKind::Analysis);
  const std::vector<std::string> tops = analysis_tops(options);
  check_replaceable(out, record, as_targets(out, tops), "writes over");
  check_replaceable(out, record, as_targets(out, stale_analysis_files(record, into_run, tops)), "removes");
}

void write_analysis_folder(const AnalysisRecord& record, const Analysis& analysis, const AnalysisOptions& options,
                           const LoadedLayers& loaded) {
  // Every file under a temporary name, all made visible together at the end
  // (data/files.h); analysis.json last, listing the others. Only files the
  // folder's record proves ricci's are written over or removed (folders.h):
  // the checks of check_analysis_folder, made again at the commit.
  const FolderRecord held = writable_record(record.out, record.into_run ? FolderKind::Run : FolderKind::Analysis);
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
  for (const std::string& name : stale_analysis_files(held, record.into_run, analysis_tops(options)))
    set.remove_at_commit(name);

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
  commit_owned(set, held);
}

}  // namespace ricci
