// data_idx.cpp — tests of the IDX reader (data/idx.h) and the idx: SPEC on
// files the test writes byte by byte: every element type, gzipped files,
// the labels file found by name, and each kind of bad file.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "data/error.h"
#include "data/io/idx.h"
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

namespace {

void append_big_endian(std::string& out, std::uint64_t value, int bytes) {
  for (int b = bytes - 1; b >= 0; --b) out += static_cast<char>((value >> (8 * b)) & 0xff);
}

// The header of an IDX file: 0, 0, type, dimensions, then the extents.
std::string idx_header(unsigned type, const std::vector<std::uint32_t>& shape) {
  std::string out;
  out += '\0';
  out += '\0';
  out += static_cast<char>(type);
  out += static_cast<char>(shape.size());
  for (std::uint32_t extent : shape) append_big_endian(out, extent, 4);
  return out;
}

std::string idx_ubyte(const std::vector<std::uint32_t>& shape, const std::vector<unsigned>& values) {
  std::string out = idx_header(0x08, shape);
  for (unsigned v : values) out += static_cast<char>(v);
  return out;
}

std::uint64_t float_bits(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, 4);
  return bits;
}

std::uint64_t double_bits(double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, 8);
  return bits;
}

// 4 images of 2 x 3 pixels: pixel (i, j) of image k is 10 k + 3 i + j, and
// image 3 has a 255; labels 7, 2, 7, 9.
const std::vector<unsigned> kPixels = {0,  1,  2,  3,  4,  5,  10, 11, 12, 13, 14, 15,
                                       20, 21, 22, 23, 24, 25, 30, 31, 32, 33, 34, 255};
const std::vector<unsigned> kLabels = {7, 2, 7, 9};

}  // namespace

TEST_CASE("idx: images and labels round-trip, raw and gzipped") {
  TempDir dir;
  const std::string images = idx_ubyte({4, 2, 3}, kPixels), labels = idx_ubyte({4}, kLabels);
  write_bytes(dir.file("images"), images);
  write_bytes(dir.file("labels"), labels);
  write_bytes(dir.file("images.gz"), gzip_bytes(images));
  write_bytes(dir.file("labels.gz"), gzip_bytes(labels));
  for (const std::string& spec : {"idx:" + dir.file("images") + "," + dir.file("labels"),
                                 "idx:" + dir.file("images.gz") + "," + dir.file("labels.gz"),
                                 "idx:" + dir.file("images.gz") + "," + dir.file("labels")}) {
    CAPTURE(std::string(spec));
    const Dataset data = load_dataset(spec);
    REQUIRE(data.features.rows() == 4);
    REQUIRE(data.features.cols() == 6);
    for (std::size_t k = 0; k < 4; ++k)
      for (std::size_t p = 0; p < 6; ++p) CHECK(data.features(k, p) == float(kPixels[k * 6 + p]));
    CHECK(data.labels == std::vector<std::int64_t>{7, 2, 7, 9});
  }
}

TEST_CASE("idx: every element type, big-endian") {
  std::string int8 = idx_header(0x09, {3});
  for (int v : {-128, -1, 127}) int8 += static_cast<char>(v);
  std::string int16 = idx_header(0x0B, {2, 2});
  for (int v : {-300, 0, 1, 32767}) append_big_endian(int16, static_cast<std::uint16_t>(v), 2);
  std::string int32 = idx_header(0x0C, {1, 2});
  for (std::int32_t v : {-70000, 12345678}) append_big_endian(int32, static_cast<std::uint32_t>(v), 4);
  std::string float32 = idx_header(0x0D, {2});
  for (float v : {1.5f, -2.25f}) append_big_endian(float32, float_bits(v), 4);
  std::string float64 = idx_header(0x0E, {1, 1, 1});
  append_big_endian(float64, double_bits(0.125), 8);

  const MatrixF a = idx_to_matrix(parse_idx(int8, "a"), "a");
  CHECK(a.rows() == 3);
  CHECK(a.cols() == 1);
  CHECK(a.values() == std::vector<float>{-128, -1, 127});
  const MatrixF b = idx_to_matrix(parse_idx(int16, "b"), "b");
  CHECK(b.rows() == 2);
  CHECK(b.values() == std::vector<float>{-300, 0, 1, 32767});
  CHECK(idx_to_matrix(parse_idx(int32, "c"), "c").values() == std::vector<float>{-70000, 12345678});
  CHECK(idx_to_matrix(parse_idx(float32, "d"), "d").values() == std::vector<float>{1.5f, -2.25f});
  CHECK(idx_to_matrix(parse_idx(float64, "e"), "e").values() == std::vector<float>{0.125f});
  CHECK(idx_to_labels(parse_idx(int8, "a"), "a") == std::vector<std::int64_t>{-128, -1, 127});
}

