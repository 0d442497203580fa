// idx.cpp — the IDX reader.
#include "data/io/idx.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "data/error.h"
#include "data/files.h"
#include "data/io/gzip.h"

namespace ricci {

namespace {

std::size_t item_size(IdxType type) {
  switch (type) {
    case IdxType::UInt8:
    case IdxType::Int8: return 1;
    case IdxType::Int16: return 2;
    case IdxType::Int32:
    case IdxType::Float32: return 4;
    case IdxType::Float64: return 8;
  }
  return 0;
}

bool known_type(unsigned code) {
  return code == 0x08 || code == 0x09 || code == 0x0B || code == 0x0C || code == 0x0D || code == 0x0E;
}

// The big-endian unsigned integer in the `size` bytes at p.
std::uint64_t big_endian(const char* p, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t b = 0; b < size; ++b) value = (value << 8) | static_cast<unsigned char>(p[b]);
  return value;
}

template <class To, class From>
To bit_cast_value(From from) {
  To to;
  std::memcpy(&to, &from, sizeof to);
  return to;
}

std::string hex32(std::uint64_t value) {
  static const char digits[] = "0123456789abcdef";
  std::string text = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) text += digits[(value >> shift) & 0xf];
  return text;
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string text;
  for (std::size_t extent : shape) text += (text.empty() ? "" : " x ") + std::to_string(extent);
  return text;
}

}  // namespace

std::size_t IdxArray::count() const {
  std::size_t n = 1;
  for (std::size_t extent : shape) n *= extent;
  return n;
}

double IdxArray::value(std::size_t i) const {
  const char* p = data.data() + i * item_size(type);
  switch (type) {
    case IdxType::UInt8: return static_cast<unsigned char>(*p);
    case IdxType::Int8: return static_cast<signed char>(*p);
    case IdxType::Int16: return static_cast<std::int16_t>(big_endian(p, 2));
    case IdxType::Int32: return static_cast<std::int32_t>(big_endian(p, 4));
    case IdxType::Float32: return bit_cast_value<float>(static_cast<std::uint32_t>(big_endian(p, 4)));
    case IdxType::Float64: return bit_cast_value<double>(big_endian(p, 8));
  }
  return 0.0;
}

IdxArray parse_idx(std::string bytes, const std::string& name) {
  if (bytes.size() < 4)
    throw data_error(name + ": not an IDX file: " + std::to_string(bytes.size()) +
                     " bytes, shorter than the 4-byte magic number");
  const std::uint64_t magic = big_endian(bytes.data(), 4);
  const unsigned type_code = static_cast<unsigned char>(bytes[2]);
  const std::size_t dimensions = static_cast<unsigned char>(bytes[3]);
  if (bytes[0] != 0 || bytes[1] != 0 || !known_type(type_code) || dimensions == 0)
    throw data_error(name + ": not an IDX file: magic number " + hex32(magic) +
                     " (expected 0x0000TTNN: a type TT of 08, 09, 0B, 0C, 0D or 0E and NN >= 1 dimensions; "
                     "MNIST images have 0x00000803)");
  IdxArray array;
  array.type = static_cast<IdxType>(type_code);
  const std::size_t header = 4 + 4 * dimensions;
  if (bytes.size() < header)
    throw data_error(name + ": truncated IDX header: " + std::to_string(dimensions) + " dimensions need " +
                     std::to_string(header) + " bytes, the file has " + std::to_string(bytes.size()));
  const std::size_t size = item_size(array.type);
  std::size_t count = 1;
  for (std::size_t d = 0; d < dimensions; ++d) {
    const std::size_t extent = static_cast<std::size_t>(big_endian(bytes.data() + 4 + 4 * d, 4));
    if (extent != 0 && count > std::numeric_limits<std::size_t>::max() / size / extent)
      throw data_error(name + ": IDX dimensions too large");
    count *= extent;
    array.shape.push_back(extent);
  }
  const std::size_t expected = count * size, available = bytes.size() - header;
  if (available < expected)
    throw data_error(name + ": truncated IDX file: the header promises " + shape_text(array.shape) + " values (" +
                     std::to_string(expected) + " bytes), the file holds " + std::to_string(available) + " bytes");
  if (available > expected)
    throw data_error(name + ": " + std::to_string(available - expected) +
                     " unexpected bytes after the IDX data (shape " + shape_text(array.shape) + ")");
  bytes.erase(0, header);
  array.data = std::move(bytes);
  return array;
}

