// keywords.cpp — the keyword arguments of the Python module, checked and
// converted, with one-line errors that name the keyword.
#include "python/keywords.h"

#include <pybind11/numpy.h>

#include "data/parallel.h"

namespace py = pybind11;

namespace ricci {

namespace {

std::string type_name(const py::handle& value) { return py::str(py::type::handle_of(value).attr("__name__")); }

[[noreturn]] void wrong_type(const std::string& keyword, const std::string& expected, const py::handle& value) {
  throw py::type_error(keyword + ": expected " + expected + ", got " + describe(value));
}

// A 0-d NumPy array as the scalar it holds (numpy.array(5) -> 5); anything else as it is.
py::object scalar_of(const py::handle& value) {
  if (py::isinstance<py::array>(value) && py::reinterpret_borrow<py::array>(value).ndim() == 0)
    return value.attr("item")();
  return py::reinterpret_borrow<py::object>(value);
}

bool is_bool(const py::handle& value) {
  return py::isinstance<py::bool_>(value) || py::isinstance(value, py::module_::import("numpy").attr("bool_"));
}

// A list, a tuple or a 1-D array: a list of values. (Not a str, which is a
// sequence too, and not a 0-d array, which cannot be iterated.)
bool is_list(const py::handle& value) {
  if (py::isinstance<py::array>(value)) return py::reinterpret_borrow<py::array>(value).ndim() == 1;
  return py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value);
}

}  // namespace

std::string describe(const py::handle& value) {
  std::string text = py::repr(value);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text + " (" + type_name(value) + ")";
}

long long whole_number(const py::handle& given, const std::string& keyword, long long low, long long high) {
  const py::object value = scalar_of(given);
  if (is_bool(value) || !PyIndex_Check(value.ptr()))
    wrong_type(keyword, "a whole number (int)", given);
  const py::int_ number = py::reinterpret_steal<py::int_>(PyNumber_Index(value.ptr()));
  if (!number) throw py::error_already_set();
  int overflow = 0;
  const long long result = PyLong_AsLongLongAndOverflow(number.ptr(), &overflow);
  if (overflow != 0 || result < low || result > high)
    throw py::value_error(keyword + ": expected a whole number from " + std::to_string(low) + " to " +
                          std::to_string(high) + ", got '" + py::str(py::object(number)).cast<std::string>() + "'");
  return result;
}

double real_number(const py::handle& given, const std::string& keyword) {
  const py::object value = scalar_of(given);
  if (is_bool(value) || py::isinstance<py::str>(value) || !PyNumber_Check(value.ptr()))
    wrong_type(keyword, "a number", given);
  const double result = PyFloat_AsDouble(value.ptr());
  if (result == -1.0 && PyErr_Occurred()) {  // a complex number, say
    PyErr_Clear();
    wrong_type(keyword, "a real number", given);
  }
  return result;
}

bool flag(const py::handle& value, const std::string& keyword) {
  if (!is_bool(value)) wrong_type(keyword, "True or False", value);
  return py::cast<bool>(py::bool_(py::reinterpret_borrow<py::object>(value)));
}

std::string text(const py::handle& value, const std::string& keyword, const std::string& allowed) {
  if (!py::isinstance<py::str>(value)) wrong_type(keyword, allowed, value);
  return py::cast<std::string>(value);
}

std::vector<int> k_values(const py::handle& k) {
  const auto one = [](const py::handle& item) {
    if (py::isinstance<py::str>(item))
      throw py::value_error("k: expected a whole number, a list of them or 'auto', got " + describe(item));
    const py::object value = scalar_of(item);
    if (is_bool(value) || !PyIndex_Check(value.ptr()))
      wrong_type("k", "a whole number, a list of them or 'auto'", item);
    return static_cast<int>(whole_number(value, "k", 1, 1 << 30));
  };
  if (!is_list(k)) return {one(k)};
  std::vector<int> ks;
  const py::list items(py::reinterpret_borrow<py::object>(k));  // holds the items (a NumPy array makes them as it is read)
  if (items.empty()) throw py::value_error("k: expected at least one k, got an empty list");
  for (const py::handle item : items) ks.push_back(one(item));
  return ks;
}

std::vector<double> k_fractions(const py::handle& k_frac) {
  const std::string expected = "a number or a list of numbers";
  if (!is_list(k_frac)) {
    if (py::isinstance<py::str>(k_frac)) wrong_type("k_frac", expected, k_frac);
    return {real_number(k_frac, "k_frac")};
  }
  std::vector<double> fractions;
  const py::list items(py::reinterpret_borrow<py::object>(k_frac));
  if (items.empty()) throw py::value_error("k_frac: expected at least one fraction, got an empty list");
  for (const py::handle item : items) {
    if (py::isinstance<py::str>(item)) wrong_type("k_frac", expected, item);
    fractions.push_back(real_number(item, "k_frac"));
  }
  return fractions;
}

int thread_count(const py::handle& threads) {
  const int count = static_cast<int>(whole_number(threads, "threads", 0, 1024));
  return count == 0 ? hardware_threads() : count;
}

}  // namespace ricci
