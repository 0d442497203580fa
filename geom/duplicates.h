// duplicates.h — groups of identical rows in a point set.
//
// ReLU layers map many inputs to exactly the same point (all-zero rows are
// common). Exact k-NN (knn.h) searches over the distinct points only and
// hands each group's members out by index, which keeps duplicates cheap and
// makes ties among them exact. Two rows are identical when every coordinate
// compares equal as a float (so 0.0 and -0.0 are the same coordinate).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/matrix.h"

namespace ricci {

// Groups are numbered in increasing order of their smallest member, and the
// members of each group are listed in increasing order; the first member is
// the group's representative.
struct DuplicateGroups {
  std::vector<std::uint32_t> group_of;   // n: the group of each point
  std::vector<std::size_t> offsets;      // groups + 1: members of group g are
  std::vector<std::uint32_t> members;    //   members[offsets[g] .. offsets[g+1])

  std::size_t groups() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  std::size_t size(std::size_t group) const { return offsets[group + 1] - offsets[group]; }
  std::uint32_t representative(std::size_t group) const { return members[offsets[group]]; }
};

// Groups the rows of `points` (n x d). Cost O(n d) expected (rows are hashed,
// then compared exactly within equal hashes). n must be below 2^32.
DuplicateGroups group_duplicate_rows(MatrixViewF points);

}  // namespace ricci
