// numbered_names.h — names that end in a number (layer_2, layer_10), read
// in the order of their numbers rather than as text.
//
// The shell sorts layer_*.npy as text (layer_1, layer_10, layer_11,
// layer_2, ...), and so does every listing that knows nothing of numbers;
// what ricciflow reads in layer order is checked or sorted by these
// functions (docs/formats.md, "Layer order").
#pragma once

#include <string>
#include <vector>

namespace ricci {

// A name split before its trailing run of decimal digits: "layer_12" is
// {"layer_", "12"}, "h007" is {"h", "007"}, "input" is {"input", ""}.
struct NumberedName {
  std::string stem;
  std::string digits;  // empty when the name does not end in a digit
};
NumberedName split_trailing_number(const std::string& name);

// The order of two numbers written as decimal digits, of any length
// (leading zeros do not count: "007" equals "7"): negative, zero or
// positive as a < b, a == b or a > b.
int compare_decimal(const std::string& a, const std::string& b);

// The order in which `names` are read when they all share one stem and each
// ends in a different number: the indices of `names` by increasing number
// (layer_2 before layer_10). Returns an empty vector when they do not (a
// name without a number, two stems, or one number twice), or when `names`
// is empty.
std::vector<std::size_t> numbered_order(const std::vector<std::string>& names);

}  // namespace ricci
