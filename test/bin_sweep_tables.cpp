// bin_sweep_tables.cpp — a sweep's files read into a Sweep once, by hand,
// with malformed or repeated rows refused and groups.csv formatted from it.
#include <doctest/doctest.h>

#include <string>

#include "bin/sweep/tables.h"
#include "flow/result_tables.h"
#include "data/error.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;

namespace {

const char* kModels =
    "model,dataset,width,depth,seed,status,train_accuracy,test_accuracy,train_loss,test_loss,epochs,rho_k2,p_k2\n"
    "0,\"circles:n=9,noise=0\",3,2,1,ok,0.75,0.5,0.6,0.7,4,,\n"
    "1,\"circles:n=9,noise=0\",3,2,2,training diverged,,,,,,,\n";
const char* kLayers =
    "model,dataset,width,depth,seed,k,layer,nodes,edges,components,geodesic_sum,forman_total,eta,curvature,"
    "curvature_total\n"
    "0,\"circles:n=9,noise=0\",3,2,1,2,0,9,12,1,60,-20,,forman,-20\n"
    "0,\"circles:n=9,noise=0\",3,2,1,2,1,9,10,2,inf,-14,,forman,-14\n"
    "0,\"circles:n=9,noise=0\",3,2,1,2,2,9,11,1,58,-17,,forman,-17\n"
    "7,spirals,3,2,1,2,0,9,12,1,60,-20,,forman,-20\n";  // a model without a models.csv row

}  // namespace

// The statistics' settings of an older sweep.json, read leniently (the
// fields it lacks at their defaults).
Sweep older_sweep(const std::string& text) {
  return sweep_of(read_sweep_json(text, "sweep.json", SweepJsonMode::Lenient).config);
}

TEST_CASE("models.csv and layers.csv read into SweepModels, layers.csv rows by model") {
  const std::vector<SweepModel> models =
      read_sweep_models(parse_csv_table(kModels, "models.csv"), parse_csv_table(kLayers, "layers.csv"));
  REQUIRE(models.size() == 2);
  const SweepModel& m = models[0];
  CHECK(m.index == 0);
  CHECK(m.dataset == "circles:n=9,noise=0");
  CHECK(m.width == "3");
  CHECK(m.depth == 2);
  CHECK(m.seed == 1);
  CHECK(m.ok());
  CHECK(m.train_accuracy == 0.75);
  CHECK(m.test_accuracy == 0.5);
  REQUIRE(m.layers.size() == 3);
  CHECK(m.layers[1].layer == 1);
  CHECK_FALSE(m.layers[1].geodesic_finite);
  CHECK(m.layers[1].components == 2);
  CHECK(m.layers[2].geodesic_sum == 58);
  CHECK(m.layers[2].curvature_total == -17);
  CHECK_FALSE(models[1].ok());
  CHECK(models[1].status == "training diverged");
  CHECK(models[1].layers.empty());
}

TEST_CASE("models.csv's baseline column: read where present, none where absent (sweeps made before it)") {
  const Table layers = parse_csv_table(kLayers, "layers.csv");
  CHECK(read_sweep_models(parse_csv_table(kModels, "models.csv"), layers)[1].baseline == Baseline::None);
  const std::string with_baselines =
      "model,dataset,width,depth,seed,baseline,status,train_accuracy,test_accuracy\n"
      "0,circles,3,2,1,none,ok,0.75,0.5\n1,circles,3,2,1,untrained,ok,0.5,0.5\n"
      "2,circles,3,2,1,shuffled-labels,ok,0.6,0.5\n";
  const std::vector<SweepModel> models = read_sweep_models(parse_csv_table(with_baselines, "models.csv"), layers);
  REQUIRE(models.size() == 3);
  CHECK(models[0].baseline == Baseline::None);
  CHECK(models[1].baseline == Baseline::Untrained);
  CHECK(models[2].baseline == Baseline::ShuffledLabels);
  std::string bad = with_baselines;
  bad.replace(bad.find("untrained"), 9, "untrainedx");
  check_error([&] { read_sweep_models(parse_csv_table(bad, "models.csv"), layers); }, ErrorKind::Data,
              "models.csv: model 1: unknown baseline 'untrainedx' (expected none, untrained or shuffled-labels)");
  // sweep.json's select_k_on: absent (older sweeps) is all.
  const char* settings = "{\"analysis\": {\"k\": [2], \"accuracy_threshold\": 0.5, \"convention\": \"standard\"";
  CHECK_FALSE(older_sweep(std::string(settings) + "}}").held_out_k);
  CHECK(older_sweep(std::string(settings) + ", \"select_k_on\": \"half\"}}").held_out_k);
  check_error([&] { older_sweep(std::string(settings) + ", \"select_k_on\": \"some\"}}"); }, ErrorKind::Data,
              "sweep.json: --select-k-on: expected all or half, got 'some'");
}

