// format.cpp — the shortest exact decimal form of a double.
#include "data/format.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace ricci {

std::string format_double(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[32];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {  // whole numbers as integers
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

namespace {

std::string hex_byte(unsigned char byte) {
  const char* digits = "0123456789abcdef";
  return std::string("\\x") + digits[byte >> 4] + digits[byte & 15];
}

// The length of the valid UTF-8 sequence at text[i] (2 to 4 bytes; the
// first byte is 0x80 or above), or 0 when there is none.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t j) { return j < text.size() ? static_cast<unsigned char>(text[j]) : 0u; };
  const unsigned char b = static_cast<unsigned char>(text[i]);
  const auto continuation = [&](std::size_t j) { return (byte(j) & 0xC0) == 0x80; };
  if (b >= 0xC2 && b <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (b >= 0xE0 && b <= 0xEF) {
    const unsigned char second = byte(i + 1);
    const bool ok = (b == 0xE0 ? second >= 0xA0 && second <= 0xBF
                     : b == 0xED ? second >= 0x80 && second <= 0x9F
                                 : continuation(i + 1));
    return ok && continuation(i + 2) ? 3 : 0;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    const unsigned char second = byte(i + 1);
    const bool ok = (b == 0xF0 ? second >= 0x90 && second <= 0xBF
                     : b == 0xF4 ? second >= 0x80 && second <= 0x8F
                                 : continuation(i + 1));
    return ok && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
  }
  return 0;
}

}  // namespace

std::string printable_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b >= 0x20 && b < 0x7F) {
      out += text[i++];
      continue;
    }
    if (b == '\t') out += "\\t";
    else if (b == '\n') out += "\\n";
    else if (b == '\r') out += "\\r";
    else if (b < 0x80) out += hex_byte(b);  // the other controls and DEL
    else {
      const std::size_t length = utf8_length(text, i);
      const bool c1 = length == 2 && b == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
      if (length == 0 || c1) {
        out += hex_byte(b);
        if (c1) out += hex_byte(static_cast<unsigned char>(text[i + 1])), ++i;
      } else {
        out.append(text, i, length);
        i += length;
        continue;
      }
    }
    ++i;
  }
  return out;
}

std::size_t control_byte_at(const std::string& text, bool allow_tab) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if ((b < 0x20 && !(allow_tab && b == '\t')) || b == 0x7F) return i;
  }
  return std::string::npos;
}

std::string control_byte_name(unsigned char byte) {
  switch (byte) {
    case 0: return "NUL";
    case '\t': return "TAB";
    case '\n': return "LF";
    case '\r': return "CR";
    case 0x1B: return "ESC";
    case 0x7F: return "DEL";
    default: return hex_byte(byte);
  }
}

}  // namespace ricci
