// sweep_store.h — the result files of a sweep, appended so that a crash
// loses nothing and repeats nothing.
//
// A sweep directory holds sweep.json (the resolved configuration), models.csv
// (one row per finished model), layers.csv (its per-k, per-layer rows) and,
// when the sweep tracks the geometry during training, training_geometry.csv
// (its per-epoch, per-k rows). A model is committed by appending its
// layers.csv rows, then its training_geometry.csv rows, then its models.csv
// row, each in one write() followed by fsync(): the models.csv row is the
// commit mark. Opening with resume repairs what a kill can leave: a torn
// last line (no newline) is cut off, and layers.csv and training_geometry.csv
// rows of a model whose models.csv row never arrived are dropped. The completed models are
// then skipped, so a killed and resumed sweep ends with exactly the rows of
// an uninterrupted one.
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "data/io/table.h"

namespace ricci {

class SweepStore {
 public:
  // Checks the committed rows of models.csv and layers.csv (a data error
  // when they are wrong; check_sweep_rows in sweep_tables.h).
  using RowCheck = std::function<void(const Table& models, const Table& layers)>;

  // Opens `dir`, locked by the caller, for a sweep whose sweep.json is
  // `config_json`. Fresh (resume false): dir must not hold a sweep yet (a
  // usage error naming --resume otherwise); the marker, the files with their
  // headers and sweep.json are written together. Resume: the sweep.json
  // there must equal config_json (a usage error saying what differs
  // otherwise); torn tails are repaired and the committed rows checked
  // with `check_rows` before anything is written. A directory without
  // sweep.json is started fresh either way, unless its models.csv holds
  // models (a data error: its sweep.json was lost).
  // `tracking_header` is that of training_geometry.csv; empty: the sweep
  // does not track and has no such file.
  SweepStore(const std::string& dir, const std::string& config_json, const std::vector<std::string>& models_header,
             const std::vector<std::string>& layers_header, bool resume, const RowCheck& check_rows,
             const std::vector<std::string>& tracking_header = {});

  // Indices (the first column, "model") of the models already in models.csv.
  const std::set<std::size_t>& completed() const { return completed_; }

  // Commits one model: its layer rows, its tracking rows (when the sweep
  // tracks), then its model row.
  void append(std::size_t model, const std::vector<std::vector<std::string>>& layer_rows,
              const std::vector<std::string>& model_row,
              const std::vector<std::vector<std::string>>& tracking_rows = {});

  std::string models_path() const;
  std::string layers_path() const;
  std::string tracking_path() const;

 private:
  // The rows of a per-model file (layers.csv, training_geometry.csv) cut to
  // whole lines and to the committed models; rewritten when that changes it.
  Table repair_rows(const std::string& path, const std::vector<std::string>& header) const;

  std::string dir_;
  bool tracking_ = false;
  std::set<std::size_t> completed_;
};

// Appends `text` to the file in one write() and fsync()s it; on failure (a
// full disk) the file is cut back to its old length and a data error thrown.
void append_durably(const std::string& path, const std::string& text);

}  // namespace ricci
