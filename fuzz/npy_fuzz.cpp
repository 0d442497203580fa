// npy_fuzz.cpp — libFuzzer target for the .npy reader (data/npy.h). Any
// input must either parse or throw ricci::Error; a parsed 2-D array that
// converts to a float matrix must survive a write and a second read
// unchanged. Anything else is a finding. Run by `make fuzz`.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/error.h"
#include "data/io/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  ricci::NpyArray array;
  try {
    array = ricci::parse_npy(bytes, "fuzz");
  } catch (const ricci::Error&) {
    return 0;
  }
  if (array.shape.empty() || array.shape.size() > 2) __builtin_trap();
  try {
    ricci::npy_to_labels(array, "fuzz");
  } catch (const ricci::Error&) {
  }
  try {
    const ricci::MatrixF matrix = ricci::npy_to_matrix(array, "fuzz");
    const ricci::MatrixF again = ricci::npy_to_matrix(ricci::parse_npy(ricci::npy_bytes(matrix), "again"), "again");
    if (again != matrix) __builtin_trap();
  } catch (const ricci::Error&) {
  }
  return 0;
}