TEST_CASE("idx: the labels file is found beside the images by MNIST's naming") {
  CHECK(idx_labels_name("data/train-images-idx3-ubyte") == "data/train-labels-idx1-ubyte");
  CHECK(idx_labels_name("t10k-images-idx3-ubyte.gz") == "t10k-labels-idx1-ubyte.gz");
  CHECK(idx_labels_name("kaggle/train-images.idx3-ubyte") == "kaggle/train-labels.idx1-ubyte");
  CHECK(idx_labels_name("images.bin").empty());
  CHECK(idx_labels_name("images-idx3-ubyte/x").empty());  // only the file name is renamed

  TempDir dir;
  write_bytes(dir.file("t10k-images-idx3-ubyte.gz"), gzip_bytes(idx_ubyte({4, 2, 3}, kPixels)));
  write_bytes(dir.file("t10k-labels-idx1-ubyte"), idx_ubyte({4}, kLabels));  // not gzipped
  const Dataset data = load_dataset("idx:" + dir.file("t10k-images-idx3-ubyte.gz"));
  CHECK(data.labels == std::vector<std::int64_t>{7, 2, 7, 9});
  CHECK(data.features(3, 5) == 255.0f);

  check_error([&] { load_dataset("idx:" + dir.file("pictures")); }, ErrorKind::Usage, "give idx:IMAGES,LABELS");
}

TEST_CASE("idx: bad files are data errors naming the file and the problem") {
  TempDir dir;
  const std::string images = idx_ubyte({4, 2, 3}, kPixels);
  write_bytes(dir.file("labels"), idx_ubyte({4}, kLabels));
  struct Case {
    const char* what;
    std::string bytes;
    const char* message;
  };
  std::string nan_floats = idx_header(0x0D, {1, 2});
  append_big_endian(nan_floats, float_bits(1.0f), 4);
  append_big_endian(nan_floats, float_bits(std::numeric_limits<float>::quiet_NaN()), 4);
  std::string corrupt_gzip = gzip_bytes(images);
  corrupt_gzip[12] = static_cast<char>(corrupt_gzip[12] ^ 0xff);
  const Case cases[] = {
      {"truncated data", images.substr(0, images.size() - 1), "truncated IDX file: the header promises 4 x 2 x 3"},
      {"truncated header", images.substr(0, 9), "truncated IDX header"},
      {"too short", std::string("\0\0", 2), "not an IDX file"},
      {"wrong magic", "\x01\x02" + images.substr(2), "magic number 0x01020803"},
      {"unknown type", idx_header(0x07, {1}) + "x", "magic number 0x00000701"},
      {"no dimensions", idx_header(0x08, {}), "magic number 0x00000800"},
      {"trailing bytes", images + "xy", "2 unexpected bytes after the IDX data"},
      {"NaN", nan_floats, "row 0, column 1: value is NaN"},
      {"corrupt gzip", corrupt_gzip, "corrupt gzip stream"},
      {"truncated gzip", gzip_bytes(images).substr(0, 20), "truncated gzip stream"},
      {"too few images", idx_ubyte({3, 2, 3}, std::vector<unsigned>(kPixels.begin(), kPixels.begin() + 18)),
       "4 labels for 3 images in"},
      {"huge extents", idx_header(0x08, {0xffffffffu, 0xffffffffu, 0xffffffffu}) + "x", "IDX dimensions too large"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.what));
    const std::string path = dir.file("bad-images");
    write_bytes(path, c.bytes);
    check_error([&] { load_dataset("idx:" + path + "," + dir.file("labels")); }, ErrorKind::Data, c.message);
    check_error([&] { load_dataset("idx:" + path + "," + dir.file("labels")); }, ErrorKind::Data, path);
  }

  write_bytes(dir.file("images"), images);
  const Error matrix_labels = error_from([&] { load_dataset("idx:" + dir.file("images") + "," + dir.file("images")); });
  CHECK(contains(matrix_labels.what(), "expected a 1-D IDX array of labels, found shape 4 x 2 x 3"));
  check_error([&] { load_dataset("idx:" + dir.file("images") + "," + dir.file("absent")); }, ErrorKind::Data,
              dir.file("absent") + ": cannot open");
  for (const char* spec : {"idx:", "idx:a,b,c", "idx:a,"}) {
    CAPTURE(std::string(spec));
    check_error([&] { load_dataset(spec); }, ErrorKind::Usage, "idx:IMAGES[,LABELS]");
  }
}
