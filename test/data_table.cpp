// data_table.cpp — result tables round-trip through CSV exactly, with
// RFC 4180 quoting, and malformed files are clear errors.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "data/error.h"
#include "data/io/table.h"

using namespace ricci;

TEST_CASE("CSV cells: quoting, numbers, undefined values") {
  CHECK(csv_line({"a", "b,c", "say \"hi\"", ""}) == "a,\"b,c\",\"say \"\"hi\"\"\",\n");
  CHECK(csv_number(0.1) == "0.1");
  CHECK(csv_number(NAN) == "");
  CHECK(csv_number(INFINITY) == "inf");
  CHECK(csv_integer(-12) == "-12");
  // csv_value reads back what csv_number writes.
  for (double v : {0.1, -2.5e-300, 1e300, 2000.0})
    CHECK(csv_value(csv_number(v), "t.csv") == v);
  CHECK(std::isnan(csv_value("", "t.csv")));
  CHECK(csv_value(csv_number(INFINITY), "t.csv") == INFINITY);
  CHECK_THROWS_WITH_AS(csv_value("0.5x", "t.csv"), "t.csv: not a number: '0.5x'", Error);
}

TEST_CASE("integer cells read back what csv_integer writes, and nothing else") {
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{-12}, std::int64_t{9007199254740993}, INT64_MIN, INT64_MAX})
    CHECK(csv_integer_value(csv_integer(v), "t.csv", "n") == v);
  CHECK(csv_whole_number("18446744073709551615", "t.csv", "g") == UINT64_MAX);
  CHECK(csv_whole_number("007", "t.csv", "g") == 7);
  for (const char* bad : {"", "-", "+3", " 3", "3 ", "1.5", "1e3", "9223372036854775808", "x"})
    CHECK_THROWS_WITH_AS(csv_integer_value(bad, "t.csv", "n"),
                         ("t.csv: n: expected an integer, got '" + std::string(bad) + "'").c_str(), Error);
  for (const char* bad : {"", "-1", "+3", "inf", "18446744073709551616"})
    CHECK_THROWS_WITH_AS(csv_whole_number(bad, "t.csv", "g"),
                         ("t.csv: g: expected a whole number, got '" + std::string(bad) + "'").c_str(), Error);
}

TEST_CASE("a table round-trips through CSV text") {
  Table t;
  t.header = {"k", "name", "rho"};
  t.rows = {{"10", "circles:n=2000,noise=0.05", "-0.5"}, {"30", "line\nbreak \"q\"", ""}};
  const std::string text = csv_text(t);
  const Table back = parse_csv_table(text, "t.csv");
  CHECK(back.header == t.header);
  CHECK(back.rows == t.rows);
  CHECK(back.column("rho", "t.csv") == 2);
  CHECK_THROWS_AS(back.column("eta", "t.csv"), Error);
  // CRLF line ends and a missing final newline are accepted.
  const Table crlf = parse_csv_table("a,b\r\n1,2\r\n3,4", "c.csv");
  CHECK(crlf.rows.size() == 2);
  CHECK(crlf.rows[1][1] == "4");
}

TEST_CASE("malformed CSV names the line") {
  try {
    parse_csv_table("a,b\n1,2\n3\n", "bad.csv");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "bad.csv: line 3: 1 cells, the header has 2");
  }
  CHECK_THROWS_AS(parse_csv_table("a\n\"open", "q.csv"), Error);
  CHECK_THROWS_AS(parse_csv_table("", "e.csv"), Error);
}
