// early_stopping.h — the validation-loss stopping rule (--patience): stop
// when the loss on the validation part has not improved for P epochs.
//
// It is Keras's EarlyStopping(monitor = "val_loss", min_delta = 0,
// restore_best_weights = False), the rule the paper's framework offers: an
// epoch improves when its validation loss is strictly below the best so far
// (a tie does not improve), and training stops after the first epoch that is
// `patience` epochs past the best one. The weights kept are the last
// epoch's, not the best epoch's (Keras's default), so the saved network is
// the one whose geometry was tracked last (docs/training.md).
#pragma once

#include <cstddef>
#include <vector>

namespace ricci {

// The epoch (1-based) of the lowest of `validation_losses` (one per epoch,
// in order), the first on ties; 0 when there are none.
std::size_t best_validation_epoch(const std::vector<double>& validation_losses);

// Whether training stops after the last epoch of `validation_losses`: its
// best epoch (best_validation_epoch) lies `patience` or more epochs before
// the last. patience 0 never stops; neither does an empty history.
bool out_of_patience(const std::vector<double>& validation_losses, std::size_t patience);

// The epoch (1-based) after which the rule stops a run whose validation
// losses are `validation_losses`, or 0 when it never does within them.
std::size_t patience_stop_epoch(const std::vector<double>& validation_losses, std::size_t patience);

}  // namespace ricci
