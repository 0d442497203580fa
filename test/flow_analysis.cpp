// flow_analysis.cpp — the whole analysis of layer sequences against a
// brute-force reference (knn_reference of geom/knn.h, an adjacency matrix,
// breadth-first search per pair, written here), the paper-r convention
// on a line worked by hand, and the local values against the same reference.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <vector>

#include "data/error.h"
#include "data/random.h"
#include "flow/analysis.h"
#include "geom/graph.h"
#include "geom/knn.h"
#include "geom/ollivier.h"
#include "geom/radius_graph.h"

using namespace ricci;

namespace {

using Adjacency = std::vector<std::vector<char>>;

// Union k-NN graph of the reference k-NN (geom/knn.h: every distance in
// double, sorted, ties to the smaller index).
Adjacency brute_union_graph(const MatrixF& x, int k) {
  const std::size_t n = x.rows();
  Adjacency adjacency(n, std::vector<char>(n, 0));
  const KnnLists lists = knn_reference(x, k);
  for (std::size_t i = 0; i < n; ++i)
    for (int t = 0; t < k; ++t) adjacency[i][lists.row(i)[t]] = adjacency[lists.row(i)[t]][i] = 1;
  return adjacency;
}

std::vector<int> hops_from(const Adjacency& a, std::size_t source) {
  std::vector<int> dist(a.size(), -1);
  std::deque<std::size_t> queue{source};
  dist[source] = 0;
  while (!queue.empty()) {
    const std::size_t u = queue.front();
    queue.pop_front();
    for (std::size_t v = 0; v < a.size(); ++v)
      if (a[u][v] && dist[v] < 0) {
        dist[v] = dist[u] + 1;
        queue.push_back(v);
      }
  }
  return dist;
}

struct BruteRow {
  bool finite = true;
  std::uint64_t g = 0;
  std::int64_t forman = 0;
  std::size_t edges = 0;
};

BruteRow brute_row(const Adjacency& a) {
  const std::size_t n = a.size();
  BruteRow r;
  std::vector<std::int64_t> degree(n, 0);
  for (std::size_t i = 0; i < n; ++i) degree[i] = std::count(a[i].begin(), a[i].end(), 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<int> dist = hops_from(a, i);
    for (std::size_t j = i + 1; j < n; ++j) {
      if (dist[j] < 0) r.finite = false;
      else r.g += static_cast<std::uint64_t>(dist[j]);
      if (a[i][j]) {
        ++r.edges;
        r.forman += 4 - degree[i] - degree[j];
      }
    }
  }
  return r;
}

// A ReLU-network-like layer sequence: each layer is relu(x W + b) of the last,
// with exact duplicates (all-zero rows) as real ReLU layers have.
std::vector<MatrixF> relu_layers(std::size_t n, std::size_t layers, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<MatrixF> out;
  MatrixF x(n, 3);
  for (float& v : x.values()) v = static_cast<float>(rng.normal());
  out.push_back(x);
  for (std::size_t l = 1; l < layers; ++l) {
    MatrixF next(n, 4);
    std::vector<double> w(out.back().cols() * 4), b(4);
    for (double& v : w) v = rng.normal();
    for (double& v : b) v = 0.3 * rng.normal() - 0.2;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < 4; ++j) {
        double z = b[j];
        for (std::size_t p = 0; p < out.back().cols(); ++p) z += out.back()(i, p) * w[p * 4 + j];
        next(i, j) = static_cast<float>(std::max(0.0, z));
      }
    out.push_back(next);
  }
  return out;
}

}  // namespace

