// data_ini.cpp — the INI files of sweep configs (data/io/ini.h): comments, a '#'
// inside a value, a byte order mark, and errors that name the line.
#include <doctest/doctest.h>

#include <string>

#include "data/io/ini.h"
#include "data/error.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;

TEST_CASE("INI: whole-line comments, a comment after a blank, and a '#' inside a value kept") {
  const IniFile ini = parse_ini(
      "# a comment\n"
      "; another\n"
      "   # an indented one\n"
      "[data]\n"
      "datasets = csv:runs/a#2.csv, csv:b.csv   # two files\n"
      "classes = 5,9\t# tab before the comment\n"
      "[model]\n"
      "widths=4,8#no blank: part of the value\n"
      "  seeds = 1 ;not a comment after a value\n",
      "grid.ini");
  CHECK(ini.get("data", "datasets") == "csv:runs/a#2.csv, csv:b.csv");
  CHECK(ini.get("data", "classes") == "5,9");
  CHECK(ini.get("model", "widths") == "4,8#no blank: part of the value");
  CHECK(ini.get("model", "seeds") == "1 ;not a comment after a value");
  CHECK(ini.where("data", "classes") == "grid.ini:6: [data] classes");
}

TEST_CASE("INI: a UTF-8 byte order mark at the start is skipped") {
  const IniFile ini = parse_ini("\xEF\xBB\xBF[model]\nwidths = 4\n", "bom.ini");
  CHECK(ini.has("model", "widths"));
  CHECK(ini.get("model", "widths") == "4");
  const IniFile keys_first = parse_ini("\xEF\xBB\xBFk = 5\n", "bom.ini");
  CHECK(keys_first.get("", "k") == "5");
  // Only at the start of the file: elsewhere it is text, and here a bad line.
  check_error([] { parse_ini("[model]\n\xEF\xBB\xBF[data]\n", "x.ini"); }, ErrorKind::Usage, "x.ini:2: expected key = value");
}

TEST_CASE("INI: malformed lines are usage errors naming the file and line") {
  check_error([] { parse_ini("[model\n", "x.ini"); }, ErrorKind::Usage, "x.ini:1: expected [section]");
  check_error([] { parse_ini("[]\n", "x.ini"); }, ErrorKind::Usage, "x.ini:1: empty section name");
  check_error([] { parse_ini("[a]\n= 3\n", "x.ini"); }, ErrorKind::Usage, "x.ini:2: empty key");
  check_error([] { parse_ini("[a]\nk = 1\nk = 2\n", "x.ini"); }, ErrorKind::Usage, "x.ini:3: 'k' given twice in [a]");
  check_error([] { parse_ini("[a]\n# [b]\nk\n", "x.ini"); }, ErrorKind::Usage, "x.ini:3: expected key = value");
}
