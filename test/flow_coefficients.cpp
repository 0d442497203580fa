// flow_coefficients.cpp — rho_k, the pooled coefficient and the two
// conventions on layer sequences whose answers are known, including the
// worked example of docs/method.md.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "flow/coefficients.h"
#include "geom/graph.h"

using namespace ricci;

namespace {

LayerGeometry row(std::size_t layer, std::uint64_t g, double ric, bool finite = true, std::size_t components = 1) {
  LayerGeometry r;
  r.k = 10;
  r.layer = layer;
  r.geodesic_sum = g;
  r.geodesic_finite = finite;
  r.components = components;
  r.curvature_total = ric;
  r.forman_total = static_cast<std::int64_t>(ric);
  return r;
}

Graph graph(std::size_t n, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
  return graph_from_edges(n, edges);
}

}  // namespace

TEST_CASE("worked example of docs/method.md: four graphs on six nodes, by hand") {
  // Layer 0: triangles {0,1,2} and {3,4,5} joined by the edge 2-3.
  //   degrees 2,2,3,3,2,2; 7 edges; Ric = 4*7 - (4+4+9+9+4+4) = -6
  //   g = 3 + 3 (inside the triangles) + 1 (2-3) + 2+2 (0-3, 1-3) + 2+2 (2-4, 2-5) + 3*4 = 27
  // Layer 1: the path 0-1-2-3-4-5: g = n(n^2-1)/6 = 35; Ric = 4*5 - (1+4+4+4+4+1) = 2
  // Layer 2: the complete graph K6: g = 15; Ric = 4*15 - 6*25 = -90
  // Layer 3: the star with centre 0: g = 5*1 + 10*2 = 25; Ric = 4*5 - (25+5) = -10
  const std::vector<Graph> graphs = {
      graph(6, {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {3, 5}, {4, 5}}),
      graph(6, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}),
      graph(6, {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {2, 3}, {2, 4}, {2, 5},
                {3, 4}, {3, 5}, {4, 5}}),
      graph(6, {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}}),
  };
  const std::uint64_t g[] = {27, 35, 15, 25};
  const std::int64_t ric[] = {-6, 2, -90, -10};
  std::vector<LayerGeometry> rows;
  for (std::size_t l = 0; l < 4; ++l) {
    LayerGeometry r = graph_geometry(graphs[l], GeometryOptions{});
    CHECK(r.geodesic_sum == g[l]);
    CHECK(r.forman_total == ric[l]);
    CHECK(r.components == 1);
    r.layer = l;
    rows.push_back(r);
  }
  // eta = (35-27, 15-35, 25-15) = (8, -20, 10), paired with Ric_0..2 = (-6, 2, -90):
  // Pearson r = -1050.67 / sqrt(562.67 * 5194.67) = -0.61455 (SciPy: -0.6145546624732172, p = 0.5787).
  const std::vector<double> eta = eta_values(rows);
  CHECK(std::isnan(eta[0]));
  CHECK(eta[1] == 8);
  CHECK(eta[2] == -20);
  CHECK(eta[3] == 10);
  const RicciCoefficient rho = ricci_coefficient(rows, Convention::Standard);
  CHECK(rho.pearson.defined());
  CHECK(rho.pearson.n == 3);
  CHECK(rho.pearson.r == doctest::Approx(-0.6145546624732172).epsilon(1e-12));
  CHECK(rho.pearson.p_value == doctest::Approx(0.5786714622674324).epsilon(1e-9));
  CHECK(rho.spearman.r == doctest::Approx(-1.0));
}