TEST_CASE("analyze_layers equals the brute-force pipeline, for several k and thread counts") {
  const std::vector<MatrixF> layers = relu_layers(60, 5, 3);
  const std::vector<int> ks = {12, 4, 25};
  AnalysisOptions options;
  options.geometry.threads = 1;
  const Analysis one = analyze_layers(matrix_views(layers), ks, options);
  options.geometry.threads = 2;
  const Analysis two = analyze_layers(matrix_views(layers), ks, options);
  REQUIRE(one.layers.size() == 15);
  options.include_input = true;
  const Analysis with_input = analyze_layers(matrix_views(layers), ks, options);
  int connected_ks = 0;
  for (std::size_t ki = 0; ki < ks.size(); ++ki) {
    std::vector<double> eta, ric;  // Eq. 8: (g_{l+1} - g_l, Ric_l), l = 1..3
    double input_eta = 0, input_ric = 0;
    bool connected = true;
    std::uint64_t previous_g = 0;
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const LayerGeometry& got = one.layers[ki * 5 + l];
      const BruteRow want = brute_row(brute_union_graph(layers[l], ks[ki]));
      CAPTURE(ks[ki]);
      CAPTURE(l);
      CHECK(got.k == std::size_t(ks[ki]));
      CHECK(got.layer == l);
      CHECK(got.nodes == 60);
      CHECK(got.edges == want.edges);
      CHECK(got.forman_total == want.forman);
      CHECK(got.curvature_total == double(want.forman));
      CHECK(got.geodesic_finite == want.finite);
      if (want.finite) CHECK(got.geodesic_sum == want.g);
      connected = connected && want.finite;
      if (l > 1) {
        eta.push_back(double(want.g) - double(previous_g));
        ric.push_back(double(brute_row(brute_union_graph(layers[l - 1], ks[ki])).forman));
      } else if (l == 1) {
        input_eta = double(want.g) - double(previous_g);
        input_ric = double(brute_row(brute_union_graph(layers[0], ks[ki])).forman);
      }
      previous_g = want.g;
      const LayerGeometry& other = two.layers[ki * 5 + l];
      CHECK(other.geodesic_sum == got.geodesic_sum);
      CHECK(other.forman_total == got.forman_total);
    }
    if (connected) {
      ++connected_ks;
      CHECK(one.coefficients[ki].pearson.r == doctest::Approx(pearson(eta, ric).r).epsilon(1e-12));
      CHECK(one.coefficients[ki].pearson.n == 3);
      eta.insert(eta.begin(), input_eta);
      ric.insert(ric.begin(), input_ric);
      CHECK(with_input.coefficients[ki].pearson.r == doctest::Approx(pearson(eta, ric).r).epsilon(1e-12));
      CHECK(with_input.coefficients[ki].pearson.n == 4);
    }
  }
  CHECK(connected_ks >= 2);  // the comparison of rho above really ran
}

TEST_CASE("paper-r convention on a line, worked by hand") {
  // Ten points at 0, 1, ..., 9 and k = 1. cccd::nng keeps every point at
  // the k-th distance: an inner point i has i - 1 and i + 1 both at
  // distance 1, points 0 and 9 only their one neighbour. Arcs: 0->1, 9->8
  // and i->i-1, i->i+1 for i = 1..8: 18 arcs. Degrees out + in: 2 for points
  // 0 and 9, 4 for the rest; Ric = 4 * 18 - (2 * 4 + 8 * 16) = -64.
  // Directions ignored the graph is the path, g = 10 * 99 / 6 = 165, and the
  // R code sums the full distance matrix: 330.
  MatrixF line(10, 1);
  for (std::size_t i = 0; i < 10; ++i) line(i, 0) = static_cast<float>(i);
  AnalysisOptions options;
  options.geometry.convention = Convention::PaperR;
  options.geometry.ties = Ties::All;
  const Analysis paper = analyze_layers({line, line, line}, {1}, options);
  CHECK(paper.layers[0].forman_total == -64);
  CHECK(paper.layers[0].geodesic_sum == 330);
  CHECK(paper.layers[0].edges == 18);
  CHECK(paper.layers[1].eta == 0);  // the same graph again
  // The standard convention on the same data (ties to the smaller index):
  // each point's nearest is its left neighbour (point 0's is 1): the
  // undirected path, Ric = 4*9 - (1 + 8*4 + 1) = 2.
  const Analysis standard = analyze_layers({line, line, line}, {1}, AnalysisOptions{});
  CHECK(standard.layers[0].forman_total == 2);
  CHECK(standard.layers[0].geodesic_sum == 165);
  CHECK(standard.layers[0].edges == 9);
  // paper-r needs cccd's tie rule.
  options.geometry.ties = Ties::Index;
  CHECK_THROWS_AS(analyze_layers({line, line, line}, {1}, options), Error);
}

