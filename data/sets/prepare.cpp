// prepare.cpp — the data steps of `ricci train`, in the order prepare.h gives.
#include "data/sets/prepare.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "data/error.h"
#include "data/sets/spec.h"

namespace ricci {

namespace {

// Step 1 for one SPEC.
Dataset load_scaled(const std::string& spec, const DataOptions& options) {
  Dataset data = load_dataset(spec, options.max_input);
  if (options.scaling == Scaling::Unit) scale_to_unit(data.features, spec);
  return data;
}

// Step 2 for one SPEC: the listed classes (empty: the labels as they are),
// checked against the C classes of the task.
Dataset select_and_check(Dataset data, const std::vector<std::int64_t>& classes, std::size_t count,
                         const std::string& spec) {
  if (!classes.empty()) data = select_classes(data, classes);
  check_class_labels(data, count, spec);
  return data;
}

}  // namespace

ClassChoice parse_classes(const std::string& text) {
  ClassChoice choice;
  if (text == "all") {
    choice.all = true;
    return choice;
  }
  bool valid = !text.empty();
  std::size_t begin = 0;
  while (valid) {
    const std::size_t comma = text.find(',', begin);
    const std::string part = text.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
    char* end = nullptr;
    errno = 0;
    const long long value = std::strtoll(part.c_str(), &end, 10);
    valid = !part.empty() && *end == '\0' && errno == 0;
    if (valid) choice.list.push_back(value);
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  if (!valid || choice.list.size() < 2)
    throw usage_error("classes", "expected a list of two or more integers A,B[,C...] or all, got '" + text + "'");
  for (std::size_t i = 0; i < choice.list.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (choice.list[i] == choice.list[j])
        throw usage_error("classes", "class " + std::to_string(choice.list[i]) + " is listed twice in '" + text + "'");
  return choice;
}

PreparedData prepare_data(const DataOptions& options) {
  PreparedData prepared;
  Dataset all = load_scaled(options.spec, options);
  // The classes and their number C, from --data.
  std::vector<std::int64_t> classes;
  if (!options.classes.empty()) {
    const ClassChoice choice = parse_classes(options.classes);
    classes = choice.all ? distinct_labels(all) : choice.list;
    if (classes.size() < 2)
      throw data_error("classes", options.spec + ": only one class occurs; a task needs two or more");
    prepared.classes = classes.size();
  } else if (!all.labels.empty()) {
    // The labels as they are: C = the largest label + 1 (at least 2), and
    // check_class_labels then refuses labels that are not 0..C-1.
    const std::int64_t largest = *std::max_element(all.labels.begin(), all.labels.end());
    prepared.classes = largest >= 2 && static_cast<std::uint64_t>(largest) < all.labels.size()
                           ? static_cast<std::size_t>(largest) + 1
                           : 2;
  }
  const std::size_t count = prepared.classes;
  all = select_and_check(std::move(all), classes, count, options.spec);
  if (options.limit > 0) {
    Rng limit_rng(options.split_seed, 3);
    all = stratified_sample(all, options.limit, limit_rng);
    check_class_labels(all, count, "a sample of " + std::to_string(options.limit) + " points of " + options.spec);
  }

  if (!options.test_spec.empty()) {
    prepared.train = std::move(all);
    prepared.test = select_and_check(load_scaled(options.test_spec, options), classes, count, options.test_spec);
    if (prepared.test.features.cols() != prepared.train.features.cols())
      throw data_error("test set", options.test_spec + ": " + std::to_string(prepared.test.features.cols()) +
                                       " columns, the training data has " +
                                       std::to_string(prepared.train.features.cols()));
  } else {
    Rng split_rng(options.split_seed, 2);
    Split split = stratified_split(all, options.test_fraction, split_rng);
    prepared.train = std::move(split.first);
    prepared.test = std::move(split.second);
  }

  if (options.test_per_class > 0) {
    Rng test_rng(options.split_seed, 4);
    prepared.test = balanced_subset(prepared.test, options.test_per_class, test_rng, "test points per class");
  }
  check_class_labels(prepared.train, count, "the training part of " + options.spec);
  check_class_labels(prepared.test, count, "the test part");

  if (options.scaling == Scaling::Standard) {
    const Standardizer standardizer = fit_standardizer(prepared.train.features);
    apply_standardizer(standardizer, prepared.train.features);
    apply_standardizer(standardizer, prepared.test.features);
  }
  return prepared;
}

}  // namespace ricci
