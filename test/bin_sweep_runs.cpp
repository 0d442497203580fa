// bin_sweep_runs.cpp — `ricci sweep --runs`: run folders of `ricci train`
// give exactly the rows of the training sweep of the same grid (training is
// bit-reproducible), under --resume and merged shards too; folders of
// exported layer_<l>.npy with model.json give the same analysis with the
// metadata's numbers; bad metadata is one data error, before anything is
// written.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/table.h"
#include "test/sweep_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::run_shell;
using ricci_test::same_files;
using ricci_test::TempDir;

namespace {

// One data set, 2 widths (one a bottleneck) x 2 seeds, depth 4, with both
// baselines: 12 models.
const std::string kData = "circles:n=300,noise=0.1";
const std::string kGrid = " --datasets " + kData +
                          " --widths 6,8/4 --depths 4 --seeds 1,2 --epochs 8 --baselines untrained,shuffled-labels";
const std::string kAnalysis = " --k 5,12 --accuracy-threshold 0.6 --quiet";

// Trains the grid's models one by one with ricci train, in grid order
// (baseline, width, seed), into tmp/r0 .. r11; returns the folders.
std::string train_grid(const TempDir& tmp) {
  std::string folders;
  int i = 0;
  for (const char* baseline : {"", " --epochs 0", " --shuffle-labels"})
    for (const char* width : {"6", "8/4"})
      for (const char* seed : {"1", "2"}) {
        const std::string dir = tmp / ("r" + std::to_string(i++));
        const std::string epochs = std::string(baseline) == " --epochs 0" ? "" : " --epochs 8";
        REQUIRE(run_ricci(tmp, "train --data " + kData + " --width " + width + " --depth 4 --seed " + seed + epochs +
                                   baseline + " --quiet --out " + dir)
                    .exit_code == 0);
        folders += " " + dir;
      }
  return folders;
}


const std::vector<std::string> kResults = {"models.csv", "layers.csv",     "coefficients.csv", "groups.csv",
                                           "best_k.csv", "regression.csv", "null_tests.csv"};

// Writes dir/model.json.
void write_model_json(const std::string& dir, const std::string& fields) {
  write_file_atomically(join_path(dir, "model.json"), "{" + fields + "}\n");
}

}  // namespace

TEST_CASE("sweep --runs over ricci train's run folders equals the training sweep, resumed and merged too") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + kAnalysis + " --out " + (tmp / "trained")).exit_code == 0);
  const std::string runs = train_grid(tmp);
  REQUIRE(run_ricci(tmp, "sweep --runs" + runs + kAnalysis + " --threads 2 --out " + (tmp / "runs")).exit_code == 0);
  CHECK(same_files(tmp / "trained", tmp / "runs", kResults));
  CHECK(read_csv_table(tmp / "runs/models.csv").rows.size() == 12);

  // The same folders from a config file, relative to its folder.
  std::string listed;
  for (int i = 0; i < 12; ++i) listed += (i ? "; r" : "r") + std::to_string(i);
  write_file_atomically(tmp / "runs.ini", "[data]\nruns = " + listed + "\n[analysis]\nk = 5, 12\naccuracy_threshold = 0.6\n");
  REQUIRE(run_ricci(tmp, "sweep --quiet --config " + (tmp / "runs.ini") + " --out " + (tmp / "ini")).exit_code == 0);
  CHECK(same_files(tmp / "runs", tmp / "ini", {"sweep.json", "models.csv", "layers.csv", "groups.csv"}));

  // A sweep killed after 5 models and resumed.
  REQUIRE(run_shell("mkdir " + (tmp / "part") + " && cp " + (tmp / "runs/sweep.json") + " " + (tmp / "runs/.ricci-folder") +
                    " " + (tmp / "part")) == 0);
  const Table models = read_csv_table(tmp / "runs/models.csv");
  write_file_atomically(tmp / "part/models.csv", csv_text(Table{models.header, {models.rows.begin(), models.rows.begin() + 5}}));
  for (const char* file : {"layers.csv", "coefficients.csv"}) {
    const Table rows = read_csv_table(tmp / ("runs/" + std::string(file)));
    Table first{rows.header, {}};
    for (const auto& row : rows.rows)
      if (std::stoi(row[0]) < 5) first.rows.push_back(row);
    write_file_atomically(tmp / ("part/" + std::string(file)), csv_text(first));
  }
  const Run resumed = run_ricci(tmp, "sweep --runs" + runs + kAnalysis + " --resume --out " + (tmp / "part"));
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.out.find("12 models done (7 now, 5 already)") != std::string::npos);
  CHECK(same_files(tmp / "runs", tmp / "part", kResults));

  // Two shards merged.
  REQUIRE(run_ricci(tmp, "sweep --runs" + runs + kAnalysis + " --shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep --runs" + runs + kAnalysis + " --shard 1/2 --out " + (tmp / "s1")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "merge --quiet " + (tmp / "s1") + " " + (tmp / "s0") + " --out " + (tmp / "merged")).exit_code == 0);
  CHECK(same_files(tmp / "runs", tmp / "merged", {"sweep.json", "models.csv", "layers.csv", "coefficients.csv", "groups.csv"}));

  // Resumed with another list of folders, or with a data or training flag: refused.
  const Run other = run_ricci(tmp, "sweep --runs" + runs + " " + (tmp / "r0") + kAnalysis + " --resume --out " + (tmp / "part"));
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("given twice") != std::string::npos);
  const Run fewer = run_ricci(tmp, "sweep --runs " + (tmp / "r0") + kAnalysis + " --resume --out " + (tmp / "part"));
  CHECK(fewer.exit_code == 2);
  CHECK(fewer.err.find("another configuration") != std::string::npos);
  const Run epochs = run_ricci(tmp, "sweep --runs" + runs + kAnalysis + " --epochs 3 --out " + (tmp / "x"));
  CHECK(epochs.exit_code == 2);
  CHECK(epochs.err.find("--epochs: a sweep of --runs analyses models trained elsewhere") != std::string::npos);
  CHECK_FALSE(file_exists(tmp / "x"));
  // A run folder changed after the sweep (another model trained into it) is
  // no longer the network sweep.json records (its run_id): refused.
  REQUIRE(run_ricci(tmp, "train --data " + kData + " --width 7 --depth 4 --epochs 8 --quiet --out " + (tmp / "r0")).exit_code == 0);
  const Run changed = run_ricci(tmp, "sweep --runs" + runs + kAnalysis + " --resume --out " + (tmp / "part"));
  CHECK(changed.exit_code == 2);
  CHECK_MESSAGE(changed.err.find((tmp / "r0") + " is no longer the network this sweep analysed") != std::string::npos,
                changed.err);
}

