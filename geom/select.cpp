// select.cpp — select_kth (select.h): branch-free splits, AVX-512 where the
// processor has it.
#include "geom/select.h"

#include <algorithm>
#include <cstdint>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
#include <immintrin.h>
#endif

namespace ricci {

namespace {

// Splits a[0..len) around `pivot`: the values below it to less[0..nl), those
// above to more[0..ng) (each in their order; the rest equal the pivot).
// Without a branch on the values: each value is written to both sides and
// each side's count advanced by the comparison (the distances of a row come
// in no useful order, so a comparison branch would be mispredicted half the
// time). `less` and `more` need room for len + 8 values.
void split_scalar(const double* a, std::size_t len, double pivot, double* less, double* more, std::size_t& nl,
                  std::size_t& ng) {
  nl = ng = 0;
  for (std::size_t i = 0; i < len; ++i) {
    const double v = a[i];
    less[nl] = v;
    more[ng] = v;
    nl += v < pivot;
    ng += v > pivot;
  }
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
#define RICCI_SPLIT_AVX512 1
// split_scalar eight values at a time with AVX-512's compress (two stores
// per eight values instead of two per value), on processors that have it
// (chosen at run time by select_kth). The same split; test/geom_select.cpp
// checks both against std::nth_element.
__attribute__((target("avx512f,popcnt"))) void split_avx512(const double* a, std::size_t len, double pivot,
                                                             double* less, double* more, std::size_t& nl,
                                                             std::size_t& ng) {
  const __m512d p = _mm512_set1_pd(pivot);
  std::size_t i = 0;
  nl = ng = 0;
  for (; i + 8 <= len; i += 8) {
    const __m512d v = _mm512_loadu_pd(a + i);
    const __mmask8 below = _mm512_cmp_pd_mask(v, p, _CMP_LT_OQ);
    const __mmask8 above = _mm512_cmp_pd_mask(v, p, _CMP_GT_OQ);
    _mm512_storeu_pd(less + nl, _mm512_maskz_compress_pd(below, v));
    _mm512_storeu_pd(more + ng, _mm512_maskz_compress_pd(above, v));
    nl += static_cast<std::size_t>(_mm_popcnt_u32(below));
    ng += static_cast<std::size_t>(_mm_popcnt_u32(above));
  }
  std::size_t tail_less = 0, tail_more = 0;  // the last len % 8 values
  split_scalar(a + i, len - i, pivot, less + nl, more + ng, tail_less, tail_more);
  nl += tail_less;
  ng += tail_more;
}
#endif

}  // namespace

void select_kth(double* a, std::size_t m, std::size_t k, std::vector<double>& spare, Split split) {
#ifdef RICCI_SPLIT_AVX512
  static const bool wide = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("popcnt");
  const bool use_wide = wide && split == Split::Auto;
#else
  (void)split;
#endif
  std::size_t lo = 0, hi = m;  // a[k]'s value is among a[lo..hi)
  if (spare.size() < 2 * (m + 8)) spare.resize(2 * (m + 8));
  // Medians of three at fixed places could be poor pivots round after round
  // on a crafted order; past this many splits std::nth_element finishes.
  std::size_t rounds_left = 8;
  for (std::size_t size = m; size > 1; size /= 2) rounds_left += 2;
  while (hi - lo > 48 && rounds_left-- > 0) {
    const std::size_t len = hi - lo;
    const double x = a[lo + len / 4], y = a[lo + len / 2], z = a[lo + 3 * len / 4];
    const double pivot = std::max(std::min(x, y), std::min(std::max(x, y), z));
    double* less = spare.data();
    double* more = spare.data() + len + 8;
    std::size_t nl = 0, ng = 0;
#ifdef RICCI_SPLIT_AVX512
    if (use_wide)
      split_avx512(a + lo, len, pivot, less, more, nl, ng);
    else
#endif
      split_scalar(a + lo, len, pivot, less, more, nl, ng);
    const std::size_t ne = len - nl - ng;
    std::copy(less, less + nl, a + lo);
    std::fill(a + lo + nl, a + lo + nl + ne, pivot);
    std::copy(more, more + ng, a + lo + nl + ne);
    if (k < lo + nl) {
      hi = lo + nl;
    } else if (k < lo + nl + ne) {
      return;
    } else {
      lo += nl + ne;
    }
  }
  std::nth_element(a + lo, a + k, a + hi);
}

}  // namespace ricci
