// json_fuzz.cpp — libFuzzer target for the JSON reader (data/io/json.h) and
// the strict reading of sweep.json (bin/sweep/config.h) that resume and
// merge rely on. Any input must either parse or throw ricci::Error; a
// sweep.json that is accepted must be exactly what ricci writes for the
// configuration read from it, and the settings report reads from it must
// be in range. Anything else is a finding. Run by `make fuzz`.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bin/sweep/config.h"
#include "bin/sweep/tables.h"
#include "data/error.h"
#include "data/io/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    ricci::parse_json(text, "fuzz.json");
  } catch (const ricci::Error&) {
    return 0;
  }
  try {
    const ricci::SweepFile sweep = ricci::read_sweep_json(text, "sweep.json");
    if (ricci::sweep_config_json(sweep.config, sweep.shard) != text) __builtin_trap();
    if (sweep.shard.index >= sweep.shard.count) __builtin_trap();
  } catch (const ricci::Error&) {
  }
  try {
    // The lenient reading of an older sweep (the report's).
    const ricci::Sweep settings =
        ricci::sweep_of(ricci::read_sweep_json(text, "sweep.json", ricci::SweepJsonMode::Lenient).config);
    for (int k : settings.ks)
      if (k < 0) __builtin_trap();  // 0: a radius graph
    if (!(settings.accuracy_threshold >= 0 && settings.accuracy_threshold <= 1)) __builtin_trap();
  } catch (const ricci::Error&) {
  }
  return 0;
}
