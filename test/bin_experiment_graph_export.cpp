// bin_experiment_graph_export.cpp — `ricci analyze --export-graph`: the files read
// back give the totals of layers.csv (bit for bit), the degrees, labels and
// local coefficients of the other outputs, and the class structure of
// layers.csv recomputed from the exported edges; the same bytes on 1 and 2
// threads; radius graphs and --labels with --layers; the export committed
// with the analysis or not at all.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <csignal>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/io/npy.h"
#include "data/io/table.h"
#include "geom/partition.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

// The graph of an exported edge table.
Graph read_edges(const Table& edges, std::size_t nodes) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> list;
  for (const auto& row : edges.rows)
    list.emplace_back(static_cast<std::uint32_t>(std::stoul(row[0])), static_cast<std::uint32_t>(std::stoul(row[1])));
  return graph_from_edges(nodes, list);
}

// Checks every export file of one analysis against its layers.csv.
void check_export(const std::string& out, const std::string& graphs, const std::vector<std::int64_t>& labels,
                  const std::string& key_of_row) {
  const Table layers = read_csv_table(join_path(out, "layers.csv"));
  const std::size_t k = layers.column("k", "layers.csv"), layer = layers.column("layer", "layers.csv");
  for (const auto& row : layers.rows) {
    const std::string suffix = (key_of_row.empty() ? "k" + row[k] : key_of_row) + "_layer" + row[layer] + ".csv";
    CAPTURE(suffix);
    const Table edges = read_csv_table(join_path(graphs, "edges_" + suffix));
    const Table nodes = read_csv_table(join_path(graphs, "nodes_" + suffix));
    CHECK(edges.header == std::vector<std::string>{"i", "j", "curvature"});
    CHECK(edges.rows.size() == std::stoul(row[layers.column("edges", "")]));
    // The curvature summed in row order is curvature_total, bit for bit.
    double total = 0.0;
    for (std::size_t e = 0; e < edges.rows.size(); ++e) {
      const auto& cells = edges.rows[e];
      CHECK(std::stoul(cells[0]) < std::stoul(cells[1]));
      if (e > 0) {
        const auto& prev = edges.rows[e - 1];
        CHECK(std::make_pair(std::stoul(prev[0]), std::stoul(prev[1])) <
              std::make_pair(std::stoul(cells[0]), std::stoul(cells[1])));
      }
      total += csv_value(cells[2], "edges");
    }
    CHECK(total == csv_value(row[layers.column("curvature_total", "")], "layers.csv"));
    // Degrees sum to twice the edges, scalar curvatures to twice the total.
    std::size_t degrees = 0;
    double scalar = 0.0;
    for (std::size_t i = 0; i < nodes.rows.size(); ++i) {
      CHECK(nodes.rows[i][0] == std::to_string(i));
      CHECK(nodes.rows[i][1] == (labels.empty() ? "" : std::to_string(labels[i])));
      degrees += std::stoul(nodes.rows[i][2]);
      scalar += csv_value(nodes.rows[i][3], "nodes");
    }
    CHECK(degrees == 2 * edges.rows.size());
    CHECK(scalar == doctest::Approx(2 * total).epsilon(1e-12));
    // The class structure of layers.csv, from the exported edges.
    if (!labels.empty()) {
      std::vector<std::uint32_t> part;
      for (std::int64_t y : labels) part.push_back(static_cast<std::uint32_t>(y));
      const PartitionCut cut = partition_cut(read_edges(edges, nodes.rows.size()), part, 2);
      CHECK(csv_value(row[layers.column("modularity", "")], "") == modularity(cut));
      CHECK(csv_value(row[layers.column("normalized_cut", "")], "") == normalized_cut(cut));
    }
  }
}

// Every visible file under dir (a subfolder's as "SUB/NAME") with its bytes:
// no temporaries, no lock.
std::map<std::string, std::string> visible_files(const std::string& dir, const std::string& prefix = "") {
  std::map<std::string, std::string> files;
  for (const std::string& name : list_directory(dir)) {
    const std::string path = join_path(dir, name);
    if (is_temporary_name(name) || name == ".ricci-lock") continue;
    struct stat info;
    if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
      for (const auto& [sub, bytes] : visible_files(path, prefix + name + "/")) files[sub] = bytes;
    else
      files[prefix + name] = read_file(path);
  }
  return files;
}

}  // namespace

