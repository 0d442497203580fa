// data_json.cpp — the JSON writer and the shortest round-trip number format.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>

#include "data/error.h"
#include "data/format.h"
#include "data/io/json.h"
#include "data/random.h"

using namespace ricci;

TEST_CASE("format_double is the shortest text that reads back exactly") {
  CHECK(format_double(0.1) == "0.1");
  CHECK(format_double(2000) == "2000");
  CHECK(format_double(1e-7) == "1e-07");
  CHECK(format_double(-0.25) == "-0.25");
  CHECK(format_double(1.0 / 3.0) == "0.3333333333333333");
  CHECK(format_double(NAN) == "nan");
  CHECK(format_double(-INFINITY) == "-inf");
  Rng rng(3);
  for (int i = 0; i < 1000; ++i) {
    const double x = rng.normal() * std::pow(10.0, rng.uniform(-30, 30));
    CHECK(std::strtod(format_double(x).c_str(), nullptr) == x);
  }
}

TEST_CASE("JsonWriter writes nested objects and arrays, escaping strings") {
  JsonWriter json;
  json.begin_object();
  json.key("name").string("a \"b\"\n\\");
  json.key("values").begin_array();
  json.number(1.5).integer(-3).boolean(true).null().number(NAN);
  json.end_array();
  json.key("empty").begin_object().end_object();
  json.key("none").begin_array().end_array();
  json.end_object();
  CHECK(json.str() ==
        "{\n"
        "  \"name\": \"a \\\"b\\\"\\n\\\\\",\n"
        "  \"values\": [\n"
        "    1.5,\n"
        "    -3,\n"
        "    true,\n"
        "    null,\n"
        "    null\n"
        "  ],\n"
        "  \"empty\": {},\n"
        "  \"none\": []\n"
        "}\n");
}

TEST_CASE("parse_json reads what JsonWriter writes, and rejects malformed text") {
  JsonWriter json;
  json.begin_object();
  json.key("a").number(0.1);
  json.key("s").string("x \"y\"\n\\");
  json.key("list").begin_array().integer(-3).boolean(false).null().end_array();
  json.key("o").begin_object().key("n").number(1e-300).end_object();
  json.end_object();
  const JsonValue v = parse_json(json.str(), "t.json");
  CHECK(v.at("a", "t").number == 0.1);
  CHECK(v.at("s", "t").string == "x \"y\"\n\\");
  CHECK(v.at("list", "t").items.size() == 3);
  CHECK(v.at("list", "t").items[0].number == -3);
  CHECK(v.at("list", "t").items[2].type == JsonValue::Type::Null);
  CHECK(v.at("o", "t").at("n", "t").number == 1e-300);
  CHECK(v.has("a"));
  CHECK_FALSE(v.has("b"));
  CHECK(parse_json("\"\\u00e9\\u0041\"", "u").string == "\xc3\xa9" "A");
  for (const char* bad : {"", "{", "{\"a\" 1}", "[1,]", "01x", "1.", "tru", "{\"a\":1} x", "\"\\q\"", "-"})
    CHECK_THROWS_AS(parse_json(bad, "bad.json"), Error);
}

TEST_CASE("parse_json: \\u takes exactly four hexadecimal digits; a number keeps its text") {
  for (const char* bad : {"\"\\u00zz\"", "\"\\u+041\"", "\"\\u 041\"", "\"\\u12\""}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(parse_json(bad, "u.json"), doctest::Contains("u.json: invalid JSON at byte"), Error);
  }
  const JsonValue big = parse_json("[9007199254740993, -1.50e3]", "n.json");
  CHECK(big.items[0].string == "9007199254740993");  // beyond 2^53: the double has lost the 3
  CHECK(big.items[0].number == 9007199254740992.0);
  CHECK(big.items[1].string == "-1.50e3");
  CHECK(big.items[1].number == -1500.0);
}
