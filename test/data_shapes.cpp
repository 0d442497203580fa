// data_shapes.cpp — tests of the synthetic generators (data/shapes.h): the
// geometry each comment states, checked point by point without noise, the
// noise model, uniformity where the points fill a region, and seeds.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "data/sets/shapes.h"
#include "data/sets/synthetic.h"

using namespace ricci;

namespace {

constexpr double kPi = 3.141592653589793238462643383279502884;

std::size_t count_label(const Dataset& data, std::int64_t label) {
  std::size_t count = 0;
  for (std::int64_t l : data.labels) count += l == label;
  return count;
}

double norm_of_row(const Dataset& data, std::size_t i) {
  double sum = 0.0;
  for (std::size_t j = 0; j < data.features.cols(); ++j) sum += double(data.features(i, j)) * data.features(i, j);
  return std::sqrt(sum);
}

// The angle a - b folded into (-pi, pi].
double angle_difference(double a, double b) {
  double d = std::fmod(a - b, 2 * kPi);
  if (d > kPi) d -= 2 * kPi;
  if (d <= -kPi) d += 2 * kPi;
  return d;
}

// Fraction of class `label` rows whose `measure` is below `threshold`.
template <class Measure>
double fraction_below(const Dataset& data, std::int64_t label, double threshold, Measure measure) {
  std::size_t below = 0, total = 0;
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    if (data.labels[i] != label) continue;
    ++total;
    below += measure(i) < threshold;
  }
  return double(below) / double(total);
}

}  // namespace

TEST_CASE("every built-in data set is balanced, seeded and as wide as stated") {
  const std::map<std::string, std::size_t> native_dimension = {
      {"circles", 2},   {"four-circles", 2}, {"cylinders", 3}, {"linked-tori", 3},
      {"nested-spheres", 3}, {"swiss-roll", 3}, {"spirals", 2}, {"paper-a", 2}, {"paper-b", 3}, {"paper-c", 3}};
  REQUIRE(builtin_datasets().size() == native_dimension.size());
  for (const BuiltinDataset& dataset : builtin_datasets()) {
    CAPTURE(dataset.name);
    REQUIRE(native_dimension.count(dataset.name) == 1);
    const Dataset odd = make_builtin_dataset(dataset.name, {{"n", "301"}});
    CHECK(odd.features.rows() == 301);
    CHECK(odd.features.cols() == native_dimension.at(dataset.name));
    CHECK(count_label(odd, 0) == 151);
    CHECK(count_label(odd, 1) == 150);
    // Shuffled: the first half is not all one class.
    CHECK(count_label(subset(odd, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}), 1) > 0);
    CHECK(count_label(subset(odd, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}), 0) > 0);

    const Dataset again = make_builtin_dataset(dataset.name, {{"n", "301"}});
    CHECK(again.features == odd.features);
    CHECK(again.labels == odd.labels);
    const Dataset other_seed = make_builtin_dataset(dataset.name, {{"n", "301"}, {"seed", "2"}});
    CHECK(other_seed.features != odd.features);
  }
}

TEST_CASE("noise is independent Gaussian noise on the same clean points") {
  // One seed gives the same clean points at every noise level, so the
  // difference between noise 0 and noise 0.1 is the noise itself: mean 0 and
  // standard deviation 0.1 per coordinate.
  for (const BuiltinDataset& dataset : builtin_datasets()) {
    CAPTURE(dataset.name);
    const Dataset clean = make_builtin_dataset(dataset.name, {{"n", "4000"}, {"noise", "0"}});
    const Dataset noisy = make_builtin_dataset(dataset.name, {{"n", "4000"}, {"noise", "0.1"}});
    REQUIRE(clean.labels == noisy.labels);
    double sum = 0.0, sum_squares = 0.0;
    const std::size_t count = clean.features.size();
    for (std::size_t k = 0; k < count; ++k) {
      const double difference = double(noisy.features.data()[k]) - clean.features.data()[k];
      sum += difference;
      sum_squares += difference * difference;
    }
    const double mean = sum / double(count);
    CHECK(std::fabs(mean) < 0.01);  // 5 standard errors of 0.1 / sqrt(8000)
    CHECK(std::sqrt(sum_squares / double(count) - mean * mean) == doctest::Approx(0.1).epsilon(0.03));
  }
}

TEST_CASE("circles: radius 1 and factor, within the noise") {
  const Dataset clean = make_circles(1000, 0.0, 0.4, 3);
  for (std::size_t i = 0; i < clean.labels.size(); ++i)
    CHECK(norm_of_row(clean, i) == doctest::Approx(clean.labels[i] == 1 ? 0.4 : 1.0).epsilon(1e-6));
  // With noise 0.05 a point is within 6 standard deviations of its circle
  // (probability of a 2-D Gaussian beyond 6 sd: exp(-18) per point).
  const Dataset noisy = make_circles(1000, 0.05, 0.4, 3);
  double max_deviation = 0.0;
  for (std::size_t i = 0; i < noisy.labels.size(); ++i)
    max_deviation = std::max(max_deviation, std::fabs(norm_of_row(noisy, i) - (noisy.labels[i] == 1 ? 0.4 : 1.0)));
  CHECK(max_deviation < 0.3);
  CHECK(max_deviation > 0.05);
}

