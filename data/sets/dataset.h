// dataset.h — a labelled point set, class selection and splits.
//
// Labels are integers; training needs them to be 0..C-1 for C >= 2 classes,
// each present, which select_classes() arranges for any list of classes
// (two for the paper's binary tasks). Features are loaded as they
// are in the files (spec.h reads a data SPEC); scaling is a separate step
// (scaling.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/matrix.h"
#include "data/random.h"

namespace ricci {

struct Dataset {
  MatrixF features;                  // n x d
  std::vector<std::int64_t> labels;  // n
};

// Throws a data error naming `what`, the row and column at the first NaN or
// infinite feature, or a mismatch between rows and labels. Messages about a
// data set's points count rows and feature columns from 1, as the CSV reader
// counts lines and columns (the NPY and IDX readers give array indices,
// from 0, as NumPy does).
void check_dataset(const Dataset& data, const std::string& what);

// Keeps the points of classes a and b and relabels them a -> 0, b -> 1.
// A class that does not occur is a data error.
Dataset select_classes(const Dataset& data, std::int64_t a, std::int64_t b);
// Keeps the points of the listed classes (at least two, all different: a
// usage error otherwise) and relabels classes[i] -> i. A class that does
// not occur is a data error.
Dataset select_classes(const Dataset& data, const std::vector<std::int64_t>& classes);

// The distinct labels of `data`, in increasing order.
std::vector<std::int64_t> distinct_labels(const Dataset& data);

// Throws a data error naming `what` unless every label is 0 or 1 and both
// occur (an empty data set is an error too).
void check_binary_labels(const Dataset& data, const std::string& what);
// The same for `classes` classes: every label in 0..classes-1 and each
// occurring. With classes = 2 it is check_binary_labels, message for message.
void check_class_labels(const Dataset& data, std::size_t classes, const std::string& what);

// The rows at `indices`, in that order.
Dataset subset(const Dataset& data, const std::vector<std::size_t>& indices);

// The same points with their labels permuted by `rng` (a Fisher-Yates
// shuffle of the label vector, Rng::shuffle): every class keeps its count,
// the features keep their order. The shuffled-label baseline trains on it
// (docs/method.md, "Baselines and null tests").
Dataset with_shuffled_labels(const Dataset& data, Rng& rng);

// A stratified split: in each class, round(fraction * class size) points,
// chosen by `rng`, go to the second part. Both parts keep the original order.
// fraction must be in (0, 1) and leave each part with at least one point.
struct Split {
  Dataset first;
  Dataset second;
};
Split stratified_split(const Dataset& data, double fraction, Rng& rng);

// A stratified sample of `count` points (all of them when count >= n):
// class c gets floor(count n_c / n) points, and the points left over go one
// each to the classes with the largest remainders (count n_c mod n; the
// smaller label first on ties), so class shares are kept as closely as whole
// numbers allow. The members of each class are chosen by `rng`; the sample
// keeps the original order. A class may get no point when count is small.
Dataset stratified_sample(const Dataset& data, std::size_t count, Rng& rng);

// `per_class` points of every class that occurs, chosen by `rng`, in the
// original order. A class with fewer points is a data error whose subject
// is `subject` (e.g. "test points per class"), naming the class and its size.
Dataset balanced_subset(const Dataset& data, std::size_t per_class, Rng& rng,
                        const std::string& subject);

}  // namespace ricci
