// npy.cpp — the .npy reader and writer.
#include "data/io/npy.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>

#include "data/error.h"
#include "data/files.h"

namespace ricci {

namespace {

struct TypeInfo {
  NpyType type;
  char kind;  // 'b', 'i', 'u', 'f'
  std::size_t size;
};

const TypeInfo kTypes[] = {
    {NpyType::Bool, 'b', 1},    {NpyType::Int8, 'i', 1},   {NpyType::UInt8, 'u', 1},
    {NpyType::Int16, 'i', 2},   {NpyType::UInt16, 'u', 2}, {NpyType::Int32, 'i', 4},
    {NpyType::UInt32, 'u', 4},  {NpyType::Int64, 'i', 8},  {NpyType::UInt64, 'u', 8},
    {NpyType::Float16, 'f', 2}, {NpyType::Float32, 'f', 4}, {NpyType::Float64, 'f', 8},
};

// No dimension of an array we read passes 2^40 (a file could not hold it).
constexpr std::size_t kMaxNpyExtent = std::size_t{1} << 40;

std::size_t item_size(NpyType type) {
  for (const auto& info : kTypes)
    if (info.type == type) return info.size;
  return 0;
}

bool host_is_little_endian() {
  const std::uint16_t probe = 1;
  unsigned char first;
  std::memcpy(&first, &probe, 1);
  return first == 1;
}

// A cursor over the header dict literal. Errors name the file.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& name) : text_(text), name_(name) {}

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n'))
      ++pos_;
  }
  bool accept(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("expected '") + c + "'");
  }
  std::string quoted() {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) fail("expected a quoted string");
    const char quote = text_[pos_++];
    const std::size_t end = text_.find(quote, pos_);
    if (end == std::string::npos) fail("unterminated string");
    std::string value = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return value;
  }
  bool boolean() {
    skip_space();
    if (text_.compare(pos_, 4, "True") == 0) {
      pos_ += 4;
      return true;
    }
    if (text_.compare(pos_, 5, "False") == 0) {
      pos_ += 5;
      return false;
    }
    fail("expected True or False");
    return false;
  }
  std::vector<std::size_t> tuple() {
    expect('(');
    std::vector<std::size_t> values;
    while (!accept(')')) {
      skip_space();
      std::size_t value = 0;
      bool digits = false;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        const std::size_t digit = static_cast<std::size_t>(text_[pos_] - '0');
        if (value > (std::numeric_limits<std::size_t>::max() - digit) / 10) fail("shape too large");
        value = value * 10 + digit;
        digits = true;
        ++pos_;
      }
      if (digits && pos_ < text_.size() && text_[pos_] == 'L') ++pos_;  // Python 2 longs
      if (!digits) fail("expected a dimension in 'shape'");
      values.push_back(value);
      if (!accept(',')) {
        expect(')');
        break;
      }
    }
    return values;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw data_error(name_ + ": not a valid .npy header: " + what);
  }

 private:
  const std::string& text_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

// An IEEE 754 binary16 value (1 sign bit, 5 exponent bits with bias 15, 10
// fraction bits) as a float, exactly: subnormals are fraction * 2^-24,
// exponent 31 is infinity (fraction 0) or NaN.
float half_to_float(std::uint16_t bits) {
  const float sign = (bits & 0x8000) ? -1.0f : 1.0f;
  const int exponent = (bits >> 10) & 0x1f;
  const int fraction = bits & 0x3ff;
  if (exponent == 0x1f) return fraction == 0 ? sign * std::numeric_limits<float>::infinity()
                                             : std::numeric_limits<float>::quiet_NaN();
  if (exponent == 0) return sign * std::ldexp(static_cast<float>(fraction), -24);
  return sign * std::ldexp(static_cast<float>(fraction + 0x400), exponent - 25);
}

template <class T>
T load(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

std::string header_bytes(const std::string& descr, const std::vector<std::size_t>& shape) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    dict += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size()) dict += ",";
    if (i + 1 < shape.size()) dict += " ";
  }
  dict += "), }";
  // magic (6) + version (2) + length (2) + dict + padding + '\n' = multiple of 64
  const std::size_t unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(dict.size() & 0xff);
  bytes += static_cast<char>((dict.size() >> 8) & 0xff);
  return bytes + dict;
}

