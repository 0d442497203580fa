// cifar_fuzz.cpp — libFuzzer target for the CIFAR-10 reader (data/io/cifar.h)
// and the gzip inflation in front of it (data/io/gzip.h). Any input must
// either parse into one point per 3073-byte record, with labels 0..9 and
// pixels 0..255, or throw ricci::Error; anything else is a finding. Run by
// `make fuzz`.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/error.h"
#include "data/io/cifar.h"
#include "data/io/gzip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::string bytes =
        ricci::gunzip_if_compressed(std::string(reinterpret_cast<const char*>(data), size), "fuzz", std::size_t{1} << 24);
    const ricci::Dataset parsed = ricci::parse_cifar(bytes, "fuzz");
    if (parsed.features.rows() * ricci::kCifarRecord != bytes.size() || parsed.features.cols() != ricci::kCifarPixels ||
        parsed.labels.size() != parsed.features.rows())
      __builtin_trap();
    for (std::int64_t label : parsed.labels)
      if (label < 0 || label > 9) __builtin_trap();
    for (float pixel : parsed.features.values())
      if (!(pixel >= 0.0f && pixel <= 255.0f)) __builtin_trap();
  } catch (const ricci::Error&) {
  }
  return 0;
}
