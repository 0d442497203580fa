// data_numbered_names.cpp — trailing numbers split off and compared as
// numbers, checked on cases worked by hand.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "data/numbered_names.h"

using namespace ricci;

TEST_CASE("split_trailing_number takes the last run of digits") {
  CHECK(split_trailing_number("layer_12").stem == "layer_");
  CHECK(split_trailing_number("layer_12").digits == "12");
  CHECK(split_trailing_number("h007").digits == "007");
  CHECK(split_trailing_number("input").digits.empty());
  CHECK(split_trailing_number("input").stem == "input");
  CHECK(split_trailing_number("2x3").digits == "3");
  CHECK(split_trailing_number("42").stem.empty());
  CHECK(split_trailing_number("").digits.empty());
}

TEST_CASE("compare_decimal compares numbers of any length, leading zeros aside") {
  CHECK(compare_decimal("2", "10") < 0);
  CHECK(compare_decimal("10", "2") > 0);
  CHECK(compare_decimal("007", "7") == 0);
  CHECK(compare_decimal("0", "000") == 0);
  CHECK(compare_decimal("19", "21") < 0);
  // Beyond 64 bits: 2^64 + 1 against 2^64.
  CHECK(compare_decimal("18446744073709551617", "18446744073709551616") > 0);
  CHECK(compare_decimal("99999999999999999999999", "100000000000000000000000") < 0);
}

TEST_CASE("numbered_order sorts one stem by number and refuses everything else") {
  const std::vector<std::string> glob = {"layer_0", "layer_1", "layer_10", "layer_11", "layer_2", "layer_3"};
  CHECK(numbered_order(glob) == std::vector<std::size_t>{0, 1, 4, 5, 2, 3});
  CHECK(numbered_order({"arr_1", "arr_0"}) == std::vector<std::size_t>{1, 0});
  CHECK(numbered_order({"7"}) == std::vector<std::size_t>{0});
  CHECK(numbered_order({}).empty());
  CHECK(numbered_order({"input", "layer_1"}).empty());     // a name without a number
  CHECK(numbered_order({"layer_0", "hidden_1"}).empty());  // two stems
  CHECK(numbered_order({"layer_1", "layer_01"}).empty());  // one number twice
}
