// bin_sweep_run.cpp — `ricci sweep`, `merge` and `report` end to end: the same
// rows for any thread count, after a kill and --resume, after a torn write,
// and from merged shards; configuration mismatches refused; figures that
// are well-formed SVG.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

#include "bin/report/report.h"
#include "data/files.h"
#include "data/io/table.h"
#include "flow/statistics.h"
#include "test/sweep_support.h"
#include "test/xml_check.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

// A small grid: 2 data sets x 2 depths x 2 widths x 2 seeds = 16 models.
const std::string kGridShape =
    " --datasets 'circles:n=300,noise=0.1;swiss-roll:n=300' --widths 6,12 --depths 4,5 --seeds 1,2 --k 5,12 --quiet";
const std::string kGrid = kGridShape + " --epochs 8";

bool same_sweep(const std::string& a, const std::string& b) { return ricci_test::same_files(a, b, ricci_test::kSweepFiles); }

std::string read_file_or_empty(const std::string& path) { return file_exists(path) ? read_file(path) : ""; }

std::size_t data_rows(const std::string& path) {
  if (!file_exists(path)) return 0;
  const std::string text = read_file(path);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return lines > 0 ? lines - 1 : 0;
}

}  // namespace

TEST_CASE("sweep: one row per model, the same bytes on 1 and 2 threads") {
  TempDir tmp;
  const std::string grid = kGrid + " --accuracy-threshold 0.6";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --threads 1 --out " + (tmp / "one")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --threads 2 --out " + (tmp / "two")).exit_code == 0);
  CHECK(same_sweep(tmp / "one", tmp / "two"));
  const Table models = read_csv_table(tmp / "one/models.csv");
  REQUIRE(models.rows.size() == 16);
  for (std::size_t i = 0; i < 16; ++i) CHECK(models.rows[i][0] == std::to_string(i));
  CHECK(models.header.back() == "z_best");
  CHECK(models.header[models.header.size() - 5] == "p_k12");
  // 16 models x 2 k x (depth + 1) layers: 8 models of depth 4 (5 layers), 8 of depth 5 (6 layers).
  CHECK(read_csv_table(tmp / "one/layers.csv").rows.size() == 2 * (8 * 5 + 8 * 6));
  // The models' rho in long form: analyze's coefficients.csv after the
  // identifying columns, one row per model and k, rho and p as models.csv has them.
  const Table coefficients = read_csv_table(tmp / "one/coefficients.csv");
  CHECK(coefficients.header == std::vector<std::string>{"model", "dataset", "width", "depth", "seed", "baseline",
                                                        "k", "rho", "pairs", "p_value", "spearman",
                                                        "spearman_p_value", "z", "reason"});
  REQUIRE(coefficients.rows.size() == 16 * 2);
  for (std::size_t i = 0; i < 32; ++i) {
    const std::vector<std::string>& c = coefficients.rows[i];
    const std::vector<std::string>& m = models.rows[i / 2];
    CAPTURE(i);
    CHECK(std::equal(m.begin(), m.begin() + 6, c.begin()));
    CHECK(c[6] == (i % 2 ? "12" : "5"));
    CHECK(c[7] == m[models.column("rho_k" + c[6], "models.csv")]);
    CHECK(c[9] == m[models.column("p_k" + c[6], "models.csv")]);
    // Depth 4 and 5: 3 and 4 pairs of Eq. 8 where every layer is connected.
    if (c[7] != "") CHECK(c[8] == (m[3] == "4" ? "3" : "4"));
  }
  const Table groups = read_csv_table(tmp / "one/groups.csv");
  CHECK(groups.rows.size() == 2 * 4 * 2);

  // Each group's pooled rho, recomputed here from models.csv and layers.csv:
  // the Eq. 8 pairs (g_{l+1} - g_l, Ric_l), l >= 1, of its models with test
  // accuracy above 0.6 whose hidden layers' graphs are all connected.
  const Table layers = read_csv_table(tmp / "one/layers.csv");
  // The columns of analyze's layers.csv, after the model's identifying ones.
  CHECK(layers.header == std::vector<std::string>{"model", "dataset", "width", "depth", "seed", "baseline", "k",
                                                  "layer", "nodes", "edges", "components", "geodesic_sum",
                                                  "forman_total", "eta", "curvature", "curvature_total", "curvature_prev",
                                                  "modularity", "between_class_edges", "curvature_within",
                                                  "curvature_between", "normalized_cut"});
  CHECK(layers.rows[0][5] == "none");
  CHECK(layers.rows[0][14] == "forman");
  // The class structure against the test labels: every layer's graph has
  // edges within and between the two classes of a small data set.
  for (std::size_t column = 17; column < 22; ++column) CHECK(layers.rows[0][column] != "");
  const std::size_t geodesic = layers.column("geodesic_sum", "layers.csv");
  const std::size_t curvature = layers.column("curvature_total", "layers.csv");
  const std::size_t curvature_prev = layers.column("curvature_prev", "layers.csv");
  const std::size_t eta_column = layers.column("eta", "layers.csv");
  int defined = 0;
  for (const auto& g : groups.rows) {
    std::vector<double> eta, ric;
    for (const auto& m : models.rows) {
      if (m[1] != g[0] || m[2] != g[1] || m[3] != g[2] || std::stod(m[8]) <= 0.6) continue;
      std::vector<const std::vector<std::string>*> rows;
      for (const auto& l : layers.rows)
        if (l[0] == m[0] && l[6] == g[4]) rows.push_back(&l);
      bool connected = true;
      for (std::size_t i = 1; i < rows.size(); ++i) connected = connected && (*rows[i])[geodesic] != "inf";
      if (!connected) continue;
      for (std::size_t i = 2; i < rows.size(); ++i) {
        eta.push_back(std::stod((*rows[i])[geodesic]) - std::stod((*rows[i - 1])[geodesic]));
        ric.push_back(std::stod((*rows[i - 1])[curvature]));
        // The pair of Eq. 8 in one row: (eta, curvature_prev).
        CHECK(std::stod((*rows[i])[eta_column]) == eta.back());
        CHECK((*rows[i])[curvature_prev] == (*rows[i - 1])[curvature]);
      }
      if (!rows.empty()) CHECK((*rows[0])[curvature_prev] == "");
    }
    CAPTURE(g[0]);
    CAPTURE(g[4]);
    CHECK(g[3] == "none");
    CHECK(g[10] == std::to_string(eta.size()));
    if (eta.size() >= 3) {
      ++defined;
      CHECK(std::stod(g[8]) == doctest::Approx(pearson(eta, ric).r).epsilon(1e-12));
      CHECK(std::stod(g[11]) <= std::stod(g[8]));  // the bootstrap interval holds the estimate
      CHECK(std::stod(g[8]) <= std::stod(g[12]));
    }
  }
  CHECK(defined >= 2);
}