// Appends `count` values of type T in little-endian order.
template <class T>
void append_little_endian(std::string& out, const T* values, std::size_t count) {
  if (count == 0) return;  // an empty matrix's data() may be null, which memcpy must not see
  const std::size_t start = out.size();
  out.resize(start + count * sizeof(T));
  std::memcpy(&out[start], values, count * sizeof(T));
  if (!host_is_little_endian())
    for (std::size_t i = 0; i < count; ++i)
      for (std::size_t b = 0; b < sizeof(T) / 2; ++b)
        std::swap(out[start + i * sizeof(T) + b], out[start + i * sizeof(T) + sizeof(T) - 1 - b]);
}

}  // namespace

std::size_t NpyArray::count() const {
  std::size_t n = 1;
  for (std::size_t extent : shape) n *= extent;
  return n;
}

double NpyArray::value(std::size_t i) const {
  const char* p = data.data() + i * item_size(type);
  switch (type) {
    case NpyType::Bool: return load<std::uint8_t>(p) != 0 ? 1.0 : 0.0;
    case NpyType::Int8: return load<std::int8_t>(p);
    case NpyType::UInt8: return load<std::uint8_t>(p);
    case NpyType::Int16: return load<std::int16_t>(p);
    case NpyType::UInt16: return load<std::uint16_t>(p);
    case NpyType::Int32: return load<std::int32_t>(p);
    case NpyType::UInt32: return load<std::uint32_t>(p);
    case NpyType::Int64: return static_cast<double>(load<std::int64_t>(p));
    case NpyType::UInt64: return static_cast<double>(load<std::uint64_t>(p));
    case NpyType::Float16: return half_to_float(load<std::uint16_t>(p));
    case NpyType::Float32: return load<float>(p);
    case NpyType::Float64: return load<double>(p);
  }
  return 0.0;
}