IdxArray read_idx(const std::string& path, std::size_t limit) {
  return parse_idx(read_maybe_gzipped_file(path, limit), path);
}

MatrixF idx_to_matrix(const IdxArray& array, const std::string& name) {
  const std::size_t rows = array.shape[0];
  const std::size_t cols = rows == 0 ? 0 : array.count() / rows;
  MatrixF matrix(rows, cols);
  float* out = matrix.data();
  if (array.type == IdxType::UInt8) {  // the common case, MNIST pixels
    const auto* in = reinterpret_cast<const unsigned char*>(array.data.data());
    for (std::size_t i = 0; i < matrix.size(); ++i) out[i] = in[i];
    return matrix;
  }
  for (std::size_t i = 0; i < matrix.size(); ++i) {
    const double value = array.value(i);
    if (!std::isfinite(value) || std::fabs(value) > std::numeric_limits<float>::max())
      throw data_error(name + ": row " + std::to_string(i / cols) + ", column " + std::to_string(i % cols) +
                       ": value is " + (std::isnan(value) ? "NaN" : "infinite or beyond float range") +
                       " (expected finite numbers)");
    out[i] = static_cast<float>(value);
  }
  return matrix;
}

std::vector<std::int64_t> idx_to_labels(const IdxArray& array, const std::string& name) {
  if (array.shape.size() > 2 || (array.shape.size() == 2 && array.shape[1] != 1))
    throw data_error(name + ": expected a 1-D IDX array of labels, found shape " + shape_text(array.shape));
  std::vector<std::int64_t> labels(array.count());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double value = array.value(i);
    if (!std::isfinite(value) || value != std::floor(value) || std::fabs(value) > 9.0e15)
      throw data_error(name + ": label " + std::to_string(i) + " is not a whole number");
    labels[i] = static_cast<std::int64_t>(value);
  }
  return labels;
}

std::string idx_labels_name(const std::string& images_path) {
  const std::size_t slash = images_path.rfind('/');
  const std::size_t base = slash == std::string::npos ? 0 : slash + 1;
  for (const char* separator : {"-", "."}) {
    const std::string images = std::string("images") + separator + "idx3";
    const std::size_t at = images_path.find(images, base);
    if (at != std::string::npos)
      return images_path.substr(0, at) + "labels" + separator + "idx1" + images_path.substr(at + images.size());
  }
  return "";
}

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path, std::size_t limit) {
  std::string labels_file = labels_path;
  if (labels_file.empty()) {
    const std::string guess = idx_labels_name(images_path);
    if (guess.empty())
      throw usage_error("idx:" + images_path + ": cannot name the labels file (the name has no 'images-idx3'); "
                        "give idx:IMAGES,LABELS");
    const bool gzipped = guess.size() > 3 && guess.compare(guess.size() - 3, 3, ".gz") == 0;
    const std::string other = gzipped ? guess.substr(0, guess.size() - 3) : guess + ".gz";
    labels_file = file_exists(guess) || !file_exists(other) ? guess : other;
  }
  Dataset data;
  data.features = idx_to_matrix(read_idx(images_path, limit), images_path);
  data.labels = idx_to_labels(read_idx(labels_file, limit), labels_file);
  if (data.labels.size() != data.features.rows())
    throw data_error(labels_file + ": " + std::to_string(data.labels.size()) + " labels for " +
                     std::to_string(data.features.rows()) + " images in " + images_path);
  return data;
}

}  // namespace ricci
