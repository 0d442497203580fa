// bin_train.cpp — `ricci train` end to end: the files it writes agree with
// the model it saves, the same seed gives the same bytes on 1 or 2 threads,
// --epochs 0 saves the network as initialised and --shuffle-labels trains on
// permuted labels, and bad input is one error line, a usage or data exit
// code, and no output.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "data/files.h"
#include "data/format.h"
#include "data/io/npy.h"
#include "data/random.h"
#include "data/sets/prepare.h"
#include "nn/attack.h"
#include "nn/mlp.h"
#include "nn/model_io.h"
#include "nn/train.h"
#include "test/cli_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::TempDir;

namespace {

// metrics.json without its "seconds" line (wall time, the one field that varies).
std::string metrics_without_time(const std::string& dir) {
  std::string text = read_file(join_path(dir, "metrics.json"));
  const std::size_t start = text.find("  \"seconds\":");
  REQUIRE(start != std::string::npos);
  return text.erase(start, text.find('\n', start) + 1 - start);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("ricci train writes metrics, model, labels and activations that agree") {
  TempDir tmp;
  const Run run = run_ricci(tmp, "train --data circles:n=400 --width 8 --depth 3 --epochs 20 --quiet --out " + (tmp / "run"));
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "test accuracy"));
  const std::string metrics = read_file(tmp / "run/metrics.json");
  for (const char* key : {"\"train_accuracy\"", "\"test_accuracy\"", "\"epochs\": 20", "\"seconds\"", "\"seed\": 1",
                          "\"width\": \"8\"", "\"depth\": 3", "\"init\": \"he\"", "\"optimizer\": \"rmsprop\"",
                          "\"loss\": ["})
    CHECK(contains(metrics, key));
  CHECK(contains(metrics, "\"test_points\": 120"));  // 0.3 of 400, stratified

  const Mlp<float> model = load_model(tmp / "run/model.bin");
  CHECK(model.sizes == std::vector<std::size_t>{2, 8, 8, 8, 1});
  const MatrixF input = read_npy_matrix(tmp / "run/layer_0.npy");
  CHECK(input.rows() == 120);
  CHECK(read_npy_labels(tmp / "run/labels.npy").size() == 120);
  const std::vector<MatrixF> layers = layer_activations(model, input, false);
  for (std::size_t l = 1; l <= 3; ++l) CHECK(read_npy_matrix(tmp / ("run/layer_" + std::to_string(l) + ".npy")) == layers[l]);
  CHECK_FALSE(file_exists(tmp / "run/layer_4.npy"));

  // The accuracy in metrics.json is the saved model's accuracy on the saved test set.
  Dataset test{input, read_npy_labels(tmp / "run/labels.npy")};
  const double acc = accuracy(model, test);
  CHECK(contains(metrics, "\"test_accuracy\": " + format_double(acc)));
}

TEST_CASE("ricci train with three classes: softmax model, top-1 accuracy, the class structure over three classes") {
  TempDir tmp;
  const Run run = run_ricci(tmp, "train --data spirals:n=450,classes=3,turns=1 --width 16 --depth 3 --epochs 30 "
                                 "--optimizer adam --lr 0.005 --include-output --quiet --out " + (tmp / "run"));
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "trained 2-16-16-16-3 for 30 epochs"));
  const std::string metrics = read_file(tmp / "run/metrics.json");
  CHECK(contains(metrics, "\"class_count\": 3"));
  CHECK(contains(metrics, "\"layers\": [\n    2,\n    16,\n    16,\n    16,\n    3\n  ]"));
  const Mlp<float> model = load_model(tmp / "run/model.bin");
  CHECK(model.sizes == std::vector<std::size_t>{2, 16, 16, 16, 3});
  const MatrixF input = read_npy_matrix(tmp / "run/layer_0.npy");
  const std::vector<std::int64_t> labels = read_npy_labels(tmp / "run/labels.npy");
  CHECK(*std::max_element(labels.begin(), labels.end()) == 2);
  const double acc = accuracy(model, Dataset{input, labels});
  CHECK(acc > 0.9);  // chance is 1/3
  CHECK(contains(metrics, "\"test_accuracy\": " + format_double(acc)));
  // The analysis takes the three classes: modularity of the partition into three.
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "run") + " --k 10 --quiet").exit_code == 0);
  CHECK(contains(read_file(tmp / "run/layers.csv"), "modularity"));
  // A binary run records no class_count.
  REQUIRE(run_ricci(tmp, "train --data spirals:n=200 --width 4 --depth 1 --epochs 1 --quiet --out " + (tmp / "two"))
              .exit_code == 0);
  CHECK_FALSE(contains(read_file(tmp / "two/metrics.json"), "class_count"));
}

