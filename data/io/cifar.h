// cifar.h — the binary version of CIFAR-10 (data_batch_1.bin ... 5,
// test_batch.bin).
//
// The format (Krizhevsky, "Learning Multiple Layers of Features from Tiny
// Images", 2009; https://www.cs.toronto.edu/~kriz/cifar.html): records of
// 3073 bytes one after the other, no header. Each record is one label byte,
// the class 0..9 (airplane, automobile, bird, cat, deer, dog, frog, horse,
// ship, truck), then 3072 pixel bytes: the 1024 red values of the 32 x 32
// image row by row, then the 1024 green, then the 1024 blue. A batch file
// holds 10,000 records (30,730,000 bytes).
//
// A record becomes a point of 3072 features, the pixel bytes 0..255 in the
// file's order (feature c * 1024 + 32 r + x is channel c, row r, column x),
// and its label. Files may be gzipped (gzip.h). A file that is not a whole
// number of records (truncated, or CIFAR-100's two label bytes), an empty
// file, or a label beyond 9 is a data error naming the file and, for a
// label, the record (from 1) and its byte offset.
//
// In a data SPEC: `cifar:FILE[,FILE...]`, the files' records concatenated
// in order; `--classes A,B` keeps two classes, as for the other data sets.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/sets/dataset.h"

namespace ricci {

// Bytes per record, and pixels per image (3 x 32 x 32).
inline constexpr std::size_t kCifarPixels = 3 * 32 * 32;
inline constexpr std::size_t kCifarRecord = 1 + kCifarPixels;

// Parses the (already inflated) bytes of one file; `name` prefixes errors.
Dataset parse_cifar(const std::string& bytes, const std::string& name);

// Reads the files (each inflated up to `limit` bytes when gzipped) and
// concatenates their records in order. Memory: the files' bytes and 4
// bytes per pixel for the features (all five training batches: 154 MB and
// 614 MB).
Dataset load_cifar_dataset(const std::vector<std::string>& paths, std::size_t limit = kDefaultInputLimit);

}  // namespace ricci
