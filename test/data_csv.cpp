// data_csv.cpp — tests of the CSV reader (data/csv.h) and the csv: SPEC on
// files the test writes: the Kaggle form with and without a header, the
// variations of number syntax and line ends, several files, and each kind
// of bad row, whose error must name the file, line and column.
#include <doctest/doctest.h>

#include "data/error.h"
#include "data/io/csv.h"
#include "data/sets/dataset.h"
#include "data/sets/spec.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;
using ricci_test::contains;
using ricci_test::error_from;
using ricci_test::gzip_bytes;
using ricci_test::TempDir;
using ricci_test::write_bytes;

TEST_CASE("csv: the Kaggle form round-trips, with or without a header") {
  TempDir dir;
  write_bytes(dir.file("with-header.csv"), "label,pixel1,pixel2,pixel3\n5,0,128,255\n9,1,2,3\n");
  write_bytes(dir.file("no-header.csv"), "5,0,128,255\n9,1,2,3");  // no final newline
  for (const char* name : {"with-header.csv", "no-header.csv"}) {
    CAPTURE(std::string(name));
    const Dataset data = load_dataset(std::string("csv:") + dir.file(name));
    REQUIRE(data.features.rows() == 2);
    REQUIRE(data.features.cols() == 3);
    CHECK(data.features.values() == std::vector<float>{0, 128, 255, 1, 2, 3});
    CHECK(data.labels == std::vector<std::int64_t>{5, 9});
  }
}

TEST_CASE("csv: number syntax, blanks, CRLF, byte order mark and blank lines") {
  const std::string text =
      "\xEF\xBB\xBF"
      "\"label\",\"a\",\"b\",\"c\"\r\n"
      "1, 0.5 ,\t-2.25,1e2\r\n"
      "\r\n"
      "   \n"
      "2.0,+3,.25,-1e-400\r\n"
      "-4,1E-3,7.,0x1\n";  // 0x1 is not a number: only the first 3 lines are kept below
  const std::string good = text.substr(0, text.rfind("-4,"));
  const Dataset data = parse_csv(good, "syntax.csv");
  REQUIRE(data.features.rows() == 2);
  CHECK(data.labels == std::vector<std::int64_t>{1, 2});
  CHECK(data.features.values() == std::vector<float>{0.5f, -2.25f, 100.0f, 3.0f, 0.25f, 0.0f});
  const Error hex = error_from([&] { parse_csv(text, "syntax.csv"); });
  CHECK(contains(hex.what(), "syntax.csv: line 6, column 4: '0x1' is not a number"));
}

TEST_CASE("csv: several files, gzipped or not, concatenate in order") {
  TempDir dir;
  write_bytes(dir.file("a.csv"), "label,x,y\n0,1,2\n0,3,4\n");
  write_bytes(dir.file("b.csv.gz"), gzip_bytes("1,5,6\n"));
  write_bytes(dir.file("c.csv"), "y,x1,x2\n1,7,8\n");
  const Dataset data = load_dataset("csv:" + dir.file("a.csv") + "," + dir.file("b.csv.gz") + "," + dir.file("c.csv"));
  REQUIRE(data.features.rows() == 4);
  CHECK(data.features.values() == std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(data.labels == std::vector<std::int64_t>{0, 0, 1, 1});

  write_bytes(dir.file("wide.csv"), "1,2,3,4\n");
  check_error([&] { load_dataset("csv:" + dir.file("a.csv") + "," + dir.file("wide.csv")); }, ErrorKind::Data,
              dir.file("wide.csv") + ": 4 columns, " + dir.file("a.csv") + " has 3");
}

TEST_CASE("csv: bad rows are data errors naming the file, line and column") {
  struct Case {
    const char* what;
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"ragged, too many", "label,a,b\n1,2,3\n0,4,5,6\n", "line 3, column 4: unexpected field: line 1 has 3 columns"},
      {"ragged, too few", "1,2,3\n\n0,4\n", "line 3, column 3: missing field: the line has 2 columns, line 1 has 3"},
      {"header wider than rows", "label,a,b,c\n1,2,3\n", "line 2, column 4: missing field"},
      {"non-numeric", "1,2,3\n0,4,five\n", "line 2, column 3: 'five' is not a number"},
      {"trailing text", "1,2,3abc\n", "line 1, column 3: '3abc' is not a number"},
      {"empty field", "1,2,3\n0,,3\n", "line 2, column 2: empty field"},
      {"trailing comma", "1,2,3\n0,1,2,\n", "line 2, column 4: unexpected field"},
      {"NaN", "1,2,3\n0,nan,3\n", "line 2, column 2: NaN"},
      {"infinity", "1,2,3\n0,2,-inf\n", "line 2, column 3: '-inf' is infinite or beyond the float range"},
      {"beyond double range", "1,2,1e999\n", "line 1, column 3: '1e999' is infinite or beyond the float range"},
      {"beyond float range", "1,2,-1e39\n", "line 1, column 3: '-1e39' is infinite or beyond the float range"},
      {"huge label", "1e30,2,3\n", "line 1, column 1: label '1e30' is not a whole number from -9e15 to 9e15"},
      {"fractional label", "1,2,3\n2.5,1,1\n", "line 2, column 1: label '2.5' is not a whole number"},
      {"NaN label", "nan,1,1\n", "line 1, column 1: NaN"},
      {"label only", "1\n2\n", "line 1: only one column"},
      {"header of one column", "label\n1\n", "line 1: the header has one column"},
      {"header only", "label,a\n", "no data rows after the header"},
      {"empty file", "", "no data rows"},
      {"blank file", "\n \n", "no data rows"},
      {"long field", "1,2,3\n0,1,abcdefghijklmnopqrstuvwxyz0123456789\n",
       "line 2, column 3: 'abcdefghijklmnopqrstuvwx...' is not a number"},
  };
  TempDir dir;
  for (const Case& c : cases) {
    CAPTURE(std::string(c.what));
    const std::string path = dir.file("bad.csv");
    write_bytes(path, c.text);
    check_error([&] { load_dataset("csv:" + path); }, ErrorKind::Data, path + ": " + c.message);
  }
  check_error([&] { load_dataset("csv:" + dir.file("absent.csv")); }, ErrorKind::Data,
              dir.file("absent.csv") + ": cannot open");
  for (const char* spec : {"csv:", "csv:a.csv,", "csv:,a.csv"}) {
    CAPTURE(std::string(spec));
    check_error([&] { load_dataset(spec); }, ErrorKind::Usage, "csv:FILE[,FILE...]");
  }
}

TEST_CASE("csv: a 2000 x 785 file parses to the values written") {
  // Pixel (i, j) = (31 i + 7 j) mod 256, label i mod 10: each value checked.
  std::string text = "label";
  for (int j = 1; j <= 784; ++j) text += ",pixel" + std::to_string(j);
  text += "\n";
  for (int i = 0; i < 2000; ++i) {
    text += std::to_string(i % 10);
    for (int j = 0; j < 784; ++j) text += "," + std::to_string((31 * i + 7 * j) % 256);
    text += "\n";
  }
  const Dataset data = parse_csv(text, "big.csv");
  REQUIRE(data.features.rows() == 2000);
  REQUIRE(data.features.cols() == 784);
  std::size_t wrong = 0;
  for (int i = 0; i < 2000; ++i) {
    wrong += data.labels[i] != i % 10;
    for (int j = 0; j < 784; ++j) wrong += data.features(i, j) != float((31 * i + 7 * j) % 256);
  }
  CHECK(wrong == 0);
}
