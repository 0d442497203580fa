// synthetic.h — the registry of built-in synthetic data sets.
//
// The registry is what `ricci datasets` lists and what a data SPEC such as
// `linked-tori:n=2000,noise=0.05,dim=10` selects: a name, then key=value
// parameters; missing ones take their defaults. Each data set has its own
// parameters (n, noise, seed and its shape; the generators and their
// geometry are in shapes.h), and every one also takes the embedding
// parameters dim and extra_noise (embedding.h).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "data/sets/dataset.h"
#include "data/sets/shapes.h"

namespace ricci {

struct DatasetParameter {
  std::string name;
  double default_value;
  std::string help;
};

// The values of one SPEC's parameters, complete (defaults filled in), with
// checked accessors whose usage errors name the data set and the parameter.
struct SpecParameters {
  std::string dataset;
  std::map<std::string, double> values;

  double number(const std::string& name) const { return values.at(name); }
  // A value strictly between low and high.
  double open_interval(const std::string& name, double low, double high) const;
  // A whole number from low to high.
  std::size_t whole_number(const std::string& name, double low, double high) const;
  [[noreturn]] void fail(const std::string& message) const;
};

struct BuiltinDataset {
  std::string name;
  std::string description;
  std::vector<DatasetParameter> parameters;  // its own, without the embedding ones
  // Makes the data set in its native dimension; checks its shape parameters.
  Dataset (*make)(const SpecParameters& parameters);
};

const std::vector<BuiltinDataset>& builtin_datasets();

// dim and extra_noise, which every built-in data set takes.
const std::vector<DatasetParameter>& embedding_parameters();

// Makes a built-in data set from `name` and the parameters given in the SPEC
// (as text), then embeds it when dim > 0. Unknown names or parameters and
// values out of range are usage errors.
Dataset make_builtin_dataset(const std::string& name,
                             const std::map<std::string, std::string>& given);

}  // namespace ricci