TEST_CASE("sweep: fewer models than threads share them; the same bytes") {
  // 2 models on 4 threads: 2 threads each, for products large enough to be
  // shared (300 x 300 x 300) and for each model's geometry.
  TempDir tmp;
  const std::string grid =
      " --datasets circles:n=600 --widths 300 --depths 2 --seeds 1,2 --epochs 2 --batch 300 --k 5,12 --quiet";
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --threads 1 --out " + (tmp / "one")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + grid + " --threads 4 --out " + (tmp / "four")).exit_code == 0);
  CHECK(same_sweep(tmp / "one", tmp / "four"));
  CHECK(read_csv_table(tmp / "one/models.csv").rows.size() == 2);
}

TEST_CASE("sweep: killed with SIGKILL and resumed, no row lost or repeated") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "whole")).exit_code == 0);
  // Slow the models down a little (more epochs) so that the kill lands mid-way.
  const std::string slow = kGridShape + " --epochs 60";
  REQUIRE(run_ricci(tmp, "sweep" + slow + " --out " + (tmp / "slow-whole")).exit_code == 0);
  const std::string start = std::string(RICCI_BINARY) + " sweep" + slow + " --out " + (tmp / "killed") +
                            " > /dev/null 2>&1 & echo $! > " + (tmp / "pid");
  REQUIRE(std::system(start.c_str()) == 0);
  for (int i = 0; i < 2000 && data_rows(tmp / "killed/models.csv") < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const pid_t pid = static_cast<pid_t>(std::stol(read_file(tmp / "pid")));
  ::kill(pid, SIGKILL);
  for (int i = 0; i < 500 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  MESSAGE("killed after " << data_rows(tmp / "killed/models.csv") << " of 16 models");
  CHECK(run_ricci(tmp, "sweep" + slow + " --out " + (tmp / "killed")).exit_code == 2);  // needs --resume
  const Run resumed = run_ricci(tmp, "sweep" + slow + " --resume --out " + (tmp / "killed"));
  CHECK(resumed.exit_code == 0);
  CHECK(same_sweep(tmp / "killed", tmp / "slow-whole"));
}

TEST_CASE("sweep --resume repairs a torn last line and rows of an uncommitted model") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "whole")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "torn")).exit_code == 0);
  // Keep models 0..4 committed; leave the layer rows of model 5 without its
  // models.csv row, and a torn half line at the end of both files.
  const Table models = read_csv_table(tmp / "torn/models.csv");
  const Table layers = read_csv_table(tmp / "torn/layers.csv");
  Table kept_models{models.header, {models.rows.begin(), models.rows.begin() + 5}};
  Table kept_layers{layers.header, {}};
  for (const auto& row : layers.rows)
    if (std::stoi(row[0]) <= 5) kept_layers.rows.push_back(row);
  write_file_atomically(tmp / "torn/models.csv", csv_text(kept_models) + "5,circles:n=30");
  write_file_atomically(tmp / "torn/layers.csv", csv_text(kept_layers) + "6,swiss");
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --resume --out " + (tmp / "torn")).exit_code == 0);
  CHECK(same_sweep(tmp / "torn", tmp / "whole"));
}

