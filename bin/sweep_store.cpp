// sweep_store.cpp — crash-safe appends and their repair on resume.
#include "bin/sweep_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "bin/folders.h"
#include "bin/sweep_tables.h"
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

void append_durably(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw data_error(path + ": cannot append: " + std::strerror(errno));
  struct stat before;
  if (::fstat(fd, &before) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    throw data_error(path + ": cannot append: " + why);
  }
  try {
    write_and_close(fd, text, path);
  } catch (const Error&) {
    // A full disk may have taken part of the text: cut it off again, so
    // that the file ends with the last committed row.
    if (::truncate(path.c_str(), before.st_size) != 0) {
    }
    throw;
  }
}

std::string SweepStore::models_path() const { return join_path(dir_, "models.csv"); }
std::string SweepStore::layers_path() const { return join_path(dir_, "layers.csv"); }
std::string SweepStore::tracking_path() const { return join_path(dir_, "training_geometry.csv"); }

Table SweepStore::repair_rows(const std::string& path, const std::vector<std::string>& header) const {
  const std::string full = file_exists(path) ? read_file(path) : "";
  const std::string text = whole_lines(full);
  Table rows = text.empty() ? Table{header, {}} : parse_csv_table(text, path);
  if (rows.header != header) throw data_error(path + ": unexpected header");
  Table kept{header, {}};
  for (auto& row : rows.rows)
    if (completed_.count(parse_model_index(row[0], path))) kept.rows.push_back(std::move(row));
  return kept;
}

SweepStore::SweepStore(const std::string& dir, const std::string& config_json,
                       const std::vector<std::string>& models_header, const std::vector<std::string>& layers_header,
                       bool resume, const RowCheck& check_rows, const std::vector<std::string>& tracking_header)
    : dir_(dir), tracking_(!tracking_header.empty()) {
  const std::string config_path = join_path(dir, "sweep.json");
  const bool exists = file_exists(config_path);
  if (exists && !resume)
    throw usage_error(dir + " already holds a sweep (sweep.json); continue it with --resume, or choose another --out");
  if (!exists) {
    const std::string held = file_exists(models_path()) ? whole_lines(read_file(models_path())) : "";
    if (std::count(held.begin(), held.end(), '\n') > 1)  // a header and rows
      throw data_error(dir + ": models.csv holds models but there is no sweep.json; restore it, or choose "
                             "another --out");
    OutputSet files(dir);
    mark_folder(files, FolderKind::Sweep);
    files.add("models.csv", csv_line(models_header));
    files.add("layers.csv", csv_line(layers_header));
    if (tracking_) files.add("training_geometry.csv", csv_line(tracking_header));
    files.add("sweep.json", config_json);  // last: marks the sweep as started
    files.commit();
    return;
  }
  if (read_file(config_path) != config_json)
    throw usage_error(config_path + ": this sweep was started with another configuration; resume it with the "
                                    "same options (see the file), or choose another --out");

  // Repair in memory (cut torn tails, keep only committed models' layer
  // rows), check what is left, then write it.
  const std::string models_text = read_file(models_path());
  const std::string models_whole = whole_lines(models_text);
  const Table models = parse_csv_table(models_whole.empty() ? csv_line(models_header) : models_whole, models_path());
  if (models.header != models_header) throw data_error(models_path() + ": unexpected header");
  for (const auto& row : models.rows) completed_.insert(parse_model_index(row[0], models_path()));

  const Table kept = repair_rows(layers_path(), layers_header);
  if (check_rows) check_rows(models, kept);
  const Table tracked = tracking_ ? repair_rows(tracking_path(), tracking_header) : Table{};

  if (models_whole.empty()) write_file_atomically(models_path(), csv_line(models_header));
  else if (models_whole != models_text) write_file_atomically(models_path(), models_whole);
  const std::string repaired = csv_text(kept);
  if (!file_exists(layers_path()) || repaired != read_file(layers_path())) write_file_atomically(layers_path(), repaired);
  if (tracking_) {
    const std::string tracked_text = csv_text(tracked);
    if (!file_exists(tracking_path()) || tracked_text != read_file(tracking_path()))
      write_file_atomically(tracking_path(), tracked_text);
  }
}

void SweepStore::append(std::size_t model, const std::vector<std::vector<std::string>>& layer_rows,
                        const std::vector<std::string>& model_row,
                        const std::vector<std::vector<std::string>>& tracking_rows) {
  std::string block;
  for (const auto& row : layer_rows) block += csv_line(row);
  append_durably(layers_path(), block);
  if (tracking_) {
    std::string tracked;
    for (const auto& row : tracking_rows) tracked += csv_line(row);
    append_durably(tracking_path(), tracked);
  }
  append_durably(models_path(), csv_line(model_row));
  completed_.insert(model);
}

}  // namespace ricci
