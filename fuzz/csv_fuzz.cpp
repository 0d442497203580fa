// csv_fuzz.cpp — libFuzzer target for the CSV reader (data/csv.h) and the
// gzip inflation in front of it (data/gzip.h). Any input must either parse
// into a consistent data set (as many labels as rows, finite features) or
// throw ricci::Error; anything else is a finding. Run by `make fuzz`.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/error.h"
#include "data/io/csv.h"
#include "data/io/gzip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const ricci::Dataset parsed = ricci::parse_csv(ricci::gunzip_if_compressed(bytes, "fuzz"), "fuzz");
    if (parsed.labels.size() != parsed.features.rows() || parsed.features.rows() == 0 ||
        parsed.features.cols() == 0 || parsed.features.size() != parsed.features.rows() * parsed.features.cols())
      __builtin_trap();
    for (float value : parsed.features.values())
      if (!std::isfinite(value)) __builtin_trap();
  } catch (const ricci::Error&) {
  }
  return 0;
}
