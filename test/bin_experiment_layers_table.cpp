// bin_experiment_layers_table.cpp — layers.csv: the cells of an analysis by hand, read
// back to the same geometry, and malformed cells refused.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bin/experiment/layers_table.h"
#include "data/error.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;

namespace {

LayerGeometry layer(std::size_t k, std::size_t l, std::uint64_t g, double curvature, std::size_t components = 1) {
  LayerGeometry row;
  row.k = k;
  row.layer = l;
  row.nodes = 6;
  row.edges = 7 + l;
  row.components = components;
  row.geodesic_finite = components == 1;
  row.geodesic_sum = row.geodesic_finite ? g : 0;
  row.forman_total = -3 - static_cast<std::int64_t>(l);
  row.curvature_total = curvature;
  return row;
}

}  // namespace

TEST_CASE("layers.csv cells of an analysis, by hand, and read back") {
  Analysis analysis;
  analysis.curvature = Curvature::AugmentedForman;
  // k = 2: g = 30, 24, then disconnected; k = 4: g = 18, 20, 15.
  analysis.layers = {layer(2, 0, 30, 1.5), layer(2, 1, 24, -0.25), layer(2, 2, 0, 2, 3),
                     layer(4, 0, 18, 0), layer(4, 1, 20, 3), layer(4, 2, 15, -1)};
  analysis.coefficients.resize(2);
  const std::vector<std::vector<std::string>> cells = layer_cells(analysis);
  REQUIRE(cells.size() == 6);
  // Without labels the five class-structure cells are empty.
  const std::vector<std::string> no_classes(5, "");
  auto with_classes = [](std::vector<std::string> row, const std::vector<std::string>& classes) {
    row.insert(row.end(), classes.begin(), classes.end());
    return row;
  };
  CHECK(cells[0] ==
        with_classes({"2", "0", "6", "7", "1", "30", "-3", "", "augmented-forman", "1.5", ""}, no_classes));
  CHECK(cells[1] ==
        with_classes({"2", "1", "6", "8", "1", "24", "-4", "-6", "augmented-forman", "-0.25", "1.5"}, no_classes));
  CHECK(cells[2] ==
        with_classes({"2", "2", "6", "9", "3", "inf", "-5", "", "augmented-forman", "2", "-0.25"}, no_classes));
  // curvature_prev starts again at each k: empty at its first layer.
  CHECK(cells[3][10] == "");
  CHECK(cells[4][7] == "2");
  CHECK(cells[4][10] == "0");
  CHECK(cells[5][7] == "-5");
  CHECK(cells[5][10] == "3");

  CHECK(layer_columns().size() == cells[0].size());

  const Table table{layer_columns(), cells};
  const std::vector<LayerGeometry> back = read_layer_geometry(table, "layers.csv");
  REQUIRE(back.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    const LayerGeometry& a = analysis.layers[i];
    const LayerGeometry& b = back[i];
    CHECK(a.k == b.k);
    CHECK(a.layer == b.layer);
    CHECK(a.nodes == b.nodes);
    CHECK(a.edges == b.edges);
    CHECK(a.components == b.components);
    CHECK(a.geodesic_finite == b.geodesic_finite);
    CHECK(a.geodesic_sum == b.geodesic_sum);
    CHECK(a.forman_total == b.forman_total);
    CHECK(a.curvature_total == b.curvature_total);
  }
}

TEST_CASE("layers.csv: a missing column or a malformed cell is a data error naming the file") {
  Table table{layer_columns(), {{"2", "0", "6", "7", "1", "30", "-3", "", "forman", "-3", ""}}};
  CHECK(read_layer_geometry(table, "x.csv").size() == 1);
  Table bad = table;
  bad.rows[0][5] = "3.5";
  check_error([&] { read_layer_geometry(bad, "x.csv"); }, ErrorKind::Data,
              "x.csv: geodesic_sum: expected a whole number, got '3.5'");
  bad = table;
  bad.rows[0][6] = "";
  check_error([&] { read_layer_geometry(bad, "x.csv"); }, ErrorKind::Data,
              "x.csv: forman_total: expected an integer, got ''");
  bad = table;
  bad.header[9] = "total";
  check_error([&] { read_layer_geometry(bad, "x.csv"); }, ErrorKind::Data, "curvature_total");
}

TEST_CASE("layers.csv: the class structure's cells, and k empty for a radius graph") {
  Analysis analysis;
  analysis.layers = {layer(3, 0, 10, -3)};
  analysis.layers[0].classes.measured = true;
  analysis.layers[0].classes.modularity = 0.25;
  analysis.layers[0].classes.between_class_edges = 0.125;
  analysis.layers[0].classes.curvature_within = -1.5;
  analysis.layers[0].classes.curvature_between = -4;
  // normalized_cut left undefined (NaN): an empty cell.
  analysis.coefficients.resize(1);
  const std::vector<std::string> row = layer_cells(analysis)[0];
  CHECK(std::vector<std::string>(row.end() - 5, row.end()) ==
        std::vector<std::string>{"0.25", "0.125", "-1.5", "-4", ""});
  CHECK(row[0] == "3");
  analysis.radius = 0.5;
  analysis.layers[0].k = 0;
  CHECK(layer_cells(analysis)[0][0] == "");
}
