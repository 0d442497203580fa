// data_dataset.cpp — tests of class selection, label checks and the seeded
// subsets (data/dataset.h): splits, stratified samples, balanced subsets,
// shuffled labels.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "data/error.h"
#include "data/sets/dataset.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;
using ricci_test::contains;
using ricci_test::error_from;

namespace {

// n points whose single feature is the row index, with the given labels.
Dataset indexed(const std::vector<std::int64_t>& labels) {
  Dataset data;
  data.labels = labels;
  data.features.resize(labels.size(), 1);
  for (std::size_t i = 0; i < labels.size(); ++i) data.features(i, 0) = float(i);
  return data;
}

std::map<std::int64_t, std::size_t> class_counts(const Dataset& data) {
  std::map<std::int64_t, std::size_t> counts;
  for (std::int64_t label : data.labels) ++counts[label];
  return counts;
}

// The rows of `part` are rows of `whole` (by their index feature), with
// their labels, in increasing order.
void check_ordered_rows_of(const Dataset& part, const Dataset& whole) {
  for (std::size_t r = 0; r < part.labels.size(); ++r) {
    const auto index = static_cast<std::size_t>(part.features(r, 0));
    REQUIRE(index < whole.labels.size());
    CHECK(part.labels[r] == whole.labels[index]);
    if (r > 0) CHECK(part.features(r, 0) > part.features(r - 1, 0));
  }
}

}  // namespace

TEST_CASE("select_classes keeps two classes as 0 and 1; a missing class is a data error") {
  const Dataset data = indexed({3, 7, 5, 7, 3, 1});
  const Dataset selected = select_classes(data, 7, 3);
  CHECK(selected.labels == std::vector<std::int64_t>{1, 0, 0, 1});
  CHECK(selected.features.values() == std::vector<float>{0, 1, 3, 4});
  check_error([&] { select_classes(data, 3, 9); }, ErrorKind::Data, "class 9 does not occur");
  CHECK(error_from([&] { select_classes(data, 3, 3); }).kind() == ErrorKind::Usage);
}

TEST_CASE("select_classes with a list numbers the classes in the order listed") {
  const Dataset data = indexed({3, 7, 5, 7, 3, 1, 9});
  const Dataset selected = select_classes(data, std::vector<std::int64_t>{7, 1, 3});
  CHECK(selected.labels == std::vector<std::int64_t>{2, 0, 0, 2, 1});
  CHECK(selected.features.values() == std::vector<float>{0, 1, 3, 4, 5});
  // Two classes take the two-class path, message for message.
  CHECK(select_classes(data, std::vector<std::int64_t>{7, 3}).labels == select_classes(data, 7, 3).labels);
  check_error([&] { select_classes(data, std::vector<std::int64_t>{3, 7, 8}); }, ErrorKind::Data,
              "class 8 does not occur");
  check_error([&] { select_classes(data, std::vector<std::int64_t>{3, 7, 3}); }, ErrorKind::Usage, "listed twice");
  CHECK(error_from([&] { select_classes(data, std::vector<std::int64_t>{3}); }).kind() == ErrorKind::Usage);
  CHECK(distinct_labels(data) == std::vector<std::int64_t>{1, 3, 5, 7, 9});
}

TEST_CASE("check_class_labels: labels 0..C-1, each present") {
  check_class_labels(indexed({0, 2, 1, 2}), 3, "fine");
  CHECK(contains(error_from([] { check_class_labels(indexed({0, 3, 1, 2}), 3, "x"); }).what(),
                 "x: label 3 at row 2 is not a class 0..2"));
  CHECK(contains(error_from([] { check_class_labels(indexed({0, -1, 1, 2}), 3, "x"); }).what(), "label -1 at row 2"));
  CHECK(contains(error_from([] { check_class_labels(indexed({0, 2, 3, 3}), 4, "x"); }).what(),
                 "x: class 1 of 0..3 does not occur"));
  CHECK(contains(error_from([] { check_class_labels(indexed({}), 3, "x"); }).what(), "no points left"));
  // Two classes: the binary check.
  CHECK(contains(error_from([] { check_class_labels(indexed({0, 2}), 2, "x"); }).what(), "is not 0 or 1"));
}

TEST_CASE("check_binary_labels: labels 0 and 1, both present, at least one point") {
  check_binary_labels(indexed({0, 1, 1}), "fine");
  CHECK(contains(error_from([] { check_binary_labels(indexed({0, 2}), "x"); }).what(), "label 2 at row 2"));
  CHECK(contains(error_from([] { check_binary_labels(indexed({1, 1}), "x"); }).what(), "only class 1 occurs"));
  check_error([] { check_binary_labels(indexed({}), "after filtering"); }, ErrorKind::Data,
              "after filtering: no points left");
}