TEST_CASE("within-components sums geodesics inside each component (a documented deviation)") {
  // Two clusters far apart, 4 points each, k = 3: two disjoint K4's, g = 2 * 6 = 12.
  MatrixF x(8, 1);
  for (std::size_t i = 0; i < 8; ++i) x(i, 0) = static_cast<float>(i < 4 ? i : 100 + i);
  const Analysis paper_rule = analyze_layers({x, x, x}, {3}, AnalysisOptions{});
  CHECK_FALSE(paper_rule.layers[0].geodesic_finite);
  CHECK(paper_rule.layers[0].components == 2);
  CHECK(paper_rule.coefficients[0].pearson.reason == "layer 1 is disconnected (2 components)");
  AnalysisOptions within;
  within.geometry.within_components = true;
  const Analysis deviation = analyze_layers({x, x, x}, {3}, within);
  CHECK(deviation.layers[0].geodesic_finite);
  CHECK(deviation.layers[0].geodesic_sum == 12);
  CHECK(deviation.layers[0].components == 2);
}

TEST_CASE("local values: s_l(x) and e_l(x) against the brute-force graphs") {
  const std::vector<MatrixF> layers = relu_layers(40, 4, 11);
  const int k = 6;
  AnalysisOptions options;
  options.local = true;
  const Analysis a = analyze_layers(matrix_views(layers), {k}, options);
  REQUIRE(a.local.size() == 1);
  const LocalValues& local = a.local[0];
  REQUIRE(local.scalar.size() == 3);
  REQUIRE(local.expansion.size() == 3);
  for (std::size_t l = 0; l < 3; ++l) {
    const Adjacency g = brute_union_graph(layers[l], k), next = brute_union_graph(layers[l + 1], k);
    std::vector<std::int64_t> degree(40);
    for (std::size_t i = 0; i < 40; ++i) degree[i] = std::count(g[i].begin(), g[i].end(), 1);
    for (std::size_t x = 0; x < 40; ++x) {
      double s = 0, e = 0;
      bool reachable = true;
      const std::vector<int> dist = hops_from(next, x);
      for (std::size_t y = 0; y < 40; ++y)
        if (g[x][y]) {
          s += 4 - degree[x] - degree[y];
          if (dist[y] < 0) reachable = false;
          e += dist[y] - 1;
        }
      CAPTURE(l);
      CAPTURE(x);
      CHECK(local.scalar[l][x] == doctest::Approx(s / degree[x]).epsilon(1e-14));
      if (reachable) CHECK(local.expansion[l][x] == doctest::Approx(e / degree[x]).epsilon(1e-14));
      else CHECK(std::isnan(local.expansion[l][x]));
    }
    const Correlation layer_rho = layer_coefficients(local)[l];
    std::vector<double> fs, fe;
    for (std::size_t x = 0; x < 40; ++x)
      if (std::isfinite(local.expansion[l][x])) {
        fs.push_back(local.scalar[l][x]);
        fe.push_back(local.expansion[l][x]);
      }
    CHECK(layer_rho.n == fs.size());
    if (layer_rho.defined()) CHECK(layer_rho.r == doctest::Approx(pearson(fs, fe).r).epsilon(1e-12));
  }
  const std::vector<Correlation> per_point = local_coefficients(local);
  CHECK(per_point.size() == 40);
}