namespace {

// The header of a .npy file in `bytes` (which may stop after it): the array's
// type and shape (no data), its byte order, item size and where its data
// starts; the data errors of parse_npy about the header.
struct NpyHeader {
  NpyArray array;
  char order = '<';
  std::size_t size = 0, count = 0, data_start = 0;
};

NpyHeader parse_npy_header(const std::string& bytes, const std::string& name) {
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
    throw data_error(name + ": not a .npy file (the magic string \\x93NUMPY is missing)");
  const unsigned major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_length = 0, header_start = 0;
  if (major == 1) {
    header_length = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw data_error(name + ": truncated .npy header");
    for (int b = 3; b >= 0; --b)
      header_length = (header_length << 8) | static_cast<unsigned char>(bytes[8 + b]);
    header_start = 12;
  } else {
    throw data_error(name + ": unsupported .npy version " + std::to_string(major) +
                     " (expected 1, 2 or 3)");
  }
  if (bytes.size() - header_start < header_length) throw data_error(name + ": truncated .npy header");
  const std::string header = bytes.substr(header_start, header_length);

  HeaderParser parser(header, name);
  std::string descr;
  bool fortran_order = false, have_descr = false, have_order = false, have_shape = false;
  std::vector<std::size_t> shape;
  parser.expect('{');
  while (!parser.accept('}')) {
    const std::string key = parser.quoted();
    parser.expect(':');
    if (key == "descr") {
      if (parser.accept('['))
        throw data_error(name + ": structured arrays (a dtype with fields) are not supported: save one numeric "
                                "array per layer");
      descr = parser.quoted();
      have_descr = true;
    } else if (key == "fortran_order") {
      fortran_order = parser.boolean();
      have_order = true;
    } else if (key == "shape") {
      shape = parser.tuple();
      have_shape = true;
    } else {
      parser.fail("unexpected key '" + key + "'");
    }
    if (!parser.accept(',')) {
      parser.expect('}');
      break;
    }
  }
  if (!have_descr || !have_order || !have_shape)
    parser.fail("'descr', 'fortran_order' and 'shape' are all required");

  if (descr.size() >= 2 && descr[1] == 'O')
    throw data_error(name + ": object arrays (dtype 'O') are not supported: save a numeric array, e.g. "
                            "numpy.asarray(x, dtype=numpy.float32)");
  const Error unsupported = data_error(name + ": unsupported dtype '" + descr + "' (expected a numeric dtype: " +
                                       "bool, an integer type, float16, float32 or float64)");
  NpyArray array;
  if (descr.size() < 3) throw unsupported;
  const char order = descr[0];
  const char kind = descr[1];
  std::size_t size = 0;  // the item size: one or two digits, no more (no overflow)
  for (char c : descr.size() <= 4 ? descr.substr(2) : std::string("x")) {
    if (c < '0' || c > '9') {
      size = 0;
      break;
    }
    size = size * 10 + static_cast<std::size_t>(c - '0');
  }
  bool known = false;
  for (const auto& info : kTypes)
    if (info.kind == kind && info.size == size) {
      array.type = info.type;
      known = true;
    }
  if (kind == 'c')
    throw data_error(name + ": complex arrays (dtype '" + descr +
                     "') are not supported: save the real part, or real and imaginary parts as columns");
  if (kind == 'f' && (size == 10 || size == 12 || size == 16))
    throw data_error(name + ": long double arrays (dtype '" + descr +
                     "') are not supported (their layout depends on the machine that wrote them): save as float64");
  if (!known || (order != '<' && order != '>' && order != '|' && order != '=')) throw unsupported;
  if (order == '|' && size > 1)
    throw data_error(name + ": dtype '" + descr + "' has no byte order ('|' is for one-byte types)");
  if (fortran_order)
    throw data_error(name + ": Fortran-order arrays are not supported (save with C order, e.g. "
                            "numpy.ascontiguousarray)");
  if (shape.size() != 1 && shape.size() != 2)
    throw data_error(name + ": expected a 1-D or 2-D array, found " + std::to_string(shape.size()) +
                     "-D");
  array.shape = shape;

  std::size_t count = 1;
  for (std::size_t extent : shape) {
    if (extent > kMaxNpyExtent || (extent != 0 && count > std::numeric_limits<std::size_t>::max() / extent / size))
      throw data_error(name + ": shape too large (a dimension of " + std::to_string(extent) + ")");
    count *= extent;
  }
  NpyHeader result;
  result.array = std::move(array);
  result.order = order;
  result.size = size;
  result.count = count;
  result.data_start = header_start + header_length;
  return result;
}

}  // namespace

NpyArray parse_npy(const std::string& bytes, const std::string& name) {
  NpyHeader header = parse_npy_header(bytes, name);
  NpyArray array = std::move(header.array);
  const char order = header.order;
  const std::size_t size = header.size, count = header.count;
  const std::size_t data_start = header.data_start;
  const std::size_t expected = count * size;
  const std::size_t available = bytes.size() - data_start;
  if (available < expected)
    throw data_error(name + ": truncated: expected " + std::to_string(expected) +
                     " bytes of data, found " + std::to_string(available));
  if (available > expected)
    throw data_error(name + ": " + std::to_string(available - expected) +
                     " unexpected bytes after the array data");
  array.data = bytes.substr(data_start, expected);

  const bool file_little = order != '>';
  if (order != '=' && size > 1 && file_little != host_is_little_endian())
    for (std::size_t i = 0; i < count; ++i)
      for (std::size_t b = 0; b < size / 2; ++b)
        std::swap(array.data[i * size + b], array.data[i * size + size - 1 - b]);
  return array;
}

bool npy_file_shape(const std::string& path, std::vector<std::size_t>& shape) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info;
  std::string bytes;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
    // The magic, the version and the header length, then the header (at most 1 MiB).
    const auto read_up_to = [&](std::size_t size) {
      bytes.resize(size);
      const ssize_t got = ::pread(fd, &bytes[0], size, 0);
      bytes.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    };
    read_up_to(12);
    if (bytes.size() >= 10) {
      const bool v1 = static_cast<unsigned char>(bytes[6]) == 1;
      std::size_t length = 0;
      for (int b = v1 ? 1 : 3; b >= 0; --b) length = (length << 8) | static_cast<unsigned char>(bytes[8 + b]);
      read_up_to(std::min<std::size_t>((v1 ? 10 : 12) + length, 1 << 20));
    }
  }
  ::close(fd);
  try {
    shape = parse_npy_header(bytes, path).array.shape;
    return true;
  } catch (const Error&) {
    return false;
  }
}

