// data_prepare.cpp — tests of the data steps of `ricci train`
// (data/prepare.h) on a CSV the test writes: --classes, --limit, the split
// or --test, --test-per-class and --scale, and the errors of each step.
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "data/error.h"
#include "data/sets/prepare.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;
using ricci_test::TempDir;
using ricci_test::write_bytes;

namespace {

// 300 rows: label i mod 3 (classes 0, 1, 2; 100 each), pixels
// (i mod 256, 100 floor(i / 256), 200), from which i can be read back.
std::string three_class_csv() {
  std::string text = "label,a,b,c\n";
  for (int i = 0; i < 300; ++i)
    text += std::to_string(i % 3) + "," + std::to_string(i % 256) + "," + std::to_string(100 * (i / 256)) + ",200\n";
  return text;
}

std::map<std::int64_t, std::size_t> class_counts(const Dataset& data) {
  std::map<std::int64_t, std::size_t> counts;
  for (std::int64_t label : data.labels) ++counts[label];
  return counts;
}

}  // namespace

TEST_CASE("prepare_data: classes, limit, split and test-per-class, with unit pixels") {
  TempDir dir;
  write_bytes(dir.file("d.csv"), three_class_csv());
  DataOptions options;
  options.spec = "csv:" + dir.file("d.csv");
  options.classes = "2,0";  // 2 -> 0, 0 -> 1
  options.scaling = Scaling::Unit;
  options.limit = 120;
  options.test_fraction = 0.25;
  options.test_per_class = 10;
  const PreparedData prepared = prepare_data(options);
  // 200 points of classes 2 and 0, limited to 60 + 60, split 45 + 15 per
  // class, the test part cut to 10 per class.
  CHECK(class_counts(prepared.train) == std::map<std::int64_t, std::size_t>{{0, 45}, {1, 45}});
  CHECK(class_counts(prepared.test) == std::map<std::int64_t, std::size_t>{{0, 10}, {1, 10}});
  // Unit scaling: the constant column 200 becomes 200 / 255, and each row is
  // a row i of the file with its label relabelled (2 -> 0, 0 -> 1).
  for (const Dataset* part : {&prepared.train, &prepared.test})
    for (std::size_t r = 0; r < part->labels.size(); ++r) {
      CHECK(part->features(r, 2) == doctest::Approx(200.0 / 255).epsilon(1e-6));
      const long i = std::lround(part->features(r, 0) * 255) + 256 * std::lround(part->features(r, 1) * 255 / 100);
      REQUIRE(i % 3 != 1);
      CHECK(part->labels[r] == (i % 3 == 2 ? 0 : 1));
    }
  // Seeded: the same options, the same sets; another split seed, others.
  const PreparedData again = prepare_data(options);
  CHECK(again.test.features == prepared.test.features);
  options.split_seed = 2;
  CHECK(prepare_data(options).test.features != prepared.test.features);
}

TEST_CASE("prepare_data: many classes: a list, all, or the labels as they are") {
  TempDir dir;
  write_bytes(dir.file("d.csv"), three_class_csv());
  DataOptions options;
  options.spec = "csv:" + dir.file("d.csv");
  options.classes = "2,0,1";  // 2 -> 0, 0 -> 1, 1 -> 2
  options.test_fraction = 0.2;
  const PreparedData listed = prepare_data(options);
  CHECK(listed.classes == 3);
  CHECK(class_counts(listed.train) == std::map<std::int64_t, std::size_t>{{0, 80}, {1, 80}, {2, 80}});
  CHECK(class_counts(listed.test) == std::map<std::int64_t, std::size_t>{{0, 20}, {1, 20}, {2, 20}});
  for (std::size_t r = 0; r < listed.test.labels.size(); ++r) {
    const long i = std::lround(listed.test.features(r, 0)) + 256 * std::lround(listed.test.features(r, 1) / 100);
    CHECK(listed.test.labels[r] == (i % 3 + 1) % 3);
  }
  // all: every label in increasing order, as is here; no --classes: the same.
  options.classes = "all";
  const PreparedData all = prepare_data(options);
  CHECK(all.classes == 3);
  options.classes.clear();
  const PreparedData as_is = prepare_data(options);
  CHECK(as_is.classes == 3);
  CHECK(as_is.test.labels == all.test.labels);
  CHECK(as_is.test.features == all.test.features);
  // Two of them: the binary task.
  options.classes = "1,2";
  CHECK(prepare_data(options).classes == 2);
  options.classes = "0,1,7";
  check_error([&] { prepare_data(options); }, ErrorKind::Data, "class 7 does not occur");
}