TEST_CASE("sweep --runs over exported layer files with model.json") {
  TempDir tmp;
  // Two runs, the second untrained; exported as bare layer files.
  REQUIRE(run_ricci(tmp, "train --data " + kData + " --width 8/4 --depth 4 --seed 3 --epochs 8 --quiet --out " + (tmp / "a")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "train --data " + kData + " --width 8/4 --depth 4 --seed 3 --epochs 0 --quiet --out " + (tmp / "b")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep --runs " + (tmp / "a") + " " + (tmp / "b") + kAnalysis + " --out " + (tmp / "of_runs")).exit_code == 0);
  const Table of_runs = read_csv_table(tmp / "of_runs/models.csv");
  for (const char* run : {"a", "b"}) {
    const std::string dir = tmp / (std::string("x") + run);
    REQUIRE(run_shell("mkdir " + dir + " && cp " + (tmp / run) + "/layer_*.npy " + (tmp / run) + "/labels.npy " + dir) == 0);
    const Table& m = of_runs;
    const std::size_t row = run[0] == 'a' ? 0 : 1;
    write_model_json(dir, "\"dataset\": \"" + kData + "\", \"width\": \"8/4\", \"depth\": 4, \"seed\": 3, " +
                              "\"test_accuracy\": " + m.rows[row][m.column("test_accuracy", "")] +
                              ", \"train_accuracy\": " + m.rows[row][m.column("train_accuracy", "")] +
                              ", \"labels\": \"labels.npy\", \"baseline\": \"" + (row ? "untrained" : "none") + "\"");
  }
  REQUIRE(run_ricci(tmp, "sweep --runs " + (tmp / "xa") + " " + (tmp / "xb") + kAnalysis + " --out " + (tmp / "exported")).exit_code == 0);
  // The same rows but the losses and epochs, which model.json does not give.
  const Table exported = read_csv_table(tmp / "exported/models.csv");
  REQUIRE(exported.rows.size() == 2);
  for (std::size_t r = 0; r < 2; ++r)
    for (std::size_t c = 0; c < exported.header.size(); ++c) {
      const std::string& column = exported.header[c];
      CAPTURE(column);
      if (column == "train_loss" || column == "test_loss" || column == "epochs") CHECK(exported.rows[r][c].empty());
      else CHECK(exported.rows[r][c] == of_runs.rows[r][c]);
    }
  CHECK(same_files(tmp / "of_runs", tmp / "exported", {"layers.csv", "groups.csv", "null_tests.csv"}));

  // Layer files that do not fit model.json fail that model, with the reason.
  write_model_json(tmp / "xa", "\"dataset\": \"c\", \"width\": 8, \"depth\": 4, \"seed\": 3, \"test_accuracy\": 0.9");
  REQUIRE(run_ricci(tmp, "sweep --runs " + (tmp / "xa") + kAnalysis + " --out " + (tmp / "wide")).exit_code == 0);
  const Table wide = read_csv_table(tmp / "wide/models.csv");
  CHECK(wide.rows[0][wide.column("status", "")] ==
        (tmp / "xa") + "/layer_2.npy: 4 columns, but model.json's width 8 gives hidden layer 2 8");
}

TEST_CASE("sweep --runs: bad metadata is one data error naming the file and field, before anything is written") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "train --data " + kData + " --width 6 --depth 4 --epochs 2 --quiet --out " + (tmp / "run")).exit_code == 0);
  const std::string dir = tmp / "x";
  REQUIRE(run_shell("mkdir " + dir + " && cp " + (tmp / "run") + "/layer_*.npy " + dir) == 0);
  const std::string good = "\"dataset\": \"c\", \"width\": 6, \"depth\": 4, \"seed\": 1, \"test_accuracy\": 0.9";
  struct Case {
    std::string fields, message;
  };
  const std::vector<Case> cases = {
      {"\"width\": 6, \"depth\": 4, \"seed\": 1, \"test_accuracy\": 0.9", "model.json: missing field \"dataset\""},
      {good + ", \"colour\": 1", "model.json: unexpected field \"colour\""},
      {good + ", \"seed\": 2", "model.json: field \"seed\" given twice"},
      {"\"dataset\": \"c\", \"width\": 6, \"depth\": 4, \"seed\": 1, \"test_accuracy\": 1.5",
       "model.json: test_accuracy: expected a number from 0 to 1"},
      {"\"dataset\": \"c\", \"width\": 6, \"depth\": 4.5, \"seed\": 1, \"test_accuracy\": 0.9",
       "model.json: depth: expected a whole number from 1 to 10000"},
      {"\"dataset\": \"c\", \"width\": \"6/x\", \"depth\": 4, \"seed\": 1, \"test_accuracy\": 0.9",
       "model.json: width: expected W, W/B or a list of 4 widths, got '6/x'"},
      {"\"dataset\": \"c\", \"width\": \"6,6\", \"depth\": 4, \"seed\": 1, \"test_accuracy\": 0.9",
       "model.json: width: expected W, W/B or a list of 4 widths, got '6,6'"},
      {"\"dataset\": 5, \"width\": 6, \"depth\": 4, \"seed\": 1, \"test_accuracy\": 0.9",
       "model.json: dataset: expected a non-empty string"},
      {good + ", \"baseline\": \"random\"", "model.json: baseline: expected none, untrained or shuffled-labels, got 'random'"},
      {good + ", \"labels\": \"y.npy\"", "model.json: labels: " + dir + "/y.npy: no such file"},
      {good + ", \"output_layer\": true", "layer_5.npy: no such file (model.json gives depth 4 and an output layer"},
      {"\"dataset\": \"c\", \"width\": 6, \"depth\": 3, \"seed\": 1, \"test_accuracy\": 0.9",
       "layer_4.npy: not one of the model's layer files (model.json gives layer_0.npy to layer_3.npy)"},
      {"\"dataset\": \"c\", \"width\": 6, \"depth\": 5, \"seed\": 1, \"test_accuracy\": 0.9",
       "layer_5.npy: no such file (model.json gives depth 5: layer_0.npy, the inputs, to layer_5.npy)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.fields);
    write_model_json(dir, c.fields);
    const Run bad = run_ricci(tmp, "sweep --runs " + dir + kAnalysis + " --out " + (tmp / "out"));
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find(c.message) != std::string::npos);
    CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
    CHECK_FALSE(file_exists(tmp / "out"));
  }
  // Neither metadata file, both, a folder that is not there, k beyond the test set.
  REQUIRE(run_shell("rm " + dir + "/model.json") == 0);
  CHECK(run_ricci(tmp, "sweep --runs " + dir + kAnalysis + " --out " + (tmp / "out")).err.find(
            "neither metrics.json (a run of ricci train) nor model.json") != std::string::npos);
  write_model_json(tmp / "run", good);
  CHECK(run_ricci(tmp, "sweep --runs " + (tmp / "run") + kAnalysis + " --out " + (tmp / "out")).err.find(
            "holds both metrics.json") != std::string::npos);
  CHECK(run_ricci(tmp, "sweep --runs " + (tmp / "nothing") + kAnalysis + " --out " + (tmp / "out")).err.find(
            "nothing: no such folder") != std::string::npos);
  write_model_json(dir, good);
  const Run far = run_ricci(tmp, "sweep --runs " + dir + " --k 5,90 --quiet --out " + (tmp / "out"));
  CHECK(far.exit_code == 2);
  CHECK(far.err.find("k = 90 is out of range for " + dir + ": its test set has 90 points") != std::string::npos);
  CHECK_FALSE(file_exists(tmp / "out"));
}
