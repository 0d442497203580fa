// format.h — numbers as text, exactly: the one formatting of a double that
// result files (CSV, JSON) and messages share.
#pragma once

#include <string>

namespace ricci {

// The shortest decimal text that parses back to exactly `value` ("0.1",
// "1e-07"), whole numbers below 1e15 as integers ("2000"); "nan", "inf",
// "-inf" for the non-finite.
std::string format_double(double value);

}  // namespace ricci
