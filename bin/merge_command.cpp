// merge_command.cpp — `ricci merge DIR... --out DIR`: combine the shards of a
// sweep into exactly the result of the unsharded sweep.
//
// Every shard's sweep.json is read as strictly as the command line
// (sweep_config.h) and must hold the same configuration; every shard's rows
// are checked (each model once, in its shard, with all its layer rows), and
// a model index found in two shards is refused. Rows are put back in grid
// order (layers.csv rows keep their order within a model) and the
// protocol's files (groups.csv, best_k.csv, regression.csv and models.csv's
// protocol columns) are recomputed from the merged rows; a tracking sweep's
// training_geometry.csv rows are put back in grid order like layers.csv's. So the result
// equals, byte for byte, a single sweep of the grid; its sweep.json records
// shard 0/1.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "bin/commands.h"
#include "bin/experiment/folders.h"
#include "bin/sweep/local_tables.h"
#include "bin/options.h"
#include "bin/sweep/protocol_tables.h"
#include "bin/sweep/config.h"
#include "bin/sweep/runs.h"
#include "bin/sweep/tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"
#include "data/io/table.h"

namespace ricci {

int merge_command(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {{"out", "DIR", "output directory (required; must not hold a sweep)"},
                                         {"quiet", "", "print nothing but errors"}};
  const Options options(args, specs);
  if (options.help()) {
    std::fputs(usage_text("merge", "SHARD_DIR... --out DIR", "Combines the shards of one sweep (run with --shard I/N).",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  const std::vector<std::string>& dirs = options.positional();
  if (dirs.empty()) throw usage_error("merge: give the shard directories");
  if (!options.has("out")) throw usage_error("merge: --out DIR is required");
  const std::string out = options.text("out", "");
  for (const std::string& dir : dirs)
    if (same_folder(dir, out)) throw usage_error("merge: --out " + out + " is one of the shards");
  // One writer per folder: --out is ours, the shards are read under a shared
  // lock, so that none is merged while a sweep still writes it.
  const FolderLock lock(out, command_line("merge", args));
  check_writable(out, Writer::Merge);
  std::vector<std::unique_ptr<FolderLock>> shard_locks;
  for (const std::string& dir : dirs) shard_locks.push_back(std::make_unique<FolderLock>(dir, "", FolderLock::Mode::Read));

  SweepConfig config;
  std::string canonical;  // the shards' common configuration, as the merged sweep.json
  std::vector<GridPoint> grid;  // the sweep's models, once read
  Table models{models_header({}), {}}, layers{layers_header(), {}}, coefficients{coefficients_header(), {}},
      local{local_header(), {}};
  std::map<std::size_t, std::string> owner;  // model index -> shard directory
  std::map<std::size_t, std::vector<std::vector<std::string>>> layer_rows, coefficient_rows, local_rows, tracked_rows;
  std::map<std::size_t, std::vector<std::string>> model_rows;
  for (const std::string& dir : dirs) {
    const FolderKind kind = folder_kind(dir);
    if (kind != FolderKind::Sweep)
      throw data_error(dir + " is " + folder_kind_text(dir, kind) + ", not a shard of a sweep (no sweep.json)");
    // sweep.json as strictly as the flags (sweep_config.h): every field.
    const std::string path = join_path(dir, "sweep.json");
    const SweepFile shard = read_sweep_json(read_file(path), path);
    const std::string text = sweep_config_json(shard.config, Shard{});
    if (canonical.empty()) {
      canonical = text;
      config = shard.config;
      models.header = models_header(config.ks);
    } else if (text != canonical) {
      throw data_error("merge: " + dir + " was run with another configuration than " + dirs[0] +
                       " (their sweep.json differ)");
    }
    // A shard killed and not resumed can end in a torn line: refuse it.
    const bool tracking = config.tracking.every > 0;
    for (const char* file : {"models.csv", "layers.csv", "coefficients.csv", "local.csv", "training_geometry.csv"}) {
      if (std::string(file) == "local.csv" && !config.local) continue;
      if (std::string(file) == "training_geometry.csv" && !tracking) continue;
      const std::string text = read_file(join_path(dir, file));
      if (!text.empty() && text.back() != '\n')
        throw data_error(join_path(dir, file) + ": ends in a partly written line (the shard was interrupted); "
                         "finish it with ricci sweep --resume first");
    }
    const Table m = read_csv_table(join_path(dir, "models.csv"));
    const Table l = read_csv_table(join_path(dir, "layers.csv"));
    const Table c = read_csv_table(join_path(dir, "coefficients.csv"));
    if (m.header != models.header) throw data_error(join_path(dir, "models.csv") + ": unexpected header");
    if (l.header != layers.header) throw data_error(join_path(dir, "layers.csv") + ": unexpected header");
    if (c.header != coefficients.header)
      throw data_error(join_path(dir, "coefficients.csv") + ": unexpected header");
    // Each model once, in its shard, with all its layer and coefficient rows.
    if (grid.empty()) grid = grid_of(config);  // a sweep of runs reads its folders' metadata
    check_sweep_rows(m, l, c, SweepLayout{grid, config.ks, config.include_output, shard.shard}, dir);
    if (config.local) {
      const Table shard_local = read_csv_table(join_path(dir, "local.csv"));
      check_local_rows(m, shard_local, config.ks, dir);
      for (const auto& row : shard_local.rows)
        local_rows[parse_model_index(row[0], join_path(dir, "local.csv"))].push_back(row);
    }
    for (const auto& row : m.rows) {
      const std::size_t index = parse_model_index(row[0], join_path(dir, "models.csv"));
      if (owner.count(index))
        throw data_error("merge: model " + row[0] + " is in both " + owner[index] + " and " + dir +
                         " (overlapping shards)");
      owner[index] = dir;
      model_rows[index] = row;
    }
    for (const auto& row : l.rows) layer_rows[parse_model_index(row[0], join_path(dir, "layers.csv"))].push_back(row);
    for (const auto& row : c.rows)
      coefficient_rows[parse_model_index(row[0], join_path(dir, "coefficients.csv"))].push_back(row);
    if (tracking) {
      const std::string path = join_path(dir, "training_geometry.csv");
      const Table t = read_csv_table(path);
      if (t.header != tracking_header()) throw data_error(path + ": unexpected header");
      for (const auto& row : t.rows) {
        const std::size_t index = parse_model_index(row[0], path);
        if (owner.count(index) == 0 || owner[index] != dir)
          throw data_error(path + ": rows of model " + row[0] + ", which is not in " + join_path(dir, "models.csv"));
        tracked_rows[index].push_back(row);
      }
    }
  }
  Table tracked{tracking_header(), {}};
  for (const auto& [index, row] : model_rows) {
    models.rows.push_back(row);
    for (const auto& l : layer_rows[index]) layers.rows.push_back(l);
    for (const auto& c : coefficient_rows[index]) coefficients.rows.push_back(c);
    for (const auto& l : local_rows[index]) local.rows.push_back(l);
    for (const auto& t : tracked_rows[index]) tracked.rows.push_back(t);
  }

  const Sweep settings = sweep_settings(canonical, "sweep.json");
  read_sweep_models(models, layers);  // checked before anything is written

  // Every file under a temporary name, made visible together; sweep.json
  // last, so that a folder with it holds a whole merge.
  OutputSet set(out);
  mark_folder(set, FolderKind::Sweep);
  set.add("layers.csv", csv_text(layers));
  set.add("coefficients.csv", csv_text(coefficients));
  if (config.local) set.add("local.csv", csv_text(local));
  if (config.tracking.every > 0) set.add("training_geometry.csv", csv_text(tracked));
  add_protocol_files(set, settings, models, layers, &local);  // models.csv, groups.csv, best_k.csv, regression.csv, ...
  set.add("sweep.json", canonical);
  set.commit();
  if (models.rows.size() < grid.size())
    std::fprintf(stderr, "ricci: note: the shards hold %zu of the grid's %zu models; run the missing shards and merge "
                         "again\n",
                 models.rows.size(), grid.size());
  if (!options.flag("quiet"))
    std::printf("merged %s: %s into %s\n", counted(dirs.size(), "shard").c_str(),
                counted(models.rows.size(), "model").c_str(), out.c_str());
  return 0;
}

}  // namespace ricci
