// synthetic.cpp — the registry of built-in data sets and SPEC parameter checks.
#include "data/sets/synthetic.h"

#include <cmath>
#include <cstdlib>

#include "data/error.h"
#include "data/format.h"
#include "data/sets/embedding.h"

namespace ricci {

namespace {

// No data set may hold more than this many values (n times the columns).
constexpr double kMaxValues = 5e8;

std::uint64_t seed_of(const SpecParameters& p) { return static_cast<std::uint64_t>(p.number("seed")); }
std::size_t n_of(const SpecParameters& p) { return static_cast<std::size_t>(p.number("n")); }

// Refuses a data set of more than kMaxValues values before it is made.
void check_size(const SpecParameters& p, const char* columns_name, std::size_t columns) {
  const double values = p.number("n") * static_cast<double>(columns);
  if (values > kMaxValues)
    p.fail("n x " + std::string(columns_name) + " = " + format_double(values) + " values is more than " +
           format_double(kMaxValues));
}

Dataset make_circles_from(const SpecParameters& p) {
  return make_circles(n_of(p), p.number("noise"), p.open_interval("factor", 0, 1), seed_of(p));
}

Dataset make_four_circles_from(const SpecParameters& p) {
  const double offset = p.open_interval("offset", 0, 1);
  const double radius = p.open_interval("radius", 0, offset / std::sqrt(2.0));
  if (offset + radius >= 1) p.fail("offset + radius must be < 1 (the small discs lie inside the unit disc)");
  return make_four_circles(n_of(p), p.number("noise"), radius, offset, seed_of(p));
}

Dataset make_cylinders_from(const SpecParameters& p) {
  return make_cylinders(n_of(p), p.number("noise"), p.open_interval("factor", 0, 1),
                        p.open_interval("height", 0, 1e6), seed_of(p));
}

Dataset make_linked_tori_from(const SpecParameters& p) {
  return make_linked_tori(n_of(p), p.number("noise"), p.open_interval("radius", 0, 0.5), seed_of(p));
}

Dataset make_nested_spheres_from(const SpecParameters& p) {
  const std::size_t d = p.whole_number("d", 2, 1e6);
  check_size(p, "d", d);
  return make_nested_spheres(n_of(p), p.number("noise"), d, p.open_interval("inner", 0, 1),
                             p.open_interval("outer", 1, 1e6), seed_of(p));
}

Dataset make_swiss_roll_from(const SpecParameters& p) {
  return make_swiss_roll(n_of(p), p.number("noise"), p.whole_number("bands", 2, 1e6),
                         p.open_interval("turns", 0, 1000), p.open_interval("width", 0, 1e6), seed_of(p));
}

Dataset make_spirals_from(const SpecParameters& p) {
  return make_spirals(n_of(p), p.number("noise"), p.open_interval("turns", 0, 1000), seed_of(p));
}

// spirals with its number of arms (paper-a is the two-arm set only).
Dataset make_spiral_arms_from(const SpecParameters& p) {
  const std::size_t classes = p.whole_number("classes", 2, 1000);
  if (static_cast<double>(classes) > p.number("n")) p.fail("needs at least one point per class (n >= classes)");
  return make_spirals(n_of(p), p.number("noise"), p.open_interval("turns", 0, 1000), seed_of(p), classes);
}

Dataset make_crossing_sheets_from(const SpecParameters& p) {
  constexpr double kDegrees = 3.141592653589793238462643383279502884 / 180.0;
  return make_crossing_sheets(n_of(p), p.number("noise"), kDegrees * p.open_interval("angle", 0, 180), seed_of(p));
}

// Parses a whole SPEC value as a finite number; usage error otherwise.
double parse_value(const std::string& dataset, const std::string& name, const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value))
    throw usage_error(dataset + ": parameter '" + name + "' expects a number, got '" + text + "'");
  return value;
}

const DatasetParameter kSize = {"n", 2000, "number of points (classes balanced)"};
const DatasetParameter kSeed = {"seed", 1, "seed of the points (not of the train/test split, nor of the weights)"};
DatasetParameter noise_parameter(double default_value) {
  return {"noise", default_value, "standard deviation of the Gaussian noise per coordinate"};
}

}  // namespace

double SpecParameters::open_interval(const std::string& name, double low, double high) const {
  const double value = number(name);
  if (!(value > low && value < high))
    fail("parameter '" + name + "' must be in (" + format_double(low) + ", " + format_double(high) +
         "), got " + format_double(value));
  return value;
}

std::size_t SpecParameters::whole_number(const std::string& name, double low, double high) const {
  const double value = number(name);
  if (value != std::floor(value) || value < low || value > high)
    fail("parameter '" + name + "' must be a whole number from " + format_double(low) + " to " +
         format_double(high) + ", got " + format_double(value));
  return static_cast<std::size_t>(value);
}

void SpecParameters::fail(const std::string& message) const { throw usage_error(dataset + ": " + message); }

