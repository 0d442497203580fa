// bin_sweep_tracking.cpp — sweeps with --track-every: every model's tracked
// rows committed with it, the last equal to its analysis; the same bytes
// after a kill and --resume, after a torn write and from merged shards; a
// config file; and the report's section on the geometry during training.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

#include "data/files.h"
#include "data/io/table.h"
#include "test/sweep_support.h"
#include "test/xml_check.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

// 2 widths x 2 depths x 2 seeds = 8 trained models, and their 8 untrained twins.
const std::string kShape = " --datasets circles:n=300,noise=0.1 --widths 6,12 --depths 4,5 --seeds 1,2 --k 5,12 "
                           "--baselines untrained --validation-fraction 0.2 --track-every 2 --quiet";
const std::string kGrid = kShape + " --epochs 8";

bool same_files(const std::string& a, const std::string& b) {
  return ricci_test::same_files(a, b, {"sweep.json", "models.csv", "layers.csv", "training_geometry.csv", "groups.csv"});
}

std::size_t data_rows(const std::string& path) {
  if (!file_exists(path)) return 0;
  const std::string text = read_file(path);
  return static_cast<std::size_t>(std::max<long>(0, std::count(text.begin(), text.end(), '\n') - 1));
}

}  // namespace

TEST_CASE("sweep --track-every: every model's tracked epochs, the last equal to its models.csv rho") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "s")).exit_code == 0);
  const Table tracked = read_csv_table(tmp / "s/training_geometry.csv");
  const Table models = read_csv_table(tmp / "s/models.csv");
  CHECK(tracked.header.front() == "model");
  CHECK(tracked.header[6] == "epoch");
  REQUIRE(models.rows.size() == 16);
  const std::size_t rho5 = models.column("rho_k5", "models.csv"), rho12 = models.column("rho_k12", "models.csv");
  for (const auto& model : models.rows) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : tracked.rows)
      if (row[0] == model[0]) rows.push_back(row);
    CAPTURE(model[0]);
    // Trained: epochs 0, 2, 4, 6, 8 at k = 5 and 12; untrained: epoch 0.
    const bool trained = model[5] == "none";
    REQUIRE(rows.size() == (trained ? 10u : 2u));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      CHECK(rows[r][6] == std::to_string(2 * (r / 2)));
      CHECK(rows[r][7] == (r % 2 == 0 ? "5" : "12"));
    }
    CHECK(rows[rows.size() - 2][12] == model[rho5]);
    CHECK(rows.back()[12] == model[rho12]);
    CHECK(rows.back()[13].empty() == !trained);  // the validation loss, from epoch 2 on
  }
}

TEST_CASE("sweep --track-every: killed and resumed, torn and repaired, sharded and merged: the same bytes") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "whole")).exit_code == 0);

  // A torn tracking line and rows of an uncommitted model are repaired.
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "torn")).exit_code == 0);
  const Table models = read_csv_table(tmp / "torn/models.csv");
  const Table layers = read_csv_table(tmp / "torn/layers.csv");
  const Table tracked = read_csv_table(tmp / "torn/training_geometry.csv");
  Table kept_models{models.header, {models.rows.begin(), models.rows.begin() + 5}};
  Table kept_layers{layers.header, {}}, kept_tracked{tracked.header, {}};
  for (const auto& row : layers.rows)
    if (std::stoi(row[0]) <= 4) kept_layers.rows.push_back(row);
  for (const auto& row : tracked.rows)
    if (std::stoi(row[0]) <= 5) kept_tracked.rows.push_back(row);
  write_file_atomically(tmp / "torn/models.csv", csv_text(kept_models));
  write_file_atomically(tmp / "torn/layers.csv", csv_text(kept_layers));
  write_file_atomically(tmp / "torn/training_geometry.csv", csv_text(kept_tracked) + "6,circ");
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --resume --out " + (tmp / "torn")).exit_code == 0);
  CHECK(same_files(tmp / "torn", tmp / "whole"));

  // Two shards merged.
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --shard 1/2 --out " + (tmp / "s1")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "merge " + (tmp / "s1") + " " + (tmp / "s0") + " --out " + (tmp / "merged")).exit_code == 0);
  CHECK(same_files(tmp / "merged", tmp / "whole"));

  // SIGKILL part-way (more epochs, so that the kill lands mid-way), then --resume.
  const std::string slow = kShape + " --epochs 40";
  REQUIRE(run_ricci(tmp, "sweep" + slow + " --out " + (tmp / "slow-whole")).exit_code == 0);
  const std::string start = std::string(RICCI_BINARY) + " sweep" + slow + " --out " + (tmp / "killed") +
                            " > /dev/null 2>&1 & echo $! > " + (tmp / "pid");
  REQUIRE(std::system(start.c_str()) == 0);
  for (int i = 0; i < 4000 && data_rows(tmp / "killed/models.csv") < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const pid_t pid = static_cast<pid_t>(std::stol(read_file(tmp / "pid")));
  ::kill(pid, SIGKILL);
  for (int i = 0; i < 500 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  MESSAGE("killed after " << data_rows(tmp / "killed/models.csv") << " of 16 models");
  REQUIRE(run_ricci(tmp, "sweep" + slow + " --resume --out " + (tmp / "killed")).exit_code == 0);
  CHECK(same_files(tmp / "killed", tmp / "slow-whole"));
}

TEST_CASE("sweep tracking from a config file, and the report's section on the geometry during training") {
  TempDir tmp;
  write_file_atomically(tmp / "grid.ini", "[data]\ndatasets = circles:n=300,noise=0.1\n[model]\nwidths = 6\n"
                                          "depths = 4\nseeds = 1,2,3\n[training]\nepochs = 8\n"
                                          "validation_fraction = 0.2\npatience = 2\ntrack_every = 1\n"
                                          "stable_window = 2\n[analysis]\nk = 5,12\n");
  // stable_window without stop_when_stable is refused, as the flag is.
  const Run refused = run_ricci(tmp, "sweep --config " + (tmp / "grid.ini") + " --quiet --out " + (tmp / "bad"));
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--stable-window and --stable-tolerance apply to --stop-when-stable") != std::string::npos);
  REQUIRE(run_ricci(tmp, "sweep --config " + (tmp / "grid.ini") + " --stop-when-stable --quiet --out " +
                         (tmp / "s")).exit_code == 0);
  const std::string json = read_file(tmp / "s/sweep.json");
  for (const char* field : {"\"patience\": 2", "\"track_every\": 1", "\"stop_when_stable\": true", "\"stable_window\": 2"})
    CHECK(json.find(field) != std::string::npos);
  REQUIRE(run_ricci(tmp, "report " + (tmp / "s")).exit_code == 0);
  const std::string summary = read_file(tmp / "s/summary.md");
  const std::size_t section = summary.find("## Geometry during training");
  REQUIRE(section != std::string::npos);
  CHECK(summary.find("| `circles:n=300,noise=0.1` | 6 | 4 | 3 | ", section) != std::string::npos);
  for (const char* figure : {"rho_vs_epoch_1_k5.svg", "rho_vs_epoch_1_k12.svg"}) {
    CAPTURE(figure);
    CHECK(summary.find(figure) != std::string::npos);
    CHECK(ricci_test::check_xml(read_file(tmp / ("s/figures/" + std::string(figure)))).error.empty());
  }
}