TEST_CASE("ricci train --attack: the accuracies under attack and the range in metrics.json; a bad spec writes nothing") {
  TempDir tmp;
  const Run run = run_ricci(tmp, "train --data circles:n=300 --width 8 --depth 2 --epochs 10 --attack "
                                 "'fgsm:0.1;pgd:0.1,steps=4,step=0.05' --quiet --out " + (tmp / "run"));
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "fgsm_accuracy_eps0.1 "));
  const std::string metrics = read_file(tmp / "run/metrics.json");
  const Mlp<float> model = load_model(tmp / "run/model.bin");
  DataOptions options;
  options.spec = "circles:n=300";
  const PreparedData data = prepare_data(options);
  const InputRange range = input_range(data.train);
  Attack fgsm;
  fgsm.eps = 0.1;
  CHECK(contains(metrics, "\"fgsm_accuracy_eps0.1\": " + format_double(attacked_accuracy(model, data.test, fgsm, range))));
  CHECK(contains(metrics, "\"pgd_accuracy_eps0.1\": "));
  CHECK(contains(metrics, "\"attack_range\": [\n    " + format_double(range.low)));
  CHECK(contains(metrics, "\"attack\": \"fgsm:0.1;pgd:0.1,steps=4,step=0.05\""));
  const Run bad = run_ricci(tmp, "train --attack pgd:0.1 --quiet --out " + (tmp / "bad"));
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "--attack: pgd needs steps=S and step=A"));
  CHECK_FALSE(file_exists(tmp / "bad/metrics.json"));
}

TEST_CASE("ricci train: the bottleneck --width W/B, --hidden LIST and --init glorot") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "train --data circles:n=200 --width 50/25 --depth 5 --init glorot --epochs 2 --quiet --out " +
                             (tmp / "b"))
              .exit_code == 0);
  CHECK(load_model(tmp / "b/model.bin").sizes == std::vector<std::size_t>{2, 50, 38, 25, 38, 50, 1});
  const std::string metrics = read_file(tmp / "b/metrics.json");
  CHECK(contains(metrics, "\"width\": \"50/25\""));
  CHECK(contains(metrics, "\"init\": \"glorot\""));
  CHECK(read_npy_matrix(tmp / "b/layer_2.npy").cols() == 38);
  REQUIRE(run_ricci(tmp, "train --data circles:n=200 --hidden 9,4,6 --epochs 2 --quiet --out " + (tmp / "h")).exit_code == 0);
  CHECK(load_model(tmp / "h/model.bin").sizes == std::vector<std::size_t>{2, 9, 4, 6, 1});
  CHECK(contains(read_file(tmp / "h/metrics.json"), "\"hidden\": [\n"));
  const ricci_test::Failure cases[] = {
      {"train --width 50/25 --depth 2 --out " + (tmp / "x"), 2, "--width: a bottleneck W/B needs at least 3 hidden layers"},
      {"train --width 50/ --out " + (tmp / "x"), 2, "--width: expected a whole number"},
      {"train --hidden 9,4 --depth 3 --out " + (tmp / "x"), 2, "give --hidden, or --width and --depth, not both"},
      {"train --init xavier --out " + (tmp / "x"), 2, "--init: expected he or glorot, got 'xavier'"},
  };
  for (const auto& c : cases) ricci_test::check_failure(tmp, c);
}

TEST_CASE("ricci train: same seed, same bytes, on 1 or 2 threads; another seed differs") {
  TempDir tmp;
  const std::string common = "train --data circles:n=600 --width 300 --depth 2 --epochs 3 --batch 300 --quiet ";
  REQUIRE(run_ricci(tmp, common + "--threads 1 --out " + (tmp / "a")).exit_code == 0);
  REQUIRE(run_ricci(tmp, common + "--threads 2 --out " + (tmp / "b")).exit_code == 0);
  REQUIRE(run_ricci(tmp, common + "--seed 2 --out " + (tmp / "c")).exit_code == 0);
  for (const char* file : {"model.bin", "labels.npy", "layer_0.npy", "layer_1.npy", "layer_2.npy"})
    CHECK(read_file(tmp / ("a/" + std::string(file))) == read_file(tmp / ("b/" + std::string(file))));
  CHECK(metrics_without_time(tmp / "a") == metrics_without_time(tmp / "b"));
  CHECK(read_file(tmp / "a/model.bin") != read_file(tmp / "c/model.bin"));
  CHECK(read_file(tmp / "a/layer_0.npy") == read_file(tmp / "c/layer_0.npy"));  // the split does not follow --seed
}