const std::vector<BuiltinDataset>& builtin_datasets() {
  static const std::vector<BuiltinDataset> registry = {
      {"circles", "two concentric circles in 2-D (class 1 the inner circle)",
       {kSize, noise_parameter(0.05), {"factor", 0.5, "radius of the inner circle (the outer has radius 1)"}, kSeed},
       make_circles_from},
      {"four-circles", "the unit disc in 2-D; class 1 fills four small discs, class 0 the rest",
       {kSize, noise_parameter(0), {"radius", 0.2, "radius of the small discs"},
        {"offset", 0.5, "distance of their centres (0,+-offset), (+-offset,0) from the origin"}, kSeed},
       make_four_circles_from},
      {"cylinders", "two concentric cylindrical shells around the z axis in 3-D (class 1 inner)",
       {kSize, noise_parameter(0.05), {"factor", 0.5, "radius of the inner cylinder (the outer has radius 1)"},
        {"height", 2, "height of both cylinders"}, kSeed},
       make_cylinders_from},
      {"linked-tori", "two interlocked solid tori in 3-D (major radius 1)",
       {kSize, noise_parameter(0), {"radius", 0.3, "minor radius of both tori (< 0.5 keeps them apart)"}, kSeed},
       make_linked_tori_from},
      {"nested-spheres", "a solid ball (class 1) inside a spherical shell (class 0) in R^d",
       {kSize, noise_parameter(0), {"d", 3, "dimension of the space (>= 2)"},
        {"inner", 0.5, "radius of the ball"}, {"outer", 1.5, "outer radius of the shell (its inner radius is 1)"},
        kSeed},
       make_nested_spheres_from},
      {"swiss-roll", "a Swiss roll in 3-D whose class alternates in bands along the roll",
       {kSize, noise_parameter(0.05), {"bands", 4, "number of bands along the roll"},
        {"turns", 1.5, "turns of the roll"}, {"width", 1, "width of the roll (along y)"}, kSeed},
       make_swiss_roll_from},
      {"spirals", "two (or `classes`) interleaved spirals in 2-D",
       {kSize, noise_parameter(0.03), {"turns", 2, "turns of each spiral"},
        {"classes", 2, "number of spirals, one class each (> 2: a multi-class task)"}, kSeed},
       make_spiral_arms_from},
      // The synthetic sets of Baptista et al. (2024), Figure 2A: 1,000
      // training and 1,000 test points each (n = 2000, --test-fraction 0.5).
      {"paper-a",
       "the paper's data set A: two manifolds entangled geometrically but not topologically\n"
       "  (after Brahma et al. 2016): two interleaved spirals in 2-D, as spirals",
       {kSize, noise_parameter(0.03), {"turns", 2, "turns of each spiral"}, kSeed}, make_spirals_from},
      {"paper-b",
       "the paper's data set B: manifolds that cannot be made linearly separable without\n"
       "  changing their topology (after Naitzat et al. 2020): two linked solid tori in 3-D, as linked-tori",
       {kSize, noise_parameter(0), {"radius", 0.3, "minor radius of both tori (< 0.5 keeps them apart)"}, kSeed},
       make_linked_tori_from},
      {"paper-c",
       "the paper's data set C: two intersecting manifolds, so that no classifier is perfect:\n"
       "  two planar sheets in 3-D crossing along the y axis (best possible accuracy 0.944 at the defaults)",
       {kSize, noise_parameter(0.05), {"angle", 45, "angle between the sheets, in degrees"}, kSeed},
       make_crossing_sheets_from},
  };
  return registry;
}

const std::vector<DatasetParameter>& embedding_parameters() {
  static const std::vector<DatasetParameter> parameters = {
      {"dim", 0, "embed in this many dimensions by a seeded random isometry (0: native coordinates)"},
      {"extra_noise", 0, "standard deviation of the Gaussian noise in the dim - native extra dimensions"},
  };
  return parameters;
}

Dataset make_builtin_dataset(const std::string& name,
                             const std::map<std::string, std::string>& given) {
  for (const BuiltinDataset& dataset : builtin_datasets()) {
    if (dataset.name != name) continue;
    SpecParameters p{name, {}};
    std::string known;
    for (const auto* list : {&dataset.parameters, &embedding_parameters()})
      for (const DatasetParameter& parameter : *list) {
        p.values[parameter.name] = parameter.default_value;
        known += (known.empty() ? "" : ", ") + parameter.name;
      }
    for (const auto& [key, text] : given) {
      if (!p.values.count(key))
        throw usage_error(name + ": unknown parameter '" + key + "' (expected one of: " + known + ")");
      p.values[key] = parse_value(name, key, text);
    }
    p.whole_number("n", 4, 1e8);
    if (p.number("noise") < 0) p.fail("parameter 'noise' must be >= 0");
    if (p.number("extra_noise") < 0) p.fail("parameter 'extra_noise' must be >= 0");
    p.whole_number("seed", 0, 9.0e15);
    const std::size_t dim = p.whole_number("dim", 0, 1e6);
    check_size(p, "dim", dim);
    if (p.number("extra_noise") > 0 && dim == 0) p.fail("parameter 'extra_noise' needs dim");

    Dataset data = dataset.make(p);
    if (dim == 0) return data;
    if (dim < data.features.cols())
      p.fail("parameter 'dim' must be at least the native dimension " + std::to_string(data.features.cols()) +
             ", got " + std::to_string(dim));
    return embed_isometrically(data, dim, p.number("extra_noise"), seed_of(p));
  }
  std::string names;
  for (const BuiltinDataset& dataset : builtin_datasets())
    names += (names.empty() ? "" : ", ") + dataset.name;
  throw usage_error("unknown dataset '" + name + "' (built-in: " + names +
                    "; files: idx:IMAGES[,LABELS], csv:FILE[,FILE...], npy:X.npy,y.npy, cifar:FILE[,FILE...])");
}

}  // namespace ricci
