// keywords.h — the keyword arguments of the Python module, checked and
// converted one by one. A value of the wrong Python type raises TypeError,
// a value of the right type outside what is allowed raises ValueError; both
// in one line that names the keyword, what it allows and what it got
// ("k_frac: expected a number or a list of numbers, got '0.05' (str)").
//
// Range errors word themselves as the command line's do ("k: expected a
// whole number from 1 to 1073741824, got '0'"), so that `ricci analyze
// --k 0` and `analyze(layers, k=0)` say the same thing.
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

namespace ricci {

// A one-line description of a Python value for an error: its repr, cut to
// 40 characters, and its type ("'0.05' (str)", "5.0 (float)").
std::string describe(const pybind11::handle& value);

// A whole number (a Python int, numpy.int64, a 0-d integer array; not a
// bool, not a float) from `low` to `high`. TypeError for another type,
// ValueError (the command line's wording) out of range, however large.
long long whole_number(const pybind11::handle& value, const std::string& keyword, long long low, long long high);

// A real number (int, float, numpy.float32, ...; not a bool, not a str).
double real_number(const pybind11::handle& value, const std::string& keyword);

// True or False (a Python or NumPy bool).
bool flag(const pybind11::handle& value, const std::string& keyword);

// A str; `allowed` says what, for the TypeError ("'index' or 'all'").
std::string text(const pybind11::handle& value, const std::string& keyword, const std::string& allowed);

// k: a whole number from 1 to 2^30, or a list, tuple or 1-D array of them.
// ("auto" and None are the caller's to handle.)
std::vector<int> k_values(const pybind11::handle& k);

// k_frac: a real number or a list, tuple or 1-D array of them.
std::vector<double> k_fractions(const pybind11::handle& k_frac);

// threads: 0 (all cores) to 1024, as a worker count (0 becomes the cores).
int thread_count(const pybind11::handle& threads);

}  // namespace ricci
