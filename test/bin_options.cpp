// bin_options.cpp — the driver's options: library errors, which name the
// quantity at fault, printed with the option that sets it.
#include <doctest/doctest.h>

#include <string>

#include "bin/options.h"
#include "data/error.h"
#include "data/sets/prepare.h"
#include "data/sets/scaling.h"
#include "flow/analysis.h"
#include "flow/geometry.h"
#include "nn/optimizer.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::error_from;

TEST_CASE("an error's subject is printed as the option that sets it") {
  CHECK(error_message(usage_error("k", "k = 5 given twice")) == "--k: k = 5 given twice");
  CHECK(error_message(usage_error("batch size", "must be at least 1")) == "--batch: must be at least 1");
  // A subject no option sets, and an error without a subject, read as thrown.
  CHECK(error_message(data_error("points per class", "class 1 has 3 points")) ==
        "points per class: class 1 has 3 points");
  CHECK(error_message(data_error("model.bin: truncated model file")) == "model.bin: truncated model file");
  CHECK(option_for_subject("no such quantity").empty());
}

TEST_CASE("the library's errors about options name the quantity, the driver the option") {
  const MatrixF points(10, 2, 1.0f);
  const struct {
    Error error;
    std::string library, driver;
  } cases[] = {
      {error_from([] { parse_graph_kind("knn"); }), "graph kind: expected union or mutual, got 'knn'",
       "--graph: expected union or mutual, got 'knn'"},
      {error_from([] { parse_convention("r"); }), "convention: expected standard or paper-r, got 'r'",
       "--convention: expected standard or paper-r, got 'r'"},
      {error_from([] { parse_curvature("ricci"); }),
       "curvature: expected forman, augmented-forman, approx-ollivier or ollivier, got 'ricci'",
       "--curvature: expected forman, augmented-forman, approx-ollivier or ollivier, got 'ricci'"},
      {error_from([] { parse_scaling("minmax"); }), "scaling: expected none, unit or standard, got 'minmax'",
       "--scale: expected none, unit or standard, got 'minmax'"},
      {error_from([] { parse_optimizer("lbfgs"); }), "optimizer: expected sgd, adam or rmsprop, got 'lbfgs'",
       "--optimizer: expected sgd, adam or rmsprop, got 'lbfgs'"},
      {error_from([] { parse_classes("5:9"); }), "classes: expected two integers A,B, got '5:9'",
       "--classes: expected two integers A,B, got '5:9'"},
      {error_from([] { ks_from_fractions({0.01}, 10); }), "fraction of n: 0.01 of n = 10 gives k = 0, outside 1 to n - 1",
       "--k-frac: 0.01 of n = 10 gives k = 0, outside 1 to n - 1"},
      {error_from([&] { check_layers({points}, {3, 3}); }), "k: k = 3 given twice", "--k: k = 3 given twice"},
  };
  for (const auto& c : cases) {
    CHECK(std::string(c.error.what()) == c.library);
    CHECK(c.error.detail().find("--") == std::string::npos);
    CHECK(error_message(c.error) == c.driver);
  }
  GeometryOptions paper_r;
  paper_r.convention = Convention::PaperR;
  paper_r.graph = GraphKind::Mutual;
  CHECK(error_message(error_from([&] { check_geometry_options(paper_r); })) ==
        "--graph: must be union under the paper-r convention (it uses the directed k-NN graph)");
  AnalysisOptions local;
  local.geometry.convention = Convention::PaperR;
  local.geometry.ties = Ties::All;
  local.local = true;
  CHECK(error_message(error_from([&] { analyze_layers({points, points}, {3}, local); })).rfind("--local: ", 0) == 0);
}
