// arrays.cpp — NumPy arrays in and out of the Python module.
#include "python/arrays.h"

#include <cmath>

#include "data/error.h"
#include "python/keywords.h"

namespace py = pybind11;

namespace ricci {

namespace {

// The array's dtype kind: 'f' float, 'i' signed, 'u' unsigned, 'b' bool, ...
char dtype_kind(const py::array& array) { return array.dtype().kind(); }

std::string shape_text(const py::array& array) {
  std::string text = "(";
  for (py::ssize_t d = 0; d < array.ndim(); ++d) text += (d ? ", " : "") + std::to_string(array.shape(d));
  return text + (array.ndim() == 1 ? ",)" : ")");
}

}  // namespace

LayerArray layer_array(const py::handle& object, const std::string& name) {
  const py::array array = py::array::ensure(object);
  if (!array)
    throw py::type_error(name + ": expected a 2-D NumPy array (or anything numpy.asarray takes), got " +
                         describe(object));
  const char kind = dtype_kind(array);
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b')
    throw py::type_error(name + ": expected numbers, got an array of dtype " + std::string(py::str(array.dtype())));
  if (array.ndim() == 1)
    throw usage_error(name + ": expected a 2-D array (points x features), got shape " + shape_text(array) +
                      ": one feature per point is x.reshape(-1, 1)");
  if (array.ndim() != 2)
    throw usage_error(name + ": expected a 2-D array (points x features), got shape " + shape_text(array));
  // array_t<float, c_style | forcecast>::ensure returns the array itself when
  // it is already C-contiguous float32, and a converted copy otherwise.
  py::array_t<float> values = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(array);
  if (!values) throw usage_error(name + ": cannot be converted to float32");
  const std::size_t rows = static_cast<std::size_t>(values.shape(0));
  const std::size_t cols = static_cast<std::size_t>(values.shape(1));
  const float* data = values.data();
  return LayerArray{std::move(values), MatrixViewF(data, rows, cols)};
}

std::vector<std::int64_t> label_vector(const py::handle& object) {
  const py::array array = py::array::ensure(object);
  if (!array) throw py::type_error("labels: expected a 1-D array of class labels, got " + describe(object));
  const bool column = array.ndim() == 2 && array.shape(1) == 1;
  if (array.ndim() != 1 && !column)
    throw usage_error("labels", "expected a 1-D array (one label per point), got shape " + shape_text(array));
  const char kind = dtype_kind(array);
  if (kind == 'f') {
    const auto values = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(array);
    std::vector<std::int64_t> labels;
    for (py::ssize_t i = 0; i < values.size(); ++i) {
      const double v = values.data()[i];
      if (!(v == std::floor(v)) || std::fabs(v) > 9.0e15)
        throw data_error("labels", "label " + std::to_string(i) + " is not a whole number");
      labels.push_back(static_cast<std::int64_t>(v));
    }
    return labels;
  }
  if (kind != 'i' && kind != 'u' && kind != 'b')
    throw py::type_error("labels: expected integer class labels, got an array of dtype " +
                         std::string(py::str(array.dtype())));
  const auto values = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(array);
  return std::vector<std::int64_t>(values.data(), values.data() + values.size());
}

py::dict column_dict(const ColumnTable& table) {
  py::dict out;
  const std::size_t rows = table.rows();
  for (const Column& column : table.columns) {
    py::object values;
    if (column.type == ColumnType::Text) {
      py::array strings(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(rows)});
      py::object* cells = static_cast<py::object*>(strings.mutable_data());
      for (std::size_t r = 0; r < rows; ++r) cells[r] = py::str(column.texts[r]);
      values = strings;
    } else {
      bool whole = column.type == ColumnType::Integer;
      for (double v : column.numbers) whole = whole && std::isfinite(v);
      if (whole) {
        py::array_t<std::int64_t> integers(rows);
        for (std::size_t r = 0; r < rows; ++r) integers.mutable_data()[r] = static_cast<std::int64_t>(column.numbers[r]);
        values = integers;
      } else {
        values = py::array_t<double>(rows, column.numbers.data());
      }
    }
    out[py::str(column.name)] = values;
  }
  return out;
}

}  // namespace ricci
