// ini_fuzz.cpp — libFuzzer target for the INI reader of sweep configs
// (data/io/ini.h) and the grid loader behind it (bin/sweep/config.h). Any input
// must either parse or throw ricci::Error; a parsed file's settings, turned
// into flags as `ricci sweep --config` turns them, must load or throw
// ricci::Error. A parsed section, key or value holding a control byte (NUL,
// CR, ESC, DEL, ...; a tab is a blank), or a message that is not printable
// one-line text (data/format.h), is a finding too: text is checked at the
// door. Anything else is a finding. Run by `make fuzz`.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/io/ini.h"
#include "bin/sweep/config.h"
#include "bin/options.h"
#include "data/error.h"
#include "data/format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ricci::IniFile ini;
  // An error is one printable line, whatever bytes the file holds.
  const auto check_message = [](const ricci::Error& error) {
    const std::string message = ricci::error_message(error);
    if (ricci::printable_text(message) != message) __builtin_trap();
  };
  try {
    ini = ricci::parse_ini(text, "fuzz.ini");
  } catch (const ricci::Error& error) {
    check_message(error);
    return 0;
  }
  for (const auto& [section, keys] : ini.values) {
    if (ricci::control_byte_at(section, true) != std::string::npos) __builtin_trap();
    for (const auto& [key, value] : keys)
      if (ricci::control_byte_at(key, true) != std::string::npos ||
          ricci::control_byte_at(value, true) != std::string::npos)
        __builtin_trap();
  }
  try {
    const ricci::Options no_flags({}, {});
    // Relative data paths are taken relative to the config's folder, as
    // `ricci sweep --config fuzz/x.ini` would.
    const ricci::SweepConfig config =
        ricci::sweep_config_from_arguments(ricci::config_file_arguments(ini, no_flags, "fuzz"));
    // A configuration that loads writes a sweep.json that reads back.
    const std::string json = ricci::sweep_config_json(config, ricci::Shard{});
    if (ricci::sweep_config_json(ricci::read_sweep_json(json, "again").config, ricci::Shard{}) != json) __builtin_trap();
  } catch (const ricci::Error& error) {
    check_message(error);
  }
  return 0;
}