TEST_CASE("--export-graph: files read back equal layers.csv, for Forman and exact Ollivier with --local") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "train --data circles:n=300 --depth 3 --epochs 5 --quiet --out " + (tmp / "run"))
              .exit_code == 0);
  const std::vector<std::int64_t> labels = read_npy_labels(tmp / "run/labels.npy");
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5,10 --quiet --out " + (tmp / "forman") + " --export-graph")
              .exit_code == 0);
  check_export(tmp / "forman", tmp / "forman/graphs", labels, "");
  // Forman: every edge's value is 4 - deg i - deg j, from the node file's degrees.
  const Table edges = read_csv_table(tmp / "forman/graphs/edges_k5_layer2.csv");
  const Table nodes = read_csv_table(tmp / "forman/graphs/nodes_k5_layer2.csv");
  auto degree = [&](const std::string& i) { return std::stol(nodes.rows[std::stoul(i)][2]); };
  for (const auto& e : edges.rows) CHECK(std::stol(e[2]) == 4 - degree(e[0]) - degree(e[1]));
  // Labels were read from the run directory: the class structure is there.
  CHECK(read_csv_table(tmp / "forman/layers.csv").rows[0][11] != "");  // modularity

  for (const char* threads : {"1", "2"}) {
    const std::string out = tmp / ("ollivier" + std::string(threads));
    REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5,10 --curvature ollivier --local --quiet --threads " +
                               threads + " --out " + out + " --export-graph")
                .exit_code == 0);
  }
  const std::string out = tmp / "ollivier1";
  check_export(out, out + "/graphs", labels, "");
  for (const char* file : {"layers.csv", "graphs/edges_k10_layer1.csv", "graphs/nodes_k5_layer3.csv"})
    CHECK(read_file(join_path(out, file)) == read_file(tmp / ("ollivier2/" + std::string(file))));
  // The node files' local columns: s_l, e_l (empty at the last layer) and the
  // local coefficient of local_coefficients.csv.
  const Table local = read_csv_table(join_path(out, "local_coefficients.csv"));
  const Table first = read_csv_table(join_path(out, "graphs/nodes_k5_layer0.csv"));
  const Table last = read_csv_table(join_path(out, "graphs/nodes_k5_layer3.csv"));
  CHECK(first.header == std::vector<std::string>{"i", "label", "degree", "scalar_curvature", "mean_curvature",
                                                 "mean_expansion", "local_coefficient"});
  for (std::size_t x = 0; x < first.rows.size(); ++x) {
    CHECK(first.rows[x][6] == local.rows[x][2]);  // the k = 5 rows come first
    CHECK(last.rows[x][6] == local.rows[x][2]);
    CHECK(last.rows[x][4] == "");
    CHECK(first.rows[x][4] != "");
  }
}

TEST_CASE("--graph radius:R and --labels with --layers") {
  TempDir tmp;
  // Twelve points of a 3 x 4 lattice, then the lattice stretched along one
  // axis: radius 1 gives the grid, then only the unstretched edges.
  MatrixF a(12, 2), b(12, 2);
  for (std::size_t p = 0; p < 12; ++p) {
    a(p, 0) = b(p, 0) = static_cast<float>(p / 4);
    a(p, 1) = static_cast<float>(p % 4);
    b(p, 1) = 2.0f * static_cast<float>(p % 4);
  }
  write_npy(tmp / "a.npy", a);
  write_npy(tmp / "b.npy", b);
  std::vector<std::int64_t> labels;
  for (std::size_t p = 0; p < 12; ++p) labels.push_back(p % 4 < 2 ? 0 : 1);
  write_npy(tmp / "y.npy", labels);
  const Run r = run_ricci(tmp, "analyze --layers " + (tmp / "a.npy") + " " + (tmp / "b.npy") +
                                   " --graph radius:1 --labels " + (tmp / "y.npy") + " --quiet --out " + (tmp / "out") +
                                   " --export-graph");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("R = 1: rho undefined") != std::string::npos);
  const Table layers = read_csv_table(tmp / "out/layers.csv");
  REQUIRE(layers.rows.size() == 2);
  CHECK(layers.rows[0][0] == "");       // k does not apply
  CHECK(layers.rows[0][3] == "17");     // the grid's edges
  CHECK(layers.rows[1][3] == "8");      // the columns' edges (rows 2 apart now)
  CHECK(layers.rows[1][4] == "4");      // four columns of three points
  CHECK(read_csv_table(tmp / "out/coefficients.csv").rows[0][0] == "");
  check_export(tmp / "out", tmp / "out/graphs", labels, "r1");
  const std::string json = read_file(tmp / "out/analysis.json");
  CHECK(json.find("\"graph\": \"radius\"") != std::string::npos);
  CHECK(json.find("\"radius\": 1,") != std::string::npos);
}

