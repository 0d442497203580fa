// data_npy_dtypes.cpp — every numeric dtype NumPy writes, in both byte
// orders, read from test/fixtures/dtypes.npz (made by np.savez, see
// test/fixtures/make_npy_fixtures.py); float16 against an independent
// decoding of all 65,536 bit patterns; and the dtypes that are refused,
// each with its own message, from files np.save wrote.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "data/error.h"
#include "data/files.h"
#include "data/io/npy.h"
#include "data/io/npz.h"
#include "test/data_support.h"
#include "test/npy_fixtures.h"

using namespace ricci;

namespace {

const std::string& kFixtures = ricci_test::kNpyFixtures;

std::map<std::string, NpyArray> dtype_arrays() {
  std::map<std::string, NpyArray> arrays;
  for (NpzArray& array : parse_npz(read_file(kFixtures + "dtypes.npz"), "dtypes.npz")) arrays[array.key] = array.array;
  return arrays;
}

std::vector<double> values_of(const NpyArray& array) {
  std::vector<double> values;
  for (std::size_t i = 0; i < array.count(); ++i) values.push_back(array.value(i));
  return values;
}

// The values make_npy_fixtures.py stores for the integer type T.
template <class T>
std::vector<double> integer_values() {
  std::vector<double> values = {static_cast<double>(std::numeric_limits<T>::min()), 0, 1,
                                static_cast<double>(std::numeric_limits<T>::max())};
  if (std::numeric_limits<T>::is_signed) values.push_back(-1);
  return values;
}

// An IEEE binary16 bit pattern decoded by its definition, in double:
// (-1)^s 2^(e - 15) (1 + f / 1024), or 2^-14 (f / 1024) when e = 0.
double half_by_definition(std::uint16_t bits) {
  const double sign = (bits >> 15) ? -1.0 : 1.0;
  const int e = (bits >> 10) & 31;
  const int f = bits & 1023;
  if (e == 31) return f == 0 ? sign * INFINITY : NAN;
  if (e == 0) return sign * std::pow(2.0, -14) * (f / 1024.0);
  return sign * std::pow(2.0, e - 15) * (1.0 + f / 1024.0);
}

std::string npy_text_error(const std::string& file) {
  const Error error = ricci_test::error_from([&] { read_npy(kFixtures + file); });
  CHECK(error.kind() == ErrorKind::Data);
  return error.what();
}

}  // namespace

TEST_CASE("every integer type, signed and unsigned, 1 to 8 bytes, little- and big-endian") {
  const std::map<std::string, NpyArray> arrays = dtype_arrays();
  for (const char* order : {"little", "big"}) {
    CAPTURE(order);
    const auto values = [&](const std::string& kind) { return values_of(arrays.at(kind + "_" + order)); };
    CHECK(values("i1") == integer_values<std::int8_t>());
    CHECK(values("u1") == integer_values<std::uint8_t>());
    CHECK(values("i2") == integer_values<std::int16_t>());
    CHECK(values("u2") == integer_values<std::uint16_t>());
    CHECK(values("i4") == integer_values<std::int32_t>());
    CHECK(values("u4") == integer_values<std::uint32_t>());
    CHECK(values("i8") == integer_values<std::int64_t>());
    CHECK(values("u8") == integer_values<std::uint64_t>());  // 2^64 - 1 rounds to 2^64 in double
    CHECK(arrays.at(std::string("u8_") + order).type == NpyType::UInt64);
  }
  // Labels: int64 exactly, uint8 too.
  CHECK(npy_to_labels(arrays.at("i8_big"), "i8") ==
        std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::min(), 0, 1,
                                  std::numeric_limits<std::int64_t>::max(), -1});
  CHECK(npy_to_labels(arrays.at("u1_little"), "u1") == std::vector<std::int64_t>{0, 0, 1, 255});
}

