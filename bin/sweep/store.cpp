// store.cpp — crash-safe appends and their repair on resume.
#include "bin/sweep/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "bin/experiment/folders.h"
#include "bin/sweep/tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/io/table.h"

namespace ricci {

namespace {

// The text up to and including its last newline (a torn last line dropped).
std::string whole_lines(const std::string& text) {
  const std::size_t last = text.rfind('\n');
  return last == std::string::npos ? "" : text.substr(0, last + 1);
}

}  // namespace

void check_no_lost_sweep(const std::string& dir) {
  const std::string models = join_path(dir, "models.csv");
  const std::string held = file_exists(models) ? whole_lines(read_file(models)) : "";
  if (std::count(held.begin(), held.end(), '\n') > 1)  // a header and rows
    throw data_error(dir + ": models.csv holds models but there is no sweep.json; restore it, or choose "
                           "another --out");
}

std::string SweepStore::models_path() const { return join_path(dir_, "models.csv"); }
std::string SweepStore::path(const std::string& name) const { return join_path(dir_, name); }

SweepStore::SweepStore(const std::string& dir, const std::string& config_json,
                       const std::vector<std::string>& models_header, const std::vector<RowFile>& row_files,
                       bool resume, const RowCheck& check_rows)
    : dir_(dir), row_files_(row_files) {
  const std::string config_path = join_path(dir, "sweep.json");
  const bool exists = file_exists(config_path);
  if (exists && !resume)
    throw usage_error(dir + " already holds a sweep (sweep.json); continue it with --resume, or choose another --out");
  if (!exists) {
    check_no_lost_sweep(dir);
    // The files ricci appends rows to are recorded as its own (folders.h).
    OutputSet files(dir);
    std::vector<std::string> rows{"models.csv"};
    files.add("models.csv", csv_line(models_header));
    for (const RowFile& file : row_files) {
      files.add(file.name, csv_line(file.header));
      rows.push_back(file.name);
    }
    files.add("sweep.json", config_json);  // last: marks the sweep as started
    commit_owned(files, writable_record(dir, FolderKind::Sweep), rows);
    return;
  }
  if (read_file(config_path) != config_json)
    throw usage_error(config_path + ": this sweep was started with another configuration; resume it with the "
                                    "same options (see the file), or choose another --out");

  // Repair in memory (cut torn tails, keep only committed models' rows),
  // check what is left, then write it.
  const std::string models_text = read_file(models_path());
  const std::string models_whole = whole_lines(models_text);
  const Table models = parse_csv_table(models_whole.empty() ? csv_line(models_header) : models_whole, models_path());
  if (models.header != models_header) throw data_error(models_path() + ": unexpected header");
  for (const auto& row : models.rows) completed_.insert(parse_model_index(row[0], models_path()));

  std::vector<Table> kept;
  std::vector<std::string> full;  // each row file as it is on disk
  for (const RowFile& file : row_files) {
    const std::string where = path(file.name);
    full.push_back(file_exists(where) ? read_file(where) : "");
    const std::string text = whole_lines(full.back());
    Table rows = text.empty() ? Table{file.header, {}} : parse_csv_table(text, where);
    if (rows.header != file.header) throw data_error(where + ": unexpected header");
    kept.push_back(Table{file.header, {}});
    for (auto& row : rows.rows)
      if (completed_.count(parse_model_index(row[0], where))) kept.back().rows.push_back(std::move(row));
  }
  if (check_rows) check_rows(models, kept);

  // A row file the sweep's record lacks (absent, or the user's) is recorded
  // before it is written; one in the way is refused (folders.h).
  FolderRecord record = writable_record(dir, FolderKind::Sweep);
  std::vector<std::string> rows{"models.csv"};
  for (const RowFile& file : row_files) rows.push_back(file.name);
  record_rows(dir, record, rows);

  if (models_whole.empty()) write_file_atomically(models_path(), csv_line(models_header));
  else if (models_whole != models_text) write_file_atomically(models_path(), models_whole);
  for (std::size_t f = 0; f < row_files.size(); ++f) {
    const std::string repaired = csv_text(kept[f]);
    if (repaired != full[f]) write_file_atomically(path(row_files[f].name), repaired);
  }
}

void SweepStore::append(std::size_t model, const std::vector<std::vector<std::vector<std::string>>>& rows,
                        const std::vector<std::string>& model_row) {
  for (std::size_t f = 0; f < row_files_.size() && f < rows.size(); ++f) {
    std::string block;
    for (const auto& row : rows[f]) block += csv_line(row);
    append_durably(path(row_files_[f].name), block);
  }
  append_durably(models_path(), csv_line(model_row));
  completed_.insert(model);
}

const std::vector<std::string>& sweep_file_names() {
  static const std::vector<std::string> names = {
      "sweep.json",     "models.csv",  "layers.csv",     "coefficients.csv", "local.csv",     "training_geometry.csv",
      "groups.csv",     "best_k.csv",  "regression.csv", "null_tests.csv",   "held_out.csv",  "local_groups.csv",
      "weights.csv",    "ricci_flow.csv", "early.csv"};
  return names;
}

const std::vector<std::string>& sweep_row_file_names() {
  static const std::vector<std::string> names = {"models.csv", "layers.csv", "coefficients.csv", "local.csv",
                                                 "training_geometry.csv", "weights.csv"};
  return names;
}

}  // namespace ricci
