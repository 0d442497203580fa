// numbered_names.cpp — trailing numbers of names, compared as numbers.
#include "data/numbered_names.h"

#include <algorithm>
#include <numeric>

namespace ricci {

NumberedName split_trailing_number(const std::string& name) {
  std::size_t start = name.size();
  while (start > 0 && name[start - 1] >= '0' && name[start - 1] <= '9') --start;
  return {name.substr(0, start), name.substr(start)};
}

int compare_decimal(const std::string& a, const std::string& b) {
  const std::size_t a_start = std::min(a.find_first_not_of('0'), a.size());
  const std::size_t b_start = std::min(b.find_first_not_of('0'), b.size());
  const std::size_t a_length = a.size() - a_start, b_length = b.size() - b_start;
  if (a_length != b_length) return a_length < b_length ? -1 : 1;
  return a.compare(a_start, a_length, b, b_start, b_length);
}

std::vector<std::size_t> numbered_order(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::vector<NumberedName> split;
  for (const std::string& name : names) {
    split.push_back(split_trailing_number(name));
    if (split.back().digits.empty() || split.back().stem != split[0].stem) return {};
  }
  std::vector<std::size_t> order(names.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return compare_decimal(split[a].digits, split[b].digits) < 0; });
  for (std::size_t i = 1; i < order.size(); ++i)
    if (compare_decimal(split[order[i - 1]].digits, split[order[i]].digits) == 0) return {};
  return order;
}

}  // namespace ricci