TEST_CASE("float16, float32 and float64 in both byte orders; bool as 0 and 1") {
  const std::map<std::string, NpyArray> arrays = dtype_arrays();
  // -2.5, 0, 1/3, 65504, 2^-24, -0, 2^-14 rounded to each type.
  const std::vector<double> f2 = {-2.5, 0.0, 0.333251953125, 65504.0, std::pow(2.0, -24), -0.0, std::pow(2.0, -14)};
  const std::vector<double> f4 = {-2.5, 0.0, static_cast<double>(1.0f / 3.0f), 65504.0, std::pow(2.0, -24), -0.0,
                                  std::pow(2.0, -14)};
  const std::vector<double> f8 = {-2.5, 0.0, 1.0 / 3.0, 65504.0, std::pow(2.0, -24), -0.0, std::pow(2.0, -14)};
  for (const char* order : {"little", "big"}) {
    CAPTURE(order);
    CHECK(values_of(arrays.at(std::string("f2_") + order)) == f2);
    CHECK(values_of(arrays.at(std::string("f4_") + order)) == f4);
    CHECK(values_of(arrays.at(std::string("f8_") + order)) == f8);
    CHECK(std::signbit(values_of(arrays.at(std::string("f2_") + order))[5]));
    const MatrixF half = npy_to_matrix(arrays.at(std::string("f2_") + order), "f2");
    CHECK(half.rows() == 7);
    CHECK(half(3, 0) == 65504.0f);
  }
  CHECK(arrays.at("bool").type == NpyType::Bool);
  CHECK(values_of(arrays.at("bool")) == std::vector<double>{1, 0, 1});
}

TEST_CASE("float16: all 65,536 bit patterns against the definition") {
  for (std::uint32_t bits = 0; bits < 65536; ++bits) {
    const std::uint16_t pattern = static_cast<std::uint16_t>(bits);
    NpyArray array;
    array.type = NpyType::Float16;
    array.shape = {1};
    array.data.assign(2, '\0');
    std::memcpy(&array.data[0], &pattern, 2);
    const double expected = half_by_definition(pattern);
    const double got = array.value(0);
    if (std::isnan(expected)) {
      CHECK(std::isnan(got));
    } else if (got != expected || std::signbit(got) != std::signbit(expected)) {
      CAPTURE(bits);
      CHECK(got == expected);
    }
  }
  // Infinity and NaN are refused as layer values, as in the other float types.
  NpyArray infinite;
  infinite.type = NpyType::Float16;
  infinite.shape = {1};
  const std::uint16_t inf_bits = 0x7c00;
  infinite.data.assign(reinterpret_cast<const char*>(&inf_bits), 2);
  const Error error = ricci_test::error_from([&] { npy_to_matrix(infinite, "h.npy"); });
  CHECK(std::string(error.what()) == "h.npy: row 0, column 0: value is infinite or beyond float range (expected finite numbers)");
}

TEST_CASE("complex, object, long double, structured, string and datetime arrays: one clear error each") {
  CHECK(npy_text_error("complex64.npy") ==
        kFixtures + "complex64.npy: complex arrays (dtype '<c8') are not supported: save the real part, or real and "
                    "imaginary parts as columns");
  CHECK(npy_text_error("complex128.npy").find("complex arrays (dtype '<c16') are not supported") != std::string::npos);
  CHECK(npy_text_error("object.npy") ==
        kFixtures + "object.npy: object arrays (dtype 'O') are not supported: save a numeric array, e.g. "
                    "numpy.asarray(x, dtype=numpy.float32)");
  CHECK(npy_text_error("longdouble.npy").find("long double arrays (dtype '<f16') are not supported") !=
        std::string::npos);
  CHECK(npy_text_error("structured.npy") ==
        kFixtures + "structured.npy: structured arrays (a dtype with fields) are not supported: save one numeric "
                    "array per layer");
  CHECK(npy_text_error("unicode.npy") ==
        kFixtures + "unicode.npy: unsupported dtype '<U2' (expected a numeric dtype: bool, an integer type, float16, "
                    "float32 or float64)");
  CHECK(npy_text_error("datetime.npy").find("unsupported dtype '<M8[D]'") != std::string::npos);
}

TEST_CASE("a multi-byte dtype must name its byte order") {
  std::string bytes = read_file(kFixtures + "complex64.npy");
  bytes.replace(bytes.find("'<c8'"), 5, "'|f4'");
  const Error error = ricci_test::error_from([&] { parse_npy(bytes, "o.npy"); });
  CHECK(std::string(error.what()) == "o.npy: dtype '|f4' has no byte order ('|' is for one-byte types)");
}
