// bin_analyze.cpp — `ricci analyze` on NPY files the test writes (as one
// exported from PyTorch would be) and on a run directory: its CSVs agree
// with flow/ and bad input is one error line with nothing written.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "data/blas.h"
#include "data/files.h"
#include "data/io/npy.h"
#include "data/io/table.h"
#include "data/random.h"
#include "flow/analysis.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

// Three layers of 10 points on a line, the middle one squeezed at one end.
std::vector<MatrixF> line_layers() {
  std::vector<MatrixF> layers(3, MatrixF(10, 2));
  for (std::size_t i = 0; i < 10; ++i) {
    layers[0](i, 0) = static_cast<float>(i);
    layers[1](i, 0) = static_cast<float>(i < 5 ? 0.5 * i : i - 2.5);
    layers[2](i, 0) = static_cast<float>(i * i);
    layers[2](i, 1) = 1.0f;
  }
  return layers;
}

}  // namespace

TEST_CASE("ricci analyze --layers writes the CSVs of flow/'s analysis") {
  TempDir tmp;
  const std::vector<MatrixF> layers = line_layers();
  std::string files;
  for (std::size_t l = 0; l < 3; ++l) {
    write_npy(tmp / ("h" + std::to_string(l) + ".npy"), layers[l]);
    files += " " + (tmp / ("h" + std::to_string(l) + ".npy"));
  }
  const Run r = run_ricci(tmp, "analyze --layers" + files + " --k 2,3 --quiet --out " + (tmp / "out"));
  REQUIRE(r.exit_code == 0);
  const Table table = read_csv_table(tmp / "out/layers.csv");
  CHECK(table.header == std::vector<std::string>{"k", "layer", "nodes", "edges", "components", "geodesic_sum",
                                                 "forman_total", "eta", "curvature", "curvature_total", "curvature_prev",
                                                 "modularity", "between_class_edges", "curvature_within",
                                                 "curvature_between", "normalized_cut"});
  CHECK(table.rows[0][11] == "");  // no labels: no class structure
  const Analysis expected = analyze_layers(matrix_views(layers), {2, 3}, AnalysisOptions{});
  REQUIRE(table.rows.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    const LayerGeometry& e = expected.layers[i];
    CHECK(table.rows[i][0] == std::to_string(e.k));
    CHECK(table.rows[i][1] == std::to_string(e.layer));
    CHECK(table.rows[i][3] == std::to_string(e.edges));
    CHECK(table.rows[i][5] == std::to_string(e.geodesic_sum));
    CHECK(table.rows[i][6] == std::to_string(e.forman_total));
  }
  // eta is empty at layer 0 and g_1 - g_0 at layer 1.
  CHECK(table.rows[0][7] == "");
  CHECK(std::stoll(table.rows[1][7]) == std::stoll(table.rows[1][5]) - std::stoll(table.rows[0][5]));
  const Table coefficients = read_csv_table(tmp / "out/coefficients.csv");
  CHECK(coefficients.header ==
        std::vector<std::string>{"k", "rho", "pairs", "p_value", "spearman", "spearman_p_value", "z", "reason"});
  CHECK(coefficients.rows.size() == 2);
  CHECK(coefficients.rows[0][2] == "1");  // Eq. 8: two hidden layers give one pair
  CHECK(coefficients.rows[0][7] == "fewer than 3 pairs (1)");
  CHECK(file_exists(tmp / "out/analysis.json"));
  // With the input transition: two pairs.
  REQUIRE(run_ricci(tmp, "analyze --layers" + files + " --k 2 --include-input --quiet --out " + (tmp / "input"))
              .exit_code == 0);
  CHECK(read_csv_table(tmp / "input/coefficients.csv").rows[0][2] == "2");
}

