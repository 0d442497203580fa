// stability.cpp — the rho-stability stopping rule.
#include "flow/stability.h"

#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace ricci {

bool rho_settled(const std::vector<double>& rho, const StabilityRule& rule) {
  if (rho.size() < rule.window + 1) return false;
  double low = INFINITY, high = -INFINITY;
  for (std::size_t i = rho.size() - rule.window - 1; i < rho.size(); ++i) {
    if (!std::isfinite(rho[i])) return false;
    low = std::fmin(low, rho[i]);
    high = std::fmax(high, rho[i]);
  }
  return high - low < rule.tolerance;
}

bool rho_stable(const std::vector<std::vector<double>>& rho_by_k, const StabilityRule& rule) {
  if (rho_by_k.empty()) return false;
  for (const std::vector<double>& rho : rho_by_k)
    if (!rho_settled(rho, rule)) return false;
  return true;
}

std::size_t stable_stop_position(const std::vector<std::vector<double>>& rho_by_k, const StabilityRule& rule) {
  if (rho_by_k.empty()) return SIZE_MAX;
  const std::size_t length = rho_by_k[0].size();
  for (const std::vector<double>& rho : rho_by_k)
    if (rho.size() != length) throw std::logic_error("stable_stop_position: series of different lengths");
  std::vector<std::vector<double>> prefix(rho_by_k.size());
  for (std::size_t t = 0; t < length; ++t) {
    for (std::size_t ki = 0; ki < rho_by_k.size(); ++ki) prefix[ki].push_back(rho_by_k[ki][t]);
    if (rho_stable(prefix, rule)) return t;
  }
  return SIZE_MAX;
}

}  // namespace ricci
