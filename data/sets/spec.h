// spec.h — the data SPEC: where the points of a data set come from.
//
//   circles:n=2000,noise=0.05      a built-in synthetic data set with parameters
//   idx:IMAGES[,LABELS]            MNIST-format files, gzipped or not (data/io/idx.h)
//   csv:FILE[,FILE...]             label then features per line (data/io/csv.h)
//   npy:X.npy,y.npy                features (n x d) and labels (n) from NumPy
//   cifar:FILE[,FILE...]           CIFAR-10's binary batches (data/io/cifar.h)
//
// Any SPEC may end in name=NAME (`csv:a.csv,b.csv,name=fmnist59`), a short
// name for tables, figures and file names; without one the SPEC itself is
// the name. Built-in names and their parameters are listed by
// `ricci datasets` (synthetic.h).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/sets/dataset.h"

namespace ricci {

// Loads the data SPEC (its name= item aside). Unknown names, parameters or
// bad values are usage errors; unreadable or malformed files are data
// errors, and so is a file that inflates to more than `limit` bytes
// (gzip.h) or running out of memory (naming the SPEC). The result has been
// checked: finite features, as many labels as rows, at least one point.
Dataset load_dataset(const std::string& spec, std::size_t limit = kDefaultInputLimit);

// A SPEC split into the SPEC proper and its name= (empty when there is
// none). A name must be letters, digits, '.', '_' or '-' (a usage error
// otherwise), and appear once.
struct NamedSpec {
  std::string spec, name;
};
NamedSpec split_spec_name(const std::string& spec);

// The name of a data set in tables, figures and file names: its name=, or
// else the SPEC itself.
std::string dataset_name(const std::string& spec);

// The SPEC with its relative file paths (idx:, csv:, npy:, cifar:) taken relative to
// `dir` instead of the working directory; built-in SPECs are unchanged.
std::string spec_relative_to(const std::string& spec, const std::string& dir);

// The SPEC with each of its file paths (idx:, csv:, npy:, cifar:; not its
// name=) replaced by `map(path)`; built-in SPECs are unchanged.
std::string map_spec_files(const std::string& spec, const std::function<std::string(const std::string&)>& map);

// The file paths a SPEC names (idx:, csv:, npy:, cifar:), in order; none for a
// built-in data set.
std::vector<std::string> spec_files(const std::string& spec);

}  // namespace ricci
