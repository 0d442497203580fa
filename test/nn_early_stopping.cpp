// nn_early_stopping.cpp — the validation-loss rule on hand-made histories,
// against Keras's EarlyStopping counted by hand.
#include <doctest/doctest.h>

#include <vector>

#include "nn/early_stopping.h"

using namespace ricci;

TEST_CASE("the best validation epoch is the first lowest loss") {
  CHECK(best_validation_epoch({}) == 0);
  CHECK(best_validation_epoch({0.5}) == 1);
  CHECK(best_validation_epoch({0.5, 0.4, 0.45, 0.4, 0.6}) == 2);  // the tie at epoch 4 does not improve
  CHECK(best_validation_epoch({0.3, 0.4, 0.5}) == 1);
}

TEST_CASE("patience: stop P epochs past the best, as Keras counts its wait") {
  // Keras: wait resets to 0 at an improvement, else wait += 1; stop when
  // wait >= patience. Losses 0.9 0.7 0.8 0.75 0.7 0.72: the best is epoch 2
  // (0.7; epoch 5 ties it, no improvement); wait after epochs 3, 4, 5 is 1,
  // 2, 3, so patience 3 stops after epoch 5, patience 2 after epoch 4.
  const std::vector<double> losses = {0.9, 0.7, 0.8, 0.75, 0.7, 0.72};
  CHECK(patience_stop_epoch(losses, 3) == 5);
  CHECK(patience_stop_epoch(losses, 2) == 4);
  CHECK(patience_stop_epoch(losses, 1) == 3);
  CHECK(patience_stop_epoch(losses, 5) == 0);  // never within these epochs
  CHECK(patience_stop_epoch(losses, 0) == 0);  // patience 0: the rule is off
  CHECK_FALSE(out_of_patience({0.9, 0.7, 0.8}, 2));
  CHECK(out_of_patience({0.9, 0.7, 0.8, 0.75}, 2));
  CHECK_FALSE(out_of_patience({}, 1));
  // A loss that keeps falling never stops.
  CHECK(patience_stop_epoch({0.5, 0.4, 0.3, 0.2, 0.1}, 1) == 0);
}
