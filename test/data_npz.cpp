// data_npz.cpp — .npz archives written by NumPy (test/fixtures/, made by
// make_npy_fixtures.py): stored and deflated members, zip64 records, and
// the layers taken in the order of their names' numbers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "data/error.h"
#include "data/files.h"
#include "data/io/npz.h"
#include "test/data_support.h"
#include "test/npy_fixtures.h"

using namespace ricci;
using ricci_test::check_error;

namespace {

const std::string& kFixtures = ricci_test::kNpyFixtures;

void check_layers(const NpzLayers& got, const std::string& file, const std::string& stem, int count) {
  REQUIRE(got.layers.size() == static_cast<std::size_t>(count));
  for (int l = 0; l < count; ++l) {
    CAPTURE(l);
    CHECK(got.names[l] == file + ":" + stem + std::to_string(l));
    CHECK(got.layers[l] == ricci_test::fixture_layer(l));
  }
}

void put_u16(std::string& bytes, std::size_t at, unsigned value) {
  bytes[at] = static_cast<char>(value & 0xff);
  bytes[at + 1] = static_cast<char>(value >> 8);
}

}  // namespace

TEST_CASE("np.savez: stored members in text order come out in number order") {
  const std::string path = kFixtures + "layers.npz";
  const std::vector<NpzArray> arrays = parse_npz(read_file(path), path);
  REQUIRE(arrays.size() == 12);
  CHECK(arrays[2].key == "layer_10");  // the archive's own order: text
  check_layers(read_npz_layers(path), path, "layer_", 12);
}

TEST_CASE("np.savez_compressed: deflated members named arr_0 ... arr_11") {
  const std::string path = kFixtures + "layers_deflated.npz";
  check_layers(read_npz_layers(path), path, "arr_", 12);
}

TEST_CASE("zip64: sizes in extra fields, and the end records NumPy writes past 4 GiB") {
  const std::string path = kFixtures + "layers_zip64.npz";
  check_layers(read_npz_layers(path), path, "layer_", 3);  // layer_2 is float64 in the file
  // Past 4 GiB the end record holds all ones and the zip64 end record the
  // values: the same archive with its end record so marked.
  std::string bytes = read_file(path);
  const std::size_t end = bytes.size() - 22;
  for (std::size_t at : {end + 8, end + 10}) put_u16(bytes, at, 0xffff);
  for (std::size_t at : {end + 12, end + 14, end + 16, end + 18}) put_u16(bytes, at, 0xffff);
  check_layers(npz_layers(parse_npz(bytes, "big.npz"), "big.npz"), "big.npz", "layer_", 3);
  // Without its locator the zip64 values cannot be found.
  std::string no_locator = bytes;
  no_locator[end - 20] = 'X';
  check_error([&] { parse_npz(no_locator, "big.npz"); }, ErrorKind::Data,
              "big.npz: not a valid zip archive: an end record with zip64 values but no zip64 locator");
}

TEST_CASE("names that give no order, and archives that are not layers") {
  const std::string path = kFixtures + "unordered.npz";
  check_error([&] { read_npz_layers(path); }, ErrorKind::Data,
              path + ": the layers' order cannot be read from their names (input, hidden_1, hidden_2): name them "
                     "one stem and a number each, e.g. np.savez(f, layer_0=x, layer_1=h1, ...) or np.savez(f, *layers)");
  // The dtype archive's arrays are 1-D and named otherwise: no order either.
  check_error([&] { read_npz_layers(kFixtures + "dtypes.npz"); }, ErrorKind::Data, "cannot be read from their names");
  std::vector<NpzArray> one = parse_npz(read_file(kFixtures + "layers.npz"), "l.npz");
  one.resize(1);
  check_error([&] { npz_layers(one, "l.npz"); }, ErrorKind::Data, "l.npz: holds 1 array, expected at least two layers");
  check_error([&] { read_npz_layers(kFixtures + "complex64.npy"); }, ErrorKind::Data,
              "complex64.npy: not a valid zip archive: no end-of-central-directory record");
}

TEST_CASE("a broken member is an error naming the archive and the key") {
  std::string bytes = read_file(kFixtures + "layers.npz");
  bytes.replace(bytes.find("'<f4'"), 5, "'<c8'");  // layer_0's dtype, same length
  check_error([&] { parse_npz(bytes, "x.npz"); }, ErrorKind::Data, "x.npz: not a valid zip archive: layer_0.npy: CRC-32 mismatch");
  // Truncated anywhere: one data error.
  const std::string deflated = read_file(kFixtures + "layers_zip64.npz");
  for (std::size_t length = 0; length < deflated.size(); length += 7) {
    CAPTURE(length);
    check_error([&] { parse_npz(deflated.substr(0, length), "t.npz"); }, ErrorKind::Data, "t.npz");
  }
  // A flipped bit inside deflated data: corrupt stream or wrong CRC, never a crash.
  for (std::size_t at = 100; at < 300; ++at) {
    std::string flipped = deflated;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
    try {
      parse_npz(flipped, "f.npz");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::Data);
    }
  }
}
