// dataset.cpp — checks, class selection, splits.
#include "data/sets/dataset.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include "data/error.h"
#include "data/format.h"

namespace ricci {

void check_dataset(const Dataset& data, const std::string& what) {
  if (data.labels.size() != data.features.rows())
    throw data_error(what + ": " + std::to_string(data.labels.size()) + " labels for " +
                     std::to_string(data.features.rows()) + " rows");
  if (data.features.rows() == 0 || data.features.cols() == 0)
    throw data_error(what + ": no data (" + std::to_string(data.features.rows()) + " x " +
                     std::to_string(data.features.cols()) + ")");
  for (std::size_t i = 0; i < data.features.rows(); ++i)
    for (std::size_t j = 0; j < data.features.cols(); ++j)
      if (!std::isfinite(data.features(i, j)))
        throw data_error(what + ": row " + std::to_string(i + 1) + ", column " + std::to_string(j + 1) +
                         " is " + (std::isnan(data.features(i, j)) ? "NaN" : "infinite") +
                         " (expected finite numbers)");
}

Dataset select_classes(const Dataset& data, std::int64_t a, std::int64_t b) {
  if (a == b) throw usage_error("classes", "the two classes must differ, got " + std::to_string(a) + " twice");
  std::vector<std::size_t> keep;
  std::size_t count_a = 0, count_b = 0;
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    if (data.labels[i] == a) ++count_a;
    if (data.labels[i] == b) ++count_b;
    if (data.labels[i] == a || data.labels[i] == b) keep.push_back(i);
  }
  if (count_a == 0 || count_b == 0)
    throw data_error("classes", "class " + std::to_string(count_a == 0 ? a : b) + " does not occur in the data");
  Dataset selected = subset(data, keep);
  for (auto& label : selected.labels) label = label == a ? 0 : 1;
  return selected;
}

Dataset select_classes(const Dataset& data, const std::vector<std::int64_t>& classes) {
  if (classes.size() < 2) throw usage_error("classes", "at least two classes are needed");
  if (classes.size() == 2) return select_classes(data, classes[0], classes[1]);
  std::map<std::int64_t, std::size_t> index;  // label -> its new label
  for (std::size_t c = 0; c < classes.size(); ++c)
    if (!index.emplace(classes[c], c).second)
      throw usage_error("classes", "class " + std::to_string(classes[c]) + " is listed twice");
  std::vector<std::size_t> keep, count(classes.size(), 0);
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    const auto found = index.find(data.labels[i]);
    if (found == index.end()) continue;
    ++count[found->second];
    keep.push_back(i);
  }
  for (std::size_t c = 0; c < classes.size(); ++c)
    if (count[c] == 0)
      throw data_error("classes", "class " + std::to_string(classes[c]) + " does not occur in the data");
  Dataset selected = subset(data, keep);
  for (auto& label : selected.labels) label = static_cast<std::int64_t>(index.at(label));
  return selected;
}

std::vector<std::int64_t> distinct_labels(const Dataset& data) {
  std::vector<std::int64_t> distinct = data.labels;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  return distinct;
}

void check_class_labels(const Dataset& data, std::size_t classes, const std::string& what) {
  if (classes == 2) return check_binary_labels(data, what);
  if (data.labels.empty()) throw data_error(what + ": no points left");
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    const std::int64_t label = data.labels[i];
    if (label < 0 || static_cast<std::uint64_t>(label) >= classes)
      throw data_error(what + ": label " + std::to_string(label) + " at row " + std::to_string(i + 1) +
                       " is not a class 0.." + std::to_string(classes - 1));
  }
  // Labels are in range, so the distinct ones are 0..classes-1 exactly when
  // there are `classes` of them; otherwise name the first one missing.
  const std::vector<std::int64_t> distinct = distinct_labels(data);
  if (distinct.size() == classes) return;
  std::int64_t missing = 0;
  while (static_cast<std::size_t>(missing) < distinct.size() && distinct[static_cast<std::size_t>(missing)] == missing)
    ++missing;
  throw data_error(what + ": class " + std::to_string(missing) + " of 0.." + std::to_string(classes - 1) +
                   " does not occur (every class needs points; choose the classes to keep)");
}

void check_binary_labels(const Dataset& data, const std::string& what) {
  if (data.labels.empty()) throw data_error(what + ": no points left");
  std::size_t count[2] = {0, 0};
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    const std::int64_t label = data.labels[i];
    if (label != 0 && label != 1)
      throw data_error(what + ": label " + std::to_string(label) + " at row " + std::to_string(i + 1) +
                       " is not 0 or 1 (choose two classes to keep)");
    ++count[label];
  }
  if (count[0] == 0 || count[1] == 0)
    throw data_error(what + ": only class " + std::string(count[0] ? "0" : "1") +
                     " occurs; a binary task needs both");
}

