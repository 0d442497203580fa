// prepare.cpp — the data steps of `ricci train`, in the order prepare.h gives.
#include "data/sets/prepare.h"

#include <cerrno>
#include <cstdlib>

#include "data/error.h"
#include "data/sets/spec.h"

namespace ricci {

namespace {

// Steps 1 and 2 for one SPEC.
Dataset load_binary(const std::string& spec, const DataOptions& options) {
  Dataset data = load_dataset(spec, options.max_input);
  if (options.scaling == Scaling::Unit) scale_to_unit(data.features, spec);
  if (!options.classes.empty()) {
    const auto [a, b] = parse_classes(options.classes);
    data = select_classes(data, a, b);
  }
  check_binary_labels(data, spec);
  return data;
}

}  // namespace

std::pair<std::int64_t, std::int64_t> parse_classes(const std::string& text) {
  std::int64_t a = 0, b = 0;
  const std::size_t comma = text.find(',');
  const auto parse = [&](const std::string& part, std::int64_t& value) {
    char* end = nullptr;
    errno = 0;
    value = std::strtoll(part.c_str(), &end, 10);
    return !part.empty() && *end == '\0' && errno == 0;
  };
  if (comma == std::string::npos || !parse(text.substr(0, comma), a) || !parse(text.substr(comma + 1), b))
    throw usage_error("classes", "expected two integers A,B, got '" + text + "'");
  return {a, b};
}

PreparedData prepare_data(const DataOptions& options) {
  Dataset all = load_binary(options.spec, options);
  if (options.limit > 0) {
    Rng limit_rng(options.split_seed, 3);
    all = stratified_sample(all, options.limit, limit_rng);
    check_binary_labels(all, "a sample of " + std::to_string(options.limit) + " points of " + options.spec);
  }

  PreparedData prepared;
  if (!options.test_spec.empty()) {
    prepared.train = std::move(all);
    prepared.test = load_binary(options.test_spec, options);
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
  check_binary_labels(prepared.train, "the training part of " + options.spec);
  check_binary_labels(prepared.test, "the test part");

  if (options.scaling == Scaling::Standard) {
    const Standardizer standardizer = fit_standardizer(prepared.train.features);
    apply_standardizer(standardizer, prepared.train.features);
    apply_standardizer(standardizer, prepared.test.features);
  }
  return prepared;
}

}  // namespace ricci
