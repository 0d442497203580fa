// model_io.cpp — the versioned, checksummed weight file.
#include "nn/model_io.h"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "data/error.h"
#include "data/files.h"

namespace ricci {

namespace {

constexpr char kMagic[8] = {'R', 'I', 'C', 'C', 'I', 'M', 'L', 'P'};
constexpr std::uint32_t kVersion = 1;

void put_u32(std::string& out, std::uint32_t v) {
  for (int b = 0; b < 4; ++b) out += static_cast<char>((v >> (8 * b)) & 0xff);
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int b = 0; b < 8; ++b) out += static_cast<char>((v >> (8 * b)) & 0xff);
}
void put_f32(std::string& out, float f) {
  std::uint32_t bits;
  std::memcpy(&bits, &f, 4);
  put_u32(out, bits);
}

// Reads little-endian fields from the file, failing clearly past its end.
class Reader {
 public:
  Reader(const std::string& bytes, std::size_t end, const std::string& name)
      : bytes_(bytes), end_(end), name_(name) {}
  std::uint64_t unsigned_le(int width) {
    need(static_cast<std::size_t>(width));
    std::uint64_t v = 0;
    for (int b = width - 1; b >= 0; --b) v = (v << 8) | static_cast<unsigned char>(bytes_[pos_ + b]);
    pos_ += static_cast<std::size_t>(width);
    return v;
  }
  float f32() {
    const auto bits = static_cast<std::uint32_t>(unsigned_le(4));
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  void need(std::size_t count) const {
    if (end_ - pos_ < count) throw data_error(name_ + ": truncated model file");
  }
  std::size_t position() const { return pos_; }

 private:
  const std::string& bytes_;
  std::size_t end_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string model_bytes(const Mlp<float>& mlp) {
  std::string out(kMagic, 8);
  put_u32(out, kVersion);
  put_u32(out, static_cast<std::uint32_t>(mlp.sizes.size()));
  for (std::size_t size : mlp.sizes) put_u32(out, static_cast<std::uint32_t>(size));
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    for (float w : mlp.weights[l].values()) put_f32(out, w);
    for (float b : mlp.biases[l].values()) put_f32(out, b);
  }
  put_u64(out, fnv1a_64(out.data(), out.size()));
  return out;
}

Mlp<float> parse_model(const std::string& bytes, const std::string& name) {
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kMagic, 8) != 0)
    throw data_error(name + ": not a ricciflow model file (magic RICCIMLP missing)");
  if (bytes.size() < 16 + 8) throw data_error(name + ": truncated model file");
  const std::size_t body = bytes.size() - 8;
  Reader in(bytes, body, name);
  in.unsigned_le(8);  // magic
  const auto version = in.unsigned_le(4);
  if (version != kVersion)
    throw data_error(name + ": model format version " + std::to_string(version) +
                     " is not supported (this build reads version " + std::to_string(kVersion) + ")");
  const auto count = in.unsigned_le(4);
  if (count < 3 || count > kMaxDepth + 2)  // input, hidden layers, output
    throw data_error(name + ": corrupted model file (" + std::to_string(count) + " layer sizes)");
  std::vector<std::size_t> sizes;
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto size = in.unsigned_le(4);
    if (size == 0 || size > kMaxWidth)
      throw data_error(name + ": corrupted model file (layer size " + std::to_string(size) + ")");
    sizes.push_back(static_cast<std::size_t>(size));
  }
  std::size_t floats = 0;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) floats += sizes[l] * sizes[l + 1] + sizes[l + 1];
  if (body - in.position() != floats * 4)
    throw data_error(name + (body - in.position() < floats * 4 ? ": truncated model file"
                                                               : ": corrupted model file (trailing bytes)") +
                     " (expected " + std::to_string(in.position() + floats * 4 + 8) + " bytes, found " +
                     std::to_string(bytes.size()) + ")");
  std::uint64_t stored = 0;
  for (int b = 7; b >= 0; --b) stored = (stored << 8) | static_cast<unsigned char>(bytes[body + b]);
  if (stored != fnv1a_64(bytes.data(), body))
    throw data_error(name + ": corrupted model file (checksum mismatch)");

  Mlp<float> mlp;
  mlp.sizes = sizes;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    mlp.weights.emplace_back(sizes[l], sizes[l + 1]);
    mlp.biases.emplace_back(1, sizes[l + 1]);
    for (float& w : mlp.weights.back().values()) w = in.f32();
    for (float& b : mlp.biases.back().values()) b = in.f32();
    for (const Matrix<float>* m : {&mlp.weights.back(), &mlp.biases.back()})
      for (float v : m->values())
        if (!std::isfinite(v))
          throw data_error(name + ": corrupted model file (non-finite weight in layer " +
                           std::to_string(l + 1) + ")");
  }
  return mlp;
}

void save_model(const std::string& path, const Mlp<float>& mlp) {
  write_file_atomically(path, model_bytes(mlp));
}

Mlp<float> load_model(const std::string& path) { return parse_model(read_file(path), path); }

}  // namespace ricci
