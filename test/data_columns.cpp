// data_columns.cpp — typed columns: rows added cell by cell, and their CSV
// cells as csv_integer() and csv_number() write them.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/io/columns.h"

using namespace ricci;

TEST_CASE("typed columns: the CSV cells of each type") {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  ColumnTable table = column_table({{"n", ColumnType::Integer}, {"x", ColumnType::Number}, {"why", ColumnType::Text}});
  CHECK(table.rows() == 0);
  table.add_row({std::size_t(3), 0.1, ""});
  table.add_row({-12.0, nan, "two words, one comma"});
  table.add_row({inf, inf, "x"});
  table.add_row({nan, -2.5e-300, "y"});
  table.add_row({std::size_t(1) << 52, 2000.0, "z"});  // whole numbers exactly, with every digit
  CHECK(table.rows() == 5);
  const Table text = text_table(table);
  CHECK(text.header == std::vector<std::string>{"n", "x", "why"});
  CHECK(text.rows[0] == std::vector<std::string>{"3", "0.1", ""});
  CHECK(text.rows[1] == std::vector<std::string>{"-12", "", "two words, one comma"});
  CHECK(text.rows[2] == std::vector<std::string>{"inf", "inf", "x"});
  CHECK(text.rows[3] == std::vector<std::string>{"", "-2.5e-300", "y"});
  CHECK(text.rows[4] == std::vector<std::string>{"4503599627370496", "2000", "z"});
  for (std::int64_t v : {0LL, -7LL, 123456789012345LL, 9007199254740992LL})
    CHECK(text_table([&] {
            ColumnTable one = column_table({{"n", ColumnType::Integer}});
            one.add_row({static_cast<double>(v)});
            return one;
          }())
              .rows[0][0] == csv_integer(v));
}

TEST_CASE("typed columns: a row that does not fit the columns is a programming error") {
  ColumnTable table = column_table({{"n", ColumnType::Integer}, {"why", ColumnType::Text}});
  CHECK_THROWS_AS(table.add_row({1.0}), std::logic_error);
  CHECK_THROWS_AS(table.add_row({"a", "b"}), std::logic_error);
  CHECK_THROWS_AS(table.add_row({1.0, 2.0}), std::logic_error);
  CHECK(table.rows() == 0);
}

TEST_CASE("an integer cell beyond 2^53 is refused rather than rounded") {
  ColumnTable table = column_table({{"g", ColumnType::Integer}});
  table.add_row({9007199254740992.0});
  CHECK(text_table(table).rows[0][0] == "9007199254740992");
  table.add_row({18014398509481984.0});
  CHECK_THROWS_AS(text_table(table), std::logic_error);
}
