// data_synthetic.cpp — tests of the built-in registry and SPEC parameters
// (data/synthetic.h, load_dataset): defaults, overrides and every rejection.
#include <doctest/doctest.h>

#include "data/error.h"
#include "data/sets/dataset.h"
#include "data/sets/spec.h"
#include "data/sets/synthetic.h"
#include "test/data_support.h"

using namespace ricci;
using ricci_test::check_error;

TEST_CASE("the registry holds the seven data sets of the papers, each with n, noise and seed") {
  std::vector<std::string> names;
  for (const BuiltinDataset& dataset : builtin_datasets()) {
    names.push_back(dataset.name);
    bool has_n = false, has_noise = false, has_seed = false;
    for (const DatasetParameter& p : dataset.parameters) {
      has_n = has_n || p.name == "n";
      has_noise = has_noise || p.name == "noise";
      has_seed = has_seed || p.name == "seed";
      CHECK(!p.help.empty());
    }
    CHECK(has_n);
    CHECK(has_noise);
    CHECK(has_seed);
    CHECK(!dataset.description.empty());
  }
  CHECK(names == std::vector<std::string>{"circles", "four-circles", "cylinders", "linked-tori",
                                          "nested-spheres", "swiss-roll", "spirals", "paper-a", "paper-b", "paper-c"});
}

TEST_CASE("a SPEC selects a data set and overrides its parameters") {
  const Dataset data = load_dataset("linked-tori:n=2000,noise=0.05");
  CHECK(data.features.rows() == 2000);
  CHECK(data.features.cols() == 3);
  CHECK(load_dataset("linked-tori").features.rows() == 2000);  // the default n
  CHECK(load_dataset("nested-spheres:n=10,d=7").features.cols() == 7);
  CHECK(load_dataset("spirals:n=100,dim=6,extra_noise=0.01").features.cols() == 6);
  // The SPEC and the generator agree.
  CHECK(load_dataset("circles:n=64,noise=0.02,factor=0.3,seed=9").features ==
        make_circles(64, 0.02, 0.3, 9).features);
}

TEST_CASE("bad SPECs are usage errors naming the data set and the parameter") {
  struct Case {
    const char* spec;
    const char* named;
  };
  const Case cases[] = {
      {"tori", "unknown dataset 'tori'"},
      {"circles:m=3", "unknown parameter 'm'"},
      {"circles:n=abc", "'n' expects a number"},
      {"circles:n=nan", "'n' expects a number"},
      {"circles:n=3", "'n' must be a whole number"},
      {"circles:n=100.5", "'n' must be a whole number"},
      {"circles:noise=-0.1", "'noise' must be >= 0"},
      {"circles:seed=-1", "'seed'"},
      {"circles:factor=1", "'factor' must be in (0, 1)"},
      {"circles:n=10,n=20", "given twice"},
      {"circles:n", "expected key=value"},
      {"four-circles:radius=0.4", "'radius' must be in (0, 0.35"},
      {"four-circles:offset=0.9,radius=0.2", "offset + radius must be < 1"},
      {"cylinders:height=0", "'height'"},
      {"linked-tori:radius=0.5", "'radius' must be in (0, 0.5)"},
      {"nested-spheres:d=1", "'d' must be a whole number from 2"},
      {"nested-spheres:outer=1", "'outer' must be in (1,"},
      {"nested-spheres:inner=1", "'inner' must be in (0, 1)"},
      {"nested-spheres:n=100000,d=10000", "values is more than"},
      {"swiss-roll:bands=1", "'bands' must be a whole number from 2"},
      {"swiss-roll:turns=0", "'turns'"},
      {"spirals:turns=-1", "'turns'"},
      {"spirals:classes=1", "'classes' must be a whole number from 2"},
      {"spirals:classes=2.5", "'classes' must be a whole number from 2"},
      {"spirals:n=5,classes=6", "n >= classes"},
      {":n=3", "empty dataset name"},
      {"npy:only.npy", "npy:FEATURES.npy,LABELS.npy"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.spec));
    check_error([&] { load_dataset(c.spec); }, ErrorKind::Usage, c.named);
  }
}