TEST_CASE("stratified_split: round(fraction * class size) per class, disjoint, ordered, seeded") {
  std::vector<std::int64_t> labels;
  for (int i = 0; i < 50; ++i) labels.push_back(i % 5 == 0 ? 1 : 0);  // 40 zeros, 10 ones
  const Dataset data = indexed(labels);
  Rng rng(3, 2);
  const Split split = stratified_split(data, 0.25, rng);
  CHECK(class_counts(split.second) == std::map<std::int64_t, std::size_t>{{0, 10}, {1, 3}});  // 2.5 rounds to 3
  CHECK(split.first.labels.size() + split.second.labels.size() == 50);
  check_ordered_rows_of(split.first, data);
  check_ordered_rows_of(split.second, data);
  std::vector<int> seen(50, 0);
  for (const Dataset* part : {&split.first, &split.second})
    for (float index : part->features.values()) ++seen[static_cast<std::size_t>(index)];
  CHECK(seen == std::vector<int>(50, 1));
  Rng same(3, 2), other(4, 2);
  CHECK(stratified_split(data, 0.25, same).second.features == split.second.features);
  CHECK(stratified_split(data, 0.25, other).second.features != split.second.features);
}

TEST_CASE("stratified_sample: largest-remainder quotas, ordered rows, seeded") {
  // Classes 7 (5 points), 3 (3 points), 9 (2 points); a sample of 5 has exact
  // shares 2.5, 1.5 and 1: floors 2, 1, 1, and the one point left goes to
  // the larger remainder; 7 and 3 tie (remainder 5 of 10), the smaller label
  // 3 wins.
  const Dataset data = indexed({7, 3, 7, 9, 7, 3, 7, 9, 3, 7});
  Rng rng(1);
  const Dataset sample = stratified_sample(data, 5, rng);
  CHECK(class_counts(sample) == std::map<std::int64_t, std::size_t>{{3, 2}, {7, 2}, {9, 1}});
  check_ordered_rows_of(sample, data);
  // Shares 0.8, 0.48, 0.32 of 8: floors 4, 2, 1 (remainders 0, 4, 6 of 10): 9 gets the last.
  Rng rng8(1);
  CHECK(class_counts(stratified_sample(data, 8, rng8)) == std::map<std::int64_t, std::size_t>{{3, 2}, {7, 4}, {9, 2}});
  Rng all_rng(1);
  CHECK(stratified_sample(data, 10, all_rng).features == data.features);
  Rng more_rng(1);
  CHECK(stratified_sample(data, 99, more_rng).labels == data.labels);
  // Different seeds choose different members.
  std::vector<std::int64_t> many(200, 0);
  for (std::size_t i = 100; i < 200; ++i) many[i] = 1;
  Rng a(1), b(2);
  const Dataset sample_a = stratified_sample(indexed(many), 50, a), sample_b = stratified_sample(indexed(many), 50, b);
  CHECK(class_counts(sample_a) == std::map<std::int64_t, std::size_t>{{0, 25}, {1, 25}});
  CHECK(sample_a.features != sample_b.features);
}

TEST_CASE("balanced_subset: the same number of each class, or a data error") {
  const Dataset data = indexed({0, 1, 0, 0, 1, 0, 1, 0});
  Rng rng(5);
  const Dataset balanced = balanced_subset(data, 3, rng, "points per class");
  CHECK(class_counts(balanced) == std::map<std::int64_t, std::size_t>{{0, 3}, {1, 3}});
  check_ordered_rows_of(balanced, data);
  Rng rng2(5);
  const Error error = error_from([&] { balanced_subset(data, 4, rng2, "points per class"); });
  CHECK(error.kind() == ErrorKind::Data);
  CHECK(error.subject() == "points per class");
  CHECK(std::string(error.what()) == "points per class: class 1 has 3 points, fewer than the 4 asked for");
}

TEST_CASE("with_shuffled_labels: a seeded permutation of the labels, the features untouched") {
  // Distinct labels make "a permutation" checkable: sorted, they are 0..n-1.
  std::vector<std::int64_t> distinct(50);
  for (std::size_t i = 0; i < distinct.size(); ++i) distinct[i] = static_cast<std::int64_t>(i);
  Rng rng(7, 2);
  const Dataset shuffled = with_shuffled_labels(indexed(distinct), rng);
  CHECK(shuffled.features == indexed(distinct).features);
  CHECK(shuffled.labels != distinct);
  std::vector<std::int64_t> sorted = shuffled.labels;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == distinct);
  // Fisher-Yates from the last element down, each swap partner drawn by
  // uniform_index, written out here from the generator's raw draws.
  Rng reference(7, 2);
  std::vector<std::int64_t> expected = distinct;
  for (std::size_t i = expected.size(); i > 1; --i)
    std::swap(expected[i - 1], expected[static_cast<std::size_t>(reference.uniform_index(i))]);
  CHECK(shuffled.labels == expected);

  // Binary labels keep their class counts; the same seed gives the same
  // labels, another seed others.
  std::vector<std::int64_t> binary(60, 0);
  for (std::size_t i = 0; i < 20; ++i) binary[3 * i] = 1;
  Rng a(11, 2), again(11, 2), other(12, 2);
  const Dataset first = with_shuffled_labels(indexed(binary), a);
  CHECK(class_counts(first) == class_counts(indexed(binary)));
  CHECK(with_shuffled_labels(indexed(binary), again).labels == first.labels);
  CHECK(with_shuffled_labels(indexed(binary), other).labels != first.labels);
  CHECK(first.labels != binary);
}
