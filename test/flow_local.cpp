// flow_local.cpp — tests of flow/local.h's rules for a point whose values
// are undefined at some layer: Hehl et al.'s (the coefficient is undefined)
// and the option that drops those layers, on values set by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "data/error.h"
#include "flow/local.h"

using namespace ricci;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("local coefficients: undefined where a neighbour becomes unreachable, or over the other layers") {
  // Four transitions, three points (values[l][x]). Point 0 is defined at every
  // layer; point 1 has a neighbour unreachable after layer 2; point 2 has no
  // neighbour at layer 0 (mutual or radius graphs).
  LocalValues values;
  values.scalar = {{1, 2, kNaN}, {2, 1, 1}, {3, 5, 2}, {5, 4, 3}};
  values.expansion = {{-1, 0.5, kNaN}, {-2, 0.25, 1}, {-2.5, kNaN, 0}, {-4, 2, 1}};

  const std::vector<Correlation> follow_up = local_coefficients(values, UnreachableRule::Undefined);
  const std::vector<Correlation> skip = local_coefficients(values, UnreachableRule::SkipLayer);
  REQUIRE(follow_up.size() == 3);
  REQUIRE(skip.size() == 3);
  // The default is Hehl et al.'s rule.
  const std::vector<Correlation> by_default = local_coefficients(values);
  for (std::size_t x = 0; x < 3; ++x) CHECK(by_default[x].undefined == follow_up[x].undefined);

  // Point 0: the same under both rules, Pearson over the four layers.
  const Correlation all_four = pearson({1, 2, 3, 5}, {-1, -2, -2.5, -4});
  CHECK(follow_up[0].r == all_four.r);
  CHECK(skip[0].r == all_four.r);
  CHECK(follow_up[0].n == 4);

  // Point 1: undefined, naming the layer; or Pearson over layers 0, 1 and 3.
  CHECK(!follow_up[1].defined());
  CHECK(std::isnan(follow_up[1].r));
  CHECK(follow_up[1].reason == "a neighbour at layer 2 is unreachable at layer 3");
  CHECK(skip[1].n == 3);
  CHECK(skip[1].r == pearson({2, 1, 4}, {0.5, 0.25, 2}).r);

  // Point 2: no neighbour at layer 0.
  CHECK(!follow_up[2].defined());
  CHECK(follow_up[2].reason == "no neighbour at layer 0");
  CHECK(skip[2].n == 3);
  CHECK(skip[2].r == pearson({1, 2, 3}, {1, 0, 1}).r);
}

TEST_CASE("the rule's names parse, and others are refused") {
  for (UnreachableRule rule : {UnreachableRule::Undefined, UnreachableRule::SkipLayer})
    CHECK(parse_unreachable_rule(unreachable_rule_name(rule)) == rule);
  CHECK(std::string(unreachable_rule_name(UnreachableRule::SkipLayer)) == "skip-layer");
  CHECK_THROWS_AS(parse_unreachable_rule("drop"), Error);
}
