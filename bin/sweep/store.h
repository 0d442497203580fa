// store.h — the result files of a sweep, appended so that a crash
// loses nothing and repeats nothing.
//
// A sweep directory holds sweep.json (the resolved configuration), models.csv
// (one row per finished model) and its row files: layers.csv (per k and
// layer), coefficients.csv (per k), with --local local.csv (per k) and,
// when the sweep tracks the geometry during training, training_geometry.csv
// (per epoch and k).
// A model is committed by appending
// its rows to each row file and then its models.csv row, each in one
// write() followed by fsync(): the models.csv row is the commit mark.
// Opening with resume repairs what a kill can leave: a torn last line (no
// newline) is cut off, and rows of a model whose models.csv row never
// arrived are dropped. The completed models are then skipped, so a killed
// and resumed sweep ends with exactly the rows of an uninterrupted one.
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "data/io/table.h"

namespace ricci {

// A file of rows committed with each model before its models.csv row, the
// model index in its first column.
struct RowFile {
  std::string name;  // e.g. "layers.csv"
  std::vector<std::string> header;
};

class SweepStore {
 public:
  // Checks the committed rows of models.csv and of the row files, in the
  // order of the row files (a data error when they are wrong;
  // check_sweep_rows in tables.h).
  using RowCheck = std::function<void(const Table& models, const std::vector<Table>& rows)>;

  // Opens `dir`, locked by the caller, for a sweep whose sweep.json is
  // `config_json`. Fresh (resume false): dir must not hold a sweep yet (a
  // usage error naming --resume otherwise); the marker, the files with their
  // headers and sweep.json are written together. Resume: the sweep.json
  // there must equal config_json (a usage error saying what differs
  // otherwise); torn tails are repaired and the committed rows checked
  // with `check_rows` before anything is written (a row file that is
  // missing, as in a sweep made before it existed, holds no rows). A
  // directory without sweep.json is started fresh either way, unless its
  // models.csv holds models (a data error: its sweep.json was lost).
  SweepStore(const std::string& dir, const std::string& config_json, const std::vector<std::string>& models_header,
             const std::vector<RowFile>& row_files, bool resume, const RowCheck& check_rows);

  // Indices (the first column, "model") of the models already in models.csv.
  const std::set<std::size_t>& completed() const { return completed_; }

  // Commits one model: its rows of each row file (in their order), then
  // its model row.
  void append(std::size_t model, const std::vector<std::vector<std::vector<std::string>>>& rows,
              const std::vector<std::string>& model_row);

  std::string models_path() const;
  // The path of a row file, by name.
  std::string path(const std::string& name) const;

 private:
  std::string dir_;
  std::vector<RowFile> row_files_;
  std::set<std::size_t> completed_;
};

// Every file a sweep, extend or merge writes into a sweep folder
// (report's are summary.md and figures/): each must be absent there, or
// proven ricci's by the folder's record (bin/experiment/folders.h).
const std::vector<std::string>& sweep_file_names();
// Those of them a sweep appends its rows to (recorded by name).
const std::vector<std::string>& sweep_row_file_names();

// A data error when `dir` has no sweep.json but its models.csv holds
// models: its sweep.json was lost, and the sweep is not started afresh.
void check_no_lost_sweep(const std::string& dir);

}  // namespace ricci
