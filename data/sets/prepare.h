// prepare.h — from data SPECs and the data flags of `ricci train` to the
// training and test sets.
//
// The steps, in order (every one is seeded, so the same options give the
// same sets):
//   1. Load --data (dataset.h). With unit scaling, divide its features by 255
//      now (scaling.h), so an error names the row as it is in the files.
//   2. --classes: keep the listed classes, relabelled 0..C-1 in the order
//      listed (`a,b`: a -> 0, b -> 1, the paper's binary task; `0,1,2,3`;
//      `all`: every label of --data, in increasing order). Without it the
//      labels are used as they are and must already be 0..C-1. The number
//      of classes C (>= 2) is fixed here from --data; every class must
//      occur in every part below. C = 2 is a binary task (one sigmoid
//      output), C > 2 a multi-class one (C softmax outputs, nn/mlp.h).
//   3. --limit N: keep a stratified sample of at most N points
//      (stratified_sample, Rng(split_seed, 3)).
//   4. The test part: --test SPEC, loaded by steps 1 and 2 (its columns must
//      match), the training part being all of step 3; or else a stratified
//      split of step 3 with --test-fraction (Rng(split_seed, 2)).
//   5. --test-per-class N: keep N points of each class of the test part
//      (balanced_subset, Rng(split_seed, 4)); Hehl et al. use 500.
//   6. With standard scaling, fit it on the training part and apply it to
//      both parts.
// Every step checks its result: a class that does not occur, an empty set
// or one class left is a data error naming the step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "data/files.h"
#include "data/sets/dataset.h"
#include "data/sets/scaling.h"

namespace ricci {

struct DataOptions {
  std::string spec = "circles";  // --data
  std::string test_spec;         // --test; empty: split --data
  std::string classes;           // --classes "a,b", "a,b,c,..." or "all"; empty: labels already 0..C-1
  double test_fraction = 0.3;    // --test-fraction, used without --test
  std::uint64_t split_seed = 1;  // --split-seed
  Scaling scaling = Scaling::None;
  std::size_t limit = 0;           // --limit; 0: every point
  std::size_t test_per_class = 0;  // --test-per-class; 0: the whole test part
  std::size_t max_input = kDefaultInputLimit;  // --max-input: the most a file may inflate to (gzip.h)
};

struct PreparedData {
  Dataset train;
  Dataset test;
  std::size_t classes = 2;  // C: labels are 0..C-1 in both parts
};

PreparedData prepare_data(const DataOptions& options);

// --classes: `all`, or a list of at least two different integers in the
// order they are to be numbered; a usage error otherwise.
struct ClassChoice {
  bool all = false;
  std::vector<std::int64_t> list;  // empty with all
};
ClassChoice parse_classes(const std::string& text);

}  // namespace ricci
