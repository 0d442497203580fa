// flow_analysis_tables.cpp — the tables of an analysis, cell by cell, for
// an analysis written by hand: coefficients, the radius graph's empty k, and
// the layout of the local tables.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "flow/analysis_tables.h"

using namespace ricci;

namespace {

Correlation correlation(double r, std::size_t n, double p) {
  Correlation c;
  c.r = r;
  c.n = n;
  c.p_value = p;
  return c;
}

}  // namespace

TEST_CASE("coefficients.csv by hand, and the empty k of a radius graph") {
  Analysis analysis;
  RicciCoefficient defined, undefined;
  defined.k = 5;
  defined.pearson = correlation(-0.5, 4, 0.25);
  defined.spearman = correlation(-0.4, 4, 0.5);
  defined.z = -1.25;
  undefined.k = 9;
  undefined.pearson = undefined_correlation(Undefined::FewPairs, "fewer than 3 pairs", 2);
  undefined.spearman = undefined.pearson;
  undefined.z = NAN;
  analysis.coefficients = {defined, undefined};
  const Table text = text_table(coefficient_table(analysis));
  CHECK(text.header ==
        std::vector<std::string>{"k", "rho", "pairs", "p_value", "spearman", "spearman_p_value", "z", "reason"});
  CHECK(text.rows[0] == std::vector<std::string>{"5", "-0.5", "4", "0.25", "-0.4", "0.5", "-1.25", ""});
  CHECK(text.rows[1] == std::vector<std::string>{"9", "", "2", "", "", "", "", "fewer than 3 pairs"});

  analysis.radius = 0.5;
  analysis.coefficients.resize(1);
  CHECK(text_table(coefficient_table(analysis)).rows[0][0] == "");
  CHECK(std::isnan(coefficient_table(analysis).columns[0].numbers[0]));
}

TEST_CASE("the local tables: one row per k and layer, and per k, layer and point") {
  Analysis analysis;
  analysis.first_layer = 1;  // hidden layers only: numbered from 1
  LocalValues local;
  local.k = 4;
  // Three layers: s_l for the first two, e_l for the last two; 2 points.
  local.scalar = {{1.0, 2.0}, {0.5, -1.0}};
  local.expansion = {{3.0, 4.0}, {2.0, 0.25}};
  analysis.local = {local};
  const Table values = text_table(local_value_table(analysis));
  CHECK(values.header == std::vector<std::string>{"k", "layer", "point", "mean_curvature", "mean_expansion"});
  REQUIRE(values.rows.size() == 4);
  CHECK(values.rows[0] == std::vector<std::string>{"4", "1", "0", "1", "3"});
  CHECK(values.rows[3] == std::vector<std::string>{"4", "2", "1", "-1", "0.25"});
  const Table layers = text_table(layer_coefficient_table(analysis));
  CHECK(layers.header == std::vector<std::string>{"k", "layer", "rho", "points", "p_value", "reason"});
  REQUIRE(layers.rows.size() == 2);
  CHECK(layers.rows[1][1] == "2");
  const Table points = text_table(local_coefficient_table(analysis));
  CHECK(points.header == std::vector<std::string>{"k", "point", "rho", "layers", "p_value", "reason"});
  REQUIRE(points.rows.size() == 2);
  CHECK(points.rows[1][0] == "4");
  CHECK(points.rows[1][1] == "1");

  // A radius graph has no k: every local table leaves it empty, as
  // layers.csv and coefficients.csv do.
  analysis.radius = 0.5;
  analysis.local[0].k = 0;
  CHECK(text_table(local_value_table(analysis)).rows[0][0] == "");
  CHECK(text_table(layer_coefficient_table(analysis)).rows[0][0] == "");
  CHECK(text_table(local_coefficient_table(analysis)).rows[0][0] == "");
}
