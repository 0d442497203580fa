// random.cpp — xoshiro256** seeded by splitmix64, and its distributions.
#include "data/random.h"

#include <cmath>
#include <numeric>

namespace ricci {

namespace {

inline std::uint64_t rotate_left(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

// splitmix64 as Vigna's reference splitmix64.c (Steele, Lea and Flood,
// OOPSLA 2014): the state advances by the odd constant nearest 2^64 / phi
// (the golden ratio), whose multiples spread evenly over the 64-bit words,
// and each output is the state through Stafford's "Mix13" finaliser (two
// xor-shift-multiply rounds, chosen by search for avalanche). Every seeded
// stream of the project starts here, so other values would change every
// output.
constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;
constexpr std::uint64_t kMix13First = 0xbf58476d1ce4e5b9ULL;
constexpr std::uint64_t kMix13Second = 0x94d049bb133111ebULL;

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += kGoldenGamma);
  z = (z ^ (z >> 30)) * kMix13First;
  z = (z ^ (z >> 27)) * kMix13Second;
  return z ^ (z >> 31);
}

Rng::Rng(std::uint64_t seed, std::uint64_t stream) {
  // Seed and stream are mixed into one splitmix64 starting point; stream 0
  // starts from the seed itself, as the reference seeding does.
  std::uint64_t stream_state = stream;
  std::uint64_t sm = stream == 0 ? seed : seed ^ splitmix64(stream_state);
  for (auto& word : state_) word = splitmix64(sm);
}

std::uint64_t Rng::next_u64() {
  const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotate_left(state_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::uniform(double low, double high) { return low + (high - low) * uniform(); }

std::uint64_t Rng::uniform_index(std::uint64_t n) {
  // Reject the lowest (2^64 mod n) values so every residue is equally likely.
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t x = next_u64();
    if (x >= threshold) return x % n;
  }
}

double Rng::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  const double u1 = static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53;  // (0, 1]
  const double u2 = uniform();                                                  // [0, 1)
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 6.283185307179586476925286766559 * u2;
  spare_normal_ = radius * std::sin(angle);
  has_spare_normal_ = true;
  return radius * std::cos(angle);
}

std::vector<std::size_t> Rng::permutation(std::size_t n) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  shuffle(order);
  return order;
}

}  // namespace ricci
