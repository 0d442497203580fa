// bin_train_data.cpp — command-line checks of the data flags of `ricci
// train` (--scale, --limit, --test-per-class, file SPECs) and of `ricci
// datasets`, running the built binary (RICCI_BINARY, from the repository
// root): what metrics.json records, what reaches the test set, and that bad
// input gives one line on stderr, the right exit code and no output.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "data/files.h"
#include "data/io/npy.h"
#include "test/cli_support.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::Run;
using ricci_test::run_ricci;
using ricci_test::contains;
using ricci_test::TempDir;
using ricci_test::write_bytes;

namespace {

// 40 rows of classes 5 and 9 (20 each) and 20 of class 3: four pixels
// derived from the row number.
std::string digits_csv() {
  std::string text = "label,p1,p2,p3,p4\n";
  for (int i = 0; i < 60; ++i)
    text += std::to_string(i % 3 == 0 ? 5 : i % 3 == 1 ? 9 : 3) + "," + std::to_string(4 * i) + "," +
            std::to_string(255 - 4 * i) + "," + std::to_string(i % 7 * 30) + "," + std::to_string(i % 2 * 255) + "\n";
  return text;
}

}  // namespace

TEST_CASE("ricci datasets lists every data set, the embedding parameters and the file forms") {
  TempDir dir;
  const Run run = run_ricci(dir, "datasets");
  REQUIRE(run.exit_code == 0);
  for (const char* name : {"circles", "four-circles", "cylinders", "linked-tori", "nested-spheres", "swiss-roll",
                           "spirals", "dim", "extra_noise", "idx:IMAGES[,LABELS]", "csv:FILE[,FILE...]",
                           "npy:X.npy,y.npy", "cifar:FILE[,FILE...]"})
    CHECK_MESSAGE(contains(run.out, name), name);
}

TEST_CASE("ricci train records --scale, --limit and --test-per-class and applies them") {
  TempDir dir;
  write_bytes(dir.file("d.csv"), digits_csv());
  const Run help = run_ricci(dir, "train --help");
  REQUIRE(help.exit_code == 0);
  for (const char* flag : {"--scale HOW", "--limit N", "--test-per-class N"})
    CHECK_MESSAGE(contains(help.out, flag), flag);

  const Run run = run_ricci(dir, "train --data csv:" + dir.file("d.csv") +
                                     " --classes 5,9 --limit 30 --test-per-class 4 --scale standard --epochs 1"
                                     " --width 3 --depth 1 --quiet --out " + dir.file("run"));
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const std::string metrics = read_file(dir.file("run/metrics.json"));
  CHECK(contains(metrics, "\"scale\": \"standard\""));
  CHECK(contains(metrics, "\"limit\": 30"));
  CHECK(contains(metrics, "\"test_per_class\": 4"));
  CHECK(contains(metrics, "\"test_points\": 8"));
  CHECK(contains(metrics, "\"train_points\": 20"));  // 30 points, 0.3 of each class of 15 (5) to the test part
  const std::vector<std::int64_t> labels = read_npy_labels(dir.file("run/labels.npy"));
  CHECK(labels.size() == 8);
  CHECK(std::count(labels.begin(), labels.end(), 0) == 4);
  const MatrixF inputs = read_npy_matrix(dir.file("run/layer_0.npy"));
  CHECK(inputs.rows() == 8);
  CHECK(inputs.cols() == 4);
  bool negative = false;
  for (float value : inputs.values()) negative = negative || value < 0;
  CHECK(negative);  // standardised, not pixels

  // Without --scale a CSV is divided by 255.
  const Run unit =
      run_ricci(dir, "train --data csv:" + dir.file("d.csv") +
                         " --classes 5,9 --epochs 1 --width 3 --depth 1 --quiet --out " + dir.file("unit"));
  REQUIRE_MESSAGE(unit.exit_code == 0, unit.err);
  CHECK(contains(read_file(dir.file("unit/metrics.json")), "\"scale\": \"unit\""));
  const MatrixF pixels = read_npy_matrix(dir.file("unit/layer_0.npy"));
  std::size_t outside = 0;
  for (float value : pixels.values()) outside += !(value >= 0 && value <= 1);
  CHECK(outside == 0);
}

TEST_CASE("ricci train: bad data and flags give one error line, exit 2 or 1, and no output") {
  TempDir dir;
  write_bytes(dir.file("d.csv"), digits_csv());
  write_bytes(dir.file("bad.csv"), "label,a,b\n5,1,2\n9,1,x\n");
  write_bytes(dir.file("images"), std::string("\0\0\x08\x03\0\0\0\x05\0\0\0\x02\0\0\0\x02" "abc", 19));
  write_bytes(dir.file("t-images-idx3-ubyte"), std::string("\0\0\x08\x03\0\0\0\x05\0\0\0\x02\0\0\0\x02", 16) +
                                                   std::string(20, '\x10'));
  write_bytes(dir.file("labels"), std::string("\0\0\x08\x01\0\0\0\x05\x01\x02\x03\x04\x05", 13));
  const std::string data = " --data csv:" + dir.file("d.csv");
  struct Case {
    std::string arguments;
    int exit_code;
    std::string message;
  };
  const Case cases[] = {
      {data + " --classes 5,9 --scale bogus", 2, "--scale: expected none, unit or standard"},
      {data + " --classes 5,9 --limit 0", 2, "--limit: expected a whole number"},
      {data + " --classes 5,9 --test-per-class -1", 2, "--test-per-class"},
      {data + " --classes 5:9", 2, "--classes: expected a list of two or more integers"},
      {data + " --classes 5", 2, "--classes: expected a list of two or more integers"},
      {data + " --classes 5,9,5", 2, "--classes: class 5 is listed twice"},
      {" --data linked-tori:n=20,holes=2", 2, "unknown parameter 'holes'"},
      {" --data mnist", 2, "unknown dataset 'mnist'"},
      {data + " --classes 5,7", 1, "class 7 does not occur"},
      {data + " --classes 5,9 --test-per-class 50", 1, "--test-per-class: class 0 has 6 points, fewer than the 50"},
      {data, 1, "class 0 of 0..9 does not occur"},
      {" --data csv:" + dir.file("bad.csv") + " --classes 5,9", 1, dir.file("bad.csv") + ": line 3, column 3: 'x'"},
      {" --data idx:" + dir.file("images") + "," + dir.file("labels"), 1,
       dir.file("images") + ": truncated IDX file"},
      {" --data idx:" + dir.file("absent-images-idx3-ubyte"), 1, "absent-images-idx3-ubyte: no such file"},
      {" --data idx:" + dir.file("t-images-idx3-ubyte"), 1, "t-labels-idx1-ubyte: cannot open"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.arguments);
    const Run run = run_ricci(dir, "train" + c.arguments + " --epochs 1 --quiet --out " + dir.file("out"));
    CHECK(run.exit_code == c.exit_code);
    CHECK_MESSAGE(contains(run.err, c.message), run.err);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK(!file_exists(dir.file("out")));
  }
}
