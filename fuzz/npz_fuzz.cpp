// npz_fuzz.cpp — libFuzzer target for the .npz reader (data/io/npz.h) and
// the zip reader under it (data/io/zip.h). Any input must either parse or
// throw ricci::Error; the members together stay within the size limit,
// every array is 1-D or 2-D, and layers taken from an archive keep one name
// per array. Anything else is a finding. Run by `make fuzz`.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/error.h"
#include "data/io/npz.h"
#include "data/io/zip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t limit = std::size_t{1} << 24;  // a declared size may claim far more than memory holds
  try {
    std::size_t total = 0;
    for (const ricci::ZipMember& member : ricci::parse_zip(bytes, "fuzz", limit)) total += member.data.size();
    if (total > limit) __builtin_trap();
  } catch (const ricci::Error&) {
  }
  std::vector<ricci::NpzArray> arrays;
  try {
    arrays = ricci::parse_npz(bytes, "fuzz", limit);
  } catch (const ricci::Error&) {
    return 0;
  }
  for (const ricci::NpzArray& array : arrays)
    if (array.array.shape.empty() || array.array.shape.size() > 2) __builtin_trap();
  try {
    const ricci::NpzLayers layers = ricci::npz_layers(arrays, "fuzz");
    if (layers.layers.size() != arrays.size() || layers.names.size() != arrays.size() || arrays.size() < 2)
      __builtin_trap();
  } catch (const ricci::Error&) {
  }
  return 0;
}