TEST_CASE("sweep: two shards merged equal the unsharded sweep; merge refuses overlaps and mismatches") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "whole")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --shard 0/2 --out " + (tmp / "s0")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --shard 1/2 --threads 2 --out " + (tmp / "s1")).exit_code == 0);
  CHECK(read_csv_table(tmp / "s0/models.csv").rows.size() == 8);
  REQUIRE(run_ricci(tmp, "merge " + (tmp / "s1") + " " + (tmp / "s0") + " --out " + (tmp / "merged")).exit_code == 0);
  CHECK(same_sweep(tmp / "merged", tmp / "whole"));

  const Run overlap = run_ricci(tmp, "merge " + (tmp / "s0") + " " + (tmp / "whole") + " --out " + (tmp / "bad"));
  CHECK(overlap.exit_code == 1);
  CHECK(overlap.err.find("overlapping shards") != std::string::npos);
  REQUIRE(run_ricci(tmp, "sweep" + kGridShape + " --epochs 9 --shard 1/2 --out " + (tmp / "other")).exit_code == 0);
  const Run mismatch = run_ricci(tmp, "merge " + (tmp / "s0") + " " + (tmp / "other") + " --out " + (tmp / "bad"));
  CHECK(mismatch.exit_code == 1);
  CHECK(mismatch.err.find("another configuration") != std::string::npos);
  CHECK_FALSE(file_exists(tmp / "bad"));
  // A shard with a torn last line (killed, not resumed) or a corrupt model
  // index is refused with a data error.
  REQUIRE(std::system(("cp -r " + (tmp / "s0") + " " + (tmp / "torn")).c_str()) == 0);
  const std::string torn_models = read_file(tmp / "torn/models.csv");
  write_file_atomically(tmp / "torn/models.csv", torn_models.substr(0, torn_models.size() - 3));
  const Run torn = run_ricci(tmp, "merge " + (tmp / "torn") + " " + (tmp / "s1") + " --out " + (tmp / "bad"));
  CHECK(torn.exit_code == 1);
  CHECK(torn.err.find("finish it with ricci sweep --resume") != std::string::npos);
  write_file_atomically(tmp / "torn/models.csv", torn_models.substr(0, torn_models.find('\n') + 1) + "x" +
                                                     torn_models.substr(torn_models.find('\n') + 1));
  const Run corrupt = run_ricci(tmp, "merge " + (tmp / "torn") + " " + (tmp / "s1") + " --out " + (tmp / "bad"));
  CHECK(corrupt.exit_code == 1);
  CHECK(corrupt.err.find("bad model index 'x0'") != std::string::npos);
  const Run partial = run_ricci(tmp, "merge " + (tmp / "s0") + " --out " + (tmp / "half"));
  CHECK(partial.exit_code == 0);
  CHECK(partial.err.find("8 of the grid's 16 models") != std::string::npos);
  // Resuming a shard directory as another shard, or with other options, is refused.
  CHECK(run_ricci(tmp, "sweep" + kGrid + " --shard 1/2 --resume --out " + (tmp / "s0")).exit_code == 2);
  const Run changed = run_ricci(tmp, "sweep" + kGridShape + " --epochs 9 --resume --out " + (tmp / "whole"));
  CHECK(changed.exit_code == 2);
  CHECK(changed.err.find("another configuration") != std::string::npos);
}

