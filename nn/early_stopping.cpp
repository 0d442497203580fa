// early_stopping.cpp — the validation-loss stopping rule.
#include "nn/early_stopping.h"

namespace ricci {

std::size_t best_validation_epoch(const std::vector<double>& validation_losses) {
  std::size_t best = 0;
  for (std::size_t e = 0; e < validation_losses.size(); ++e)
    if (best == 0 || validation_losses[e] < validation_losses[best - 1]) best = e + 1;
  return best;
}

bool out_of_patience(const std::vector<double>& validation_losses, std::size_t patience) {
  if (patience == 0 || validation_losses.empty()) return false;
  return validation_losses.size() - best_validation_epoch(validation_losses) >= patience;
}

std::size_t patience_stop_epoch(const std::vector<double>& validation_losses, std::size_t patience) {
  std::vector<double> seen;
  for (double loss : validation_losses) {
    seen.push_back(loss);
    if (out_of_patience(seen, patience)) return seen.size();
  }
  return 0;
}

}  // namespace ricci
