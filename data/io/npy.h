// npy.h — NumPy's .npy format, read and written.
//
// The format (numpy.lib.format, versions 1.0, 2.0 and 3.0): the magic
// "\x93NUMPY", a major and minor version byte, the header length (2 bytes
// little-endian in 1.0, 4 bytes in 2.0 and 3.0), an ASCII header that is a
// Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2000, 50), }
// padded with spaces and a newline, then the raw array data.
//
// We read 1-D and 2-D arrays in C order of every numeric dtype NumPy writes
// but long double: float16, float32, float64, the integer types (1, 2, 4, 8
// bytes, signed or not) and bool (False 0, True 1), little- or big-endian.
// Complex, object, long double (float96/float128), structured, string and
// datetime dtypes each have their own data error naming the file, as do
// Fortran order, 0-D or 3-D arrays, a truncated file and trailing bytes. We write
// version 1.0 little-endian: float32 matrices (the layer activations) and
// int64 label vectors, with the header padded to a multiple of 64 bytes as
// NumPy does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/matrix.h"

namespace ricci {

enum class NpyType { Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float16, Float32, Float64 };

// A parsed array: its element type, shape (1 or 2 entries) and values in
// native byte order.
struct NpyArray {
  NpyType type = NpyType::Float32;
  std::vector<std::size_t> shape;
  std::string data;  // shape product * item size bytes, native byte order

  std::size_t count() const;
  // Element i converted to double (exactly, but for 64-bit integers beyond
  // 2^53, which round to the nearest double).
  double value(std::size_t i) const;
};

// Parses the bytes of a .npy file; `name` (usually the path) prefixes errors.
NpyArray parse_npy(const std::string& bytes, const std::string& name);
// Reads and parses; a pipe or device holding more than `limit` bytes, and
// running out of memory, are data errors naming the file (files.h).
NpyArray read_npy(const std::string& path, std::size_t limit = kDefaultInputLimit);

// The shape of the array in the regular .npy file at `path`, from its header
// alone (the data is not read); false when it cannot be read so (a pipe, a
// file that is not .npy: reading it whole says why).
bool npy_file_shape(const std::string& path, std::vector<std::size_t>& shape);

// A 2-D array as an n x d float matrix (a 1-D array of length n is n x 1).
// Any numeric dtype is accepted and converted; NaN or infinity is a data
// error naming the row and column.
MatrixF npy_to_matrix(const NpyArray& array, const std::string& name);
MatrixF read_npy_matrix(const std::string& path, std::size_t limit = kDefaultInputLimit);

// A 1-D (or n x 1) array of integer class labels. Integer and bool dtypes are
// taken as they are; a float array is accepted only when every value is a
// whole number (labels saved as float by some tools).
std::vector<std::int64_t> npy_to_labels(const NpyArray& array, const std::string& name);
std::vector<std::int64_t> read_npy_labels(const std::string& path);

// The bytes of a .npy file holding `matrix` (float32, '<f4', 2-D, C order).
std::string npy_bytes(const MatrixF& matrix);
// The bytes of a .npy file holding `matrix` as float64 ('<f8').
std::string npy_bytes(const MatrixD& matrix);
// The bytes of a .npy file holding `labels` (int64, '<i8', 1-D).
std::string npy_bytes(const std::vector<std::int64_t>& labels);

// Atomic writers (see files.h).
void write_npy(const std::string& path, const MatrixF& matrix);
void write_npy(const std::string& path, const std::vector<std::int64_t>& labels);

}  // namespace ricci
