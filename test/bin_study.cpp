// bin_study.cpp — the paper's data found where Debian puts it, and `ricci run
// --study`: the real Fashion-MNIST files (dataset-fashion-mnist) read,
// trained on and analysed when /usr/share/datasets/fashion-mnist is
// installed (CI installs it; elsewhere these cases say so and skip), and the
// study's one-line error when its data is nowhere.
#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include <cmath>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/json.h"
#include "data/io/npy.h"
#include "data/io/table.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

const std::string kSystem = "/usr/share/datasets/fashion-mnist/";

bool fashion_mnist_installed() {
  if (file_exists(kSystem + "t10k-images-idx3-ubyte.gz") && file_exists(kSystem + "train-images-idx3-ubyte.gz")) return true;
  MESSAGE("skipped: " << kSystem << " is not installed (apt-get install dataset-fashion-mnist)");
  return false;
}

// The bytes of a gzipped file, inflated with zlib's own reader (not ricci's).
std::vector<unsigned char> gunzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  REQUIRE(file != nullptr);
  std::vector<unsigned char> bytes;
  unsigned char buffer[1 << 16];
  int got;
  while ((got = gzread(file, buffer, sizeof buffer)) > 0) bytes.insert(bytes.end(), buffer, buffer + got);
  gzclose(file);
  return bytes;
}

std::size_t lines_of(const std::string& text) {
  std::size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

}  // namespace

TEST_CASE("the real Fashion-MNIST files: found in /usr/share/datasets, trained on and analysed") {
  if (!fashion_mnist_installed()) return;
  TempDir tmp;
  // Relative paths, found in the system folder (nothing in the current
  // directory, RICCI_DATA_PATH empty).
  const Run train = run_ricci(tmp,
                              "train --data idx:fashion-mnist/train-images-idx3-ubyte.gz --test "
                              "idx:fashion-mnist/t10k-images-idx3-ubyte.gz --classes 5,9 --limit 600 --width 10 "
                              "--depth 4 --epochs 3 --quiet --out " + (tmp / "run"),
                              "RICCI_DATA_PATH=");
  REQUIRE_MESSAGE(train.exit_code == 0, train.err);
  const JsonValue metrics = parse_json(read_file(tmp / "run/metrics.json"), "metrics.json");
  if (!file_exists("fashion-mnist")) {  // metrics.json records where the files were found
    CHECK(metrics.at("config", "").at("data", "").string == "idx:" + kSystem + "train-images-idx3-ubyte.gz");
    CHECK(metrics.at("config", "").at("test", "").string == "idx:" + kSystem + "t10k-images-idx3-ubyte.gz");
  }
  // The official test set holds 1,000 sandals and 1,000 ankle boots.
  const std::vector<std::int64_t> labels = read_npy_labels(tmp / "run/labels.npy");
  REQUIRE(labels.size() == 2000);
  std::size_t ones = 0;
  for (std::int64_t label : labels) ones += label == 1;
  CHECK(ones == 1000);
  // The first test point is the file's first sandal or boot, its pixels
  // read here with zlib alone (16-byte image header, 8-byte label header).
  const std::vector<unsigned char> images = gunzip(kSystem + "t10k-images-idx3-ubyte.gz");
  const std::vector<unsigned char> file_labels = gunzip(kSystem + "t10k-labels-idx1-ubyte.gz");
  std::size_t first = 8;
  while (file_labels.at(first) != 5 && file_labels.at(first) != 9) ++first;
  const MatrixF input = read_npy_matrix(tmp / "run/layer_0.npy");
  REQUIRE(input.cols() == 784);
  double largest_gap = 0.0;
  for (std::size_t j = 0; j < 784; ++j)
    largest_gap = std::max(largest_gap, std::fabs(input(0, j) * 255.0 - images.at(16 + (first - 8) * 784 + j)));
  CHECK(largest_gap < 1e-3);
  CHECK(labels[0] == (file_labels[first] == 9 ? 1 : 0));
  // Sandals and boots are told apart after three epochs on 600 images.
  CHECK(metrics.at("test_accuracy", "").number > 0.9);
  const Run analyze = run_ricci(tmp, "analyze " + (tmp / "run") + " --k 10,30 --out " + (tmp / "analysis"));
  REQUIRE_MESSAGE(analyze.exit_code == 0, analyze.err);
  const Table coefficients = read_csv_table(tmp / "analysis/coefficients.csv");
  CHECK(coefficients.rows.size() == 2);
}