TEST_CASE("exact Ollivier, labels and kept graphs: one curvature per graph serves every measure") {
  const std::vector<MatrixF> layers = relu_layers(60, 4, 3);
  AnalysisOptions options;
  options.geometry.curvature = Curvature::Ollivier;
  options.geometry.ollivier_alpha = 0.5;
  options.local = true;
  options.keep_graphs = true;
  for (std::size_t i = 0; i < 60; ++i) options.labels.push_back(i % 3 == 0 ? 5 : 9);
  const Analysis a = analyze_layers(matrix_views(layers), {4, 7}, options);
  REQUIRE(a.graphs.size() == 8);
  const Classes classes = classes_of(options.labels);
  for (std::size_t i = 0; i < 8; ++i) {
    const std::size_t k = i < 4 ? 4 : 7, l = i % 4;
    CAPTURE(k);
    CAPTURE(l);
    const LayerGraph& kept = a.graphs[i];
    CHECK(kept.k == k);
    CHECK(kept.layer == l);
    const Graph g = knn_graph(knn_reference(layers[l], static_cast<int>(k)));
    CHECK(kept.graph.targets == g.targets);
    const std::vector<double> kappa = ollivier_curvature(g, 0.5);
    CHECK(kept.edge_curvature == kappa);
    CHECK(kept.scalar_curvature == node_sums(g, kappa));
    CHECK(a.layers[i].curvature_total == edge_total(g, kappa));
    const ClassStructure expected = class_structure(g, classes, kappa);
    CHECK(a.layers[i].classes.modularity == expected.modularity);
    CHECK(a.layers[i].classes.curvature_between == expected.curvature_between);
    if (l < 3) CHECK(a.local[i / 4].scalar[l] == mean_node_curvature(g, kappa));
  }
  // The same on 3 threads.
  options.geometry.threads = 3;
  const Analysis threaded = analyze_layers(matrix_views(layers), {4, 7}, options);
  for (std::size_t i = 0; i < 8; ++i) CHECK(threaded.graphs[i].edge_curvature == a.graphs[i].edge_curvature);
  // Labels that do not number the points are a data error.
  options.labels.pop_back();
  CHECK_THROWS_WITH_AS(analyze_layers(matrix_views(layers), {4}, options), "labels: 59 labels for 60 points", Error);
}

TEST_CASE("--global-forman: rho from the Forman totals, layers.csv keeping the chosen curvature") {
  const std::vector<MatrixF> layers = relu_layers(50, 5, 8);
  AnalysisOptions augmented;
  augmented.geometry.curvature = Curvature::AugmentedForman;
  augmented.geometry.within_components = true;  // every rho defined
  AnalysisOptions plain;
  plain.geometry.within_components = true;
  const Analysis own = analyze_layers(matrix_views(layers), {5}, augmented);
  augmented.global_forman = true;
  const Analysis follow_up = analyze_layers(matrix_views(layers), {5}, augmented);
  const Analysis forman = analyze_layers(matrix_views(layers), {5}, plain);
  REQUIRE(forman.coefficients[0].pearson.defined());
  CHECK(follow_up.coefficients[0].pearson.r == forman.coefficients[0].pearson.r);
  CHECK(own.coefficients[0].pearson.r != forman.coefficients[0].pearson.r);
  for (std::size_t l = 0; l < 5; ++l) CHECK(follow_up.layers[l].curvature_total == own.layers[l].curvature_total);
}

TEST_CASE("radius graphs replace the ks: one graph per layer, k = 0") {
  const std::vector<MatrixF> layers = relu_layers(80, 3, 21);
  AnalysisOptions options;
  options.geometry.radius = 1.0;
  options.keep_graphs = true;
  const Analysis a = analyze_layers(matrix_views(layers), {}, options);
  REQUIRE(a.layers.size() == 3);
  REQUIRE(a.coefficients.size() == 1);
  CHECK(a.radius == 1.0);
  for (std::size_t l = 0; l < 3; ++l) {
    const Graph g = radius_graph_reference(layers[l], 1.0);
    CHECK(a.layers[l].k == 0);
    CHECK(a.layers[l].edges == g.edge_count());
    CHECK(a.layers[l].forman_total == forman_total(g));
    CHECK(a.graphs[l].graph.targets == g.targets);
  }
  CHECK_THROWS_AS(analyze_layers(matrix_views(layers), {5}, options), Error);
  options.geometry.convention = Convention::PaperR;
  options.keep_graphs = false;
  CHECK_THROWS_AS(analyze_layers(matrix_views(layers), {}, options), Error);
}

