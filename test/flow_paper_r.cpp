// flow_paper_r.cpp — the paper-r convention against the authors' R code,
// followed step by step in R itself (test/paper_r_reference.R, with igraph
// and cccd::nng's rule in base R): cccd's ties, igraph's degrees and
// distances, the per-point sums with na.rm = TRUE, the removal of models
// with an infinite layer mean and the incomplete pairs cor.test drops.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "flow/analysis.h"
#include "flow/coefficients.h"

using namespace ricci;

namespace {

const double kInf = std::numeric_limits<double>::infinity();

// The layers of test/paper_r_reference.R: eight points in the plane with
// integer coordinates (ties everywhere); A = points 0..3, B = 4..7.
MatrixF points(const std::vector<float>& xy) {
  MatrixF m(8, 2);
  for (std::size_t i = 0; i < 8; ++i) {
    m(i, 0) = xy[2 * i];
    m(i, 1) = xy[2 * i + 1];
  }
  return m;
}

const std::map<std::string, MatrixF>& layers() {
  static const std::map<std::string, MatrixF> all = {
      {"conn1", points({0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0})},
      {"conn2", points({0, 0, 1, 0, 2, 0, 3, 0, 0, 1, 1, 1, 2, 1, 3, 1})},
      {"conn3", points({0, 0, 2, 0, 4, 0, 6, 0, 1, 1, 3, 1, 5, 1, 7, 1})},
      {"conn4", points({0, 0, 0, 1, 0, 2, 0, 3, 1, 0, 1, 1, 1, 2, 1, 3})},
      // Two components {A, B}, in three geometries.
      {"sepAB_1", points({0, 0, 1, 0, 2, 0, 3, 0, 100, 0, 101, 0, 102, 0, 103, 0})},
      {"sepAB_2", points({0, 0, 1, 0, 0, 1, 1, 1, 100, 0, 102, 0, 104, 0, 100, 2})},
      {"sepAB_3", points({0, 0, 2, 0, 4, 0, 6, 0, 100, 0, 101, 0, 103, 0, 106, 0})},
      // Two components {0..4}, {5, 6, 7}: point 4 has moved to A's side.
      {"sep4_1", points({0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 100, 0, 101, 0, 102, 0})},
      {"sep4_2", points({0, 0, 0, 1, 1, 0, 1, 1, 2, 0, 100, 0, 100, 1, 101, 0})},
  };
  return all;
}

struct Model {
  std::vector<std::string> layers;  // input, then four hidden layers
  double accuracy;
};

const std::vector<Model> kModels = {
    {{"sepAB_1", "sepAB_2", "sepAB_3", "sep4_1", "sep4_2"}, 0.99},
    {{"conn1", "sepAB_1", "conn2", "conn3", "conn4"}, 0.995},
    {{"conn2", "conn1", "conn3", "conn4", "conn2"}, 0.985},
    {{"conn4", "conn3", "conn1", "conn2", "conn1"}, 0.97},
    {{"sepAB_1", "sepAB_2", "sepAB_3", "conn1", "conn2"}, 0.99},
};

Analysis analyze_model(const Model& model) {
  std::vector<MatrixF> sequence;
  for (const std::string& name : model.layers) sequence.push_back(layers().at(name));
  AnalysisOptions options;
  options.geometry.convention = Convention::PaperR;
  options.geometry.ties = Ties::All;
  return analyze_layers(matrix_views(sequence), {2}, options);
}

}  // namespace

