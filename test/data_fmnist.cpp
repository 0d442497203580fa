// data_fmnist.cpp — the Fashion-MNIST test files of the project's shared
// data (../shared/data/fmnist/test5.csv and test9.csv: the Kaggle form with
// a header, 1,000 sandals and 1,000 ankle boots), read when present. A fresh
// clone has no ../shared; the test then says so and checks nothing. The data
// stays where it is: never copy it into the repository.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/files.h"
#include "data/sets/dataset.h"
#include "data/sets/prepare.h"
#include "data/sets/spec.h"

using namespace ricci;

namespace {

const std::string kDirectory = "../shared/data/fmnist/";

// The label and pixels of the first data line of `path`, read with the C
// library rather than the reader under test.
std::vector<long> first_row(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  REQUIRE(file != nullptr);
  int c;
  while ((c = std::fgetc(file)) != '\n' && c != EOF) {
  }  // the header
  std::vector<long> row;
  long value;
  while (std::fscanf(file, "%ld", &value) == 1) {
    row.push_back(value);
    if (std::fgetc(file) != ',') break;
  }
  std::fclose(file);
  return row;
}

}  // namespace

TEST_CASE("fmnist: the shared Fashion-MNIST files, classes 5 and 9") {
  const std::string five = kDirectory + "test5.csv", nine = kDirectory + "test9.csv";
  if (!file_exists(five) || !file_exists(nine)) {
    MESSAGE("skipped: " << five << " and " << nine << " are absent (they live outside the repository)");
    return;
  }
  const Dataset data = load_dataset("csv:" + five + "," + nine);
  REQUIRE(data.features.rows() == 2000);
  REQUIRE(data.features.cols() == 784);
  for (std::size_t i = 0; i < 2000; ++i) REQUIRE(data.labels[i] == (i < 1000 ? 5 : 9));
  std::size_t outside = 0, fractional = 0;
  for (float value : data.features.values()) {
    outside += value < 0 || value > 255;
    fractional += value != static_cast<float>(static_cast<int>(value));
  }
  CHECK(outside == 0);
  CHECK(fractional == 0);
  for (const auto& [path, row] : {std::pair<std::string, std::size_t>{five, 0}, {nine, 1000}}) {
    const std::vector<long> expected = first_row(path);
    REQUIRE(expected.size() == 785);
    CHECK(data.labels[row] == expected[0]);
    std::size_t different = 0;
    for (std::size_t j = 0; j < 784; ++j) different += data.features(row, j) != float(expected[j + 1]);
    CHECK(different == 0);
  }

  // The study's preparation: two classes, pixels in [0, 1], a balanced test set.
  DataOptions options;
  options.spec = "csv:" + five + "," + nine;
  options.classes = "5,9";
  options.scaling = Scaling::Unit;
  options.test_fraction = 0.5;
  options.test_per_class = 200;
  const PreparedData prepared = prepare_data(options);
  CHECK(prepared.test.labels.size() == 400);
  CHECK(prepared.train.labels.size() == 1000);
  std::size_t outside_unit = 0;
  for (float value : prepared.train.features.values()) outside_unit += !(value >= 0 && value <= 1);
  CHECK(outside_unit == 0);
}
