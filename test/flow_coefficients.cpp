// flow_coefficients.cpp — rho_k (Eq. 8 and the input-inclusive variant),
// z_k (Eq. 11), the pooled coefficient and the paper-r rules on layer
// sequences whose answers are known, including the worked example of
// docs/method.md.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "data/error.h"
#include "flow/coefficients.h"
#include "geom/graph.h"

using namespace ricci;

namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

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

// A paper-r row: its eta is the R code's total change into it.
LayerGeometry r_row(std::size_t layer, double eta, double ric) {
  LayerGeometry r = row(layer, 0, ric, false, 2);
  r.eta = eta;
  return r;
}

Graph graph(std::size_t n, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
  return graph_from_edges(n, edges);
}

const CoefficientOptions kEq8{};
const CoefficientOptions kWithInput{Convention::Standard, true};
const CoefficientOptions kPaperR{Convention::PaperR, false};

}  // namespace

TEST_CASE("worked example of docs/method.md: five graphs on six nodes, by hand") {
  // Layer 0 (input): triangles {0,1,2} and {3,4,5} joined by the edge 2-3.
  //   degrees 2,2,3,3,2,2; 7 edges; Ric = 4*7 - (4+4+9+9+4+4) = -6
  //   g = 3 + 3 (inside the triangles) + 1 (2-3) + 2+2 (0-3, 1-3) + 2+2 (2-4, 2-5) + 3*4 = 27
  // Layer 1: the path 0-1-2-3-4-5: g = n(n^2-1)/6 = 35; Ric = 4*5 - (1+4+4+4+4+1) = 2
  // Layer 2: the complete graph K6: g = 15; Ric = 4*15 - 6*25 = -90
  // Layer 3: the star with centre 0: g = 5*1 + 10*2 = 25; Ric = 4*5 - (25+5) = -10
  // Layer 4: the cycle C6: each node sees 1,1,2,2,3, g = 6*9/2 = 27; Ric = 4*6 - 6*4 = 0
  const std::vector<Graph> graphs = {
      graph(6, {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {3, 5}, {4, 5}}),
      graph(6, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}),
      graph(6, {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {2, 3}, {2, 4}, {2, 5},
                {3, 4}, {3, 5}, {4, 5}}),
      graph(6, {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}}),
      graph(6, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 0}}),
  };
  const std::uint64_t g[] = {27, 35, 15, 25, 27};
  const std::int64_t ric[] = {-6, 2, -90, -10, 0};
  std::vector<LayerGeometry> rows;
  for (std::size_t l = 0; l < 5; ++l) {
    LayerGeometry r = graph_geometry(graphs[l], GeometryOptions{});
    CHECK(r.geodesic_sum == g[l]);
    CHECK(r.forman_total == ric[l]);
    CHECK(r.components == 1);
    r.layer = l;
    rows.push_back(r);
  }
  // The changes into layers 1..4: 35-27, 15-35, 25-15, 27-25 = 8, -20, 10, 2.
  const std::vector<double> eta = eta_values(rows);
  CHECK(std::isnan(eta[0]));
  CHECK(eta[1] == 8);
  CHECK(eta[2] == -20);
  CHECK(eta[3] == 10);
  CHECK(eta[4] == 2);

  // Eq. 8 over the hidden layers 1..L, L = 4: (eta_l = g_{l+1} - g_l, Ric_l)
  // for l = 1..3 = (-20, 2), (10, -90), (2, -10). Means -8/3 and -98/3;
  // sum dx dy = -3664/3, sum dx^2 = 1448/3, sum dy^2 = 15008/3:
  // rho = -3664 / sqrt(1448 * 15008) = -0.78598 (SciPy: -0.7859768842772938,
  // p = 0.4243209045168443); the ranks fall as Ric rises: Spearman -1.
  const RicciCoefficient rho = ricci_coefficient(rows, kEq8);
  CHECK(rho.pearson.defined());
  CHECK(rho.pearson.n == 3);
  CHECK(rho.pearson.r == doctest::Approx(-3664.0 / std::sqrt(1448.0 * 15008.0)).epsilon(1e-14));
  CHECK(rho.pearson.r == doctest::Approx(-0.7859768842772938).epsilon(1e-12));
  CHECK(rho.pearson.p_value == doctest::Approx(0.4243209045168443).epsilon(1e-9));
  CHECK(rho.spearman.r == doctest::Approx(-1.0));
  // Eq. 11 needs L > 4: here L = 4, so z is undefined.
  CHECK(rho.hidden_layers == 4);
  CHECK(std::isnan(rho.z));

  // With the input transition (8, -6) too: means 0 and -26; sum dx dy =
  // -1008, sum dx^2 = 568, sum dy^2 = 5536: rho = -1008 / sqrt(568 * 5536)
  // = -0.56844 (SciPy: -0.5684448333979186, p = 0.4315551666020814).
  const RicciCoefficient with_input = ricci_coefficient(rows, kWithInput);
  CHECK(with_input.pearson.n == 4);
  CHECK(with_input.pearson.r == doctest::Approx(-1008.0 / std::sqrt(568.0 * 5536.0)).epsilon(1e-14));
  CHECK(with_input.pearson.p_value == doctest::Approx(0.4315551666020814).epsilon(1e-9));
}

