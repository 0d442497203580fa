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
      {error_from([] { parse_classes("5:9"); }),
       "classes: expected a list of two or more integers A,B[,C...] or all, got '5:9'",
       "--classes: expected a list of two or more integers A,B[,C...] or all, got '5:9'"},
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

TEST_CASE("edit distance by hand, and the nearest option name for \"did you mean\"") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("width", "width") == 0);
  CHECK(edit_distance("widht", "width") == 2);  // a swap is two substitutions
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("epoch", "epochs") == 1);
  const std::vector<std::string> names = {"width", "depth", "epochs", "seed", "k", "k-frac", "threads"};
  CHECK(nearest_name("widht", names) == "width");
  CHECK(nearest_name("epoch", names) == "epochs");
  CHECK(nearest_name("thread", names) == "threads");
  CHECK(nearest_name("seeds", names) == "seed");
  CHECK(nearest_name("bogus", names) == "");   // nothing within 2 edits
  CHECK(nearest_name("kk", names) == "k");     // short names: 1 edit at most
  CHECK(nearest_name("dep", names) == "");     // 2 edits from depth: too many for 3 letters
  CHECK(nearest_name("a", {"b", "c"}) == "");  // a tie: no suggestion
}

TEST_CASE("a mistyped option suggests the nearest; numbers in messages without trailing zeros") {
  const std::vector<OptionSpec> specs = {{"width", "W", ""}, {"test-fraction", "F", ""}, {"quiet", "", ""}};
  CHECK(error_from([&] { Options({"--widht", "3"}, specs); }).what() ==
        std::string("unknown option '--widht' (did you mean --width?)"));
  CHECK(error_from([&] { Options({"--bogus"}, specs); }).what() == std::string("unknown option '--bogus' (try --help)"));
  const Options options({"--test-fraction", "2"}, specs);
  CHECK(error_from([&] { options.real("test-fraction", 0.3, 0.0, 0.999); }).what() ==
        std::string("--test-fraction: expected a number from 0 to 0.999, got '2'"));
  CHECK(counted(1, "model") == "1 model");
  CHECK(counted(0, "model") == "0 models");
  CHECK(counted(2, "epoch") == "2 epochs");
}
