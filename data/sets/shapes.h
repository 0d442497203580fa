// shapes.h — the synthetic binary data sets of known shape.
//
// The papers study how a ReLU network untangles classes whose geometry and
// topology are known; these are those classes. Every generator is a pure
// function of its arguments: n points, `noise` (the standard deviation of
// independent Gaussian noise added to every coordinate after sampling, unless
// a generator says otherwise), a data seed, and its own shape parameters.
// Classes are balanced: class 0 gets n - n/2 points, class 1 gets n/2. The
// rows come in a seeded random order, so classes are interleaved and any
// prefix is a fair sample. The clean points and the order come from
// Rng(seed, 0) and the noise from Rng(seed, 1), so one seed gives the same
// clean points at every noise level.
//
// Arguments are assumed valid (synthetic.cpp checks SPEC values and states
// the ranges); each comment below gives the geometry and the topology.
#pragma once

#include <cstddef>
#include <cstdint>

#include "data/sets/dataset.h"

namespace ricci {

// Two concentric circles in 2-D: class 0 on the circle of radius 1, class 1
// on the circle of radius `factor` (0 < factor < 1), angles uniform.
// Topology: two disjoint circles, one inside the other; no linear map
// separates them, a ReLU network must fold the plane.
Dataset make_circles(std::size_t n, double noise, double factor, std::uint64_t seed);

// Four discs in the unit disc, 2-D: class 1 uniform in the union of four
// discs of radius `radius` centred at (0, ±offset) and (±offset, 0); class 0
// uniform in the rest of the unit disc. Both by rejection from the square
// [-1, 1]^2 (a point of class 1 first picks one of the four equal discs).
// Requires the small discs to be disjoint and inside the unit disc:
// radius < offset / sqrt(2) and offset + radius < 1.
// Topology: class 1 is four disjoint discs, class 0 a disc with four holes;
// a network must separate four components from the region around them.
Dataset make_four_circles(std::size_t n, double noise, double radius, double offset,
                          std::uint64_t seed);

// Two concentric cylindrical shells in 3-D around the z axis: class 0 at
// radius 1, class 1 at radius `factor` (0 < factor < 1); angle uniform,
// height z uniform in [-height/2, height/2].
// Topology: two nested cylinders S^1 x [0, 1]; circles extruded along z,
// so the z coordinate carries no information.
Dataset make_cylinders(std::size_t n, double noise, double factor, double height,
                       std::uint64_t seed);

// Two interlocked solid tori in 3-D (a Hopf link), each of major radius 1 and
// minor radius `radius` (0 < radius < 0.5), uniform in their volume (by
// rejection from the bounding box). Class 0's core circle lies in the xy
// plane centred at the origin; class 1's core circle lies in the xz plane
// centred at (1, 0, 0), so each core passes through the other's hole. Every
// point of one core is at distance exactly 1 from the other core, so the two
// solid tori are at least 1 - 2 radius apart.
// Topology: two linked solid tori D^2 x S^1; no homeomorphism of R^3
// unlinks them, a network must use its extra dimensions or tear.
Dataset make_linked_tori(std::size_t n, double noise, double radius, std::uint64_t seed);

// A ball inside a spherical shell in R^d (d >= 2): class 1 uniform in the
// ball of radius `inner` (< 1) around the origin, class 0 uniform in the
// shell between radii 1 and `outer` (> 1). Directions are normalised
// Gaussian vectors; radii are inverse-CDF samples of the volume, r^d uniform.
// Topology: a d-ball enclosed by S^(d-1) x [0, 1]; for d = 2 a disc inside an
// annulus.
Dataset make_nested_spheres(std::size_t n, double noise, std::size_t d, double inner,
                            double outer, std::uint64_t seed);

// A Swiss roll in 3-D whose class alternates in `bands` bands along the roll.
// A position s along the roll is uniform in [0, 1] (uniform in the angle, as
// scikit-learn's make_swiss_roll); the angle is t = 1.5 pi + 2 pi turns s and
// the radius t / t_max (so the outer edge has radius 1); the point is
// (r cos t, y, r sin t) with y uniform in [-width/2, width/2]. The point is in
// band floor(bands s) and its class is that band's parity; each class first
// picks one of its own bands uniformly, which keeps the classes balanced.
// Topology: a rectangle rolled up; each class is a set of disjoint strips
// across the roll, separable only once the roll is unrolled.
Dataset make_swiss_roll(std::size_t n, double noise, std::size_t bands, double turns,
                        double width, std::uint64_t seed);

// Two interleaved spirals in 2-D. At a position s uniform in [0, 1] class 0
// is at radius r = 0.1 + 0.9 s and angle 2 pi turns s; class 1 is the same
// spiral turned by pi. Along any ray the arms alternate, 0.45 / turns apart.
// Topology: two disjoint arcs wound around each other; each is contractible,
// but a network must unwind `turns` turns to separate them.
// With `classes` = C > 2: C interleaved arms, arm c turned by 2 pi c / C
// (labels 0..C-1, balanced as generate() deals rows), 0.9 / (C turns) apart
// along a ray; C = 2 is the two spirals above, point for point.
Dataset make_spirals(std::size_t n, double noise, double turns, std::uint64_t seed, std::size_t classes = 2);

// Two planar sheets in 3-D crossing along the y axis at `angle` radians
// (0 < angle < pi): class 0 at (u cos a, y, u sin a), class 1 at
// (u cos a, y, -u sin a), a = angle / 2, with u and y uniform in [-1, 1];
// then noise on every coordinate.
// Topology: two squares that intersect in a segment; near it the classes
// overlap, so no classifier is perfect. With isotropic noise s the density
// of class c at (x, z) is, with a_c and e_c the coordinates of (x, z) along
// and across its sheet, phi(e_c / s) (Phi((1 - a_c) / s) - Phi((-1 - a_c) / s))
// up to a common factor, and the best possible accuracy is that of choosing
// the class of larger density (docs/method.md, "Data sets").
Dataset make_crossing_sheets(std::size_t n, double noise, double angle, std::uint64_t seed);

}  // namespace ricci
