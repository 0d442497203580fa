// merge.cpp — combining the shards of a sweep (merge.h).
#include "bin/sweep/merge.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "bin/experiment/folders.h"
#include "bin/sweep/local_tables.h"
#include "bin/sweep/networks.h"
#include "bin/sweep/protocol_tables.h"
#include "bin/sweep/config.h"
#include "bin/sweep/runs.h"
#include "bin/sweep/store.h"
#include "bin/sweep/tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/folder_lock.h"
#include "data/io/table.h"

namespace ricci {

namespace {

// The rows of every shard, by model index, and what the shards share.
struct Merged {
  SweepConfig config;
  std::string canonical;        // the shards' common configuration, as the merged sweep.json
  std::vector<GridPoint> grid;  // the sweep's models, once read
  std::vector<std::string> models_header;
  std::map<std::size_t, std::string> owner;  // model index -> shard directory
  std::map<std::size_t, std::vector<std::vector<std::string>>> layer_rows, coefficient_rows, local_rows, tracked_rows;
  std::map<std::size_t, std::vector<std::string>> model_rows;
  // The saved networks (networks.h): weights.csv rows by model, and each
  // file's bytes, checked against its row.
  bool has_weights = false;
  std::map<std::size_t, std::vector<std::vector<std::string>>> weight_rows;
  std::map<std::size_t, std::string> networks;
};

// A shard killed and not resumed can end in a torn line: refuse it.
void check_whole_lines(const std::string& dir, const SweepConfig& config) {
  for (const char* file : {"models.csv", "layers.csv", "coefficients.csv", "local.csv", "training_geometry.csv",
                           "weights.csv"}) {
    if (std::string(file) == "weights.csv" && !file_exists(join_path(dir, file))) continue;
    if (std::string(file) == "local.csv" && !config.local) continue;
    if (std::string(file) == "training_geometry.csv" && config.tracking.every == 0) continue;
    const std::string text = read_file(join_path(dir, file));
    if (!text.empty() && text.back() != '\n')
      throw data_error(join_path(dir, file) + ": ends in a partly written line (the shard was interrupted); "
                       "finish it with ricci sweep --resume first");
  }
}

// A row file of a shard, its header checked.
Table read_rows(const std::string& dir, const char* file, const std::vector<std::string>& header) {
  const Table table = read_csv_table(join_path(dir, file));
  if (table.header != header) throw data_error(join_path(dir, file) + ": unexpected header");
  return table;
}

// A shard's saved networks, when it has them (a shard made before ricci
// kept them has none), into `merged`.
void read_shard_networks(const std::string& dir, Merged& merged) {
  const std::string path = join_path(dir, "weights.csv");
  if (!merged.config.runs.empty() || !file_exists(path)) return;
  merged.has_weights = true;
  for (const auto& row : read_rows(dir, "weights.csv", weights_header()).rows) {
    const std::size_t index = parse_model_index(row[0], path);
    if (merged.owner.count(index) == 0 || merged.owner[index] != dir)
      throw data_error(path + ": a network of model " + row[0] + ", which is not in " + join_path(dir, "models.csv"));
    const std::string file = join_path(dir, row[6]);
    const std::string bytes = row[6] == network_file(index) && file_exists(file) ? read_file(file) : "";
    if (csv_integer(static_cast<std::int64_t>(bytes.size())) != row[7] || checksum_text(bytes) != row[8])
      throw data_error(file + ": not the file weights.csv records (missing, or its size or checksum differs)");
    merged.weight_rows[index].push_back(row);
    merged.networks[index] = bytes;
  }
}

// Reads and checks one shard's sweep.json and rows into `merged`.
void read_shard(const std::string& dir, const std::string& first, Merged& merged) {
  const FolderKind kind = folder_kind(dir);
  if (kind != FolderKind::Sweep)
    throw data_error(dir + " is " + folder_kind_text(dir, kind) + ", not a shard of a sweep (no sweep.json)");
  // sweep.json as strictly as the flags (config.h): every field.
  const std::string path = join_path(dir, "sweep.json");
  const SweepFile shard = read_sweep_json(read_file(path), path);
  const std::string text = sweep_config_json(shard.config, Shard{});
  if (merged.canonical.empty()) {
    merged.canonical = text;
    merged.config = shard.config;
    merged.models_header = models_header(merged.config.ks, has_ricci_flow_axis(merged.config), attack_columns(merged.config));
  } else if (text != merged.canonical) {
    throw data_error("merge: " + dir + " was run with another configuration than " + first +
                     " (their sweep.json differ)");
  }
  const SweepConfig& config = merged.config;
  check_whole_lines(dir, config);
  const Table m = read_rows(dir, "models.csv", merged.models_header);
  const Table l = read_rows(dir, "layers.csv", layers_header());
  const Table c = read_rows(dir, "coefficients.csv", coefficients_header());
  // Each model once, in its shard, with all its layer and coefficient rows.
  if (merged.grid.empty()) merged.grid = grid_of(config);  // a sweep of runs reads its folders' metadata
  check_sweep_rows(m, l, c, SweepLayout{merged.grid, config.ks, config.include_output, shard.shard}, dir);
  if (config.local) {
    const Table shard_local = read_csv_table(join_path(dir, "local.csv"));
    check_local_rows(m, shard_local, config.ks, dir);
    for (const auto& row : shard_local.rows)
      merged.local_rows[parse_model_index(row[0], join_path(dir, "local.csv"))].push_back(row);
  }
  for (const auto& row : m.rows) {
    const std::size_t index = parse_model_index(row[0], join_path(dir, "models.csv"));
    if (merged.owner.count(index))
      throw data_error("merge: model " + row[0] + " is in both " + merged.owner[index] + " and " + dir +
                       " (overlapping shards)");
    merged.owner[index] = dir;
    merged.model_rows[index] = row;
  }
  for (const auto& row : l.rows) merged.layer_rows[parse_model_index(row[0], join_path(dir, "layers.csv"))].push_back(row);
  for (const auto& row : c.rows)
    merged.coefficient_rows[parse_model_index(row[0], join_path(dir, "coefficients.csv"))].push_back(row);
  if (config.tracking.every > 0) {
    const std::string tracked = join_path(dir, "training_geometry.csv");
    for (const auto& row : read_rows(dir, "training_geometry.csv", tracking_header()).rows) {
      const std::size_t index = parse_model_index(row[0], tracked);
      if (merged.owner.count(index) == 0 || merged.owner[index] != dir)
        throw data_error(tracked + ": rows of model " + row[0] + ", which is not in " + join_path(dir, "models.csv"));
      merged.tracked_rows[index].push_back(row);
    }
  }
  read_shard_networks(dir, merged);
}

}  // namespace

MergeSummary merge_shards(const std::vector<std::string>& dirs, const std::string& out) {
  // The shards are read under a shared lock, so that none is merged while a
  // sweep still writes it.
  // Nothing of the user's in `out` is written over (folders.h).
  check_replaceable(out, writable_record(out, FolderKind::Sweep), sweep_file_names());
  std::vector<std::unique_ptr<FolderLock>> shard_locks;
  for (const std::string& dir : dirs) shard_locks.push_back(std::make_unique<FolderLock>(dir, "", FolderLock::Mode::Read));
  Merged merged;
  for (const std::string& dir : dirs) read_shard(dir, dirs[0], merged);
  const SweepConfig& config = merged.config;
  // The rows in grid order.
  Table models{merged.models_header, {}}, layers{layers_header(), {}}, coefficients{coefficients_header(), {}},
      local{local_header(), {}}, tracked{tracking_header(), {}}, weights{weights_header(), {}};
  for (const auto& [index, row] : merged.model_rows) {
    models.rows.push_back(row);
    for (const auto& l : merged.layer_rows[index]) layers.rows.push_back(l);
    for (const auto& c : merged.coefficient_rows[index]) coefficients.rows.push_back(c);
    for (const auto& l : merged.local_rows[index]) local.rows.push_back(l);
    for (const auto& t : merged.tracked_rows[index]) tracked.rows.push_back(t);
    for (const auto& w : merged.weight_rows[index]) weights.rows.push_back(w);
  }
  const Sweep settings = sweep_of(config);
  read_sweep_models(models, layers);  // checked before anything is written

  // Every file under a temporary name, made visible together; sweep.json
  // last, so that a folder with it holds a whole merge.
  OutputSet set(out);
  set.add("layers.csv", csv_text(layers));
  set.add("coefficients.csv", csv_text(coefficients));
  if (config.local) set.add("local.csv", csv_text(local));
  if (config.tracking.every > 0) set.add("training_geometry.csv", csv_text(tracked));
  if (merged.has_weights) {
    set.add("weights.csv", csv_text(weights));
    for (const auto& [index, bytes] : merged.networks) set.add(network_file(index), bytes);
  }
  add_protocol_files(set, settings, models, layers, &local, config.tracking.every > 0 ? &tracked : nullptr);  // models.csv, groups.csv, best_k.csv, regression.csv, ...
  set.add("sweep.json", merged.canonical);
  commit_owned(set, writable_record(out, FolderKind::Sweep), sweep_row_file_names());
  return {models.rows.size(), merged.grid.size()};
}

}  // namespace ricci