TEST_CASE("sweep from a config file, flags overriding it") {
  TempDir tmp;
  write_file_atomically(tmp / "grid.ini",
                        "# a test grid\n[data]\ndatasets = circles:n=300,noise=0.1; swiss-roll:n=300\n"
                        "[model]\nwidths = 6, 12\ndepths = 4, 5\nseeds = 1, 2\n"
                        "[training]\nepochs = 50\n[analysis]\nk = 5, 12\n");
  REQUIRE(run_ricci(tmp, "sweep --config " + (tmp / "grid.ini") + " --epochs 8 --quiet --out " + (tmp / "ini"))
              .exit_code == 0);
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --out " + (tmp / "flags")).exit_code == 0);
  CHECK(same_sweep(tmp / "ini", tmp / "flags"));
  write_file_atomically(tmp / "bad.ini", "[model]\nwidths = 6\nheight = 3\n");
  const Run bad = run_ricci(tmp, "sweep --config " + (tmp / "bad.ini") + " --out " + (tmp / "x"));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("bad.ini:3: [model] height: unknown setting") != std::string::npos);
}

TEST_CASE("report follows the sweep's convention: paper-r pools as the R code, above the threshold") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --convention paper-r --accuracy-threshold 0.6 --out " + (tmp / "r"))
              .exit_code == 0);
  const std::vector<DatasetResult> results = write_report(tmp / "r").results;
  const Table models = read_csv_table(tmp / "r/models.csv");
  const Table layers = read_csv_table(tmp / "r/layers.csv");
  const std::size_t test_accuracy = models.column("test_accuracy", "models.csv");
  const std::size_t k_column = layers.column("k", "layers.csv");
  const std::size_t eta_column = layers.column("eta", "layers.csv");
  const std::size_t curvature = layers.column("curvature_total", "layers.csv");
  int checked = 0;
  for (const DatasetResult& result : results) {
    // Recomputed here from layers.csv's eta, the R code's total changes:
    // models above 0.6, none with an infinite eta (the R code removes them),
    // pairs (change into layer l + 1, Ric_l) for l >= 1, NaN (empty) pairs dropped.
    std::vector<double> eta, ric;
    for (const auto& m : models.rows) {
      if (m[1] != result.dataset || std::stod(m[test_accuracy]) <= 0.6) continue;
      std::vector<const std::vector<std::string>*> rows;
      for (const auto& l : layers.rows)
        if (l[0] == m[0] && l[k_column] == std::to_string(result.k)) rows.push_back(&l);
      bool removed = false;
      for (const auto* l : rows) removed = removed || (*l)[eta_column] == "inf" || (*l)[eta_column] == "-inf";
      if (removed) continue;
      for (std::size_t i = 2; i < rows.size(); ++i) {
        if ((*rows[i])[eta_column].empty()) continue;
        eta.push_back(std::stod((*rows[i])[eta_column]));
        ric.push_back(std::stod((*rows[i - 1])[curvature]));
      }
    }
    CAPTURE(result.dataset);
    CAPTURE(result.k);
    CHECK(result.pooled.n == eta.size());
    if (result.pooled.defined()) {
      ++checked;
      CHECK(result.pooled.r == doctest::Approx(pearson(eta, ric).r).epsilon(1e-12));
    }
  }
  CHECK(checked >= 2);
  CHECK(read_file(tmp / "r/summary.md").find("convention paper-r") != std::string::npos);
}