NpyArray read_npy(const std::string& path, std::size_t limit) {
  try {
    return parse_npy(read_file(path, limit), path);
  } catch (const std::bad_alloc&) {
    throw data_error(path + ": out of memory reading it");
  }
}

MatrixF npy_to_matrix(const NpyArray& array, const std::string& name) {
  const std::size_t rows = array.shape[0];
  const std::size_t cols = array.shape.size() == 2 ? array.shape[1] : 1;
  MatrixF matrix(rows, cols);
  auto not_finite = [&](std::size_t i, const char* what) {
    return data_error(name + ": row " + std::to_string(i / cols) + ", column " + std::to_string(i % cols) +
                      ": value is " + what + " (expected finite numbers)");
  };
  if (array.type == NpyType::Float32) {  // the common case: copy, then check
    if (array.count() > 0) std::memcpy(matrix.data(), array.data.data(), array.count() * sizeof(float));
    for (std::size_t i = 0; i < array.count(); ++i)
      if (!std::isfinite(matrix.data()[i])) throw not_finite(i, std::isnan(matrix.data()[i]) ? "NaN" : "infinite");
    return matrix;
  }
  for (std::size_t i = 0; i < array.count(); ++i) {
    const double value = array.value(i);
    if (!std::isfinite(value) || std::fabs(value) > std::numeric_limits<float>::max())
      throw not_finite(i, std::isnan(value) ? "NaN" : "infinite or beyond float range");
    matrix.data()[i] = static_cast<float>(value);
  }
  return matrix;
}

MatrixF read_npy_matrix(const std::string& path, std::size_t limit) {
  const NpyArray array = read_npy(path, limit);
  try {
    return npy_to_matrix(array, path);
  } catch (const std::bad_alloc&) {
    throw data_error(path + ": out of memory reading it");
  }
}

std::vector<std::int64_t> npy_to_labels(const NpyArray& array, const std::string& name) {
  if (array.shape.size() == 2 && array.shape[1] != 1)
    throw data_error(name + ": expected a 1-D array of labels, found shape (" +
                     std::to_string(array.shape[0]) + ", " + std::to_string(array.shape[1]) + ")");
  std::vector<std::int64_t> labels(array.count());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (array.type == NpyType::Int64) {
      std::memcpy(&labels[i], array.data.data() + i * 8, 8);
      continue;
    }
    const double value = array.value(i);
    if (!std::isfinite(value) || value != std::floor(value) || std::fabs(value) > 9.0e15)
      throw data_error(name + ": label " + std::to_string(i) + " is not a whole number");
    labels[i] = static_cast<std::int64_t>(value);
  }
  return labels;
}

std::vector<std::int64_t> read_npy_labels(const std::string& path) {
  return npy_to_labels(read_npy(path), path);
}

std::string npy_bytes(const MatrixF& matrix) {
  std::string bytes = header_bytes("<f4", {matrix.rows(), matrix.cols()});
  append_little_endian(bytes, matrix.data(), matrix.size());
  return bytes;
}

std::string npy_bytes(const MatrixD& matrix) {
  std::string bytes = header_bytes("<f8", {matrix.rows(), matrix.cols()});
  append_little_endian(bytes, matrix.data(), matrix.size());
  return bytes;
}

std::string npy_bytes(const std::vector<std::int64_t>& labels) {
  std::string bytes = header_bytes("<i8", {labels.size()});
  append_little_endian(bytes, labels.data(), labels.size());
  return bytes;
}

void write_npy(const std::string& path, const MatrixF& matrix) {
  write_file_atomically(path, npy_bytes(matrix));
}

void write_npy(const std::string& path, const std::vector<std::int64_t>& labels) {
  write_file_atomically(path, npy_bytes(labels));
}

}  // namespace ricci
