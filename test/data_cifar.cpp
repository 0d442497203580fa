// data_cifar.cpp — the CIFAR-10 binary reader on files this test writes
// record by record from the format's description (a label byte, then the
// red, green and blue planes of a 32 x 32 image), and `ricci train` on them.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data/error.h"
#include "data/io/cifar.h"
#include "data/io/npy.h"
#include "data/sets/prepare.h"
#include "data/sets/spec.h"
#include "test/cli_support.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;
using ricci_test::contains;
using ricci_test::TempDir;
using ricci_test::write_bytes;

namespace {

// The pixel of record r in channel c (0 red, 1 green, 2 blue) at row y,
// column x: a pattern that differs in every coordinate.
unsigned pixel(std::size_t r, std::size_t c, std::size_t y, std::size_t x) {
  return static_cast<unsigned>((r * 31 + c * 101 + y * 7 + x * 3) % 256);
}

// Records first, first + 1, ..., each labelled label_of(r).
template <class Label>
std::string cifar_bytes(std::size_t first, std::size_t count, Label label_of) {
  std::string bytes;
  for (std::size_t r = first; r < first + count; ++r) {
    bytes += static_cast<char>(label_of(r));
    for (std::size_t c = 0; c < 3; ++c)
      for (std::size_t y = 0; y < 32; ++y)
        for (std::size_t x = 0; x < 32; ++x) bytes += static_cast<char>(pixel(r, c, y, x));
  }
  return bytes;
}

unsigned label_of(std::size_t r) { return static_cast<unsigned>((r * 7) % 10); }

}  // namespace

TEST_CASE("CIFAR-10 records: the label, then the red, green and blue planes row by row") {
  TempDir dir;
  write_bytes(dir / "data_batch_1.bin", cifar_bytes(0, 25, label_of));
  write_bytes(dir / "data_batch_2.bin.gz", ricci_test::gzip_bytes(cifar_bytes(25, 15, label_of)));
  const Dataset data = load_cifar_dataset({dir / "data_batch_1.bin", dir / "data_batch_2.bin.gz"});
  REQUIRE(data.features.rows() == 40);
  REQUIRE(data.features.cols() == 3072);
  std::size_t wrong = 0;
  for (std::size_t r = 0; r < 40; ++r) {
    CHECK(data.labels[r] == label_of(r));
    for (std::size_t c = 0; c < 3; ++c)
      for (std::size_t y = 0; y < 32; ++y)
        for (std::size_t x = 0; x < 32; ++x) wrong += data.features(r, c * 1024 + y * 32 + x) != pixel(r, c, y, x);
  }
  CHECK(wrong == 0);
  // By hand: record 1, green, row 2, column 5 is (31 + 101 + 14 + 15) mod 256 = 161.
  CHECK(data.features(1, 1024 + 2 * 32 + 5) == 161.0f);
}

TEST_CASE("cifar:FILE,... is a data SPEC: loaded, classes chosen, pixels scaled by default") {
  TempDir dir;
  write_bytes(dir / "a.bin", cifar_bytes(0, 30, label_of));
  write_bytes(dir / "b.bin", cifar_bytes(30, 30, label_of));
  const std::string spec = "cifar:" + (dir / "a.bin") + "," + (dir / "b.bin");
  const Dataset data = load_dataset(spec + ",name=cifar35");
  CHECK(data.features.rows() == 60);
  CHECK(default_scaling(spec) == Scaling::Unit);
  CHECK(spec_files(spec) == std::vector<std::string>{dir / "a.bin", dir / "b.bin"});
  CHECK(spec_relative_to("cifar:a.bin,/x/b.bin", "d") == "cifar:d/a.bin,/x/b.bin");
  // --classes 3,5: labels 3 -> 0 and 5 -> 1; r * 7 mod 10 is 3 for r = 9, 19, ... and 5 for r = 5, 15, ...
  const Dataset two = select_classes(data, 3, 5);
  REQUIRE(two.labels.size() == 12);
  CHECK(two.labels[0] == 1);  // record 5
  CHECK(two.features(0, 0) == pixel(5, 0, 0, 0));
  CHECK(two.labels[1] == 0);  // record 9
  check_error([&] { load_dataset("cifar:"); }, ErrorKind::Usage, "cifar: expected cifar:FILE[,FILE...]");
}

TEST_CASE("CIFAR-10: a truncated file, a bad label, an empty file: one data error naming the place") {
  const std::string records = cifar_bytes(0, 3, label_of);
  check_error([&] { parse_cifar(records.substr(0, records.size() - 1), "t.bin"); }, ErrorKind::Data,
              "t.bin: 9218 bytes are not a whole number of CIFAR-10 records of 3073 bytes (2 records and 3072 bytes: "
              "a truncated file, or not CIFAR-10's binary version)");
  std::string bad = records;
  bad[2 * kCifarRecord] = 10;
  check_error([&] { parse_cifar(bad, "l.bin"); }, ErrorKind::Data,
              "l.bin: record 3 (byte 6146) has label 10, not a CIFAR-10 class 0-9");
  check_error([&] { parse_cifar("", "e.bin"); }, ErrorKind::Data, "e.bin: empty file");
  // CIFAR-100's records (coarse and fine label, 3074 bytes) are not CIFAR-10's.
  check_error([&] { parse_cifar(std::string(3 * 3074, '\0'), "c100.bin"); }, ErrorKind::Data,
              "c100.bin: 9222 bytes are not a whole number");
  check_error([&] { load_cifar_dataset({"/nonexistent/data_batch_1.bin"}); }, ErrorKind::Data,
              "/nonexistent/data_batch_1.bin: cannot open");
}

TEST_CASE("ricci train --data cifar:... --classes 3,5, and its errors") {
  TempDir dir;
  write_bytes(dir / "a.bin", cifar_bytes(0, 100, label_of));
  const ricci_test::Run run = ricci_test::run_ricci(dir, "train --data cifar:" + (dir / "a.bin") +
                                                             " --classes 3,5 --epochs 1 --width 4 --depth 1 --quiet --out " +
                                                             (dir / "run"));
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const MatrixF inputs = read_npy_matrix(dir / "run/layer_0.npy");
  CHECK(inputs.rows() == 6);  // 0.3 of each class of 10
  CHECK(inputs.cols() == 3072);
  CHECK(contains(read_file(dir / "run/metrics.json"), "\"scale\": \"unit\""));
  std::string bad = cifar_bytes(0, 10, label_of);
  bad[4 * kCifarRecord] = static_cast<char>(200);
  write_bytes(dir / "bad.bin", bad);
  const ricci_test::Failure cases[] = {
      {"train --data cifar:" + (dir / "bad.bin") + " --classes 3,5 --epochs 1 --quiet --out " + (dir / "never"), 1,
       "bad.bin: record 5 (byte 12292) has label 200, not a CIFAR-10 class 0-9"},
      {"train --data cifar:" + (dir / "a.bin") + " --classes 3,11 --epochs 1 --quiet --out " + (dir / "never"), 1,
       "class 11 does not occur in the data"},
  };
  for (const auto& c : cases) ricci_test::check_failure(dir, c);
  CHECK_FALSE(file_exists(dir / "never"));
}
