// idx_fuzz.cpp — libFuzzer target for the IDX reader (data/idx.h) and the
// gzip inflation in front of it (data/gzip.h). Any input must either parse
// into a consistent array or throw ricci::Error; anything else (a crash, a
// sanitizer report, another exception) is a finding. Run by `make fuzz`.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/error.h"
#include "data/io/gzip.h"
#include "data/io/idx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const ricci::IdxArray array = ricci::parse_idx(ricci::gunzip_if_compressed(bytes, "fuzz"), "fuzz");
    const ricci::MatrixF matrix = ricci::idx_to_matrix(array, "fuzz");
    if (matrix.rows() != array.shape[0] || matrix.size() != array.count()) __builtin_trap();
    const std::vector<std::int64_t> labels = ricci::idx_to_labels(array, "fuzz");
    if (labels.size() != array.count()) __builtin_trap();
  } catch (const ricci::Error&) {
  }
  return 0;
}