TEST_CASE("ricci analyze: Eq. 8 and z over six layers, --no-input, --ties all and --k auto") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "train --data circles:n=300 --depth 5 --epochs 3 --quiet --out " + (tmp / "run")).exit_code == 0);
  std::vector<MatrixF> layers;
  std::string hidden;
  for (std::size_t l = 0; l < 6; ++l) {
    layers.push_back(read_npy_matrix(tmp / ("run/layer_" + std::to_string(l) + ".npy")));
    if (l > 0) hidden += " " + (tmp / ("run/layer_" + std::to_string(l) + ".npy"));
  }
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 12,30 --quiet --out " + (tmp / "full")).exit_code == 0);
  const Table full = read_csv_table(tmp / "full/coefficients.csv");
  const Analysis expected = analyze_layers(matrix_views(layers), {12, 30}, AnalysisOptions{});
  for (std::size_t ki = 0; ki < 2; ++ki) {
    CHECK(full.rows[ki][2] == "4");  // L - 1 = 4 pairs
    CHECK(full.rows[ki][1] == csv_number(expected.coefficients[ki].pearson.r));
    CHECK(full.rows[ki][6] == csv_number(std::atanh(expected.coefficients[ki].pearson.r)));  // L = 5: sqrt(1)
  }
  // The hidden layers alone, numbered from 1: the same rho.
  REQUIRE(run_ricci(tmp, "analyze --no-input --layers" + hidden + " --k 12,30 --quiet --out " + (tmp / "hidden"))
              .exit_code == 0);
  CHECK(read_csv_table(tmp / "hidden/coefficients.csv").rows == full.rows);
  CHECK(read_csv_table(tmp / "hidden/layers.csv").rows[0][1] == "1");
  // --ties all: flow/'s analysis with Ties::All.
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 12 --ties all --quiet --out " + (tmp / "ties")).exit_code == 0);
  AnalysisOptions all;
  all.geometry.ties = Ties::All;
  CHECK(read_csv_table(tmp / "ties/layers.csv").rows[3][3] ==
        std::to_string(analyze_layers(matrix_views(layers), {12}, all).layers[3].edges));
  // --k auto: from the smallest k connecting every layer to 0.2 n = 18 (90 test points).
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k auto --quiet --out " + (tmp / "auto")).exit_code == 0);
  const Table auto_k = read_csv_table(tmp / "auto/coefficients.csv");
  std::vector<int> ks;
  for (const auto& row : auto_k.rows) ks.push_back(std::stoi(row[0]));
  CHECK(ks == auto_k_grid(connecting_k(matrix_views(layers), GeometryOptions{}), 90));
}

TEST_CASE("ricci analyze RUN_DIR, with --local and paper-r") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "train --data circles:n=300 --depth 3 --epochs 5 --quiet --out " + (tmp / "run"))
              .exit_code == 0);
  const Run r = run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5,10 --local --quiet");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("k = 5:") != std::string::npos);
  CHECK(read_csv_table(tmp / "run/layers.csv").rows.size() == 8);
  CHECK(read_csv_table(tmp / "run/layer_coefficients.csv").rows.size() == 6);   // 2 k x 3 transitions
  CHECK(read_csv_table(tmp / "run/local_coefficients.csv").rows.size() == 180);  // 2 k x 90 points
  CHECK(read_csv_table(tmp / "run/local_values.csv").rows.size() == 540);
  // The same bytes on 1 and 2 threads.
  for (const char* threads : {"1", "2"})
    REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5,10 --local --quiet --threads " + threads + " --out " +
                               (tmp / ("t" + std::string(threads))))
                .exit_code == 0);
  for (const char* file : {"layers.csv", "coefficients.csv", "layer_coefficients.csv", "local_coefficients.csv",
                           "local_values.csv", "analysis.json"})
    CHECK(read_file(tmp / ("t1/" + std::string(file))) == read_file(tmp / ("t2/" + std::string(file))));
  const Run paper = run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5 --convention paper-r --quiet --out " +
                                     (tmp / "paper"));
  REQUIRE(paper.exit_code == 0);
  const Table rows = read_csv_table(tmp / "paper/layers.csv");
  CHECK(rows.rows[0][3] == "450");  // n k arcs: 90 test points x 5
}