TEST_CASE("hidden layers without an input layer are numbered from 1 and paired the same way") {
  const std::vector<MatrixF> layers = relu_layers(50, 6, 5);
  const Analysis full = analyze_layers(matrix_views(layers), {8}, AnalysisOptions{});
  AnalysisOptions hidden_only;
  hidden_only.has_input = false;
  const Analysis hidden = analyze_layers({layers.begin() + 1, layers.end()}, {8}, hidden_only);
  REQUIRE(hidden.layers.size() == 5);
  CHECK(hidden.first_layer == 1);
  CHECK(hidden.layers[0].layer == 1);
  CHECK(hidden.layers[4].layer == 5);
  CHECK(hidden.coefficients[0].pearson.n == full.coefficients[0].pearson.n);
  if (full.coefficients[0].pearson.defined())
    CHECK(hidden.coefficients[0].pearson.r == full.coefficients[0].pearson.r);
  else
    CHECK(hidden.coefficients[0].pearson.reason == full.coefficients[0].pearson.reason);
  hidden_only.include_input = true;
  CHECK_THROWS_AS(analyze_layers({layers.begin() + 1, layers.end()}, {8}, hidden_only), Error);
}

TEST_CASE("connecting_k is the smallest k whose graphs are all connected; the auto grid") {
  const std::vector<MatrixF> layers = relu_layers(80, 4, 9);
  for (Ties ties : {Ties::Index, Ties::All}) {
    GeometryOptions geometry;
    geometry.ties = ties;
    const std::size_t k = connecting_k(matrix_views(layers), geometry);
    CAPTURE(k);
    REQUIRE(k >= 1);
    auto all_connected = [&](std::size_t kk) {
      for (const MatrixF& layer : layers)
        if (connected_components(knn_graph(knn_reference(layer, static_cast<int>(kk), ties))).count != 1) return false;
      return true;
    };
    CHECK(all_connected(k));
    if (k > 1) CHECK_FALSE(all_connected(k - 1));
  }
  // From k_low: each next k = max(k + 1, round(1.5 k)), to the first k >= 0.2 n.
  CHECK(auto_k_grid(6, 1000) == std::vector<int>{6, 9, 14, 21, 32, 48, 72, 108, 162, 243});
  CHECK(auto_k_grid(1, 20) == std::vector<int>{1, 2, 3, 5});
  CHECK(auto_k_grid(300, 1000) == std::vector<int>{300});
  CHECK(auto_k_grid(18, 19) == std::vector<int>{18});
}

TEST_CASE("bad layer sequences and k are clear errors") {
  MatrixF a(10, 2, 1.0f), b(9, 2, 1.0f);
  for (std::size_t i = 0; i < 10; ++i) a(i, 0) = static_cast<float>(i);
  CHECK_THROWS_WITH_AS(analyze_layers({a, b}, {3}, AnalysisOptions{}, nullptr, {"a.npy", "b.npy"}),
                       "b.npy: 9 rows, but a.npy has 10 (every layer must hold the same points)", Error);
  CHECK_THROWS_WITH_AS(analyze_layers({a, a}, {10}, AnalysisOptions{}),
                       "k: k = 10 is out of range: it must be from 1 to n - 1 = 9 for n = 10 points", Error);
  CHECK_THROWS_AS(analyze_layers({a, a}, {0}, AnalysisOptions{}), Error);
  CHECK_THROWS_AS(analyze_layers({a, a}, {3, 3}, AnalysisOptions{}), Error);
  CHECK_THROWS_AS(analyze_layers({}, {3}, AnalysisOptions{}), Error);
  MatrixF nan = a;
  nan(4, 1) = NAN;
  CHECK_THROWS_WITH_AS(analyze_layers({a, nan}, {3}, AnalysisOptions{}), "layer 1: row 4, column 1 is NaN", Error);
  AnalysisOptions mutual_r;
  mutual_r.geometry.convention = Convention::PaperR;
  mutual_r.geometry.graph = GraphKind::Mutual;
  CHECK_THROWS_AS(analyze_layers({a, a}, {3}, mutual_r), Error);
  AnalysisOptions labelled_r;
  labelled_r.geometry.convention = Convention::PaperR;
  labelled_r.labels.assign(10, 0);
  CHECK_THROWS_AS(analyze_layers({a, a}, {3}, labelled_r), Error);
  CHECK(ks_from_fractions({0.1, 0.5}, 200) == std::vector<int>{20, 100});
  CHECK_THROWS_AS(ks_from_fractions({0.001}, 200), Error);
  CHECK_THROWS_AS(ks_from_fractions({1.0}, 200), Error);
}

