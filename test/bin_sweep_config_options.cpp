// bin_sweep_config_options.cpp — the sweep's k grid given as fractions of the test
// set or found (--k auto), its tie rule and input transition, a separate
// test set, and a config's paths taken relative to the config file.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/json.h"
#include "data/io/table.h"
#include "data/sets/spec.h"
#include "test/sweep_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

const std::string kSmall = " --datasets circles:n=300,noise=0.05 --widths 8 --depths 4 --seeds 1,2 --epochs 6 --quiet";

std::vector<int> sweep_ks(const std::string& dir) {
  const JsonValue json = parse_json(read_file(join_path(dir, "sweep.json")), "sweep.json");
  std::vector<int> ks;
  for (const JsonValue& k : json.at("analysis", "").at("k", "").items) ks.push_back(static_cast<int>(k.number));
  return ks;
}

// Writes a data set as a CSV file of label, features rows.
void write_csv(const std::string& path, const Dataset& data) {
  std::string text;
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    text += std::to_string(data.labels[i]);
    for (std::size_t j = 0; j < data.features.cols(); ++j) text += "," + std::to_string(data.features(i, j));
    text += "\n";
  }
  write_file_atomically(path, text);
}

}  // namespace

TEST_CASE("sweep --k-frac: k as fractions of the test set, after --k") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kSmall + " --k 5 --k-frac 0.1,0.2 --out " + (tmp / "s")).exit_code == 0);
  CHECK(sweep_ks(tmp / "s") == std::vector<int>{5, 9, 18});  // 90 test points
  CHECK(read_csv_table(tmp / "s/models.csv").column("rho_k18", "") > 0);
  // Fractions need one test set size.
  ricci_test::check_failure(tmp, {"sweep --datasets 'circles:n=300;spirals:n=200' --k-frac 0.1 --out " + (tmp / "x"), 2,
                                  "--k-frac: the data sets' test sets differ in size"});
  ricci_test::check_failure(tmp, {"sweep" + kSmall + " --k 9 --k-frac 0.1 --out " + (tmp / "x"), 2,
                                  "--k-frac: k = 9 given twice"});
}

TEST_CASE("sweep --k auto: from the smallest k that connects every layer of every model to 0.2 n") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kSmall + " --k auto --out " + (tmp / "auto")).exit_code == 0);
  const std::vector<int> ks = sweep_ks(tmp / "auto");
  REQUIRE(!ks.empty());
  CHECK(ks.back() >= 18);  // 0.2 of 90 test points
  for (std::size_t i = 1; i < ks.size(); ++i) CHECK(ks[i] == std::max(ks[i - 1] + 1, int(std::lround(1.5 * ks[i - 1]))));
  // At the first k every layer of every model is connected; one k less, some is not.
  const Table layers = read_csv_table(tmp / "auto/layers.csv");
  const std::size_t k_column = layers.column("k", ""), components = layers.column("components", "");
  for (const auto& row : layers.rows)
    if (row[k_column] == std::to_string(ks[0])) CHECK(row[components] == "1");
  if (ks[0] > 1) {
    REQUIRE(run_ricci(tmp, "sweep" + kSmall + " --k " + std::to_string(ks[0] - 1) + " --out " + (tmp / "below"))
                .exit_code == 0);
    bool disconnected = false;
    for (const auto& row : read_csv_table(tmp / "below/layers.csv").rows) disconnected |= row[components] != "1";
    CHECK(disconnected);
  }
  // Resuming keeps the k it found, without searching again.
  const Run resumed = run_ricci(tmp, "sweep" + kSmall + " --k auto --resume --out " + (tmp / "auto"));
  CHECK(resumed.exit_code == 0);
  CHECK(resumed.out.find("(0 now, 2 already)") != std::string::npos);
  ricci_test::check_failure(tmp, {"sweep" + kSmall + " --k auto --shard 0/2 --out " + (tmp / "x"), 2,
                                  "--k auto needs every model of the grid"});
}

TEST_CASE("sweep --ties all and --include-input: recorded, and the pairs include the input transition") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kSmall + " --k 12 --ties all --include-input --out " + (tmp / "s")).exit_code == 0);
  const JsonValue analysis = parse_json(read_file(tmp / "s/sweep.json"), "").at("analysis", "");
  CHECK(analysis.at("ties", "").string == "all");
  CHECK(analysis.at("include_input", "").boolean);
  const Table groups = read_csv_table(tmp / "s/groups.csv");
  const std::string pairs = groups.rows[0][groups.column("pooled_pairs", "")];
  CHECK((pairs == "0" || pairs == "4" || pairs == "8"));  // L = 4 pairs per model used
  REQUIRE(run_ricci(tmp, "sweep" + kSmall + " --k 12 --convention paper-r --out " + (tmp / "r")).exit_code == 0);
  CHECK(parse_json(read_file(tmp / "r/sweep.json"), "").at("analysis", "").at("ties", "").string == "all");
  ricci_test::check_failure(tmp, {"sweep" + kSmall + " --k 12 --convention paper-r --include-input --out " +
                                      (tmp / "x"), 2, "--include-input: the paper-r convention"});
  ricci_test::check_failure(tmp, {"sweep" + kSmall + " --k 12 --accuracy-threshold 0.9,nosuch=0.5 --out " +
                                      (tmp / "x"), 2, "no data set of the sweep is named 'nosuch'"});
}