TEST_CASE("ricci analyze: the same bytes when BLAS calls go one at a time (RICCI_SERIALIZE_BLAS)") {
  // A build linked to a serial OpenBLAS makes its products one at a time;
  // forcing that path here must not change a threaded k-NN search. 2,000
  // points in 20-D: 16 query tiles, each one GEMM, spread over 2 threads.
  TempDir tmp;
  Rng rng(5);
  MatrixF input(2000, 20), squeezed(2000, 20);
  for (std::size_t i = 0; i < input.size(); ++i) {
    input.data()[i] = static_cast<float>(rng.normal());
    squeezed.data()[i] = std::max(0.0f, input.data()[i] + 0.3f);
  }
  write_npy(tmp / "layer_0.npy", input);
  write_npy(tmp / "layer_1.npy", squeezed);
  const std::string analyze =
      "analyze --layers " + (tmp / "layer_0.npy") + " " + (tmp / "layer_1.npy") + " --k 7,15 --threads 2 --quiet --out ";
  REQUIRE(run_ricci(tmp, analyze + (tmp / "concurrent"), "RICCI_SERIALIZE_BLAS=0").exit_code == 0);
  REQUIRE(run_ricci(tmp, analyze + (tmp / "one_at_a_time"), "RICCI_SERIALIZE_BLAS=1").exit_code == 0);
  for (const char* file : {"layers.csv", "coefficients.csv"})
    CHECK(read_file(tmp / ("concurrent/" + std::string(file))) == read_file(tmp / ("one_at_a_time/" + std::string(file))));
  // The variable took effect, and only when set: `ricci --help` names the mode.
  const Run forced = run_ricci(tmp, "--help", "RICCI_SERIALIZE_BLAS=1");
  CHECK(forced.out.find("one call at a time\n") != std::string::npos);
  const Run unforced = run_ricci(tmp, "--help", "RICCI_SERIALIZE_BLAS=0");
  const std::string library = blas_description().substr(0, blas_description().find(','));
  CHECK(unforced.out.find("BLAS: " + library + ", ") != std::string::npos);
  if (library == "OpenBLAS (pthreads build)" || library == "built-in loops")
    CHECK(unforced.out.find(library + ", concurrent calls\n") != std::string::npos);
}

