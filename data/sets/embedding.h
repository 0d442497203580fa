// embedding.h — placing a data set in a higher dimension by a seeded random
// isometry (the `dim=` and `extra_noise=` parameters of every built-in set).
//
// A data set with d0 native coordinates becomes, for dim = D >= d0,
//
//     y = Q [x; e]        x in R^d0 the native point, e in R^(D - d0),
//
// where Q is a D x D orthogonal matrix drawn from the Haar (uniform) measure
// and e holds the extra coordinates: zero when extra_noise = 0, otherwise
// independent N(0, extra_noise^2) per point and coordinate. So:
//   - extra_noise = 0: the data is an exact isometric copy lying on a random
//     d0-dimensional subspace of R^D; every pairwise distance and norm is
//     kept (up to float rounding).
//   - extra_noise = s > 0: the same copy plus isotropic Gaussian noise of
//     standard deviation s in the D - d0 directions orthogonal to that
//     subspace, so |y|^2 = |x|^2 + |e|^2 and E|e|^2 = s^2 (D - d0).
// The shape's own `noise` parameter acts on the native coordinates only,
// before the embedding. D = d0 is a random rotation (or reflection) of the
// native space.
//
// Only the first d0 columns Q1 of Q are formed (Gram-Schmidt of a Gaussian
// D x d0 matrix, which makes them Haar-distributed): Q [x; e] is computed as
// Q1 x + (I - Q1 Q1^T) g with g ~ N(0, s^2 I_D), which has the same
// distribution, at O(D d0) per point instead of O(D^2).
#pragma once

#include <cstddef>
#include <cstdint>

#include "data/matrix.h"
#include "data/random.h"
#include "data/sets/dataset.h"

namespace ricci {

// A rows x cols matrix (rows >= cols >= 1) with orthonormal columns: the
// first cols columns of a Haar-random rows x rows orthogonal matrix, from
// modified Gram-Schmidt (applied twice, for orthogonality to rounding) of
// independent standard normal entries.
MatrixD random_orthonormal_columns(std::size_t rows, std::size_t cols, Rng& rng);

// The embedding above: Q1 from Rng(seed, 2), the extra noise g from
// Rng(seed, 3). Labels and row order are kept. dim must be >= the data's
// column count and extra_noise >= 0.
Dataset embed_isometrically(const Dataset& data, std::size_t dim, double extra_noise,
                            std::uint64_t seed);

}  // namespace ricci
