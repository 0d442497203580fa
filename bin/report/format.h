// format.h — the one set of number formats of the report and the console:
// summary.md and `ricci run`'s tables print a number, a p-value or a share
// the same way. A missing value (NaN) is printed as `missing`: "–" in
// summary.md, "-" in the console's fixed-width columns.
#pragma once

#include <cstddef>
#include <string>

namespace ricci {

// A count as digits: "12".
std::string count_text(std::size_t n);
// "0.123" (`digits` decimals).
std::string fixed(double v, int digits = 3, const char* missing = "–");
// A p-value: "0.012" (three decimals) from 0.001 on, "3.4e-05" below.
std::string p_text(double p, const char* missing = "–");
// A share as "93.2%".
std::string percent(double share, const char* missing = "–");

}  // namespace ricci