TEST_CASE("four-circles: class 1 in the four small discs, class 0 uniform in the rest of the unit disc") {
  const double radius = 0.2, offset = 0.5;
  const double centres[4][2] = {{0, 0.5}, {0, -0.5}, {0.5, 0}, {-0.5, 0}};
  const Dataset data = make_four_circles(20000, 0.0, radius, offset, 7);
  std::size_t per_disc[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    const double x = data.features(i, 0), y = data.features(i, 1);
    int disc = -1;
    for (int k = 0; k < 4; ++k)
      if (std::hypot(x - centres[k][0], y - centres[k][1]) < radius + 1e-6) disc = k;
    REQUIRE(std::hypot(x, y) < 1.0 + 1e-6);
    if (data.labels[i] == 1) {
      REQUIRE(disc >= 0);
      ++per_disc[disc];
    } else {
      REQUIRE(disc == -1);
    }
  }
  for (std::size_t count : per_disc) CHECK(double(count) / 10000.0 == doctest::Approx(0.25).epsilon(0.08));
  // Uniform in the region: the disc r < 0.3 misses the small discs, so it
  // holds class 0 in proportion to its area, 0.09 pi / ((1 - 4 * 0.04) pi).
  const double expected = 0.09 / (1.0 - 4 * radius * radius);
  const double found = fraction_below(data, 0, 0.3, [&](std::size_t i) { return norm_of_row(data, i); });
  CHECK(std::fabs(found - expected) < 0.015);  // about 5 standard errors
}

TEST_CASE("cylinders: radii 1 and factor around the z axis, z uniform in the height") {
  const double factor = 0.6, height = 3.0;
  const Dataset data = make_cylinders(4000, 0.0, factor, height, 5);
  double z_sum = 0.0;
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    const double r = std::hypot(double(data.features(i, 0)), double(data.features(i, 1)));
    CHECK(r == doctest::Approx(data.labels[i] == 1 ? factor : 1.0).epsilon(1e-6));
    CHECK(std::fabs(data.features(i, 2)) <= height / 2);
    z_sum += data.features(i, 2);
  }
  CHECK(std::fabs(z_sum / 4000.0) < 0.07);  // sd of the mean: 3 / sqrt(12 * 4000) = 0.014
  CHECK(fraction_below(data, 0, 0.0, [&](std::size_t i) { return data.features(i, 2); }) ==
        doctest::Approx(0.5).epsilon(0.1));
}

TEST_CASE("linked-tori: two disjoint solid tori, uniform in volume, linked") {
  const double r = 0.3;
  const Dataset data = make_linked_tori(8000, 0.0, r, 11);
  // The distance of a point to each core circle: core 0 is the unit circle
  // of the xy plane, core 1 the unit circle of the xz plane around (1, 0, 0).
  const auto to_core0 = [&](std::size_t i) {
    const double x = data.features(i, 0), y = data.features(i, 1), z = data.features(i, 2);
    return std::hypot(std::hypot(x, y) - 1.0, z);
  };
  const auto to_core1 = [&](std::size_t i) {
    const double x = data.features(i, 0), y = data.features(i, 1), z = data.features(i, 2);
    return std::hypot(std::hypot(x - 1.0, z) - 1.0, y);
  };
  bool inside_hole = false, outside_ring = false;
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    const double own = data.labels[i] == 0 ? to_core0(i) : to_core1(i);
    const double other = data.labels[i] == 0 ? to_core1(i) : to_core0(i);
    REQUIRE(own < r + 1e-6);
    REQUIRE(other > r);
    // Linked: torus 1 crosses the plane of core 0 both inside its hole
    // (near the origin) and outside it (near (2, 0, 0)).
    if (data.labels[i] == 1 && std::fabs(data.features(i, 2)) < 0.1) {
      inside_hole = inside_hole || std::hypot(double(data.features(i, 0)), double(data.features(i, 1))) < 1 - r;
      outside_ring = outside_ring || data.features(i, 0) > 1 + r;
    }
  }
  CHECK(inside_hole);
  CHECK(outside_ring);
  // Uniform in volume: the volume within distance rho of the core is
  // 2 pi^2 R rho^2, so a quarter of the points lie within r / 2.
  CHECK(fraction_below(data, 0, r / 2, to_core0) == doctest::Approx(0.25).epsilon(0.1));
  CHECK(fraction_below(data, 1, r / 2, to_core1) == doctest::Approx(0.25).epsilon(0.1));
}