TEST_CASE("a config's data paths are relative to the config file; a missing file says where it belongs") {
  TempDir tmp;
  make_directories(tmp / "cfg/data");
  write_csv(tmp / "cfg/data/train.csv", load_dataset("circles:n=200,noise=0.05,seed=3"));
  write_csv(tmp / "cfg/data/test.csv", load_dataset("circles:n=100,noise=0.05,seed=4"));
  write_file_atomically(tmp / "cfg/grid.ini",
                        "[data]\ndatasets = csv:data/train.csv,name=rings\ntest = csv:data/test.csv\nscale = none\n"
                        "[model]\nwidths = 8\ndepths = 4\nseeds = 1\n[training]\nepochs = 4\n[analysis]\nk = 6\n");
  REQUIRE(run_ricci(tmp, "sweep --config " + (tmp / "cfg/grid.ini") + " --quiet --out " + (tmp / "s")).exit_code == 0);
  const Table models = read_csv_table(tmp / "s/models.csv");
  CHECK(models.rows[0][1] == "rings");
  CHECK(read_csv_table(tmp / "s/layers.csv").rows[0][8] == "100");  // the separate test set's points
  write_file_atomically(tmp / "cfg/missing.ini", "[data]\ndatasets = csv:data/absent.csv\n[analysis]\nk = 6\n");
  // Looked up next to the config, in RICCI_DATA_PATH's folders, then in the
  // system folder (here an empty one of the test's): one line lists them.
  make_directories(tmp / "empty");
  const std::string environment = "RICCI_DATA_PATH=" + (tmp / "p1") + ":" + (tmp / "p2") +
                                  " RICCI_SYSTEM_DATA=" + (tmp / "empty");
  const Run missing = run_ricci(tmp, "sweep --config " + (tmp / "cfg/missing.ini") + " --out " + (tmp / "x"), environment);
  CHECK(missing.exit_code == 1);
  CHECK(missing.err == "ricci: error: data/absent.csv: no such file in " + (tmp / "cfg") + ", " + (tmp / "p1") + ", " +
                           (tmp / "p2") + " and " + (tmp / "empty") + "; " + (tmp / "cfg/missing.ini") +
                           ":2: [data] datasets names it; the comments at the top of " + (tmp / "cfg/missing.ini") +
                           " say where to get the data\n");
  // Found in RICCI_DATA_PATH's second folder: the SPEC names it there (sweep.json).
  make_directories(tmp / "p2/data");
  write_csv(tmp / "p2/data/absent.csv", load_dataset("circles:n=200,noise=0.05,seed=3"));
  const Run found = run_ricci(
      tmp, "sweep --config " + (tmp / "cfg/missing.ini") + " --scale none --widths 4 --depths 2 --epochs 1 --quiet --out " + (tmp / "found"),
      environment);
  REQUIRE_MESSAGE(found.exit_code == 0, found.err);
  CHECK(parse_json(read_file(tmp / "found/sweep.json"), "").at("data", "").at("datasets", "").items.at(0).string ==
        "csv:" + (tmp / "p2/data/absent.csv"));
  // A data set given by a flag is the flag's, looked up from the current directory on.
  ricci_test::check_failure(tmp, {"sweep --config " + (tmp / "cfg/missing.ini") + " --datasets csv:" +
                                      (tmp / "nowhere.csv") + " --out " + (tmp / "x"), 1,
                                  (tmp / "nowhere.csv") + ": no such file"});
  ricci_test::check_failure(tmp, {"sweep --datasets 'circles;spirals' --test circles:n=50 --out " + (tmp / "x"), 2,
                                  "--test: a separate test set needs a sweep of one data set"});
  CHECK_FALSE(file_exists(tmp / "x"));
}