TEST_CASE("prepare_data: standard scaling is fitted on the training part only") {
  TempDir dir;
  write_bytes(dir.file("d.csv"), three_class_csv());
  DataOptions options;
  options.spec = "csv:" + dir.file("d.csv");
  options.classes = "0,1";
  options.scaling = Scaling::None;
  const PreparedData raw = prepare_data(options);
  options.scaling = Scaling::Standard;
  const PreparedData scaled = prepare_data(options);
  REQUIRE(scaled.train.labels == raw.train.labels);  // scaling draws no random numbers
  // The training statistics, computed here from the unscaled training part.
  for (std::size_t j = 0; j < 3; ++j) {
    double sum = 0, sum_squares = 0;
    const std::size_t n = raw.train.labels.size();
    for (std::size_t i = 0; i < n; ++i) sum += raw.train.features(i, j);
    const double mean = sum / double(n);
    for (std::size_t i = 0; i < n; ++i) sum_squares += std::pow(raw.train.features(i, j) - mean, 2);
    const double sd = std::sqrt(sum_squares / double(n));
    const double divisor = sd > 0 ? sd : 1.0;  // column c is constant: only centred
    for (const auto& [raw_part, scaled_part] : {std::pair{&raw.train, &scaled.train}, {&raw.test, &scaled.test}})
      for (std::size_t i = 0; i < raw_part->labels.size(); ++i)
        CHECK(scaled_part->features(i, j) ==
              doctest::Approx((raw_part->features(i, j) - mean) / divisor).epsilon(1e-5).scale(1e-5));
  }
}

TEST_CASE("prepare_data: a separate test SPEC, and the errors of each step") {
  TempDir dir;
  write_bytes(dir.file("d.csv"), three_class_csv());
  write_bytes(dir.file("narrow.csv"), "0,1\n1,2\n");
  write_bytes(dir.file("t.csv"), "1,0,0,0\n0,255,255,255\n1,1,1,1\n");
  DataOptions options;
  options.spec = "csv:" + dir.file("d.csv");
  options.classes = "0,1";
  options.scaling = Scaling::Unit;
  options.test_spec = "csv:" + dir.file("t.csv");
  const PreparedData prepared = prepare_data(options);
  CHECK(prepared.train.labels.size() == 200);
  CHECK(prepared.test.labels == std::vector<std::int64_t>{1, 0, 1});
  CHECK(prepared.test.features(1, 2) == 1.0f);

  struct Case {
    const char* what;
    DataOptions options;
    ErrorKind kind;
    std::string message;
  };
  DataOptions narrow = options, absent_class = options, limit = options, per_class = options,
              bad_classes = options, one_class = options, big_pixels = options;
  narrow.test_spec = "csv:" + dir.file("narrow.csv");
  absent_class.classes = "0,5";
  limit.test_spec.clear();
  limit.limit = 1;
  per_class.test_per_class = 3;
  bad_classes.classes = "0;1";
  one_class.classes.clear();  // labels 0, 1 and 2
  big_pixels.scaling = Scaling::Unit;
  big_pixels.spec = "csv:" + dir.file("big.csv");
  write_bytes(dir.file("big.csv"), "0,1\n1,300\n");
  const Case cases[] = {
      {"test columns", narrow, ErrorKind::Data, "1 columns, the training data has 3"},
      {"absent class", absent_class, ErrorKind::Data, "class 5 does not occur"},
      {"limit of one", limit, ErrorKind::Data, "a sample of 1 points of csv:"},
      {"test per class", per_class, ErrorKind::Data, "test points per class: class 0 has 1 points"},
      {"classes syntax", bad_classes, ErrorKind::Usage, "classes: expected a list of two or more integers"},
      {"three classes, the test part without class 2", one_class, ErrorKind::Data,
       "t.csv: class 2 of 0..2 does not occur"},
      {"pixels beyond 255", big_pixels, ErrorKind::Data, "row 2, column 1 holds 300"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.what));
    check_error([&] { prepare_data(c.options); }, c.kind, c.message);
  }
}
