// nn_model_io.cpp — the weight file round-trips exactly, and every kind of
// damage is one clear data error.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "data/error.h"
#include "data/files.h"
#include "nn/model_io.h"
#include "test/data_support.h"

using namespace ricci;

namespace {

Mlp<float> sample_model() {
  Mlp<float> mlp = make_mlp<float>(3, 4, 2);
  Rng rng(12);
  kaiming_init(mlp, rng);
  for (auto& b : mlp.biases)
    for (float& v : b.values()) v = static_cast<float>(rng.normal());
  return mlp;
}

// The message of the data error that parsing `bytes` throws.
std::string error_of(const std::string& bytes) {
  const Error error = ricci_test::error_from([&] { parse_model(bytes, "m.bin"); });
  CHECK(error.kind() == ErrorKind::Data);
  return error.what();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Rewrites the trailing FNV-1a hash so that only the deliberate damage shows.
std::string rehash(std::string bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (std::size_t i = 0; i + 8 < bytes.size(); ++i) {
    hash ^= static_cast<unsigned char>(bytes[i]);
    hash *= 0x100000001b3ULL;
  }
  for (int b = 0; b < 8; ++b) bytes[bytes.size() - 8 + b] = static_cast<char>((hash >> (8 * b)) & 0xff);
  return bytes;
}

}  // namespace

TEST_CASE("save and load round-trip bit for bit") {
  const Mlp<float> mlp = sample_model();
  char dir_template[] = "/tmp/ricci-model-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  const std::string path = join_path(dir, "model.bin");
  save_model(path, mlp);
  const Mlp<float> back = load_model(path);
  CHECK(back.sizes == mlp.sizes);
  CHECK(back.weights == mlp.weights);
  CHECK(back.biases == mlp.biases);
  // Size: 8 magic + 4 version + 4 count + 4 * 4 sizes + 4 * (3*4+4 + 4*4+4 + 4*1+1) + 8 hash.
  CHECK(read_file(path).size() == 8 + 4 + 4 + 16 + 4 * (16 + 20 + 5) + 8);
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("a C-class model records its output width and round-trips; binary files keep their bytes") {
  Mlp<float> mlp = make_mlp<float>(3, 4, 2, 10);
  Rng rng(13);
  kaiming_init(mlp, rng);
  const std::string bytes = model_bytes(mlp);
  // The sizes field: 4 sizes, 3, 4, 4, 10.
  CHECK(bytes.substr(12, 4) == std::string("\x04\0\0\0", 4));
  CHECK(bytes.substr(28, 4) == std::string("\x0a\0\0\0", 4));
  const Mlp<float> back = parse_model(bytes, "m.bin");
  CHECK(back.sizes == std::vector<std::size_t>{3, 4, 4, 10});
  CHECK(back.class_count() == 10);
  CHECK(back.weights == mlp.weights);
  CHECK(back.biases == mlp.biases);
  CHECK(bytes.size() == 8 + 4 + 4 + 16 + 4 * (16 + 20 + 50) + 8);
  // A binary model file, byte for byte as version 1 always wrote it: the
  // header, sizes 3, 4, 4, 1 and the floats (checked through its length
  // and the sizes; the weights round-trip above).
  const std::string binary = model_bytes(sample_model());
  CHECK(binary.substr(0, 12) == std::string("RICCIMLP\x01\0\0\0", 12));
  CHECK(binary.substr(28, 4) == std::string("\x01\0\0\0", 4));
  CHECK(parse_model(binary, "m.bin").class_count() == 2);
}

TEST_CASE("damaged model files are clear errors") {
  const std::string good = model_bytes(sample_model());
  CHECK(parse_model(good, "m.bin").sizes == std::vector<std::size_t>{3, 4, 4, 1});

  std::string flipped = good;
  flipped[40] ^= 0x10;
  CHECK(contains(error_of(flipped), "m.bin: corrupted model file (checksum mismatch)"));
  CHECK(contains(error_of(good.substr(0, good.size() - 5)), "truncated model file"));
  CHECK(contains(error_of(good.substr(0, 12)), "truncated model file"));
  CHECK(contains(error_of(good + "extra"), "trailing bytes"));
  CHECK(contains(error_of("NOTAMODEL-------------------"), "not a ricciflow model file"));
  CHECK(contains(error_of(""), "not a ricciflow model file"));

  std::string version = good;
  version[8] = 2;
  CHECK(contains(error_of(rehash(version)), "model format version 2 is not supported"));
  std::string sizes = good;
  sizes[16] = 0;  // input size 3 -> 0
  CHECK(contains(error_of(rehash(sizes)), "layer size 0"));
  std::string output = good;
  output[28] = 2;  // output size 1 -> 2: a two-class softmax model would need 4 more floats
  CHECK(contains(error_of(rehash(output)), "truncated model file"));
  std::string nan = good;
  const std::uint32_t nan_bits = 0x7fc00000;
  for (int b = 0; b < 4; ++b) nan[32 + b] = static_cast<char>((nan_bits >> (8 * b)) & 0xff);
  CHECK(contains(error_of(rehash(nan)), "non-finite weight in layer 1"));
  CHECK_THROWS_AS(load_model("/nonexistent/model.bin"), Error);
}

namespace {

// A model file written by hand: the header with `sizes`, `floats` zero
// weights and biases, and the hash.
std::string model_file(const std::vector<std::uint32_t>& sizes, std::size_t floats) {
  std::string bytes = "RICCIMLP";
  auto u32 = [&](std::uint32_t v) {
    for (int b = 0; b < 4; ++b) bytes += static_cast<char>((v >> (8 * b)) & 0xff);
  };
  u32(1);
  u32(static_cast<std::uint32_t>(sizes.size()));
  for (std::uint32_t size : sizes) u32(size);
  bytes += std::string(4 * floats + 8, '\0');
  return rehash(bytes);
}

}  // namespace

TEST_CASE("model files: layer sizes up to 2^24, up to 10,000 hidden layers") {
  // 1 -> 10,000 hidden layers of width 1 -> 1: 10,001 weights and as many biases.
  const Mlp<float> deep = parse_model(model_file(std::vector<std::uint32_t>(10002, 1), 2 * 10001), "m.bin");
  CHECK(deep.depth() == 10000);
  CHECK(contains(error_of(model_file(std::vector<std::uint32_t>(10003, 1), 2 * 10002)), "(10003 layer sizes)"));
  CHECK(contains(error_of(model_file({2, 16777217, 1}, 0)), "(layer size 16777217)"));
  // 2^24 itself passes the size check: the file is then refused as truncated.
  CHECK(contains(error_of(model_file({2, 16777216, 1}, 0)), "truncated model file"));
}