TEST_CASE("ricci analyze: bad input is one error line, the right exit code, nothing written") {
  TempDir tmp;
  const std::vector<MatrixF> layers = line_layers();
  write_npy(tmp / "a.npy", layers[0]);
  write_npy(tmp / "b.npy", layers[1]);
  write_npy(tmp / "short.npy", MatrixF(9, 2));
  MatrixF nan = layers[1];
  nan(3, 1) = NAN;
  write_npy(tmp / "nan.npy", nan);
  write_npy(tmp / "labels9.npy", std::vector<std::int64_t>(9, 1));
  // A 3-D array and a complex one, as NumPy writes them.
  write_file_atomically(tmp / "cube.npy", std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
                                              "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 2), }" +
                                              std::string(54, ' ') + "\n" + std::string(16, '\0'));
  write_file_atomically(tmp / "complex.npy", std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
                                                 "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }" +
                                                 std::string(59, ' ') + "\n" + std::string(16, '\0'));
  const std::string a = tmp / "a.npy", b = tmp / "b.npy", out = " --out " + (tmp / "never");
  const ricci_test::Failure cases[] = {
      {"analyze --layers " + a + " " + b + " --k 10" + out, 2, "k = 10 is out of range"},
      {"analyze --layers " + a + " " + b + " --k 0" + out, 2, "--k: expected a whole number"},
      {"analyze --layers " + a + " " + b + " --k 3,x" + out, 2, "--k: expected a whole number"},
      {"analyze --layers " + a + " " + b + " --k-frac 0.01" + out, 2, "--k-frac: 0.01 of n = 10 gives k = 0"},
      {"analyze --layers " + a + " " + (tmp / "short.npy") + " --k 3" + out, 1, "9 rows, but"},
      {"analyze --layers " + a + " " + (tmp / "nan.npy") + " --k 3" + out, 1, "row 3, column 1: value is NaN"},
      {"analyze --layers " + a + " " + (tmp / "cube.npy") + " --k 3" + out, 1, "expected a 1-D or 2-D array, found 3-D"},
      {"analyze --layers " + a + " " + (tmp / "complex.npy") + " --k 3" + out, 1, "complex arrays (dtype '<c8') are not supported"},
      {"analyze --layers " + a + " " + (tmp / "missing.npy") + " --k 3" + out, 1, "cannot open"},
      {"analyze --layers " + a + " " + b + " --k 3", 2, "--out DIR is required"},
      {"analyze --layers " + a + out, 2, "at least two NPY files"},
      {"analyze " + (tmp / "nothing-here") + out, 1, "nothing-here: no such folder"},
      {"analyze --layers " + a + " " + b + " --graph knn" + out, 2, "--graph: expected union or mutual"},
      {"analyze --layers " + a + " " + b + " --curvature ricci" + out, 2,
       "--curvature: expected forman, augmented-forman, approx-ollivier or ollivier, got 'ricci'"},
      {"analyze --layers " + a + " " + b + " --convention paper-r --graph mutual" + out, 2,
       "--graph: must be union under the paper-r convention"},
      {"analyze --layers " + a + " " + b + " --convention paper-r --local" + out, 2, "--local"},
      {"analyze --layers " + a + " " + b + " --graph radius:0" + out, 2, "--graph: radius:R needs a positive"},
      {"analyze --layers " + a + " " + b + " --graph radius:x" + out, 2, "--graph: radius:R needs a positive"},
      {"analyze --layers " + a + " " + b + " --graph radius:2 --k 3" + out, 2,
       "--k and --k-frac do not apply to a radius graph"},
      {"analyze --layers " + a + " " + b + " --graph radius:2 --k auto" + out, 2,
       "--k and --k-frac do not apply to a radius graph"},
      {"analyze --layers " + a + " " + b + " --graph radius:2 --ties all" + out, 2,
       "--ties does not apply to a radius graph"},
      {"analyze --layers " + a + " " + b + " --graph radius:2 --ties index" + out, 2,
       "--ties does not apply to a radius graph"},
      {"analyze --layers " + a + " " + b + " --k 3 --ollivier-alpha 0.5" + out, 2,
       "--ollivier-alpha applies to --curvature ollivier"},
      {"analyze --layers " + a + " " + b + " --k 3 --curvature ollivier --ollivier-alpha 0.1234567" + out, 2,
       "--ollivier-alpha: 0.1234567 is not a fraction"},
      {"analyze --layers " + a + " " + b + " --k 3 --curvature ollivier --ollivier-alpha 2" + out, 2,
       "--ollivier-alpha"},
      {"analyze --layers " + a + " " + b + " --k 3 --local-unreachable skip-layer" + out, 2,
       "--local-unreachable applies to --local"},
      {"analyze --layers " + a + " " + b + " --k 3 --local --local-unreachable drop" + out, 2,
       "--local-unreachable: expected undefined or skip-layer"},
      {"analyze --layers " + a + " " + b + " --k 3 --labels " + (tmp / "labels9.npy") + out, 1,
       "labels9.npy: 9 labels, but the layers hold 10 points"},
      {"analyze --layers " + a + " " + b + " --k 3 --labels " + (tmp / "missing.npy") + out, 1, "cannot open"},
      {"analyze --layers " + a + " " + b + " --k 3 --convention paper-r --export-graph" + out, 2,
       "--convention: the class structure and the graph export need the standard convention"},
      {"analyze --layers " + a + " " + b + " --ties some" + out, 2, "--ties: expected index or all, got 'some'"},
      {"analyze --layers " + a + " " + b + " --convention paper-r --ties index" + out, 2,
       "--ties: must be all under the paper-r convention"},
      {"analyze --layers " + a + " " + b + " --convention paper-r --include-input" + out, 2,
       "--include-input: the paper-r convention follows the R code"},
      {"analyze --layers " + a + " " + b + " --no-input --include-input" + out, 2,
       "--include-input: there is no input layer"},
      {"analyze --layers " + a + " " + b + " --k auto --k-frac 0.2" + out, 2, "give --k auto or --k-frac, not both"},
  };
  for (const auto& c : cases) ricci_test::check_failure(tmp, c);
  CHECK_FALSE(file_exists(tmp / "never"));
}
