// bin_experiment.cpp — train_model (bin/experiment/experiment.h): the train accuracy and
// loss it reports are those of the points trained on, the validation part
// of a validation fraction left out, as train_points counts them.
#include <doctest/doctest.h>

#include <cmath>

#include "bin/experiment/experiment.h"
#include "data/sets/shapes.h"

using namespace ricci;

TEST_CASE("train_model: train accuracy and loss over the training points only, without the validation part") {
  PreparedData data;
  data.train = make_circles(300, 0.2, 0.5, 3);
  data.test = make_circles(100, 0.2, 0.5, 4);
  ModelSettings settings;
  settings.hidden = {8, 8};
  settings.seed = 5;
  settings.training.epochs = 3;
  settings.training.validation_fraction = 0.5;
  const TrainedModel model = train_model(data, settings);
  // The hold-out is the first draw of the training stream (kTrainStream).
  Rng train_rng(settings.seed, kTrainStream);
  const Split split = stratified_split(data.train, 0.5, train_rng);
  REQUIRE(model.result.train_points == split.first.labels.size());
  CHECK(model.result.validation_points == split.second.labels.size());
  CHECK(model.train_accuracy == accuracy(model.mlp, split.first));
  CHECK(model.train_loss == mlp_loss(model.mlp, split.first.features, split.first.labels));
  CHECK(model.test_accuracy == accuracy(model.mlp, data.test));
  // With its 150 points, the accuracy is a multiple of 1/150.
  const double correct = model.train_accuracy * 150;
  CHECK(correct == doctest::Approx(std::round(correct)).epsilon(1e-12));
}
