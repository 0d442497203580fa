// popcount.h — the number of bits set in a 64-bit word, for the bit sets of
// geom/ (the sources of geodesic.cpp's batched BFS, the admissible sinks of
// transport.cpp).
#pragma once

#include <cstdint>

namespace ricci {

// By the SWAR method (Hacker's Delight, 2nd ed., sec. 5-1): the default
// x86-64 target has no popcnt instruction, and there __builtin_popcountll
// becomes a call into libgcc, slower than these dozen inline operations.
// The masks are the bit patterns 01.., 0011.., 00001111.. of the method, and
// the final multiply by 0x0101.. sums the eight byte counts into the top byte.
inline int popcount(std::uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

}  // namespace ricci
