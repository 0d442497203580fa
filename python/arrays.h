// arrays.h — NumPy arrays in and out of the Python module: the layers as
// views of the arrays themselves where their layout allows, class labels,
// and result tables as dicts of arrays.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data/io/columns.h"
#include "data/matrix.h"

namespace ricci {

// One layer as the library reads it, and the array that holds its values:
// the caller's own array when it is a C-contiguous float32 array (no copy;
// data/matrix.h's row-major layout), else a float32 copy in C order (float64,
// integer, float16, strided or Fortran-ordered arrays). Only a 2-D array is
// a layer: a 1-D array is refused (is it n points of one feature, or one
// point?), though `ricci analyze` reads a 1-D NPY file as n x 1.
struct LayerArray {
  pybind11::array_t<float> owner;  // keeps the values alive
  MatrixViewF view;
};

// `name` (e.g. "layer 2") names the array in errors: TypeError for what is
// not a numeric array, a usage error (ValueError) for one that is not 2-D.
LayerArray layer_array(const pybind11::handle& object, const std::string& name);

// One integer label per point, from an integer or bool array, or a float
// array of whole numbers (the rule of data/io/npy.h); 1-D or n x 1.
std::vector<std::int64_t> label_vector(const pybind11::handle& object);

// A table as {column name: array}: Integer columns as int64 arrays (float64
// when a cell is missing or infinite, as pandas reads the CSV), Number
// columns as float64, Text columns as object arrays of str.
pybind11::dict column_dict(const ColumnTable& table);

}  // namespace ricci