TEST_CASE("report: summary.md and figures that are well-formed SVG") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "sweep" + kGrid + " --accuracy-threshold 0.5 --out " + (tmp / "s")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "report " + (tmp / "s")).exit_code == 0);
  const std::string summary = read_file(tmp / "s/summary.md");
  for (const char* section : {"## What was found", "## Accuracy per architecture", "## Ricci-flow-like behaviour",
                              "## Best k per data set", "## rho_k and accuracy", "## Figures"})
    CHECK(summary.find(section) != std::string::npos);
  // In words, per data set: its best k and the share of rho < 0 there; no
  // controls in this sweep, and the summary says so.
  CHECK(summary.find("- `swiss-roll:n=300`: the pooled rho is most negative at **k = ") != std::string::npos);
  CHECK(summary.find("this sweep has no controls to read it against") != std::string::npos);
  // Figures embedded, not only linked.
  CHECK(summary.find("](figures/rho_vs_k_1-circles_n_300_noise_0_1.svg)") != std::string::npos);
  CHECK(summary.find("![") != std::string::npos);
  const char* figures[] = {"eta_by_layer_1-circles_n_300_noise_0_1_k5.svg", "curvature_by_layer_2-swiss-roll_n_300_k12.svg",
                           "eta_vs_curvature_2-swiss-roll_n_300_k5.svg", "rho_vs_k_1-circles_n_300_noise_0_1.svg",
                           "rho_vs_accuracy_k12.svg"};
  for (const char* name : figures) {
    CAPTURE(name);
    const std::string svg = read_file(tmp / ("s/figures/" + std::string(name)));
    const auto xml = ricci_test::check_xml(svg);
    CHECK(xml.error == "");
    CHECK(xml.element_count.count("line") == 1);  // axes and ticks
    CHECK(xml.element_count.count("text") == 1);  // title, tick labels, axis labels
    CHECK(summary.find(name) != std::string::npos);
  }
  CHECK(run_ricci(tmp, "report " + (tmp / "nothing")).exit_code == 1);
}

TEST_CASE("report: a long data SPEC without name= gives short file names and titles") {
  TempDir tmp;
  const std::string spec = "circles:n=160,noise=0.05,factor=0.5,seed=3,dim=12,extra_noise=0.01";
  REQUIRE(run_ricci(tmp, "sweep --datasets '" + spec + "' --widths 6 --depths 3 --seeds 1,2 --epochs 3 --k 5 "
                         "--accuracy-threshold 0 --quiet --out " + (tmp / "s")).exit_code == 0);
  REQUIRE(run_ricci(tmp, "report --quiet " + (tmp / "s")).exit_code == 0);
  // The name made safe and cut to 40 characters after the data set's place.
  const std::string tag = "1-circles_n_160_noise_0_05_factor_0_5_seed";
  REQUIRE(tag.size() == 2 + 40);
  const std::string svg = read_file(tmp / ("s/figures/rho_vs_k_" + tag + ".svg"));
  CHECK(ricci_test::check_xml(svg).error == "");
  // The title shows the name cut to 32 characters, ending in an ellipsis.
  CHECK(svg.find("circles:n=160,noise=0.05,factor…") != std::string::npos);
  CHECK(svg.find(spec) == std::string::npos);
  CHECK(file_exists(tmp / ("s/figures/eta_vs_curvature_" + tag + "_k5.svg")));
  // Tables keep the whole name.
  CHECK(read_file(tmp / "s/summary.md").find("`" + spec + "`") != std::string::npos);
}

TEST_CASE("sweep: usage and data errors come before anything is written") {
  TempDir tmp;
  const std::string out = " --out " + (tmp / "never");
  const ricci_test::Failure cases[] = {
      {"sweep --shard 2/2 --k 5" + out, 2, "--shard: expected I/N"},
      {"sweep --datasets nosuch --k 5" + out, 2, "unknown dataset 'nosuch'"},
      {"sweep --datasets circles:n=100 --k 40" + out, 2, "k = 40 is out of range for circles:n=100"},
      {"sweep --widths 0" + out, 2, "--widths: expected a whole number"},
      {"sweep --k 5", 2, "--out DIR is required"},
      {"sweep --datasets 'circles;circles' --k 5" + out, 2, "given twice"},
      {"sweep --datasets circles:n=200 --k 5,5" + out, 2, "--k: k = 5 given twice"},
      {"sweep --config " + (tmp / "missing.ini") + out, 1, "cannot open"},
  };
  for (const auto& c : cases) ricci_test::check_failure(tmp, c);
  CHECK_FALSE(file_exists(tmp / "never"));
}

