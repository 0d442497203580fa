// idx.h — the IDX format of MNIST, Fashion-MNIST and KMNIST.
//
// The format (LeCun, Cortes and Burges, "The MNIST database"): a 4-byte
// magic number, which is two zero bytes, the element type (0x08 unsigned
// byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E
// float64) and the number of dimensions; then each dimension as a big-endian
// 32-bit unsigned integer; then the values, big-endian, in C order. Images
// are n x 28 x 28 unsigned bytes (magic 0x00000803), labels n unsigned bytes
// (0x00000801). Files may be gzipped (gzip.h); a truncated file, a wrong
// magic number or bytes after the values is a data error naming the file.
//
// In a data SPEC: `idx:IMAGES[,LABELS]`. Without LABELS the labels file is
// found beside IMAGES by MNIST's naming: `images-idx3` becomes `labels-idx1`
// in the file name (also `images.idx3` -> `labels.idx1`, Kaggle's copies),
// with or without a final .gz.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/matrix.h"
#include "data/sets/dataset.h"

namespace ricci {

enum class IdxType { UInt8 = 0x08, Int8 = 0x09, Int16 = 0x0B, Int32 = 0x0C, Float32 = 0x0D, Float64 = 0x0E };

// A parsed IDX array: element type, shape (at least one dimension) and the
// values as they are in the file (big-endian).
struct IdxArray {
  IdxType type = IdxType::UInt8;
  std::vector<std::size_t> shape;
  std::string data;  // count() * item size bytes, big-endian

  std::size_t count() const;
  // Element i converted to double.
  double value(std::size_t i) const;
};

// Parses the (already inflated) bytes of an IDX file; `name` prefixes errors.
IdxArray parse_idx(std::string bytes, const std::string& name);
// Reads, inflates if gzipped (up to `limit` bytes, gzip.h), and parses.
IdxArray read_idx(const std::string& path, std::size_t limit = kDefaultInputLimit);

// The array as an n x d float matrix: n the first dimension, d the product
// of the others (n x 28 x 28 images become n x 784; a 1-D array is n x 1).
// Float values that are NaN or infinite are a data error naming the row and
// column.
MatrixF idx_to_matrix(const IdxArray& array, const std::string& name);

// A 1-D (or n x 1) array of integer labels; float values must be whole.
std::vector<std::int64_t> idx_to_labels(const IdxArray& array, const std::string& name);

// The labels file that MNIST's naming puts beside `images_path`, or "" when
// the name does not follow it (no file system access).
std::string idx_labels_name(const std::string& images_path);

// Images and labels as a data set (the SPEC idx:IMAGES[,LABELS]); an empty
// `labels_path` is looked for by idx_labels_name, with or without .gz. Image
// and label counts must agree (a data error naming both files).
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         std::size_t limit = kDefaultInputLimit);

}  // namespace ricci
