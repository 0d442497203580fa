// extend.cpp — renumbering a sweep's rows for a larger grid and adding
// the rows of new ks.
#include "bin/sweep/extend.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <tuple>

#include "bin/experiment/folders.h"
#include "bin/sweep/local_tables.h"
#include "bin/sweep/networks.h"
#include "bin/sweep/runs.h"
#include "bin/sweep/store.h"
#include "data/error.h"
#include "data/files.h"
#include "data/parallel.h"

namespace ricci {

namespace {

template <class T>
bool starts_with(const std::vector<T>& whole, const std::vector<T>& part) {
  return part.size() <= whole.size() && std::equal(part.begin(), part.end(), whole.begin());
}

// The rows of `table` grouped by their model index (the first column), in order.
std::map<std::size_t, std::vector<std::vector<std::string>>> rows_by_model(const Table& table, const std::string& what) {
  std::map<std::size_t, std::vector<std::vector<std::string>>> rows;
  for (const auto& row : table.rows) rows[parse_model_index(row[0], what)].push_back(row);
  return rows;
}

// What --extend may change of the sweep `held` in `now`: seeds, ks and run
// folders added after its own; usage errors naming `path` otherwise.
void check_extension(const SweepFile& held, const SweepConfig& now, const std::string& path) {
  const SweepConfig& old = held.config;
  SweepConfig same = old;  // `old` with what --extend may change taken from `now`
  same.seeds = now.seeds;
  same.ks = now.ks;
  same.k_fractions = now.k_fractions;
  same.runs = now.runs;
  same.run_ids = now.run_ids;
  if (sweep_config_json(same, Shard{}) != sweep_config_json(now, Shard{}))
    throw usage_error(path + ": --extend adds seeds, ks or run folders; the sweep's other settings must stay as "
                             "they are (see the file)");
  if (!starts_with(now.seeds, old.seeds) || !starts_with(now.ks, old.ks) || !starts_with(now.runs, old.runs))
    throw usage_error(path + ": --extend: give the sweep's own seeds, ks and run folders first, in their order, "
                             "then the new ones");
  if (held.shard.count > 1)
    throw usage_error(path + ": --extend renumbers the grid, which moves models between shards: extend the merged "
                             "sweep");
  if (old.k_auto) throw usage_error(path + ": --extend: the ks of a --k auto sweep depend on every model of its grid");
  if (has_ricci_flow_axis(old) || has_ricci_flow_axis(now))
    throw usage_error(path + ": --extend: a sweep with a --ricci-flow axis cannot be extended (its models are "
                             "numbered by lambda too); sweep anew");
  if (old.tracking.stop_when_stable && now.ks.size() > old.ks.size())
    throw usage_error(path + ": --extend: --stop-when-stable watches every k, so new ks change where training stops");
}

// The committed rows of the sweep, torn tails repaired and checked against
// its grid, by model.
struct CommittedRows {
  Table models;
  std::string models_path;
  std::map<std::size_t, std::vector<std::vector<std::string>>> layers, coefficients, local, tracking, weights;
  bool has_weights = false;  // weights.csv (absent in a sweep made before ricci kept its networks)
};

CommittedRows committed_rows(const SweepFile& held, const std::vector<GridPoint>& old_grid, const std::string& out) {
  const SweepConfig& old = held.config;
  const SweepLayout layout{old_grid, old.ks, old.include_output, held.shard};
  std::vector<RowFile> row_files{{"layers.csv", layers_header()}, {"coefficients.csv", coefficients_header()}};
  if (old.local) row_files.push_back({"local.csv", local_header()});
  const bool tracking = old.tracking.every > 0;
  if (tracking) row_files.push_back({"training_geometry.csv", tracking_header()});
  const bool has_weights = old.runs.empty() && file_exists(join_path(out, "weights.csv"));
  if (has_weights) row_files.push_back({"weights.csv", weights_header()});
  const std::vector<std::string> header = models_header(old.ks, has_ricci_flow_axis(old), attack_columns(old));
  const SweepStore repaired(out, read_file(join_path(out, "sweep.json")), header, row_files, true,
                            [&](const Table& models, const std::vector<Table>& rows) {
                              check_sweep_rows(models, rows[0], rows[1], layout, out);
                              if (old.local) check_local_rows(models, rows[2], old.ks, out);
                            });
  auto by_model = [&](const std::string& name) {
    return rows_by_model(read_csv_table(repaired.path(name)), repaired.path(name));
  };
  CommittedRows rows;
  rows.models_path = repaired.models_path();
  rows.models = read_csv_table(rows.models_path);
  rows.layers = by_model("layers.csv");
  rows.coefficients = by_model("coefficients.csv");
  if (old.local) rows.local = by_model("local.csv");
  if (tracking) rows.tracking = by_model("training_geometry.csv");
  rows.has_weights = has_weights;
  if (has_weights) rows.weights = by_model("weights.csv");
  return rows;
}

// The finished models (status ok) analysed again at the `added` ks, in
// parallel; outcomes by row of models.csv (empty for the others).
std::vector<ModelOutcome> analyse_at_added_ks(const CommittedRows& rows, const std::vector<std::size_t>& renumbered,
                                              const std::vector<GridPoint>& grid, const std::vector<int>& added,
                                              const ModelAnalysis& analyse, int threads, bool progress,
                                              const std::function<bool()>& interrupted) {
  const Table& models = rows.models;
  const std::size_t status = models.column("status", rows.models_path);
  std::vector<std::size_t> rerun;  // rows of models.csv whose model ran
  if (!added.empty())
    for (std::size_t r = 0; r < models.rows.size(); ++r)
      if (models.rows[r][status] == "ok") rerun.push_back(r);
  std::vector<ModelOutcome> outcomes(models.rows.size());
  const int workers = std::max(1, std::min<int>(threads, static_cast<int>(rerun.size())));
  std::atomic<std::size_t> done{0};
  parallel_for(rerun.size(), workers, [&](std::size_t i, int) {
    if (interrupted && interrupted()) return;
    const std::size_t r = rerun[i];
    const std::size_t index = renumbered[parse_model_index(models.rows[r][0], rows.models_path)];
    try {
      outcomes[r] = analyse(grid[index], added, std::max(1, threads / workers));
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Data) throw;
      throw data_error("--extend: model " + models.rows[r][0] + " ran before but fails now (" + e.what() +
                       "); the sweep is unchanged");
    }
    const std::size_t finished = ++done;
    if (progress) std::fprintf(stderr, "\rsweep: --extend: %zu/%zu models analysed at the new ks   ", finished, rerun.size());
  });
  if (progress && !rerun.empty()) std::fputc('\n', stderr);
  return outcomes;
}

// The saved network of model `old_index` as model `new_index`: its
// weights.csv row renumbered into `rows`, and its file's bytes, checked
// against the row, under the new name into `networks`.
void renumber_network(const CommittedRows& committed, std::size_t old_index, std::size_t new_index,
                      const std::string& out, Table& rows, std::vector<std::pair<std::string, std::string>>& networks) {
  const auto saved = committed.weights.find(old_index);
  if (saved == committed.weights.end()) return;
  for (std::vector<std::string> cells : saved->second) {
    const std::string path = join_path(out, cells[6]);
    const std::string bytes = read_file(path);
    if (cells[6] != network_file(old_index) || csv_integer(static_cast<std::int64_t>(bytes.size())) != cells[7] ||
        checksum_text(bytes) != cells[8])
      throw data_error(path + ": not the file weights.csv records (its size or checksum differs)");
    cells[0] = std::to_string(new_index);
    cells[6] = network_file(new_index);
    networks.emplace_back(cells[6], bytes);
    rows.rows.push_back(std::move(cells));
  }
}

}  // namespace