TEST_CASE("sweep: SIGINT finishes the models in hand, exits 130, and --resume completes it") {
  TempDir tmp;
  const std::string slow = kGridShape + " --epochs 60";
  REQUIRE(run_ricci(tmp, "sweep" + slow + " --out " + (tmp / "whole")).exit_code == 0);
  // The subshell records ricci's pid, waits for it and records its exit status.
  const std::string start = "(" + std::string(RICCI_BINARY) + " sweep" + slow + " --out " + (tmp / "stopped") +
                            " > /dev/null 2> " + (tmp / "err") + " & echo $! > " + (tmp / "pid") + "; wait $!; echo $? > " +
                            (tmp / "status") + ") &";
  REQUIRE(std::system(start.c_str()) == 0);
  for (int i = 0; i < 2000 && data_rows(tmp / "stopped/models.csv") < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  for (int i = 0; i < 500 && read_file_or_empty(tmp / "pid").empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(static_cast<pid_t>(std::stol(read_file(tmp / "pid"))), SIGINT);
  // The shell creates the file before it writes the status into it: wait for the line.
  for (int i = 0; i < 3000 && read_file_or_empty(tmp / "status").find('\n') == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  REQUIRE(file_exists(tmp / "status"));
  const std::string status = read_file(tmp / "status");
  MESSAGE("stopped after " << data_rows(tmp / "stopped/models.csv") << " of 16 models, status " << status);
  if (status == "130\n") CHECK(read_file(tmp / "err").find("continue with --resume") != std::string::npos);
  else CHECK(status == "0\n");  // the signal came after the last model
  REQUIRE(run_ricci(tmp, "sweep" + slow + " --resume --out " + (tmp / "stopped")).exit_code == 0);
  CHECK(same_sweep(tmp / "stopped", tmp / "whole"));
}

TEST_CASE("ricci run --help gives the preset's values as the defaults") {
  TempDir tmp;
  const Run r = run_ricci(tmp, "run --help");
  REQUIRE(r.exit_code == 0);
  for (const char* part : {"hidden-layer widths, each W or the bottleneck W/B (ricci run: 10,25)",
                           "numbers of hidden layers (ricci run: 5,6)", "training seeds (ricci run: 1,2,3,4)",
                           "(ricci run: 30,100,200)", "(ricci run: untrained,shuffled-labels)",
                           "(ricci run: 0.99,paper-c=0.91)", "(ricci run: paper-a;paper-b;paper-c)"})
    CHECK(r.out.find(part) != std::string::npos);
  CHECK(r.out.find("(default 25)") == std::string::npos);
  CHECK(r.out.find("(default 10,30,50)") == std::string::npos);
  CHECK(r.out.find("(default 0.98)") == std::string::npos);
}

TEST_CASE("ricci run: trains, analyses and reports a grid, with any preset flag overridden") {
  TempDir tmp;
  const Run r = run_ricci(tmp, "run --datasets 'circles:n=200;spirals:n=200' --widths 4 --depths 4 --seeds 1,2 "
                             "--k 5,10 --epochs 3 --quiet --out " + (tmp / "results"));
  REQUIRE(r.exit_code == 0);
  // The preset's controls: each model with its untrained and shuffled-label twins.
  CHECK(r.out.find("ricci run: 12 models") != std::string::npos);
  for (const char* part : {"Against the controls", "untrained", "shuffled", "The paper's protocol",
                           "Held out (k chosen on seeds 1, rho on the other seeds)"})
    CHECK(r.out.find(part) != std::string::npos);
  CHECK(r.out.find("Report: " + (tmp / "results/summary.md")) != std::string::npos);
  // The column heads say what they count: the models with rho < 0 of those with rho defined.
  CHECK(r.out.find("neg/def: of the well-trained models\nwith rho defined at k, those with rho < 0") !=
        std::string::npos);
  CHECK(r.out.find("data set       k   neg/def  pooled rho") != std::string::npos);
  CHECK(read_csv_table(tmp / "results/models.csv").rows.size() == 12);
  CHECK(read_csv_table(tmp / "results/null_tests.csv").rows.size() == 2 * 2 * 2);  // architectures x k x baselines
  CHECK(read_csv_table(tmp / "results/held_out.csv").rows.size() == 2 * 3);        // architectures x groups
  CHECK(file_exists(tmp / "results/figures/rho_vs_accuracy_k10.svg"));
  CHECK(file_exists(tmp / "results/figures/rho_vs_k_baselines_2-spirals_n_200.svg"));
  // Running it again continues the same sweep: nothing left to train.
  const Run again = run_ricci(tmp, "run --datasets 'circles:n=200;spirals:n=200' --widths 4 --depths 4 --seeds 1,2 "
                                 "--k 5,10 --epochs 3 --quiet --out " + (tmp / "results"));
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("(0 trained now)") != std::string::npos);
}
