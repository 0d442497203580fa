// duplicates.cpp — hashing rows and comparing them exactly within a hash.
#include "geom/duplicates.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "data/error.h"

namespace ricci {

namespace {

// The constants of row_hash: it starts from 2^64 / phi (the golden ratio,
// splitmix64's increment, data/random.cpp) mixed with the row length, and
// multiplies by the first constant of MurmurHash3's 64-bit finaliser
// (fmix64; Appleby), an odd number with well-mixed bits, after each value.
// Any such constants would do: rows of one hash are compared exactly
// afterwards, so a collision costs time, never a wrong group, and the groups
// are numbered by their first point whatever the hashes.
constexpr std::uint64_t kRowHashStart = 0x9e3779b97f4a7c15ULL;
constexpr std::uint64_t kRowHashMultiplier = 0xff51afd7ed558ccdULL;

// A 64-bit hash of a row's values; -0.0f is hashed as 0.0f so that rows which
// compare equal hash equal.
std::uint64_t row_hash(const float* row, std::size_t d) {
  std::uint64_t h = kRowHashStart ^ d;
  for (std::size_t p = 0; p < d; ++p) {
    const float value = row[p] + 0.0f;  // -0 + 0 = +0 under round-to-nearest
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    h ^= bits;
    h *= kRowHashMultiplier;
    h ^= h >> 32;
  }
  return h;
}

bool rows_equal(const float* a, const float* b, std::size_t d) {
  for (std::size_t p = 0; p < d; ++p)
    if (!(a[p] == b[p])) return false;
  return true;
}

}  // namespace

DuplicateGroups group_duplicate_rows(MatrixViewF points) {
  const std::size_t n = points.rows();
  const std::size_t d = points.cols();
  if (n >= (std::size_t(1) << 32))
    throw usage_error("point set has " + std::to_string(n) + " rows; at most 2^32 - 1 are supported");

  std::vector<std::uint64_t> hash(n);
  for (std::size_t i = 0; i < n; ++i) hash[i] = row_hash(points.row(i), d);
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return hash[a] != hash[b] ? hash[a] < hash[b] : a < b;
  });

  // Within each run of equal hashes (indices increasing), a point joins the
  // first earlier point of the run it equals, or starts a new group. `first`
  // holds each point's representative (its group's smallest index).
  std::vector<std::uint32_t> first(n);
  for (std::size_t start = 0; start < n;) {
    std::size_t end = start + 1;
    while (end < n && hash[order[end]] == hash[order[start]]) ++end;
    std::vector<std::uint32_t> representatives;
    for (std::size_t s = start; s < end; ++s) {
      const std::uint32_t i = order[s];
      first[i] = i;
      for (std::uint32_t r : representatives)
        if (rows_equal(points.row(i), points.row(r), d)) {
          first[i] = r;
          break;
        }
      if (first[i] == i) representatives.push_back(i);
    }
    start = end;
  }

  DuplicateGroups groups;
  groups.group_of.assign(n, 0);
  std::vector<std::size_t> counts;
  for (std::size_t i = 0; i < n; ++i) {
    if (first[i] == i) {
      groups.group_of[i] = static_cast<std::uint32_t>(counts.size());
      counts.push_back(0);
    } else {
      groups.group_of[i] = groups.group_of[first[i]];  // first[i] < i: already numbered
    }
    ++counts[groups.group_of[i]];
  }
  groups.offsets.assign(counts.size() + 1, 0);
  for (std::size_t g = 0; g < counts.size(); ++g) groups.offsets[g + 1] = groups.offsets[g] + counts[g];
  groups.members.resize(n);
  std::vector<std::size_t> fill(groups.offsets.begin(), groups.offsets.end() - 1);
  for (std::size_t i = 0; i < n; ++i) groups.members[fill[groups.group_of[i]]++] = static_cast<std::uint32_t>(i);
  return groups;
}

}  // namespace ricci