TEST_CASE("ricci run --study fmnist: the paper's config with its twins, on a grid cut down by flags") {
  if (!fashion_mnist_installed()) return;
  TempDir tmp;
  const Run run = run_ricci(tmp,
                            "run --study fmnist --seeds 1,2 --widths 8 --depths 4 --epochs 2 --limit 600 "
                            "--test-per-class 100 --k 10,30 --threads 2 --quiet --out " + (tmp / "study"),
                            "RICCI_DATA_PATH=");
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  // The settings of configs/paper/fmnist59.ini, with the study's controls.
  const JsonValue sweep = parse_json(read_file(tmp / "study/sweep.json"), "sweep.json");
  CHECK(sweep.at("data", "").at("classes", "").string == "5, 9");
  const std::string dataset = sweep.at("data", "").at("datasets", "").items.at(0).string;
  CHECK(dataset.substr(dataset.size() - 14) == ",name=fmnist59");
  CHECK(sweep.at("model", "").at("init", "").string == "glorot");
  CHECK(sweep.at("model", "").at("baselines", "").items.at(0).string == "untrained");
  CHECK(sweep.at("training", "").at("validation_fraction", "").number == 0.2);
  CHECK(sweep.at("analysis", "").at("accuracy_threshold", "").number == 0.98);
  CHECK(sweep.at("analysis", "").at("select_k_on", "").string == "half");
  // Two trained networks and their two untrained twins, then the report.
  CHECK(read_csv_table(tmp / "study/models.csv").rows.size() == 4);
  CHECK(read_file(tmp / "study/summary.md").find("## What was found, per architecture") != std::string::npos);
  CHECK(file_exists(tmp / "study/figures/share_negative_vs_k_1-fmnist59.svg"));
  CHECK(run.out.find("Per architecture, at its own best k") != std::string::npos);
  CHECK(run.out.find("Report: " + (tmp / "study/summary.md")) != std::string::npos);
}

TEST_CASE("ricci run --study fmnist without the data: one line listing the places and the package, nothing written") {
  if (file_exists("configs/paper/fashion-mnist/train-images-idx3-ubyte.gz")) {
    MESSAGE("skipped: configs/paper/fashion-mnist/ holds the data");
    return;
  }
  TempDir tmp;
  make_directories(tmp / "empty");
  make_directories(tmp / "system");
  const Run run = run_ricci(tmp, "run --study fmnist --out " + (tmp / "study"),
                            "RICCI_DATA_PATH=" + (tmp / "empty") + " RICCI_SYSTEM_DATA=" + (tmp / "system"));
  CHECK(run.exit_code == 1);
  CHECK(run.err.rfind("ricci: error: fashion-mnist/train-images-idx3-ubyte.gz: no such file in configs/paper, " +
                          (tmp / "empty") + " and " + (tmp / "system") +
                          " (apt-get install dataset-fashion-mnist provides it); configs/paper/fmnist59.ini:",
                      0) == 0);
  CHECK(lines_of(run.err) == 1);
  CHECK_FALSE(file_exists(tmp / "study"));
  // Run from elsewhere, the study's config is the one of the project the
  // binary was built in (build/..): its data is looked up beside it.
  char here[4096];
  REQUIRE(::getcwd(here, sizeof here) != nullptr);
  const std::string binary = std::string(here) + "/" + RICCI_BINARY;
  CHECK(ricci_test::run_shell("cd " + tmp.path() + " && env RICCI_DATA_PATH= RICCI_SYSTEM_DATA=" + (tmp / "system") +
                              " " + binary + " run --study fmnist --out study 2>" + (tmp / "elsewhere.err")) == 1);
  const std::string elsewhere = read_file(tmp / "elsewhere.err");
  CHECK_MESSAGE(elsewhere.find("no such file in " + std::string(here) + "/configs/paper and " + (tmp / "system")) !=
                    std::string::npos,
                elsewhere);
  CHECK_FALSE(file_exists(tmp / "study"));
  // Found in a folder of RICCI_DATA_PATH, it is read from there: here a
  // truncated copy, whose error names that path.
  make_directories(tmp / "empty/fashion-mnist");
  write_file_atomically(tmp / "empty/fashion-mnist/train-images-idx3-ubyte.gz", "not gzip");
  write_file_atomically(tmp / "empty/fashion-mnist/t10k-images-idx3-ubyte.gz", "not gzip");
  const Run found = run_ricci(tmp, "run --study fmnist --out " + (tmp / "study"),
                              "RICCI_DATA_PATH=" + (tmp / "empty") + " RICCI_SYSTEM_DATA=" + (tmp / "system"));
  CHECK(found.exit_code == 1);
  CHECK_MESSAGE(found.err.find(tmp / "empty/fashion-mnist/") != std::string::npos, found.err);
}