bool extend_sweep(const SweepFile& held, const SweepConfig& now, const std::vector<GridPoint>& grid,
                  const std::string& out, const ModelAnalysis& analyse, int threads, bool progress,
                  const std::function<bool()>& interrupted, std::size_t* models_held) {
  const std::string path = join_path(out, "sweep.json");
  const SweepConfig& old = held.config;
  if (sweep_config_json(old, held.shard) == sweep_config_json(now, held.shard)) return true;
  check_extension(held, now, path);
  const std::vector<GridPoint> old_grid = grid_of(old);
  const CommittedRows committed = committed_rows(held, old_grid, out);
  const Table& models = committed.models;
  const bool tracking = old.tracking.every > 0;

  // Each committed model's index in the new grid: the same run folder, or
  // the same data set, depth, width, seed and baseline.
  std::map<std::tuple<std::string, std::string, std::size_t, std::uint64_t, Baseline>, std::size_t> new_index;
  for (const GridPoint& p : grid) new_index[{p.dataset, p.width, p.depth, p.seed, p.baseline}] = p.index;
  std::vector<std::size_t> renumbered(old_grid.size());
  for (const GridPoint& p : old_grid)
    renumbered[p.index] = now.runs.empty() ? new_index.at({p.dataset, p.width, p.depth, p.seed, p.baseline}) : p.index;

  // The finished models run again at the new ks only.
  const std::vector<int> added(now.ks.begin() + static_cast<std::ptrdiff_t>(old.ks.size()), now.ks.end());
  if (models_held) *models_held = models.rows.size();
  const std::vector<ModelOutcome> outcomes =
      analyse_at_added_ks(committed, renumbered, grid, added, analyse, threads, progress, interrupted);
  if (interrupted && interrupted()) return false;  // nothing written: the sweep as it was

  // The new rows, in the new grid's order.
  std::vector<std::size_t> order(models.rows.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
  auto index_of = [&](std::size_t r) { return renumbered[parse_model_index(models.rows[r][0], committed.models_path)]; };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return index_of(a) < index_of(b); });
  Table new_models{models_header(now.ks, has_ricci_flow_axis(now), attack_columns(now)), {}}, new_layers{layers_header(), {}},
      new_coefficients{coefficients_header(), {}}, new_local{local_header(), {}}, new_tracking{tracking_header(), {}},
      new_weights{weights_header(), {}};
  std::vector<std::pair<std::string, std::string>> networks;  // new file, bytes: in memory until the set commits
  // The new ks' rho_k, p_k go after the old ks', before the protocol's columns.
  const std::size_t k_columns_end = models.column("well_trained", committed.models_path);
  const std::size_t status = models.column("status", committed.models_path);
  for (std::size_t r : order) {
    const std::size_t old_index = parse_model_index(models.rows[r][0], committed.models_path);
    const std::string index = std::to_string(renumbered[old_index]);
    const ModelKey key = model_key(grid[renumbered[old_index]]);
    std::vector<std::string> row = models.rows[r];
    row[0] = index;
    std::vector<std::string> k_cells;
    for (std::size_t j = 0; j < added.size(); ++j) {
      const bool ok = row[status] == "ok";
      k_cells.push_back(ok ? csv_number(outcomes[r].analysis.coefficients[j].pearson.r) : "");
      k_cells.push_back(ok ? csv_number(outcomes[r].analysis.coefficients[j].pearson.p_value) : "");
    }
    row.insert(row.begin() + static_cast<std::ptrdiff_t>(k_columns_end), k_cells.begin(), k_cells.end());
    new_models.rows.push_back(std::move(row));
    auto renumber = [&](const auto& rows_of, Table& into) {
      const auto it = rows_of.find(old_index);
      if (it == rows_of.end()) return;
      for (std::vector<std::string> cells : it->second) {
        cells[0] = index;
        into.rows.push_back(std::move(cells));
      }
    };
    renumber(committed.layers, new_layers);
    for (auto& cells : layer_rows(key, outcomes[r])) new_layers.rows.push_back(std::move(cells));
    renumber(committed.coefficients, new_coefficients);
    for (auto& cells : coefficient_rows(key, outcomes[r])) new_coefficients.rows.push_back(std::move(cells));
    if (now.local) {
      renumber(committed.local, new_local);
      for (auto& cells : local_rows(key, outcomes[r], now.local_unreachable)) new_local.rows.push_back(std::move(cells));
    }
    // A model trained again is tracked at all the ks, the old ones included.
    renumber_network(committed, old_index, renumbered[old_index], out, new_weights, networks);
    if (tracking && added.empty()) renumber(committed.tracking, new_tracking);
    else if (tracking) for (auto& cells : tracking_rows(key, outcomes[r])) new_tracking.rows.push_back(std::move(cells));
  }

  // Every file together, sweep.json last (see the header).
  OutputSet set(out);
  set.add("models.csv", csv_text(new_models));
  set.add("layers.csv", csv_text(new_layers));
  set.add("coefficients.csv", csv_text(new_coefficients));
  if (now.local) set.add("local.csv", csv_text(new_local));
  if (tracking) set.add("training_geometry.csv", csv_text(new_tracking));
  if (committed.has_weights) {
    set.add("weights.csv", csv_text(new_weights));
    // models/ is replaced whole (OutputSet's SUB/FILE) by the networks under their new names.
    for (const auto& [file, bytes] : networks) set.add(file, bytes);
  }
  set.add("sweep.json", sweep_config_json(now, held.shard));
  commit_owned(set, writable_record(out, FolderKind::Sweep));
  return true;
}

}  // namespace ricci