TEST_CASE("ricci train with three classes and --attack: the same bytes on 1 or 2 threads") {
  TempDir tmp;
  const std::string common = "train --data spirals:n=600,classes=3 --width 300 --depth 2 --epochs 3 --batch 300 "
                             "--attack 'fgsm:0.1;pgd:0.1,steps=2,step=0.05' --include-output --quiet ";
  REQUIRE(run_ricci(tmp, common + "--threads 1 --out " + (tmp / "a")).exit_code == 0);
  REQUIRE(run_ricci(tmp, common + "--threads 2 --out " + (tmp / "b")).exit_code == 0);
  for (const char* file : {"model.bin", "labels.npy", "layer_2.npy", "layer_3.npy"})
    CHECK(read_file(tmp / ("a/" + std::string(file))) == read_file(tmp / ("b/" + std::string(file))));
  CHECK(metrics_without_time(tmp / "a") == metrics_without_time(tmp / "b"));
}

TEST_CASE("ricci train --include-output adds the probabilities; a shallower rerun removes stale layers") {
  TempDir tmp;
  REQUIRE(run_ricci(tmp, "train --data circles:n=200 --depth 4 --epochs 2 --quiet --out " + (tmp / "r")).exit_code == 0);
  CHECK(file_exists(tmp / "r/layer_4.npy"));
  REQUIRE(run_ricci(tmp, "train --data circles:n=200 --depth 2 --epochs 2 --include-output --quiet --out " + (tmp / "r")).exit_code == 0);
  const MatrixF output = read_npy_matrix(tmp / "r/layer_3.npy");
  CHECK(output.cols() == 1);
  for (float p : output.values()) CHECK((p >= 0.0f && p <= 1.0f));
  CHECK_FALSE(file_exists(tmp / "r/layer_4.npy"));
}

TEST_CASE("ricci train --epochs 0: the network as initialised, its layers ReLU layers of the saved weights") {
  TempDir tmp;
  const std::string data = "train --data circles:n=300 --width 6 --depth 5 --seed 3 --quiet ";
  const Run run = run_ricci(tmp, data + "--epochs 0 --out " + (tmp / "u"));
  REQUIRE(run.exit_code == 0);
  const std::string metrics = read_file(tmp / "u/metrics.json");
  CHECK(contains(metrics, "\"epochs\": 0,"));  // epochs run, and the configuration's
  CHECK(contains(metrics, "\"epochs\": 0,\n    \"batch\""));
  CHECK(contains(metrics, "\"loss\": []"));
  CHECK(contains(metrics, "\"shuffle_labels\": false"));

  // The weights are He's initialisation drawn from stream 0 of the seed.
  const Mlp<float> saved = load_model(tmp / "u/model.bin");
  Mlp<float> initial = make_mlp<float>(2, std::vector<std::size_t>(5, 6));
  Rng init_rng(3, 0);
  init_weights(initial, WeightInit::He, init_rng);
  for (std::size_t l = 0; l < initial.layer_count(); ++l) {
    CHECK(saved.weights[l] == initial.weights[l]);
    CHECK(saved.biases[l] == initial.biases[l]);
  }
  // Each saved layer is relu(X_{l-1} W + b), computed here in double from model.bin.
  const MatrixF input = read_npy_matrix(tmp / "u/layer_0.npy");
  std::vector<std::vector<double>> h(input.rows());
  for (std::size_t i = 0; i < input.rows(); ++i) h[i].assign(input.row(i), input.row(i) + input.cols());
  for (std::size_t l = 1; l <= 5; ++l) {
    const MatrixF& w = saved.weights[l - 1];
    const MatrixF layer = read_npy_matrix(tmp / ("u/layer_" + std::to_string(l) + ".npy"));
    REQUIRE(layer.rows() == input.rows());
    REQUIRE(layer.cols() == w.cols());
    for (std::size_t i = 0; i < h.size(); ++i) {
      std::vector<double> next(w.cols());
      for (std::size_t j = 0; j < w.cols(); ++j) {
        double sum = saved.biases[l - 1](0, j);
        for (std::size_t c = 0; c < w.rows(); ++c) sum += h[i][c] * w(c, j);
        next[j] = std::max(0.0, sum);
        CHECK(std::fabs(layer(i, j) - next[j]) <= 1e-5 * (1 + std::fabs(next[j])));
      }
      h[i] = next;
    }
  }
  // ricci analyze reads it like any run.
  REQUIRE(run_ricci(tmp, "analyze " + (tmp / "u") + " --k 10,20").exit_code == 0);
  CHECK(contains(read_file(tmp / "u/coefficients.csv"), "\n10,"));

  // The trained run of the same seed starts from these weights: training
  // them here, with the seed's minibatch stream (1), gives its model.bin.
  REQUIRE(run_ricci(tmp, data + "--epochs 4 --out " + (tmp / "t")).exit_code == 0);
  DataOptions options;
  options.spec = "circles:n=300";
  const PreparedData prepared = prepare_data(options);
  TrainOptions training;
  training.epochs = 4;
  training.optimizer = default_optimizer_settings(OptimizerKind::Rmsprop);
  Mlp<float> trained = saved;
  Rng train_rng(3, 1);
  train_mlp(trained, prepared.train, training, train_rng);
  CHECK(read_file(tmp / "t/model.bin") == model_bytes(trained));
}

