// geom_radius_graph.cpp — tests of geom/radius_graph.h: a lattice whose
// distances equal R exactly, and random point sets against the brute-force
// definition (high- and low-dimensional, far from the origin, with duplicate
// points), for several thread counts.
#include <doctest/doctest.h>

#include <cmath>

#include "data/error.h"
#include "data/random.h"
#include "geom/radius_graph.h"
#include "test/geom_shapes.h"

using namespace ricci;

namespace {

bool same_graph(const Graph& a, const Graph& b) {
  return a.nodes == b.nodes && a.offsets == b.offsets && a.targets == b.targets;
}

}  // namespace

TEST_CASE("radius graph of a lattice: distance exactly R is an edge") {
  // Points (r, c) of a 3 x 4 lattice: neighbours at distance exactly 1, the
  // diagonals at sqrt(2). R = 1 gives the grid; R = 1.5 adds the diagonals;
  // R just below 1 gives no edge.
  MatrixF x(12, 2);
  for (std::size_t p = 0; p < 12; ++p) {
    x(p, 0) = static_cast<float>(p / 4);
    x(p, 1) = static_cast<float>(p % 4);
  }
  CHECK(same_graph(radius_graph(x, 1.0), shapes::grid(3, 4)));
  CHECK(radius_graph(x, 1.5).edge_count() == 17 + 2 * 2 * 3);
  CHECK(radius_graph(x, std::nextafter(1.0, 0.0)).edge_count() == 0);
}

TEST_CASE("radius graph equals the brute-force definition on random point sets") {
  Rng rng(11);
  struct Case {
    std::size_t n, d;
    double offset;  // added to every coordinate: far from the origin, the float margin cannot prove
    double radius;
  };
  for (const Case& c : {Case{300, 5, 0.0, 1.5}, Case{500, 50, 0.0, 8.0}, Case{200, 784, 0.0, 38.0},
                        Case{300, 2, 1e4, 0.2}, Case{250, 3, 0.0, 1e-3}}) {
    CAPTURE(c.n);
    CAPTURE(c.d);
    MatrixF x(c.n, c.d);
    for (float& v : x.values()) v = static_cast<float>(c.offset + rng.normal());
    // Some duplicate rows: distance 0.
    for (std::size_t i = 0; i < c.n / 10; ++i)
      std::copy(x.row(i), x.row(i) + c.d, x.row(c.n - 1 - i));
    const Graph expected = radius_graph_reference(x, c.radius);
    CHECK(expected.edge_count() >= c.n / 10);  // at least the duplicates
    for (int threads : {1, 3}) CHECK(same_graph(radius_graph(x, c.radius, threads), expected));
  }
}

TEST_CASE("radius graph: bad radius or points are clear errors") {
  MatrixF x(3, 1);
  for (double bad : {0.0, -1.0, std::nan(""), double(INFINITY)}) {
    try {
      radius_graph(x, bad);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Usage);
      CHECK(e.subject() == "radius");
    }
  }
  x(1, 0) = NAN;
  CHECK_THROWS_AS(radius_graph(x, 1.0), Error);
  CHECK_THROWS_AS(radius_graph(MatrixF(0, 2), 1.0), Error);
}
