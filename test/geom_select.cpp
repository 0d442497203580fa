// geom_select.cpp — select_kth (geom/select.h) against std::nth_element, by
// both splits (Scalar, and Auto: AVX-512's compress on a processor that has
// it, the scalar split otherwise).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "data/random.h"
#include "geom/select.h"

using namespace ricci;

TEST_CASE("select_kth puts the k-th smallest at k, smaller before and larger after, by either split") {
  Rng rng(17);
  std::vector<double> spare;
  // Value sets: continuous, a few repeated values (ties straddling k), all
  // equal; orders: as drawn, sorted, reversed, V-shaped (pivots of three at
  // fixed places fare worst on a crafted order, and must still finish).
  for (const std::size_t m : {1, 2, 7, 48, 49, 50, 333, 1000, 4097})
    for (int values = 0; values < 3; ++values)
      for (int order = 0; order < 4; ++order) {
        std::vector<double> data(m);
        for (double& v : data)
          v = values == 0 ? rng.normal() : values == 1 ? static_cast<double>(rng.uniform_index(7)) : 2.5;
        if (order == 1) std::sort(data.begin(), data.end());
        if (order == 2) std::sort(data.rbegin(), data.rend());
        if (order == 3) {
          std::sort(data.begin(), data.end());
          for (std::size_t i = 0; i < m / 2; i += 2) std::swap(data[i], data[m - 1 - i]);
        }
        std::vector<double> sorted = data;
        std::sort(sorted.begin(), sorted.end());
        for (const std::size_t k : {std::size_t(0), m / 4, m / 2, m - 1, rng.uniform_index(m)})
          for (const Split split : {Split::Scalar, Split::Auto}) {
            CAPTURE(m);
            CAPTURE(values);
            CAPTURE(order);
            CAPTURE(k);
            CAPTURE(static_cast<int>(split));
            std::vector<double> a = data;
            select_kth(a.data(), m, k, spare, split);
            CHECK(a[k] == sorted[k]);
            bool before = true, after = true;
            for (std::size_t i = 0; i < k; ++i) before &= a[i] <= a[k];
            for (std::size_t i = k + 1; i < m; ++i) after &= a[i] >= a[k];
            CHECK(before);
            CHECK(after);
            std::sort(a.begin(), a.end());
            CHECK(a == sorted);  // a permutation of the values
          }
      }
}
