// bin_analyze_inputs.cpp — what `ricci analyze --layers` takes as its
// layers: NPY files in the order given, which must agree with their
// numbers (layer_2 before layer_10), or one NPZ archive.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/npy.h"
#include "data/io/table.h"
#include "data/random.h"
#include "flow/analysis.h"
#include "test/cli_support.h"
#include "test/npy_fixtures.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

// `count` layers of 40 points in 3-D, each a different random map of the
// one before (so that any two orders give different rho).
std::vector<MatrixF> random_layers(std::size_t count) {
  Rng rng(15);
  std::vector<MatrixF> layers(count, MatrixF(40, 3));
  for (std::size_t i = 0; i < layers[0].size(); ++i) layers[0].data()[i] = static_cast<float>(rng.normal());
  for (std::size_t l = 1; l < count; ++l)
    for (std::size_t i = 0; i < 40; ++i)
      for (std::size_t j = 0; j < 3; ++j) {
        const float mixed = layers[l - 1](i, j) + 0.8f * layers[l - 1](i, (j + 1) % 3) * static_cast<float>(rng.normal());
        layers[l](i, j) = mixed > 0 ? mixed : 0.1f * mixed;
      }
  return layers;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("ricci analyze --layers refuses twelve layer files in the shell's order and takes them by number") {
  TempDir tmp;
  const std::vector<MatrixF> layers = random_layers(12);
  std::string by_number;
  for (std::size_t l = 0; l < 12; ++l) {
    write_npy(tmp / ("layer_" + std::to_string(l) + ".npy"), layers[l]);
    by_number += " " + (tmp / ("layer_" + std::to_string(l) + ".npy"));
  }
  // The shell's glob: layer_0, layer_1, layer_10, layer_11, layer_2, ...
  const Run glob = run_ricci(tmp, "analyze --layers " + (tmp / "layer_*.npy") + " --k 5 --quiet --out " + (tmp / "glob"));
  CHECK(glob.exit_code == 2);
  CHECK(glob.err == "ricci: error: analyze --layers: " + (tmp / "layer_10.npy") + " is given before " +
                        (tmp / "layer_2.npy") +
                        ": give the layers in the order of their numbers (the shell sorts layer_*.npy as text, "
                        "layer_10 before layer_2; `ls -v` lists them by number)\n");
  CHECK_FALSE(file_exists(tmp / "glob"));
  // The same files by number (ls -v): flow/'s analysis of the layers in order.
  const Run sorted = run_ricci(tmp, "analyze --layers $(ls -v " + (tmp / "layer_*.npy") + ") --k 5,8 --quiet --out " +
                                        (tmp / "sorted"));
  REQUIRE(sorted.exit_code == 0);
  const Analysis expected = analyze_layers(matrix_views(layers), {5, 8}, AnalysisOptions{});
  const Table coefficients = read_csv_table(tmp / "sorted/coefficients.csv");
  REQUIRE(coefficients.rows.size() == 2);
  for (std::size_t ki = 0; ki < 2; ++ki) {
    REQUIRE(expected.coefficients[ki].pearson.defined());
    CHECK(coefficients.rows[ki][1] == csv_number(expected.coefficients[ki].pearson.r));
  }
  // The glob order would have given another rho: the check is not idle.
  std::vector<MatrixF> glob_order;
  for (int l : {0, 1, 10, 11, 2, 3, 4, 5, 6, 7, 8, 9}) glob_order.push_back(layers[static_cast<std::size_t>(l)]);
  const Correlation wrong = analyze_layers(matrix_views(glob_order), {5}, AnalysisOptions{})
                                .coefficients[0]
                                .pearson;
  REQUIRE(wrong.defined());
  CHECK(std::fabs(wrong.r - expected.coefficients[0].pearson.r) > 0.01);
}

TEST_CASE("ricci analyze --no-input --layers: hidden layers numbered from 1, the same check") {
  TempDir tmp;
  const std::vector<MatrixF> layers = random_layers(12);
  for (std::size_t l = 0; l < 12; ++l) write_npy(tmp / ("h" + std::to_string(l + 1) + ".npy"), layers[l]);
  const Run glob = run_ricci(tmp, "analyze --no-input --layers " + (tmp / "h*.npy") + " --k 5 --quiet --out " + (tmp / "o"));
  CHECK(glob.exit_code == 2);
  CHECK(contains(glob.err, (tmp / "h10.npy") + " is given before " + (tmp / "h2.npy")));
  const Run sorted = run_ricci(tmp, "analyze --no-input --layers $(ls -v " + (tmp / "h*.npy") + ") --k 5 --quiet --out " +
                                        (tmp / "o"));
  REQUIRE(sorted.exit_code == 0);
  AnalysisOptions hidden;
  hidden.has_input = false;
  CHECK(read_csv_table(tmp / "o/coefficients.csv").rows[0][1] ==
        csv_number(analyze_layers(matrix_views(layers), {5}, hidden).coefficients[0].pearson.r));
  CHECK(read_csv_table(tmp / "o/layers.csv").rows[0][1] == "1");
}

TEST_CASE("ricci analyze --layers: names without numbers, other stems and the same number twice") {
  TempDir tmp;
  const std::vector<MatrixF> layers = random_layers(4);
  for (const char* name : {"input", "layer_1", "layer_2", "layer_02", "layer_10", "other_3"})
    write_npy(tmp / (std::string(name) + ".npy"), layers[0]);
  const auto analyze = [&](const std::vector<std::string>& names) {
    std::string files;
    for (const std::string& name : names) files += " " + (tmp / (name + ".npy"));
    return run_ricci(tmp, "analyze --layers" + files + " --k 2 --quiet --out " + (tmp / "out"));
  };
  // Files without a number, or with another stem, keep the order given.
  CHECK(analyze({"input", "layer_2", "layer_10"}).exit_code == 0);
  CHECK(analyze({"other_3", "layer_1", "layer_2"}).exit_code == 0);
  CHECK(analyze({"layer_2", "input", "layer_10"}).exit_code == 0);
  // Any two of one stem in the wrong order, not only neighbours.
  const Run apart = analyze({"layer_10", "input", "layer_2"});
  CHECK(apart.exit_code == 2);
  CHECK(contains(apart.err, "layer_10.npy is given before " + (tmp / "layer_2.npy")));
  const Run twice = analyze({"layer_2", "layer_02"});
  CHECK(twice.exit_code == 2);
  CHECK(contains(twice.err, (tmp / "layer_2.npy") + " and " + (tmp / "layer_02.npy") + " have the same layer number"));
}

TEST_CASE("ricci analyze --layers FILE.npz: NumPy's archives, layers by number") {
  TempDir tmp;
  std::vector<MatrixF> layers;
  for (int l = 0; l < 12; ++l) layers.push_back(ricci_test::fixture_layer(l));
  const Analysis expected = analyze_layers(matrix_views(layers), {6, 8}, AnalysisOptions{});
  // Stored in text order (layer_10 before layer_2), and deflated as arr_0 ... arr_11.
  for (const char* archive : {"layers.npz", "layers_deflated.npz"}) {
    CAPTURE(archive);
    const std::string path = ricci_test::kNpyFixtures + archive;
    const Run r = run_ricci(tmp, "analyze --layers " + path + " --k 6,8 --quiet --out " + (tmp / archive));
    REQUIRE(r.exit_code == 0);
    const Table coefficients = read_csv_table(tmp / (std::string(archive) + "/coefficients.csv"));
    for (std::size_t ki = 0; ki < 2; ++ki) {
      REQUIRE(expected.coefficients[ki].pearson.defined());
      CHECK(coefficients.rows[ki][1] == csv_number(expected.coefficients[ki].pearson.r));
    }
    // analysis.json names each layer as archive:key, in the order analysed.
    const std::string json = read_file(tmp / (std::string(archive) + "/analysis.json"));
    const std::string stem = path + ":" + (archive == std::string("layers.npz") ? "layer_" : "arr_");
    CHECK(json.find("\"" + stem + "2\"") < json.find("\"" + stem + "10\""));
    CHECK(contains(json, "\"" + stem + "11\"\n"));
  }
  // The hidden layers alone, numbered from 1.
  REQUIRE(run_ricci(tmp, "analyze --no-input --layers " + ricci_test::kNpyFixtures + "layers.npz --k 6 --quiet --out " +
                             (tmp / "hidden"))
              .exit_code == 0);
  AnalysisOptions hidden;
  hidden.has_input = false;
  CHECK(read_csv_table(tmp / "hidden/coefficients.csv").rows[0][1] ==
        csv_number(analyze_layers(matrix_views(layers), {6}, hidden).coefficients[0].pearson.r));
  CHECK(read_csv_table(tmp / "hidden/layers.csv").rows[0][1] == "1");
}

TEST_CASE("ricci analyze --layers FILE.npz: one error line for what it cannot take") {
  TempDir tmp;
  write_npy(tmp / "a.npy", ricci_test::fixture_layer(0));
  const std::string fixtures = ricci_test::kNpyFixtures, out = " --k 2 --out " + (tmp / "never");
  const ricci_test::Failure cases[] = {
      {"analyze --layers " + fixtures + "layers.npz " + (tmp / "a.npy") + out, 2,
       "analyze --layers: give one .npz file alone, or NPY files"},
      {"analyze --layers " + fixtures + "unordered.npz" + out, 1,
       "unordered.npz: the layers' order cannot be read from their names (input, hidden_1, hidden_2)"},
      {"analyze --layers " + (tmp / "missing.npz") + out, 1, "missing.npz: cannot open"},
      {"analyze --layers " + fixtures + "layers.npz --max-input 1K" + out, 1,
       "layers.npz: its members inflate to more than 1 KiB"},
  };
  for (const auto& c : cases) ricci_test::check_failure(tmp, c);
  CHECK_FALSE(file_exists(tmp / "never"));
}