TEST_CASE("--export-graph goes through the analysis's output set: committed with it, or nothing") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "train --data circles:n=200 --depth 3 --epochs 2 --quiet --out " + (tmp / "run")).exit_code == 0);
  const std::string out = tmp / "analysis", analyze = "analyze " + (tmp / "run") + " --quiet --out " + out;
  REQUIRE(run_ricci(tmp, analyze + " --k 5 --export-graph").exit_code == 0);
  const std::map<std::string, std::string> before = visible_files(out);
  CHECK(before.count("graphs/edges_k5_layer3.csv") == 1);
  CHECK(before.count(".ricci-folder") == 1);  // an analysis folder, the export inside it
  // analysis.json lists the export's files with the others.
  CHECK(before.at("analysis.json").find("\"graphs/nodes_k5_layer0.csv\"") != std::string::npos);

  // Killed half-way through an export file (layers.csv, coefficients.csv,
  // then edges and nodes of k = 5, layer 0): nothing new shows, the old
  // analysis and its export stay whole.
  const Run killed = run_ricci(tmp, analyze + " --k 5,10 --export-graph", "RICCI_TEST_KILL_AT_FILE=4");
  CHECK(killed.exit_code == 128 + SIGKILL);
  CHECK(visible_files(out) == before);

  // The next analysis without the export removes the old one with the
  // killed run's temporaries.
  REQUIRE(run_ricci(tmp, analyze + " --k 5").exit_code == 0);
  CHECK_FALSE(file_exists(out + "/graphs"));
  for (const std::string& name : list_directory(out)) CHECK_FALSE(is_temporary_name(name));
  CHECK(read_file(out + "/analysis.json").find("graphs/") == std::string::npos);

  // A graphs/ folder that no analysis of this folder wrote is not replaced
  // (only files ricci can show it wrote are, bin/experiment/folders.h).
  make_directories(tmp / "mixed/graphs");
  write_file_atomically(tmp / "mixed/graphs/notes.txt", "mine\n");
  const Run refused = run_ricci(tmp, "analyze " + (tmp / "run") + " --k 5 --quiet --export-graph --out " + (tmp / "mixed"));
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("mixed/graphs is in the way: ricci did not write it") != std::string::npos);
  CHECK(read_file(tmp / "mixed/graphs/notes.txt") == "mine\n");
  CHECK_FALSE(file_exists(tmp / "mixed/layers.csv"));

  // Hidden layers only: the export names the layers as layers.csv does, from 1.
  const std::string hidden = tmp / "hidden";
  REQUIRE(run_ricci(tmp, "analyze --layers " + (tmp / "run/layer_1.npy") + " " + (tmp / "run/layer_2.npy") + " " +
                             (tmp / "run/layer_3.npy") + " --no-input --k 5 --quiet --export-graph --out " + hidden)
              .exit_code == 0);
  check_export(hidden, hidden + "/graphs", {}, "");
  CHECK(file_exists(hidden + "/graphs/edges_k5_layer3.csv"));
  CHECK_FALSE(file_exists(hidden + "/graphs/edges_k5_layer0.csv"));
}