TEST_CASE("paper-r per layer equals the R code: arcs with cccd's ties, Forman totals, geodesic changes") {
  // Rscript test/paper_r_reference.R, k = 2, hidden layers 1..4 of each model:
  //   model 0 arcs 16 17 16 17 forman -68 -86 -70 -82 eta 2 -2 NaN 0
  //   model 1 arcs 16 20 16 20 forman -72 -128 -68 -128 eta Inf -Inf 32 -32
  //   model 2 arcs 16 16 20 20 forman -68 -68 -128 -128 eta 32 0 -32 0
  //   model 3 arcs 16 16 20 16 forman -68 -68 -128 -68 eta 32 0 -32 32
  //   model 4 arcs 16 17 16 20 forman -68 -86 -68 -128 eta 2 -2 -Inf -32
  // (eta: the sum over points of rowSums(distances(G_l) - distances(G_{l-1}), na.rm = TRUE).)
  const std::size_t arcs[5][4] = {{16, 17, 16, 17}, {16, 20, 16, 20}, {16, 16, 20, 20}, {16, 16, 20, 16},
                                  {16, 17, 16, 20}};
  const std::int64_t forman[5][4] = {{-68, -86, -70, -82}, {-72, -128, -68, -128}, {-68, -68, -128, -128},
                                     {-68, -68, -128, -68}, {-68, -86, -68, -128}};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double eta[5][4] = {{2, -2, nan, 0}, {kInf, -kInf, 32, -32}, {32, 0, -32, 0}, {32, 0, -32, 32},
                            {2, -2, -kInf, -32}};
  for (std::size_t m = 0; m < kModels.size(); ++m) {
    const Analysis analysis = analyze_model(kModels[m]);
    REQUIRE(analysis.layers.size() == 5);
    CHECK(std::isnan(analysis.layers[0].eta));
    for (std::size_t l = 1; l <= 4; ++l) {
      CAPTURE(m);
      CAPTURE(l);
      const LayerGeometry& row = analysis.layers[l];
      CHECK(row.edges == arcs[m][l - 1]);
      CHECK(row.forman_total == forman[m][l - 1]);
      if (std::isnan(eta[m][l - 1])) CHECK(std::isnan(row.eta));
      else CHECK(row.eta == eta[m][l - 1]);
    }
  }
  // Where both layers are connected the change is 2 (g_l - g_{l-1}), the
  // ordered pairs of igraph's distance matrix.
  const Analysis connected = analyze_model(kModels[2]);
  for (std::size_t l = 1; l <= 4; ++l)
    CHECK(connected.layers[l].eta ==
          double(connected.layers[l].geodesic_sum) - double(connected.layers[l - 1].geodesic_sum));
}

TEST_CASE("paper-r pooled rho equals the R code's shifted cor.test, models removed as it removes them") {
  // R: removes models 1 (+Inf at the input transition) and 4 (-Inf), pools
  // models 0 and 2 (model 3 is not above a = 0.98), and its pairs are
  //   x: -2 NaN 0 | 0 -32 0     y: -68 -86 -70 | -68 -68 -128
  // cor.test drops the NaN pair: rho -0.28050079042373643, p 0.64759558945704887, n 5.
  std::vector<ModelGeometry> pool;
  for (const Model& model : kModels) pool.push_back({model.accuracy, analyze_model(model).layers});
  const CoefficientOptions paper_r{Convention::PaperR, false};
  CHECK(ricci_coefficient(pool[1].rows, paper_r).pearson.reason.find("removed as the R code removes it") == 0);
  CHECK(ricci_coefficient(pool[4].rows, paper_r).pearson.reason.find("into layer 3 is -inf") != std::string::npos);
  const PooledCoefficient pooled = pooled_coefficient(pool, 0.98, paper_r);
  CHECK(pooled.models_used == 2);
  CHECK(pooled.coefficient.pearson.n == 5);
  CHECK(pooled.pairs.eta == std::vector<double>{-2, 0, 0, -32, 0});
  CHECK(pooled.pairs.curvature == std::vector<double>{-68, -70, -68, -68, -128});
  CHECK(pooled.coefficient.pearson.r == doctest::Approx(-0.28050079042373643).epsilon(1e-14));
  CHECK(pooled.coefficient.pearson.p_value == doctest::Approx(0.64759558945704887).epsilon(1e-9));
}