TEST_CASE("configs/paper: the paper's grid, thresholds and k grids, read as a sweep") {
  // Each config with its model grid cut down to one small model, so that
  // the test reads every setting it would run with (sweep.json).
  TempDir tmp;
  const std::string cut = " --widths 8 --depths 5 --seeds 1 --epochs 1 --quiet --out ";
  REQUIRE(run_ricci(tmp, "sweep --config configs/paper/paper-c.ini --k 6,200" + cut + (tmp / "c")).exit_code == 0);
  const JsonValue c = parse_json(read_file(tmp / "c/sweep.json"), "sweep.json");
  CHECK(c.at("analysis", "").at("accuracy_threshold", "").number == 0.91);
  CHECK(c.at("data", "").at("test_fraction", "").number == 0.5);
  CHECK(c.at("model", "").at("init", "").string == "glorot");
  CHECK(c.at("training", "").at("batch", "").number == 32);
  CHECK(read_csv_table(tmp / "c/layers.csv").rows[0][8] == "1000");  // 1,000 test points
  // The grid itself, from the file (no flag overriding it): a usage error
  // about k shows the file's values were read, before any training.
  const Run full = run_ricci(tmp, "sweep --config configs/paper/paper-a.ini --datasets paper-a:n=300 --out " + (tmp / "x"));
  CHECK(full.exit_code == 2);
  CHECK(full.err.find("k = 150 is out of range for paper-a:n=300: its test set has 150 points") != std::string::npos);
  // The image configs name files looked up next to them, in RICCI_DATA_PATH
  // and in the system folder; with none there (an empty system folder of the
  // test's), one line lists the places and, for Fashion-MNIST, the package.
  make_directories(tmp / "empty");
  const struct {
    const char* config;
    const char* file;
    const char* package;
  } images[] = {{"mnist17", "mnist/train-images-idx3-ubyte.gz", ""},
                {"mnist68", "mnist/train-images-idx3-ubyte.gz", ""},
                {"fmnist59", "fashion-mnist/train-images-idx3-ubyte.gz", " (apt-get install dataset-fashion-mnist provides it)"},
                {"fmnist64", "fashion-mnist/train-images-idx3-ubyte.gz", " (apt-get install dataset-fashion-mnist provides it)"}};
  for (const auto& image : images) {
    CAPTURE(image.config);
    if (file_exists("configs/paper/" + std::string(image.file))) {
      MESSAGE("configs/paper/" << image.file << " is present: its missing-file error is not checked");
      continue;
    }
    const std::string config = "configs/paper/" + std::string(image.config) + ".ini";
    const Run run = run_ricci(tmp, "sweep --config " + config + " --out " + (tmp / "x"),
                              "RICCI_DATA_PATH= RICCI_SYSTEM_DATA=" + (tmp / "empty"));
    CHECK(run.exit_code == 1);
    CHECK(run.err.rfind("ricci: error: " + std::string(image.file) + ": no such file in configs/paper and " +
                            (tmp / "empty") + image.package + "; " + config + ":",
                        0) == 0);
  }
  CHECK_FALSE(file_exists(tmp / "x"));
}

TEST_CASE("sweep takes analyze's analysis flags: --graph radius:R and --global-forman give analyze's rho") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "train --data circles:n=300,noise=0.05 --width 8 --depth 4 --epochs 6 --quiet --out " +
                             (tmp / "run"))
              .exit_code == 0);
  const std::string flags = " --graph radius:0.9 --global-forman --curvature augmented-forman";
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + flags + " --quiet --out " + (tmp / "a")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep --runs " + (tmp / "run") + flags + " --quiet --out " + (tmp / "s")).exit_code == 0);
  // The same rho and p, from the same layers under the same options: the sweep's one "k" is the radius graph, 0.
  const Table analyzed = read_csv_table(tmp / "a/coefficients.csv"), swept = read_csv_table(tmp / "s/coefficients.csv");
  REQUIRE(analyzed.rows.size() == 1);
  REQUIRE(swept.rows.size() == 1);
  CHECK(analyzed.rows[0][analyzed.column("k", "")] == "");
  CHECK(swept.rows[0][swept.column("k", "")] == "0");
  for (const char* column : {"rho", "p_value", "pairs"})
    CHECK(analyzed.rows[0][analyzed.column(column, "")] == swept.rows[0][swept.column(column, "")]);
  const Table models = read_csv_table(tmp / "s/models.csv");
  CHECK(models.rows[0][models.column("rho_k0", "")] == analyzed.rows[0][analyzed.column("rho", "")]);
  // sweep.json records them, and reads them back: a resume finds the sweep finished.
  const std::string json = read_file(tmp / "s/sweep.json");
  CHECK(json.find("\"graph\": \"radius:0.9\"") != std::string::npos);
  CHECK(json.find("\"global_forman\": true") != std::string::npos);
  const Run resumed = run_ricci(tmp, "sweep --runs " + (tmp / "run") + flags + " --resume --out " + (tmp / "s"));
  CHECK(resumed.exit_code == 0);
  CHECK(resumed.out.find("(0 now, 1 already)") != std::string::npos);
  // A radius graph takes no k and no tie rule, in a sweep as in analyze.
  ricci_test::check_failure(tmp, {"sweep" + kSmall + " --graph radius:0.9 --k 5 --out " + (tmp / "x"), 2,
                                  "--k and --k-frac do not apply to a radius graph"});
  ricci_test::check_failure(tmp, {"sweep" + kSmall + " --graph radius:0.9 --ties all --out " + (tmp / "x"), 2,
                                  "--ties does not apply to a radius graph"});
}