TEST_CASE("Eq. 8 pairs (eta_l, Ric_l) of the hidden layers; a perfectly Ricci-flow-like sequence gives -1") {
  // Ric_1..4 = (10, 0, -10, -20), eta_l = g_{l+1} - g_l = -2 Ric_l: g_1..5 = 100, 80, 80, 100, 140.
  // The input layer's numbers do not enter Eq. 8 at all.
  const std::vector<LayerGeometry> rows = {row(0, 5, 999), row(1, 100, 10), row(2, 80, 0),
                                           row(3, 80, -10), row(4, 100, -20), row(5, 140, 7)};
  const RicciCoefficient rho = ricci_coefficient(rows, kEq8);
  CHECK(rho.pearson.n == 4);
  CHECK(rho.pearson.r == doctest::Approx(-1.0));
  CHECK(std::isnan(rho.z));  // |rho| = 1: arctanh is infinite
  // A sequence without an input layer (rows numbered from 1) pairs the same way.
  const std::vector<LayerGeometry> hidden(rows.begin() + 1, rows.end());
  CHECK(ricci_coefficient(hidden, kEq8).pearson.r == doctest::Approx(-1.0));
  CHECK(ricci_coefficient(hidden, kEq8).pearson.n == 4);
  // paper-r pairs the same layers (its eta comes from the rows).
  std::vector<LayerGeometry> r_rows = {r_row(0, kNaN, 999), r_row(1, 190, 10), r_row(2, -40, 0),
                                       r_row(3, 0, -10), r_row(4, 40, -20), r_row(5, 80, 7)};
  CHECK(ricci_coefficient(r_rows, kPaperR).pearson.r == doctest::Approx(-1.0));
  CHECK(ricci_coefficient(r_rows, kPaperR).pearson.n == 4);
}

TEST_CASE("Eq. 11: z = arctanh(rho) / sqrt(L - 4), undefined for L <= 4") {
  CHECK(adjusted_coefficient(0.5, 5) == doctest::Approx(0.5493061443340548).epsilon(1e-15));
  CHECK(adjusted_coefficient(0.5, 8) == doctest::Approx(0.2746530721670274).epsilon(1e-15));
  CHECK(adjusted_coefficient(-0.3, 11) == doctest::Approx(-0.11698741408865372).epsilon(1e-15));
  CHECK(std::isnan(adjusted_coefficient(0.5, 4)));
  CHECK(std::isnan(adjusted_coefficient(kNaN, 6)));
  CHECK(std::isnan(adjusted_coefficient(-1.0, 6)));
  // Five hidden layers: z is arctanh(rho) itself.
  const std::vector<LayerGeometry> rows = {row(0, 1, 0), row(1, 10, 3), row(2, 12, 1), row(3, 9, 2),
                                           row(4, 15, 0), row(5, 11, 5)};
  const RicciCoefficient c = ricci_coefficient(rows, kEq8);
  CHECK(c.hidden_layers == 5);
  CHECK(c.z == doctest::Approx(std::atanh(c.pearson.r)).epsilon(1e-15));
}

