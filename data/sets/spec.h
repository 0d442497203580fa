// spec.h — the data SPEC: where the points of a data set come from.
//
//   circles:n=2000,noise=0.05      a built-in synthetic data set with parameters
//   idx:IMAGES[,LABELS]            MNIST-format files, gzipped or not (data/io/idx.h)
//   csv:FILE[,FILE...]             label then features per line (data/io/csv.h)
//   npy:X.npy,y.npy                features (n x d) and labels (n) from NumPy
//
// Built-in names and their parameters are listed by `ricci datasets`
// (synthetic.h).
#pragma once

#include <string>

#include "data/files.h"
#include "data/sets/dataset.h"

namespace ricci {

// Loads the data SPEC. Unknown names, parameters or bad values are usage
// errors; unreadable or malformed files are data errors, and so is a file
// that inflates to more than `limit` bytes (gzip.h) or running out of
// memory (naming the SPEC). The result has been checked: finite features,
// as many labels as rows, at least one point.
Dataset load_dataset(const std::string& spec, std::size_t limit = kDefaultInputLimit);

}  // namespace ricci