TEST_CASE("a sweep's files: repeated models and malformed cells are data errors naming the file") {
  const Table layers = parse_csv_table(kLayers, "layers.csv");
  Table models = parse_csv_table(kModels, "models.csv");
  models.rows[1][0] = "0";
  check_error([&] { read_sweep_models(models, layers); }, ErrorKind::Data, "models.csv: model 0 appears twice");
  models = parse_csv_table(kModels, "models.csv");
  models.rows[0][3] = "three";
  check_error([&] { read_sweep_models(models, layers); }, ErrorKind::Data,
              "models.csv: depth: expected a whole number, got 'three'");
  check_error([] { older_sweep("{\"analysis\": {\"k\": [5]}}"); }, ErrorKind::Data,
              "sweep.json: missing field \"analysis.accuracy_threshold\"");
}

TEST_CASE("sweep.json's settings, and groups.csv formatted from the group rows") {
  // A sweep.json of before per-data-set thresholds and include_input: their defaults.
  Sweep old = older_sweep("{\"analysis\": {\"k\": [2, 4], \"accuracy_threshold\": 0.5, \"convention\": \"paper-r\"}}");
  CHECK(old.ks == std::vector<int>{2, 4});
  CHECK(old.accuracy_threshold == 0.5);
  CHECK(old.convention == Convention::PaperR);
  CHECK(old.dataset_thresholds.empty());
  CHECK_FALSE(old.include_input);
  Sweep sweep = older_sweep(
      "{\"data\": {\"datasets\": [\"circles:n=9,name=c9\", \"spirals\"]}, \"analysis\": {\"k\": [2, 4], "
      "\"accuracy_threshold\": 0.9, \"dataset_thresholds\": [\"c9=0.4\", \"spirals=0.7\"], \"convention\": "
      "\"standard\", \"include_input\": true}}");
  CHECK(sweep.threshold_for("c9") == 0.4);
  CHECK(sweep.threshold_for("spirals") == 0.7);
  CHECK(sweep.threshold_for("other") == 0.9);
  CHECK(sweep.include_input);
  sweep.include_input = false;
  sweep.convention = Convention::Standard;
  sweep.models = read_sweep_models(parse_csv_table(kModels, "models.csv"), parse_csv_table(kLayers, "layers.csv"));
  const Table groups = text_table(groups_table(group_rows(sweep)));
  CHECK(groups.header.size() == 27);
  REQUIRE(groups.rows.size() == 2);  // one architecture at k = 2 and k = 4
  // k = 2: model 0 is well-trained (0.5 > 0.4) but disconnected at layer 1:
  // nothing pooled, no model with rho or z.
  CHECK(groups.rows[0] == std::vector<std::string>{"circles:n=9,noise=0", "3", "2", "none", "2", "2", "0", "0.5", "",
                                                   "", "0", "", "", "", "", "", "", "", "", "0", "", "", "", "0", "0",
                                                   "", "no model is above the accuracy threshold with its pairs defined"});
  CHECK(groups.rows[1][4] == "4");
}
