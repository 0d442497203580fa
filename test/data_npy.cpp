// data_npy.cpp — the .npy reader and writer against files made by NumPy.
//
// The byte strings below were written by numpy 1.24 (np.save, and
// np.lib.format.write_array for version 2.0); the comment above each says
// what array it holds.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "data/error.h"
#include "data/files.h"
#include "data/io/npy.h"
#include "test/data_support.h"

using namespace ricci;

namespace {

// np.save(array([[ 1.5e+00, -2.0e+00,  2.5e-01],       [ 3.0e+00,  1.0e-03, -7.5e+00]], dtype=float32))
const std::string kNumpyF4("\223NUMPY\001\000v\000{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }                                                          \012\000\000\300\?\000\000\000\300\000\000\200>\000\000@@o\022\203:\000\000\360\300", 152);
// np.save(array([ 0.1,  2. , -3.5]))
const std::string kNumpyF8("\223NUMPY\001\000v\000{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }                                                            \012\232\231\231\231\231\231\271\?\000\000\000\000\000\000\000@\000\000\000\000\000\000\014\300", 152);
// np.save(array([0, 1, 1, 0], dtype=int32))
const std::string kNumpyI4("\223NUMPY\001\000v\000{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }                                                            \012\000\000\000\000\001\000\000\000\001\000\000\000\000\000\000\000", 144);
// np.save(array([[1., 2.],       [3., 4.]], dtype=float32))
const std::string kNumpyBigEndianF4("\223NUMPY\001\000v\000{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }                                                          \012\?\200\000\000@\000\000\000@@\000\000@\200\000\000", 144);
// np.save(array([[  0, 255],       [128,   7]], dtype=uint8))
const std::string kNumpyU1("\223NUMPY\001\000v\000{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), }                                                          \012\000\377\200\007", 132);
// np.save(array([ True, False,  True]))
const std::string kNumpyBool("\223NUMPY\001\000v\000{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }                                                            \012\001\000\001", 131);
// np.save(array([5, 9]))
const std::string kNumpyI8("\223NUMPY\001\000v\000{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }                                                            \012\005\000\000\000\000\000\000\000\011\000\000\000\000\000\000\000", 144);
// np.save(array([[1., 2.],       [3., 4.]], dtype=float32))
const std::string kNumpyFortran("\223NUMPY\001\000v\000{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }                                                           \012\000\000\200\?\000\000@@\000\000\000@\000\000\200@", 144);
// np.save(array([[[0., 0.]],       [[0., 0.]]], dtype=float32))
const std::string kNumpy3d("\223NUMPY\001\000v\000{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 2), }                                                       \012\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000", 144);
// np.save(array([0.+0.j, 0.+0.j], dtype=complex64))
const std::string kNumpyComplex("\223NUMPY\001\000v\000{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }                                                            \012\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000", 144);
// np.lib.format.write_array(f, np.array([[1.0, 2.0]], dtype="<f4"), version=(2, 0))
const std::string kNumpyV2("\223NUMPY\002\000t\000\000\000{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }                                                        \012\000\000\200\?\000\000\000@", 136);

// The message of the data error `f` throws (the test fails on no error or
// another kind).
template <class F>
std::string data_error_of(F f) {
  const Error error = ricci_test::error_from(f);
  CHECK(error.kind() == ErrorKind::Data);
  return error.what();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("reads the dtypes and shapes NumPy writes") {
  const MatrixF f4 = npy_to_matrix(parse_npy(kNumpyF4, "f4"), "f4");
  REQUIRE(f4.rows() == 2);
  REQUIRE(f4.cols() == 3);
  CHECK(f4(0, 0) == 1.5f);
  CHECK(f4(0, 2) == 0.25f);
  CHECK(f4(1, 1) == 1e-3f);
  CHECK(f4(1, 2) == -7.5f);

  const MatrixF f8 = npy_to_matrix(parse_npy(kNumpyF8, "f8"), "f8");  // 1-D -> n x 1
  REQUIRE(f8.rows() == 3);
  REQUIRE(f8.cols() == 1);
  CHECK(f8(0, 0) == 0.1f);
  CHECK(f8(2, 0) == -3.5f);

  const MatrixF big = npy_to_matrix(parse_npy(kNumpyBigEndianF4, "be"), "be");
  CHECK(big(0, 0) == 1.0f);
  CHECK(big(0, 1) == 2.0f);
  CHECK(big(1, 0) == 3.0f);
  CHECK(big(1, 1) == 4.0f);

  const MatrixF u1 = npy_to_matrix(parse_npy(kNumpyU1, "u1"), "u1");
  CHECK(u1(0, 1) == 255.0f);
  CHECK(u1(1, 0) == 128.0f);

  const MatrixF v2 = npy_to_matrix(parse_npy(kNumpyV2, "v2"), "v2");
  CHECK(v2.rows() == 1);
  CHECK(v2(0, 1) == 2.0f);

  CHECK(npy_to_labels(parse_npy(kNumpyI4, "i4"), "i4") == std::vector<std::int64_t>{0, 1, 1, 0});
  CHECK(npy_to_labels(parse_npy(kNumpyI8, "i8"), "i8") == std::vector<std::int64_t>{5, 9});
  CHECK(npy_to_labels(parse_npy(kNumpyBool, "b"), "b") == std::vector<std::int64_t>{1, 0, 1});
}

TEST_CASE("writes exactly the bytes NumPy writes") {
  MatrixF m(2, 3);
  const float values[] = {1.5f, -2.0f, 0.25f, 3.0f, 1e-3f, -7.5f};
  std::copy(values, values + 6, m.data());
  CHECK(npy_bytes(m) == kNumpyF4);
  CHECK(npy_bytes(std::vector<std::int64_t>{5, 9}) == kNumpyI8);
  MatrixD d(3, 1);
  d(0, 0) = 0.1;
  d(1, 0) = 2.0;
  d(2, 0) = -3.5;
  // NumPy wrote a 1-D array, we write 3 x 1: same data, header differs only in shape.
  const std::string ours = npy_bytes(d);
  CHECK(ours.size() == kNumpyF8.size());
  CHECK(ours.substr(ours.size() - 24) == kNumpyF8.substr(kNumpyF8.size() - 24));
  CHECK(contains(ours, "'shape': (3, 1)"));
}

TEST_CASE("round-trips through a file") {
  char dir_template[] = "/tmp/ricci-npy-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  MatrixF m(4, 3);
  for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(i) * 0.37f - 1.0f;
  write_npy(join_path(dir, "m.npy"), m);
  CHECK(read_npy_matrix(join_path(dir, "m.npy")) == m);
  const std::vector<std::int64_t> labels = {3, -1, 7};
  write_npy(join_path(dir, "y.npy"), labels);
  CHECK(read_npy_labels(join_path(dir, "y.npy")) == labels);
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("rejects what it cannot read with one clear error") {
  CHECK(contains(data_error_of([] { parse_npy("hello world", "x.npy"); }), "x.npy: not a .npy file"));
  CHECK(contains(data_error_of([] { parse_npy(kNumpyF4.substr(0, 100), "t.npy"); }), "truncated .npy header"));
  CHECK(contains(data_error_of([] { parse_npy(kNumpyF4.substr(0, kNumpyF4.size() - 1), "t.npy"); }),
                 "t.npy: truncated: expected 24 bytes of data, found 23"));
  CHECK(contains(data_error_of([] { parse_npy(kNumpyF4 + "x", "t.npy"); }), "unexpected bytes"));
  CHECK(contains(data_error_of([] { parse_npy(kNumpyFortran, "f.npy"); }), "Fortran-order"));
  CHECK(contains(data_error_of([] { parse_npy(kNumpy3d, "3.npy"); }), "expected a 1-D or 2-D array, found 3-D"));
  CHECK(contains(data_error_of([] { parse_npy(kNumpyComplex, "c.npy"); }), "complex arrays (dtype '<c8') are not supported"));
  std::string bad_version = kNumpyF4;
  bad_version[6] = 9;
  CHECK(contains(data_error_of([&] { parse_npy(bad_version, "v.npy"); }), "unsupported .npy version 9"));
  std::string bad_header = kNumpyF4;
  bad_header.replace(bad_header.find("'shape'"), 7, "'shapf'");
  CHECK(contains(data_error_of([&] { parse_npy(bad_header, "h.npy"); }), "unexpected key 'shapf'"));
  CHECK(contains(data_error_of([] { read_npy("/nonexistent/ricci.npy"); }), "/nonexistent/ricci.npy: cannot open"));
}

TEST_CASE("header fields are range-checked: an item size that would overflow, a dimension no file holds") {
  // '<f' and 2^64 + 4 as the item size, which wraps to 4 in 64-bit arithmetic.
  std::string wrapped = kNumpyF4;
  wrapped.replace(wrapped.find("'<f4'"), 5, "'<f18446744073709551620'");
  wrapped.erase(wrapped.find("}") + 2, 20);  // the header keeps its length
  CHECK(contains(data_error_of([&] { parse_npy(wrapped, "w.npy"); }), "unsupported dtype '<f18446744073709551620'"));
  for (const char* shape : {"(0, 4611686018427387904)", "(2, 1099511627777)"}) {
    CAPTURE(shape);
    std::string huge = kNumpyF4;
    huge.replace(huge.find("(2, 3)"), 6, shape);
    huge.erase(huge.find("}") + 2, std::string(shape).size() - 6);
    CHECK(contains(data_error_of([&] { parse_npy(huge, "h.npy"); }), "h.npy: shape too large (a dimension of "));
  }
}

TEST_CASE("NaN, infinity and non-integer labels are data errors naming the place") {
  MatrixF m(2, 2, 1.0f);
  m(1, 0) = NAN;
  CHECK(contains(data_error_of([&] { npy_to_matrix(parse_npy(npy_bytes(m), "n.npy"), "n.npy"); }),
                 "n.npy: row 1, column 0: value is NaN"));
  m(1, 0) = INFINITY;
  CHECK(contains(data_error_of([&] { npy_to_matrix(parse_npy(npy_bytes(m), "n.npy"), "n.npy"); }), "infinite"));
  MatrixD labels(2, 1);
  labels(0, 0) = 1.0;
  labels(1, 0) = 0.5;
  CHECK(contains(data_error_of([&] { npy_to_labels(parse_npy(npy_bytes(labels), "y.npy"), "y.npy"); }),
                 "label 1 is not a whole number"));
  labels(1, 0) = 0.0;  // float labels with whole values are fine
  CHECK(npy_to_labels(parse_npy(npy_bytes(labels), "y.npy"), "y.npy") == std::vector<std::int64_t>{1, 0});
  CHECK(contains(data_error_of([] { npy_to_labels(parse_npy(kNumpyF4, "y.npy"), "y.npy"); }),
                 "expected a 1-D array of labels"));
}

TEST_CASE("an empty float32 array reads as an empty matrix (no copy from a null buffer)") {
  const MatrixF empty(0, 3);
  const MatrixF back = npy_to_matrix(parse_npy(npy_bytes(empty), "e.npy"), "e.npy");
  CHECK(back.rows() == 0);
  CHECK(back.cols() == 3);
}