TEST_CASE("ricci run --study: the studies are listed, an unknown one is a usage error") {
  TempDir tmp;
  const Run help = run_ricci(tmp, "run --help");
  CHECK(help.exit_code == 0);
  for (const char* study : {"fmnist ", "paper-a ", "paper-b ", "paper-c "}) CHECK(help.out.find("\n  " + std::string(study)) != std::string::npos);
  ricci_test::check_failure(tmp, {"run --study nosuch --out " + (tmp / "x"), 2,
                                  "--study: expected one of fmnist, paper-a, paper-b, paper-c, mnist17, mnist68, fmnist64 or paper, got 'nosuch'"});
  CHECK_FALSE(file_exists(tmp / "x"));
}

TEST_CASE("ricci run --study paper-a: configs/paper/paper-a.ini with its twins, flags overriding it") {
  TempDir tmp;
  const Run run = run_ricci(tmp, "run --study paper-a --seeds 1,2 --widths 8 --depths 5 --epochs 2 --k 10,30 "
                                 "--threads 2 --quiet --out " + (tmp / "a"));
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const JsonValue sweep = parse_json(read_file(tmp / "a/sweep.json"), "sweep.json");
  CHECK(sweep.at("data", "").at("datasets", "").items.at(0).string == "paper-a");
  CHECK(sweep.at("data", "").at("test_fraction", "").number == 0.5);  // the config's
  CHECK(sweep.at("analysis", "").at("accuracy_threshold", "").number == 0.99);
  CHECK(sweep.at("model", "").at("baselines", "").items.size() == 1);  // untrained only, not run's preset
  CHECK(sweep.at("training", "").at("epochs", "").number == 2);        // the flag's
  const Table models = read_csv_table(tmp / "a/models.csv");
  CHECK(models.rows.size() == 4);
  CHECK(models.rows[2][models.column("baseline", "")] == "untrained");
  CHECK(read_csv_table(tmp / "a/layers.csv").rows[0][8] == "1000");  // half of the 2,000 points held out
}

TEST_CASE("ricci run --study paper: every data set present, each into its folder, one pooled report naming the others") {
  TempDir tmp;
  make_directories(tmp / "system");
  // No MNIST and no Fashion-MNIST anywhere: the synthetic A, B and C run, the four others are left out.
  const Run run = run_ricci(tmp, "run --study paper --seeds 1,2 --widths 8 --depths 5 --epochs 2 --k 10,30 "
                                 "--accuracy-threshold 0.5 --threads 2 --quiet --out " + (tmp / "paper"),
                            "RICCI_DATA_PATH=" + (tmp / "system") + " RICCI_SYSTEM_DATA=" + (tmp / "system"));
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  for (const char* left : {"mnist17 left out", "mnist68 left out", "fmnist left out", "fmnist64 left out"})
    CHECK_MESSAGE(run.err.find(left) != std::string::npos, run.err);
  for (const char* study : {"paper-a", "paper-b", "paper-c"}) CHECK(file_exists(tmp / "paper/" + study + "/sweep.json"));
  CHECK_FALSE(file_exists(tmp / "paper/fmnist"));
  const std::string summary = read_file(tmp / "paper/paper/summary.md");
  CHECK(summary.find("# ricciflow report: 3 sweeps pooled") != std::string::npos);
  CHECK(summary.find("Left out of the paper's seven data sets:") != std::string::npos);
  CHECK(summary.find("- `mnist17`: ") != std::string::npos);
  CHECK(summary.find("apt-get install dataset-fashion-mnist") != std::string::npos);
  // The pooled report is the one `ricci report` writes over the same sweeps, but for the list of those left out.
  REQUIRE(run_ricci(tmp, "report " + (tmp / "paper/paper-a") + " " + (tmp / "paper/paper-b") + " " +
                             (tmp / "paper/paper-c") + " --out " + (tmp / "again") + " --quiet")
              .exit_code == 0);
  CHECK(read_file(tmp / "again/regression.csv") == read_file(tmp / "paper/paper/regression.csv"));
  CHECK(summary.rfind(read_file(tmp / "again/summary.md").substr(0, 200), 0) == 0);
}