TEST_CASE("rho_k is Pearson of (eta_l, Ric_{l-1}); a perfectly Ricci-flow-like sequence gives -1") {
  // Ric = (10, 0, -10, -20) and eta_l = -2 Ric_{l-1}: g = 100, 80, 80, 100.
  const std::vector<LayerGeometry> rows = {row(0, 100, 10), row(1, 80, 0), row(2, 80, -10), row(3, 100, -20)};
  const RicciCoefficient rho = ricci_coefficient(rows, Convention::Standard);
  CHECK(rho.pearson.r == doctest::Approx(-1.0));
  CHECK(rho.pearson.n == 3);
  // paper-r drops the input layer's curvature: pairs (eta_2, Ric_1), (eta_3, Ric_2) only.
  const RicciCoefficient r_code = ricci_coefficient(rows, Convention::PaperR);
  CHECK(r_code.pearson.n == 2);
  CHECK_FALSE(r_code.pearson.defined());
  CHECK(r_code.pearson.reason == "fewer than 3 pairs (2)");
}

TEST_CASE("rho_k is undefined, with the reason, for a disconnected layer or too few layers") {
  const std::vector<LayerGeometry> disconnected = {row(0, 100, 1), row(1, 0, 2, false, 3), row(2, 50, 3),
                                                   row(3, 40, 1)};
  const RicciCoefficient c = ricci_coefficient(disconnected, Convention::Standard);
  CHECK(std::isnan(c.pearson.r));
  CHECK(c.pearson.reason == "layer 1 is disconnected (3 components)");
  CHECK(std::isnan(eta_values(disconnected)[1]));
  CHECK(std::isnan(eta_values(disconnected)[2]));
  CHECK(eta_values(disconnected)[3] == -10);
  const RicciCoefficient few = ricci_coefficient({row(0, 10, 1), row(1, 12, 2), row(2, 9, 0)}, Convention::Standard);
  CHECK(few.pearson.reason == "fewer than 3 pairs (2)");
  const RicciCoefficient flat =
      ricci_coefficient({row(0, 10, 1), row(1, 12, 1), row(2, 9, 1), row(3, 9, 1)}, Convention::Standard);
  CHECK(flat.pearson.reason == "the total curvature is the same for every layer");
  CHECK(flat.pearson.undefined == Undefined::YConstant);
}

TEST_CASE("pooled coefficient: the well-trained, connected models' pairs together") {
  // Model A (0.99) pairs (eta, Ric_prev): (-20, 10), (0, 0), (20, -10)
  // Model B (0.98) pairs: (-10, 4), (6, -2), (2, 1)
  // Model C (0.97, below the threshold) and D (disconnected) are left out.
  ModelGeometry a{0.99, {row(0, 100, 10), row(1, 80, 0), row(2, 80, -10), row(3, 100, -20)}};
  ModelGeometry b{0.98, {row(0, 50, 4), row(1, 40, -2), row(2, 46, 1), row(3, 48, 0)}};
  ModelGeometry c{0.97, {row(0, 50, 400), row(1, 40, -2), row(2, 46, 1), row(3, 48, 0)}};
  ModelGeometry d{0.995, {row(0, 50, 4), row(1, 0, -2, false, 2), row(2, 46, 1), row(3, 48, 0)}};
  const PooledCoefficient pooled = pooled_coefficient({a, b, c, d}, 0.98, Convention::Standard);
  CHECK(pooled.models == 4);
  CHECK(pooled.models_used == 2);
  CHECK(pooled.coefficient.pearson.n == 6);
  const Correlation expected = pearson({-20, 0, 20, -10, 6, 2}, {10, 0, -10, 4, -2, 1});
  CHECK(pooled.coefficient.pearson.r == doctest::Approx(expected.r).epsilon(1e-14));
  // paper-r keeps only accuracies above the threshold (acc > a in the R code): B drops out.
  const PooledCoefficient strict = pooled_coefficient({a, b, c, d}, 0.98, Convention::PaperR);
  CHECK(strict.models_used == 1);
  CHECK(strict.coefficient.pearson.n == 2);
  const PooledCoefficient none = pooled_coefficient({c}, 0.98, Convention::Standard);
  CHECK(none.models_used == 0);
  CHECK(none.coefficient.pearson.reason == "no model reaches the accuracy threshold with connected graphs");
}
