// data_npy_spec.cpp — tests of the npy: SPEC (data/npy.h through load_dataset):
// round trips through our writer, files whose bytes the test writes itself
// (other dtypes and byte orders), and the bad cases.
#include <doctest/doctest.h>

#include <cstring>
#include <limits>

#include "data/error.h"
#include "data/io/npy.h"
#include "data/sets/dataset.h"
#include "data/sets/spec.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;
using ricci_test::TempDir;
using ricci_test::write_bytes;

namespace {

// A version 1.0 .npy file with `dict` as its header (padded to 64 bytes).
std::string npy_file(const std::string& dict, const std::string& data) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}

// `value` as 8 big-endian bytes of a double.
std::string big_endian_double(double value) {
  unsigned char bytes[8];
  std::memcpy(bytes, &value, 8);
  std::string out;
  for (int b = 7; b >= 0; --b) out += static_cast<char>(bytes[b]);  // the host is little-endian (x86-64)
  return out;
}

std::string little_endian_int32(std::int32_t value) {
  std::string out;
  for (int b = 0; b < 4; ++b) out += static_cast<char>((static_cast<std::uint32_t>(value) >> (8 * b)) & 0xff);
  return out;
}

}  // namespace

TEST_CASE("npy: features and labels round-trip through the writer") {
  TempDir dir;
  MatrixF features(3, 2);
  features.values() = {0.5f, -1.0f, 2.0f, 3.25f, 1e-3f, 7.0f};
  write_npy(dir.file("x.npy"), features);
  write_npy(dir.file("y.npy"), std::vector<std::int64_t>{0, 1, 1});
  const Dataset data = load_dataset("npy:" + dir.file("x.npy") + "," + dir.file("y.npy"));
  CHECK(data.features == features);
  CHECK(data.labels == std::vector<std::int64_t>{0, 1, 1});
}

TEST_CASE("npy: an empty matrix round-trips (found by make fuzz: memcpy from a null pointer)") {
  const MatrixF empty(0, 2);
  const NpyArray array = parse_npy(npy_bytes(empty), "empty");
  CHECK(array.shape == std::vector<std::size_t>{0, 2});
  CHECK(npy_to_matrix(array, "empty") == empty);
  CHECK(parse_npy(npy_bytes(std::vector<std::int64_t>{}), "no labels").shape == std::vector<std::size_t>{0});
}

TEST_CASE("npy: files written byte by byte: big-endian float64 and int32 labels") {
  TempDir dir;
  write_bytes(dir.file("x.npy"), npy_file("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }",
                                          big_endian_double(1.5) + big_endian_double(-2.0) +
                                              big_endian_double(0.25) + big_endian_double(1e6)));
  write_bytes(dir.file("y.npy"), npy_file("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",
                                          little_endian_int32(5) + little_endian_int32(-9)));
  const Dataset data = load_dataset("npy:" + dir.file("x.npy") + "," + dir.file("y.npy"));
  CHECK(data.features.rows() == 2);
  CHECK(data.features.values() == std::vector<float>{1.5f, -2.0f, 0.25f, 1e6f});
  CHECK(data.labels == std::vector<std::int64_t>{5, -9});
}

TEST_CASE("npy: bad files are data errors naming the file") {
  TempDir dir;
  MatrixF features(3, 2, 1.0f);
  write_npy(dir.file("x.npy"), features);
  write_npy(dir.file("y.npy"), std::vector<std::int64_t>{0, 1, 1});
  write_npy(dir.file("y2.npy"), std::vector<std::int64_t>{0, 1});
  const std::string x_bytes = npy_bytes(features);
  write_bytes(dir.file("cut.npy"), x_bytes.substr(0, x_bytes.size() - 3));
  write_bytes(dir.file("magic.npy"), "PK" + x_bytes.substr(2));
  features(2, 1) = std::numeric_limits<float>::quiet_NaN();
  write_npy(dir.file("nan.npy"), features);
  struct Case {
    std::string x, y, message;
  };
  const Case cases[] = {
      {"x.npy", "y2.npy", "y2.npy: 2 labels for 3 rows of"},
      {"cut.npy", "y.npy", "cut.npy: truncated: expected 24 bytes of data, found 21"},
      {"magic.npy", "y.npy", "magic.npy: not a .npy file"},
      {"nan.npy", "y.npy", "nan.npy: row 2, column 1: value is NaN"},
      {"x.npy", "x.npy", "x.npy: expected a 1-D array of labels"},
      {"absent.npy", "y.npy", "absent.npy: cannot open"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    check_error([&] { load_dataset("npy:" + dir.file(c.x) + "," + dir.file(c.y)); }, ErrorKind::Data, c.message);
  }
  for (const char* spec : {"npy:x.npy", "npy:", "npy:a,b,c", "npy:,y.npy"}) {
    CAPTURE(std::string(spec));
    check_error([&] { load_dataset(spec); }, ErrorKind::Usage, "npy:FEATURES.npy,LABELS.npy");
  }
}