Dataset subset(const Dataset& data, const std::vector<std::size_t>& indices) {
  Dataset out;
  const std::size_t d = data.features.cols();
  out.features.resize(indices.size(), d);
  out.labels.resize(indices.size());
  for (std::size_t r = 0; r < indices.size(); ++r) {
    std::copy(data.features.row(indices[r]), data.features.row(indices[r]) + d, out.features.row(r));
    out.labels[r] = data.labels[indices[r]];
  }
  return out;
}

Dataset with_shuffled_labels(const Dataset& data, Rng& rng) {
  Dataset out = data;
  rng.shuffle(out.labels);
  return out;
}

Split stratified_split(const Dataset& data, double fraction, Rng& rng) {
  if (!(fraction > 0.0 && fraction < 1.0))
    throw usage_error("split fraction must be in (0, 1), got " + format_double(fraction));
  std::map<std::int64_t, std::vector<std::size_t>> by_class;
  for (std::size_t i = 0; i < data.labels.size(); ++i) by_class[data.labels[i]].push_back(i);
  std::vector<char> in_second(data.labels.size(), 0);
  for (auto& [label, members] : by_class) {
    rng.shuffle(members);
    const auto take = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(members.size())));
    for (std::size_t t = 0; t < take; ++t) in_second[members[t]] = 1;
  }
  std::vector<std::size_t> first, second;
  for (std::size_t i = 0; i < in_second.size(); ++i) (in_second[i] ? second : first).push_back(i);
  if (first.empty() || second.empty())
    throw data_error("a split with fraction " + format_double(fraction) + " of " +
                     std::to_string(data.labels.size()) + " points leaves one part empty");
  return {subset(data, first), subset(data, second)};
}

Dataset stratified_sample(const Dataset& data, std::size_t count, Rng& rng) {
  const std::size_t n = data.labels.size();
  if (count >= n) return data;
  std::map<std::int64_t, std::vector<std::size_t>> by_class;
  for (std::size_t i = 0; i < n; ++i) by_class[data.labels[i]].push_back(i);
  // Quotas by the largest remainder: floor(count n_c / n), then one more for
  // the classes with the largest count n_c mod n until count is reached.
  struct Quota {
    std::vector<std::size_t>* members;
    std::size_t take;
    std::size_t remainder;
  };
  std::vector<Quota> quotas;
  std::size_t assigned = 0;
  for (auto& [label, members] : by_class) {
    // count * n_c < n^2 fits in 64 bits for any n that fits in memory (n < 2^32).
    const std::uint64_t product = static_cast<std::uint64_t>(count) * members.size();
    quotas.push_back({&members, static_cast<std::size_t>(product / n), static_cast<std::size_t>(product % n)});
    assigned += quotas.back().take;
  }
  std::vector<std::size_t> order(quotas.size());
  for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return quotas[a].remainder > quotas[b].remainder; });
  for (std::size_t r = 0; assigned < count; ++r, ++assigned) ++quotas[order[r]].take;

  std::vector<std::size_t> chosen;
  for (Quota& quota : quotas) {
    rng.shuffle(*quota.members);
    chosen.insert(chosen.end(), quota.members->begin(),
                  quota.members->begin() + static_cast<std::ptrdiff_t>(quota.take));
  }
  std::sort(chosen.begin(), chosen.end());
  return subset(data, chosen);
}

Dataset balanced_subset(const Dataset& data, std::size_t per_class, Rng& rng, const std::string& subject) {
  std::map<std::int64_t, std::vector<std::size_t>> by_class;
  for (std::size_t i = 0; i < data.labels.size(); ++i) by_class[data.labels[i]].push_back(i);
  std::vector<std::size_t> chosen;
  for (auto& [label, members] : by_class) {
    if (members.size() < per_class)
      throw data_error(subject, "class " + std::to_string(label) + " has " + std::to_string(members.size()) +
                                    " points, fewer than the " + std::to_string(per_class) + " asked for");
    rng.shuffle(members);
    chosen.insert(chosen.end(), members.begin(), members.begin() + static_cast<std::ptrdiff_t>(per_class));
  }
  std::sort(chosen.begin(), chosen.end());
  return subset(data, chosen);
}

}  // namespace ricci
