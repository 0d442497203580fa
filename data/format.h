// format.h — numbers as text, exactly: the one formatting of a double that
// result files (CSV, JSON) and messages share.
#pragma once

#include <cstddef>
#include <string>

namespace ricci {

// The shortest decimal text that parses back to exactly `value` ("0.1",
// "1e-07"), whole numbers below 1e15 as integers ("2000"); "nan", "inf",
// "-inf" for the non-finite.
std::string format_double(double value);

// `text` as one line a terminal shows as it is: control bytes escaped (\t,
// \n, \r, else \xHH, DEL and the C1 controls U+0080..U+009F too), and any
// byte that is not part of valid UTF-8 (a UTF-16 file's, say) as \xHH. Text
// that is printable UTF-8 comes back unchanged.
std::string printable_text(const std::string& text);

// The position (from 0) of the first control byte of `text` (below 0x20,
// or DEL), or std::string::npos; with `allow_tab`, tabs pass.
std::size_t control_byte_at(const std::string& text, bool allow_tab = false);

// "NUL", "CR", "LF", "TAB", "ESC", "DEL" or "\xHH": how messages name a
// control byte.
std::string control_byte_name(unsigned char byte);

}  // namespace ricci
