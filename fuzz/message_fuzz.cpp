// message_fuzz.cpp — libFuzzer target for names in messages: whatever bytes
// a user's name, path, SPEC or option holds (NUL, CR, ESC, a UTF-16 file's
// bytes), the one error line ricci prints about it is printable: valid
// UTF-8 without control bytes (C0, DEL or C1), checked here independently
// of printable_text (data/format.h), which must keep printable text as it
// is and give the same text when applied again. The input goes through the
// paths that echo names: an unknown option, a value of an option, a shard,
// a --datasets list, an INI file named by it, a sweep.json. Anything else
// is a finding. Run by `make fuzz`.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bin/options.h"
#include "bin/sweep/config.h"
#include "data/error.h"
#include "data/format.h"
#include "data/io/ini.h"

namespace {

// Valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF)
// holding no control character: what a terminal shows as it is.
bool printable_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    std::uint32_t code = 0;
    std::size_t length = 0;
    if (b < 0x80) code = b, length = 1;
    else if ((b & 0xE0) == 0xC0) code = b & 0x1F, length = 2;
    else if ((b & 0xF0) == 0xE0) code = b & 0x0F, length = 3;
    else if ((b & 0xF8) == 0xF0) code = b & 0x07, length = 4;
    else return false;
    if (i + length > text.size()) return false;
    for (std::size_t j = 1; j < length; ++j) {
      const unsigned char c = static_cast<unsigned char>(text[i + j]);
      if ((c & 0xC0) != 0x80) return false;
      code = (code << 6) | (c & 0x3F);
    }
    const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < least[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    if (code < 0x20 || (code >= 0x7F && code < 0xA0)) return false;
    i += length;
  }
  return true;
}

void check(const std::string& message) {
  if (!printable_utf8(message)) __builtin_trap();
}

template <class F>
void check_error_of(F&& call) {
  try {
    call();
  } catch (const ricci::Error& error) {
    check(ricci::error_message(error));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string name(reinterpret_cast<const char*>(data), size);
  const std::string shown = ricci::printable_text(name);
  check(shown);
  if (ricci::printable_text(shown) != shown) __builtin_trap();
  if (printable_utf8(name) && shown != name) __builtin_trap();
  const std::vector<ricci::OptionSpec> specs = {{"data", "SPEC", ""}, {"quiet", "", ""}};
  check_error_of([&] { ricci::Options({"--" + name}, specs); });
  check_error_of([&] { ricci::Options({"--data", name}, specs); });
  check_error_of([&] { ricci::Options({name}, specs); });
  check_error_of([&] { ricci::parse_shard(name); });
  check_error_of([&] { ricci::split_dataset_list(name); });
  check_error_of([&] { ricci::parse_ini("[data]\ndatasets = " + name + "\n", name); });
  check_error_of([&] { ricci::parse_ini(name, "fuzz.ini"); });
  check_error_of([&] { ricci::read_sweep_json(name, name); });
  check_error_of([&] { ricci::sweep_config_from_arguments({"--datasets=" + name}); });
  return 0;
}
