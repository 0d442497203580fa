// bin_experiment_tracking.cpp — `ricci train --track-every`: the tracked epochs, the
// last one equal to `ricci analyze` of the run, the same network and bytes
// as an untracked run, and the two stopping rules end to end.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/json.h"
#include "data/io/table.h"
#include "flow/stability.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

const std::string kTrain = "train --data circles:n=400 --width 8 --depth 4 --quiet ";

// The column `name` of a table.
std::vector<std::string> column(const Table& table, const std::string& name) {
  const std::size_t c = table.column(name, "table");
  std::vector<std::string> cells;
  for (const auto& row : table.rows) cells.push_back(row[c]);
  return cells;
}

// The rows of `table` whose column `name` is `value`, without that column.
std::vector<std::vector<std::string>> rows_where(const Table& table, const std::string& name, const std::string& value) {
  const std::size_t c = table.column(name, "table");
  std::vector<std::vector<std::string>> rows;
  for (std::vector<std::string> row : table.rows)
    if (row[c] == value) {
      row.erase(row.begin() + static_cast<std::ptrdiff_t>(c));
      rows.push_back(row);
    }
  return rows;
}

// A member of metrics.json.
JsonValue metric(const std::string& dir, const std::string& key) {
  const std::string path = join_path(dir, "metrics.json");
  return parse_json(read_file(path), path).at(key, path);
}

}  // namespace

TEST_CASE("--track-every 5 over 20 epochs: rows at 0, 5, 10, 15, 20, the last equal to ricci analyze") {
  TempDir tmp;
  const Run run = run_ricci(tmp, kTrain + "--epochs 20 --track-every 5 --k 12,20 --local --out " + (tmp / "run"));
  REQUIRE(run.exit_code == 0);
  const Table geometry = read_csv_table(tmp / "run/training_geometry.csv");
  CHECK(geometry.header == std::vector<std::string>{"epoch", "k", "train_loss", "train_accuracy", "test_loss",
                                                    "test_accuracy", "rho", "validation_loss", "validation_accuracy",
                                                    "mean_layer_rho", "mean_local_rho"});
  CHECK(column(geometry, "epoch") == std::vector<std::string>{"0", "0", "5", "5", "10", "10", "15", "15", "20", "20"});
  CHECK(column(geometry, "k") == std::vector<std::string>{"12", "20", "12", "20", "12", "20", "12", "20", "12", "20"});
  CHECK(column(geometry, "validation_loss") == std::vector<std::string>(10, ""));

  // The last epoch is the saved run: ricci analyze of it gives the same
  // rho, the same layers.csv rows and the same local coefficients.
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 12,20 --local --quiet --out " + (tmp / "analysis")).exit_code == 0);
  const Table coefficients = read_csv_table(tmp / "analysis/coefficients.csv");
  const std::vector<std::vector<std::string>> last = rows_where(geometry, "epoch", "20");
  REQUIRE(last.size() == 2);
  CHECK(last[0][5] == coefficients.rows[0][1]);  // rho at k = 12, as written
  CHECK(last[1][5] == coefficients.rows[1][1]);
  CHECK(!coefficients.rows[0][1].empty());
  const Table layers = read_csv_table(tmp / "analysis/layers.csv");
  const Table tracked_layers = read_csv_table(tmp / "run/training_layers.csv");
  CHECK(tracked_layers.header.front() == "epoch");
  CHECK(rows_where(tracked_layers, "epoch", "20") == layers.rows);
  CHECK(rows_where(tracked_layers, "epoch", "0").size() == 10);  // 2 ks x layers 0..4
  // The mean layer and local coefficients, from analyze's own tables.
  const Table layer_rho = read_csv_table(tmp / "analysis/layer_coefficients.csv");
  const Table local_rho = read_csv_table(tmp / "analysis/local_coefficients.csv");
  // (In `last`, without its epoch column: mean_layer_rho is cell 8, mean_local_rho 9.)
  for (const auto& [table, cell] : {std::pair{&layer_rho, 8}, std::pair{&local_rho, 9}}) {
    double sum = 0;
    int count = 0;
    for (const auto& row : table->rows)
      if (row[0] == "12" && !row[2].empty()) {
        sum += std::stod(row[2]);
        ++count;
      }
    REQUIRE(count > 0);
    CHECK(std::stod(last[0][static_cast<std::size_t>(cell)]) == doctest::Approx(sum / count).epsilon(1e-12));
  }
  // The losses and accuracies of the last row are metrics.json's.
  CHECK(std::stod(last[0][4]) == metric(tmp / "run", "test_accuracy").number);
  CHECK(std::stod(last[0][1]) == metric(tmp / "run", "train_loss").number);
}

TEST_CASE("a tracked run saves the same network and files as an untracked one") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, kTrain + "--epochs 12 --validation-fraction 0.2 --out " + (tmp / "plain")).exit_code == 0);
  REQUIRE(run_ricci(tmp, kTrain + "--epochs 12 --validation-fraction 0.2 --track-every 5 --k 7 --curvature "
                         "augmented-forman --threads 2 --out " + (tmp / "tracked")).exit_code == 0);
  for (const char* file : {"model.bin", "labels.npy", "layer_0.npy", "layer_1.npy", "layer_2.npy", "layer_3.npy",
                           "layer_4.npy"})
    CHECK(read_file(tmp / ("plain/" + std::string(file))) == read_file(tmp / ("tracked/" + std::string(file))));
  CHECK(metric(tmp / "plain", "run_id").string == metric(tmp / "tracked", "run_id").string);
  // 12 is not a multiple of 5: the last epoch is tracked too; the
  // validation part's loss from epoch 5 on.
  const Table geometry = read_csv_table(tmp / "tracked/training_geometry.csv");
  CHECK(column(geometry, "epoch") == std::vector<std::string>{"0", "5", "10", "12"});
  const std::vector<std::string> validation = column(geometry, "validation_loss");
  CHECK(validation[0].empty());
  CHECK(std::stod(validation[3]) == metric(tmp / "tracked", "history").at("val_loss", "").items[11].number);
}

