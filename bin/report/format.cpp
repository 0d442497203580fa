// format.cpp — the report's and the console's number formats (format.h).
#include "bin/report/format.h"

#include <cmath>
#include <cstdio>

namespace ricci {

std::string count_text(std::size_t n) { return std::to_string(n); }

std::string fixed(double v, int digits, const char* missing) {
  if (std::isnan(v)) return missing;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
  return buffer;
}

std::string p_text(double p, const char* missing) {
  if (std::isnan(p)) return missing;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, p < 1e-3 ? "%.1e" : "%.3f", p);
  return buffer;
}

std::string percent(double share, const char* missing) {
  return std::isnan(share) ? std::string(missing) : fixed(100 * share, 1) + "%";
}

}  // namespace ricci