TEST_CASE("rho_k is undefined, with the reason, for a disconnected layer used or too few layers") {
  const std::vector<LayerGeometry> disconnected = {row(0, 100, 1), row(1, 0, 2, false, 3), row(2, 50, 3),
                                                   row(3, 40, 1), row(4, 30, 0)};
  const RicciCoefficient c = ricci_coefficient(disconnected, kEq8);
  CHECK(std::isnan(c.pearson.r));
  CHECK(c.pearson.reason == "layer 1 is disconnected (3 components)");
  CHECK(std::isnan(eta_values(disconnected)[1]));
  CHECK(std::isnan(eta_values(disconnected)[2]));
  CHECK(eta_values(disconnected)[3] == -10);
  // A disconnected input layer does not matter to Eq. 8, which does not use it;
  // the variant with the input transition needs it.
  const std::vector<LayerGeometry> input_apart = {row(0, 0, 1, false, 2), row(1, 12, 2), row(2, 9, 0),
                                                  row(3, 15, 4), row(4, 11, 1)};
  CHECK(ricci_coefficient(input_apart, kEq8).pearson.defined());
  CHECK(ricci_coefficient(input_apart, kWithInput).pearson.reason == "layer 0 is disconnected (2 components)");
  const RicciCoefficient few =
      ricci_coefficient({row(0, 10, 1), row(1, 12, 2), row(2, 9, 0), row(3, 7, 1)}, kEq8);
  CHECK(few.pearson.reason == "fewer than 3 pairs (2)");
  const RicciCoefficient flat =
      ricci_coefficient({row(0, 10, 1), row(1, 12, 1), row(2, 9, 1), row(3, 9, 1), row(4, 3, 1)}, kEq8);
  CHECK(flat.pearson.reason == "the total curvature is the same for every layer");
  CHECK(flat.pearson.undefined == Undefined::YConstant);
}

TEST_CASE("paper-r: an infinite eta removes the model, a NaN eta drops its pair (the R code's rules)") {
  // eta into layer 1 (the input transition) is -inf: the R code removes the
  // model although Eq. 8 does not pair that transition.
  const std::vector<LayerGeometry> removed = {r_row(0, kNaN, 0), r_row(1, -kInf, 3), r_row(2, 4, 1),
                                              r_row(3, 8, 2), r_row(4, -2, 0), r_row(5, 6, 1)};
  const RicciCoefficient c = ricci_coefficient(removed, kPaperR);
  CHECK_FALSE(c.pearson.defined());
  CHECK(c.pearson.reason ==
        "removed as the R code removes it: the geodesic change into layer 1 is -inf (a pair of points connected in "
        "one layer but not the other)");
  // A NaN eta (points whose rows held both +Inf and -Inf in two directions)
  // drops the pair (eta into 3, Ric_2) only: pairs (4, Ric_1 = 3), (-2, Ric_3 = 1), (6, Ric_4 = 2).
  const std::vector<LayerGeometry> dropped = {r_row(0, kNaN, 0), r_row(1, 100, 3), r_row(2, 4, 3),
                                              r_row(3, kNaN, 1), r_row(4, -2, 2), r_row(5, 6, 0)};
  const RicciCoefficient d = ricci_coefficient(dropped, kPaperR);
  CHECK(d.pearson.n == 3);
  CHECK(d.pearson.r == doctest::Approx(pearson({4, -2, 6}, {3, 1, 2}).r).epsilon(1e-15));
  CHECK_THROWS_AS(check_coefficient_options({Convention::PaperR, true}), Error);
}

TEST_CASE("pooled coefficient: the pairs of the models above the threshold with pairs defined") {
  // Model A (0.99) pairs (eta_l, Ric_l), l = 1..3: (-20, 10), (0, 0), (20, -10)
  // Model B (0.985) pairs: (-10, 4), (6, -2), (2, 1)
  // Model C (0.98, not above the threshold) and D (disconnected) are left out.
  ModelGeometry a{0.99, {row(0, 7, 5), row(1, 100, 10), row(2, 80, 0), row(3, 80, -10), row(4, 100, -20)}};
  ModelGeometry b{0.985, {row(0, 7, 5), row(1, 50, 4), row(2, 40, -2), row(3, 46, 1), row(4, 48, 0)}};
  ModelGeometry c{0.98, {row(0, 7, 5), row(1, 50, 400), row(2, 40, -2), row(3, 46, 1), row(4, 48, 0)}};
  ModelGeometry d{0.995, {row(0, 7, 5), row(1, 50, 4), row(2, 0, -2, false, 2), row(3, 46, 1), row(4, 48, 0)}};
  const PooledCoefficient pooled = pooled_coefficient({a, b, c, d}, 0.98, kEq8);
  CHECK(pooled.models == 4);
  CHECK(pooled.models_used == 2);
  CHECK(pooled.coefficient.pearson.n == 6);
  const Correlation expected = pearson({-20, 0, 20, -10, 6, 2}, {10, 0, -10, 4, -2, 1});
  CHECK(pooled.coefficient.pearson.r == doctest::Approx(expected.r).epsilon(1e-14));
  CHECK(well_trained(0.99, 0.98));
  CHECK_FALSE(well_trained(0.98, 0.98));  // strictly above, as "> 99%" in the paper
  const PooledCoefficient none = pooled_coefficient({c}, 0.98, kEq8);
  CHECK(none.models_used == 0);
  CHECK(none.coefficient.pearson.reason == "no model is above the accuracy threshold with its pairs defined");
}