TEST_CASE("ricci train --shuffle-labels: trained on the labels permuted by the seed's stream 2, test set unchanged") {
  TempDir tmp;
  const std::string common = "train --data circles:n=400 --width 16 --depth 3 --epochs 60 --seed 5 --quiet ";
  REQUIRE(run_ricci(tmp, common + "--shuffle-labels --out " + (tmp / "s")).exit_code == 0);
  REQUIRE(run_ricci(tmp, common + "--shuffle-labels --out " + (tmp / "again")).exit_code == 0);
  REQUIRE(run_ricci(tmp, common + "--out " + (tmp / "true")).exit_code == 0);
  const std::string metrics = read_file(tmp / "s/metrics.json");
  CHECK(contains(metrics, "\"shuffle_labels\": true"));
  // Identical on rerun; the test points and labels are those of the true run.
  for (const char* file : {"model.bin", "layer_2.npy"})
    CHECK(read_file(tmp / ("s/" + std::string(file))) == read_file(tmp / ("again/" + std::string(file))));
  for (const char* file : {"labels.npy", "layer_0.npy"})
    CHECK(read_file(tmp / ("s/" + std::string(file))) == read_file(tmp / ("true/" + std::string(file))));
  // Its model is what training on with_shuffled_labels(train, Rng(5, 2)) gives.
  DataOptions options;
  options.spec = "circles:n=400";
  const PreparedData prepared = prepare_data(options);
  Rng label_rng(5, 2), init_rng(5, 0), train_rng(5, 1);
  const Dataset shuffled = with_shuffled_labels(prepared.train, label_rng);
  Mlp<float> mlp = make_mlp<float>(2, std::vector<std::size_t>(3, 16));
  init_weights(mlp, WeightInit::He, init_rng);
  TrainOptions training;
  training.epochs = 60;
  training.optimizer = default_optimizer_settings(OptimizerKind::Rmsprop);
  train_mlp(mlp, shuffled, training, train_rng);
  CHECK(read_file(tmp / "s/model.bin") == model_bytes(mlp));
  // Its train accuracy is against the permuted labels; on the true test
  // labels it sits near chance (the true run learns them).
  CHECK(contains(metrics, "\"train_accuracy\": " + format_double(accuracy(mlp, shuffled))));
  const double chance = accuracy(mlp, prepared.test);
  CHECK(contains(metrics, "\"test_accuracy\": " + format_double(chance)));
  CHECK(std::fabs(chance - 0.5) < 0.15);
  CHECK(accuracy(load_model(tmp / "true/model.bin"), prepared.test) > 0.9);
}

TEST_CASE("ricci: bad input is one error line, exit 2 for usage and 1 for data, nothing written") {
  TempDir tmp;
  MatrixF nan_features(10, 2, 1.0f);
  nan_features(3, 1) = NAN;
  write_npy(tmp / "x.npy", nan_features);
  write_npy(tmp / "y.npy", std::vector<std::int64_t>{0, 1, 0, 1, 0, 1, 0, 1, 0, 1});
  const std::string out = " --out " + (tmp / "never");
  const ricci_test::Failure cases[] = {
      {"frobnicate", 2, "unknown command 'frobnicate'"},
      {"train --data circles", 2, "--out DIR is required"},
      {"train --bogus 1" + out, 2, "unknown option '--bogus'"},
      {"train --width 0" + out, 2, "--width: expected a whole number from 1"},
      {"train --width" , 2, "needs a value"},
      {"train --lr abc" + out, 2, "--lr: expected a number"},
      {"train --optimizer lbfgs" + out, 2, "expected sgd, adam or rmsprop"},
      {"train --data nosuch" + out, 2, "unknown dataset 'nosuch'"},
      {"train --data circles:n=10,wobble=2" + out, 2, "unknown parameter 'wobble'"},
      {"train --data circles:noise=x" + out, 2, "parameter 'noise' expects a number"},
      {"train --data npy:" + (tmp / "x.npy") + "," + (tmp / "y.npy") + out, 1, "row 3, column 1: value is NaN"},
      {"train --data npy:" + (tmp / "missing.npy") + "," + (tmp / "y.npy") + out, 1, "missing.npy: no such file"},
  };
  for (const auto& c : cases) ricci_test::check_failure(tmp, c);
  CHECK_FALSE(file_exists(tmp / "never"));
  const Run help = run_ricci(tmp, "train --help");
  CHECK(help.exit_code == 0);
  CHECK(contains(help.out, "--target-accuracy"));
}