TEST_CASE("--patience stops P epochs past the best validation loss and keeps the last epoch's weights") {
  TempDir tmp;
  const std::string options = "--optimizer sgd --lr 0.5 --validation-fraction 0.3 ";
  REQUIRE(run_ricci(tmp, kTrain + options + "--epochs 300 --patience 2 --out " + (tmp / "patient")).exit_code == 0);
  CHECK(metric(tmp / "patient", "out_of_patience").boolean);
  const std::int64_t epochs = static_cast<std::int64_t>(metric(tmp / "patient", "epochs").number);
  REQUIRE(epochs < 300);
  // The best validation loss lies exactly 2 epochs before the last.
  const JsonValue history = metric(tmp / "patient", "history");
  const std::vector<JsonValue>& losses = history.at("val_loss", "").items;
  REQUIRE(losses.size() == static_cast<std::size_t>(epochs));
  std::size_t best = 0;
  for (std::size_t e = 1; e < losses.size(); ++e)
    if (losses[e].number < losses[best].number) best = e;
  CHECK(losses.size() - (best + 1) == 2);
  // The saved network is that of a run of exactly that many epochs.
  REQUIRE(run_ricci(tmp, kTrain + options + "--epochs " + std::to_string(epochs) + " --out " + (tmp / "fixed")).exit_code == 0);
  CHECK(read_file(tmp / "patient/model.bin") == read_file(tmp / "fixed/model.bin"));
}

TEST_CASE("--stop-when-stable stops at the first tracked epoch where the rule holds") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, kTrain + "--epochs 200 --track-every 2 --k 6,10 --within-components --stop-when-stable "
                         "--stable-window 2 --stable-tolerance 0.2 --out " + (tmp / "stable")).exit_code == 0);
  CHECK(metric(tmp / "stable", "stopped_when_stable").boolean);
  const Table geometry = read_csv_table(tmp / "stable/training_geometry.csv");
  std::vector<std::vector<double>> rho(2);
  for (const auto& row : geometry.rows) rho[row[1] == "6" ? 0 : 1].push_back(row[6].empty() ? NAN : std::stod(row[6]));
  const std::size_t position = stable_stop_position(rho, StabilityRule{2, 0.2});
  REQUIRE(position != SIZE_MAX);
  CHECK(position + 1 == rho[0].size());  // the rule stopped at the first epoch it held
  const std::int64_t epochs = static_cast<std::int64_t>(metric(tmp / "stable", "epochs").number);
  CHECK(epochs == static_cast<std::int64_t>(2 * position));
  REQUIRE(run_ricci(tmp, kTrain + "--epochs " + std::to_string(epochs) + " --out " + (tmp / "fixed")).exit_code == 0);
  CHECK(read_file(tmp / "stable/model.bin") == read_file(tmp / "fixed/model.bin"));
}

TEST_CASE("--epochs 0 --track-every: the one row is the network at initialisation, as analyze sees it") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, kTrain + "--epochs 0 --track-every 3 --k 15 --out " + (tmp / "init")).exit_code == 0);
  const Table geometry = read_csv_table(tmp / "init/training_geometry.csv");
  REQUIRE(geometry.rows.size() == 1);
  CHECK(geometry.rows[0][0] == "0");
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "init") + " --k 15 --quiet --out " + (tmp / "analysis")).exit_code == 0);
  CHECK(geometry.rows[0][6] == read_csv_table(tmp / "analysis/coefficients.csv").rows[0][1]);
  CHECK(rows_where(read_csv_table(tmp / "init/training_layers.csv"), "epoch", "0") ==
        read_csv_table(tmp / "analysis/layers.csv").rows);
}

TEST_CASE("tracking and stopping options that do not combine are usage errors, and nothing is written") {
  TempDir tmp;
  for (const char* args : {"--k 5", "--local", "--curvature ollivier", "--stop-when-stable",
                           "--track-every 5 --stable-window 3", "--patience 3", "--track-every 0",
                           "--track-every 5 --graph radius:0.5 --k 5", "--track-every 5 --k 500"}) {
    CAPTURE(args);
    const Run run = run_ricci(tmp, kTrain + "--epochs 3 " + args + " --out " + (tmp / "bad"));
    CHECK(run.exit_code == 2);
    CHECK(run.err.rfind("ricci: error: ", 0) == 0);
    CHECK(!file_exists(tmp / "bad/metrics.json"));
  }
  // A sweep cannot stop on rho at ks that --k auto finds only by training in full.
  const Run automatic = run_ricci(tmp, "sweep --k auto --track-every 2 --stop-when-stable --quiet --out " + (tmp / "s"));
  CHECK(automatic.exit_code == 2);
  CHECK(automatic.err.find("--stop-when-stable watches rho at the sweep's ks") != std::string::npos);
}
