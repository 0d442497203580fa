// shapes.cpp — the synthetic generators: clean points, noise, random order.
#include "data/sets/shapes.h"

#include <cmath>
#include <vector>

namespace ricci {

namespace {

constexpr double kPi = 3.141592653589793238462643383279502884;
constexpr double kTwoPi = 2.0 * kPi;

// The frame every generator shares: the rows go to the C classes in blocks,
// class c taking floor(n / C) rows plus one more for c < n mod C (for two
// classes: class 0 for i < n - n/2, class 1 after); each row gets its clean
// point from `sample(label, rng, point)` (drawn from Rng(seed, 0)), then
// independent Gaussian noise of standard deviation `noise` on each of its d
// coordinates (from Rng(seed, 1)); finally the rows are put in a random
// order drawn from Rng(seed, 0).
template <class Sample>
Dataset generate(std::size_t n, std::size_t d, double noise, std::uint64_t seed, Sample sample,
                 std::size_t classes = 2) {
  Rng rng(seed, 0), noise_rng(seed, 1);
  Dataset data;
  data.features.resize(n, d);
  data.labels.resize(n);
  std::vector<double> point(d);
  int label = 0;
  std::size_t label_end = n / classes + (n % classes > 0 ? 1 : 0);  // the first row after class `label`
  for (std::size_t i = 0; i < n; ++i) {
    while (i >= label_end) {
      ++label;
      label_end += n / classes + (static_cast<std::size_t>(label) < n % classes ? 1 : 0);
    }
    sample(label, rng, point.data());
    for (std::size_t j = 0; j < d; ++j)
      data.features(i, j) = static_cast<float>(point[j] + (noise > 0 ? noise * noise_rng.normal() : 0.0));
    data.labels[i] = label;
  }
  return subset(data, rng.permutation(n));
}

double square(double x) { return x * x; }

}  // namespace

Dataset make_circles(std::size_t n, double noise, double factor, std::uint64_t seed) {
  return generate(n, 2, noise, seed, [&](int label, Rng& rng, double* point) {
    const double radius = label == 1 ? factor : 1.0;
    const double angle = kTwoPi * rng.uniform();
    point[0] = radius * std::cos(angle);
    point[1] = radius * std::sin(angle);
  });
}

Dataset make_four_circles(std::size_t n, double noise, double radius, double offset,
                          std::uint64_t seed) {
  const double centres[4][2] = {{0, offset}, {0, -offset}, {offset, 0}, {-offset, 0}};
  const auto in_small_disc = [&](double x, double y) {
    for (const auto& c : centres)
      if (square(x - c[0]) + square(y - c[1]) < square(radius)) return true;
    return false;
  };
  return generate(n, 2, noise, seed, [&](int label, Rng& rng, double* point) {
    if (label == 1) {  // uniform in one of the four equal discs, so uniform in their union
      const auto& c = centres[rng.uniform_index(4)];
      double x, y;
      do {
        x = rng.uniform(-radius, radius);
        y = rng.uniform(-radius, radius);
      } while (x * x + y * y >= radius * radius);
      point[0] = c[0] + x;
      point[1] = c[1] + y;
    } else {  // uniform in the unit disc outside the four small discs
      double x, y;
      do {
        x = rng.uniform(-1.0, 1.0);
        y = rng.uniform(-1.0, 1.0);
      } while (x * x + y * y >= 1.0 || in_small_disc(x, y));
      point[0] = x;
      point[1] = y;
    }
  });
}

Dataset make_cylinders(std::size_t n, double noise, double factor, double height,
                       std::uint64_t seed) {
  return generate(n, 3, noise, seed, [&](int label, Rng& rng, double* point) {
    const double radius = label == 1 ? factor : 1.0;
    const double angle = kTwoPi * rng.uniform();
    point[0] = radius * std::cos(angle);
    point[1] = radius * std::sin(angle);
    point[2] = height * (rng.uniform() - 0.5);
  });
}

Dataset make_linked_tori(std::size_t n, double noise, double radius, std::uint64_t seed) {
  const double reach = 1.0 + radius;  // half the side of the bounding box in the core's plane
  return generate(n, 3, noise, seed, [&](int label, Rng& rng, double* point) {
    // (a, b, c): uniform in the solid torus around the unit circle of the ab plane.
    double a, b, c;
    do {
      a = rng.uniform(-reach, reach);
      b = rng.uniform(-reach, reach);
      c = rng.uniform(-radius, radius);
    } while (square(std::sqrt(a * a + b * b) - 1.0) + c * c >= radius * radius);
    if (label == 0) {  // core in the xy plane around the origin
      point[0] = a;
      point[1] = b;
      point[2] = c;
    } else {  // core in the xz plane around (1, 0, 0)
      point[0] = 1.0 + a;
      point[1] = c;
      point[2] = b;
    }
  });
}

Dataset make_nested_spheres(std::size_t n, double noise, std::size_t d, double inner,
                            double outer, std::uint64_t seed) {
  return generate(n, d, noise, seed, [&](int label, Rng& rng, double* point) {
    double norm_squared;
    do {
      norm_squared = 0.0;
      for (std::size_t j = 0; j < d; ++j) {
        point[j] = rng.normal();
        norm_squared += point[j] * point[j];
      }
    } while (norm_squared == 0.0);
    // The volume within radius r grows as r^d: r = R u^(1/d) is uniform in
    // the ball of radius R; in the shell [1, outer], (r / outer)^d is uniform
    // in [outer^-d, 1] (written so that outer^d cannot overflow).
    const double u = rng.uniform();
    const double exponent = 1.0 / static_cast<double>(d);
    double radius;
    if (label == 1) {
      radius = inner * std::pow(u, exponent);
    } else {
      const double lowest = std::pow(1.0 / outer, static_cast<double>(d));
      radius = outer * std::pow(lowest + u * (1.0 - lowest), exponent);
    }
    const double scale = radius / std::sqrt(norm_squared);
    for (std::size_t j = 0; j < d; ++j) point[j] *= scale;
  });
}

Dataset make_swiss_roll(std::size_t n, double noise, std::size_t bands, double turns,
                        double width, std::uint64_t seed) {
  const double first_angle = 1.5 * kPi;
  const double last_angle = first_angle + kTwoPi * turns;
  return generate(n, 3, noise, seed, [&](int label, Rng& rng, double* point) {
    // Class c owns bands c, c + 2, c + 4, ...: (bands - c + 1) / 2 of them.
    const std::size_t own_bands = (bands - static_cast<std::size_t>(label) + 1) / 2;
    const std::size_t band = 2 * rng.uniform_index(own_bands) + static_cast<std::size_t>(label);
    const double position = (static_cast<double>(band) + rng.uniform()) / static_cast<double>(bands);
    const double angle = first_angle + (last_angle - first_angle) * position;
    const double radius = angle / last_angle;
    point[0] = radius * std::cos(angle);
    point[1] = width * (rng.uniform() - 0.5);
    point[2] = radius * std::sin(angle);
  });
}

Dataset make_spirals(std::size_t n, double noise, double turns, std::uint64_t seed, std::size_t classes) {
  return generate(
      n, 2, noise, seed,
      [&](int label, Rng& rng, double* point) {
        const double position = rng.uniform();
        const double radius = 0.1 + 0.9 * position;
        // arm c turned by 2 pi c / C (for two arms: 0 and pi, exactly)
        const double turn = classes == 2 ? (label == 1 ? kPi : 0.0) : kTwoPi * label / static_cast<double>(classes);
        const double angle = kTwoPi * turns * position + turn;
        point[0] = radius * std::cos(angle);
        point[1] = radius * std::sin(angle);
      },
      classes);
}

Dataset make_crossing_sheets(std::size_t n, double noise, double angle, std::uint64_t seed) {
  const double half = 0.5 * angle;
  return generate(n, 3, noise, seed, [&](int label, Rng& rng, double* point) {
    const double u = rng.uniform(-1.0, 1.0);
    point[0] = u * std::cos(half);
    point[1] = rng.uniform(-1.0, 1.0);
    point[2] = (label == 1 ? -u : u) * std::sin(half);
  });
}

}  // namespace ricci