TEST_CASE("a first layer's graphs computed apart give the same analysis, under every option set") {
  const std::vector<MatrixF> layers = relu_layers(70, 5, 31);
  std::vector<AnalysisOptions> variants(4);
  variants[1].local = true;
  variants[1].geometry.curvature = Curvature::AugmentedForman;
  for (std::size_t i = 0; i < 70; ++i) variants[1].labels.push_back(i % 2);
  variants[2].geometry.convention = Convention::PaperR;
  variants[2].geometry.ties = Ties::All;
  variants[3].geometry.radius = 1.5;
  for (const AnalysisOptions& options : variants) {
    const std::vector<int> ks = options.geometry.radius > 0.0 ? std::vector<int>{} : std::vector<int>{4, 9};
    const Analysis fresh = analyze_layers(matrix_views(layers), ks, options);
    const LayerGraphs first = layer_graphs(layers[0], 0, ks, options);
    LayerGraphs kept = first;  // as a sweep holds it for all its models
    keep_only_needed(kept, options);
    // Without local values (variants 0 and 3), only the rows are kept.
    if (!options.local && options.geometry.convention == Convention::Standard)
      for (const LayerGraphs::AtK& at : kept.at_k) CHECK((at.graph.targets.empty() && at.curvature.empty()));
    for (const LayerGraphs* given : std::vector<const LayerGraphs*>{&first, &kept}) {
    const Analysis reused = analyze_layers(matrix_views(layers), ks, options, nullptr, {}, given);
    REQUIRE(reused.layers.size() == fresh.layers.size());
    for (std::size_t i = 0; i < fresh.layers.size(); ++i) {
      CHECK(reused.layers[i].geodesic_sum == fresh.layers[i].geodesic_sum);
      CHECK(reused.layers[i].curvature_total == fresh.layers[i].curvature_total);
      const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
      CHECK(same(reused.layers[i].classes.modularity, fresh.layers[i].classes.modularity));
      CHECK(same(reused.layers[i].eta, fresh.layers[i].eta));
    }
    for (std::size_t ki = 0; ki < fresh.coefficients.size(); ++ki)
      CHECK((fresh.coefficients[ki].pearson.defined() ? reused.coefficients[ki].pearson.r == fresh.coefficients[ki].pearson.r
                                                      : !reused.coefficients[ki].pearson.defined()));
    for (std::size_t ki = 0; ki < fresh.local.size(); ++ki) {
      CHECK(reused.local[ki].scalar.size() == fresh.local[ki].scalar.size());
      for (std::size_t l = 0; l < fresh.local[ki].scalar.size(); ++l) {
        CHECK(std::equal(reused.local[ki].scalar[l].begin(), reused.local[ki].scalar[l].end(),
                         fresh.local[ki].scalar[l].begin(), [](double a, double b) { return a == b || (a != a && b != b); }));
        CHECK(std::equal(reused.local[ki].expansion[l].begin(), reused.local[ki].expansion[l].end(),
                         fresh.local[ki].expansion[l].begin(), [](double a, double b) { return a == b || (a != a && b != b); }));
      }
    }
    }
  }
  // Graphs of other ks, or of another point count, are refused.
  const LayerGraphs other = layer_graphs(layers[0], 0, {4}, AnalysisOptions{});
  CHECK_THROWS_AS(analyze_layers(matrix_views(layers), {4, 9}, AnalysisOptions{}, nullptr, {}, &other), std::logic_error);
}