TEST_CASE("nested-spheres: a ball inside a shell, uniform in volume, in any dimension") {
  for (std::size_t d : {2, 5}) {
    CAPTURE(d);
    const double inner = 0.7, outer = 1.3;
    const Dataset data = make_nested_spheres(6000, 0.0, d, inner, outer, 2);
    REQUIRE(data.features.cols() == d);
    std::vector<double> coordinate_sum(d, 0.0);
    for (std::size_t i = 0; i < data.labels.size(); ++i) {
      const double r = norm_of_row(data, i);
      if (data.labels[i] == 1) CHECK(r <= inner + 1e-6);
      else CHECK((r >= 1.0 - 1e-6 && r <= outer + 1e-6));
      for (std::size_t j = 0; j < d; ++j) coordinate_sum[j] += data.features(i, j);
    }
    for (double sum : coordinate_sum) CHECK(std::fabs(sum / 6000.0) < 0.06);  // isotropic
    // Half the volume of the ball lies within inner * 2^(-1/d); half the
    // shell's within m, m^d = (1 + outer^d) / 2.
    const auto norm = [&](std::size_t i) { return norm_of_row(data, i); };
    CHECK(fraction_below(data, 1, inner * std::pow(0.5, 1.0 / double(d)), norm) == doctest::Approx(0.5).epsilon(0.08));
    CHECK(fraction_below(data, 0, std::pow((1 + std::pow(outer, double(d))) / 2, 1.0 / double(d)), norm) ==
          doctest::Approx(0.5).epsilon(0.08));
  }
}

TEST_CASE("swiss-roll: the class is the parity of the band along the roll") {
  const std::size_t bands = 5;
  const double turns = 1.5, width = 2.0;
  const Dataset data = make_swiss_roll(3001, 0.0, bands, turns, width, 4);
  const double first = 1.5 * kPi, last = first + 2 * kPi * turns;
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    const double x = data.features(i, 0), y = data.features(i, 1), z = data.features(i, 2);
    // Recover the angle from the radius (r = t / t_max) and check it against
    // the direction of (x, z).
    const double angle = std::hypot(x, z) * last;
    REQUIRE(angle >= first - 1e-4);
    REQUIRE(angle <= last + 1e-4);
    CHECK(std::fabs(angle_difference(std::atan2(z, x), angle)) < 1e-4);
    CHECK(std::fabs(y) <= width / 2);
    const double position = (angle - first) / (last - first);
    const auto band = static_cast<std::int64_t>(std::floor(std::min(position * bands, bands - 1e-9)));
    // Points within rounding of a band edge may go either way.
    if (std::fabs(position * bands - std::round(position * bands)) > 1e-4) CHECK(data.labels[i] == band % 2);
  }
}

TEST_CASE("spirals: each class on its arm, r = 0.1 + 0.9 s at angle 2 pi turns s (+ pi)") {
  const double turns = 2.5;
  const Dataset data = make_spirals(2000, 0.0, turns, 9);
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    const double r = norm_of_row(data, i);
    REQUIRE(r >= 0.1 - 1e-6);
    REQUIRE(r <= 1.0 + 1e-6);
    const double position = (r - 0.1) / 0.9;
    const double expected = 2 * kPi * turns * position + (data.labels[i] == 1 ? kPi : 0.0);
    CHECK(std::fabs(angle_difference(std::atan2(double(data.features(i, 1)), double(data.features(i, 0))), expected)) <
          1e-4);
  }
}

TEST_CASE("spirals with C arms: arm c turned by 2 pi c / C, classes balanced; C = 2 is the two spirals exactly") {
  const double turns = 1.5;
  const Dataset data = make_spirals(1001, 0.0, turns, 4, 4);
  std::vector<std::size_t> count(4, 0);
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    REQUIRE(data.labels[i] >= 0);
    REQUIRE(data.labels[i] < 4);
    ++count[static_cast<std::size_t>(data.labels[i])];
    const double position = (norm_of_row(data, i) - 0.1) / 0.9;
    const double expected = 2 * kPi * turns * position + 2 * kPi * double(data.labels[i]) / 4;
    CHECK(std::fabs(angle_difference(std::atan2(double(data.features(i, 1)), double(data.features(i, 0))), expected)) <
          1e-4);
  }
  CHECK(count == std::vector<std::size_t>{251, 250, 250, 250});  // 1001 = 4 x 250 + 1: class 0 takes the extra
  const Dataset two = make_spirals(777, 0.05, 2.0, 3, 2), before = make_spirals(777, 0.05, 2.0, 3);
  CHECK(two.features == before.features);
  CHECK(two.labels == before.labels);
  const Dataset three = make_builtin_dataset("spirals", {{"n", "300"}, {"classes", "3"}});
  CHECK(three.labels.size() == 300);
  CHECK(*std::max_element(three.labels.begin(), three.labels.end()) == 2);
}
