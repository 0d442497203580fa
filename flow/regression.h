// regression.h — ordinary least squares with Student-t inference
// (docs/method.md, definition 7): the paper's linear model of test accuracy
// on the adjusted coefficient z, data set, width and depth (protocol.h).
//
// For y (n values) and the columns x_1..x_p (an intercept is a column of
// ones), b minimises sum_i (y_i - sum_j b_j x_ij)^2. The columns are taken in
// order and one that is (numerically) a combination of those before it is
// aliased, as R's lm() marks it: it gets no estimate, and the rank r counts
// the others. Then, with RSS the residual sum of squares and df = n - r,
//
//   s^2 = RSS / df,   se(b_j) = s sqrt([(X'X)^{-1}]_jj),   t_j = b_j / se(b_j),
//   p_j = two-sided Student t with df degrees of freedom,
//   R^2 = 1 - RSS / sum_i (y_i - mean y)^2.
//
// Solved by modified Gram-Schmidt (twice, for accuracy) into X = Q R on the
// kept columns, then R b = Q'y; (X'X)^{-1} = R^{-1} R^{-T}. Cost O(n p^2).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ricci {

struct RegressionTerm {
  std::string name;
  bool aliased = false;  // a combination of the columns before it: no estimate (all NaN)
  double estimate = 0, std_error = 0, t = 0, p_value = 0;  // NaN where undefined (df = 0)
};

struct LinearModel {
  std::vector<RegressionTerm> terms;  // one per column, in order
  std::size_t n = 0;                  // observations
  std::size_t rank = 0;               // columns not aliased
  double r_squared = 0;               // NaN when y is constant or there are no observations
  std::string reason;                 // why nothing could be fitted (no observations); else empty
  std::size_t df() const { return n > rank ? n - rank : 0; }
};

// y on the columns (each of y's length; `names` one per column). A column
// whose part orthogonal to the columns before it has norm at most 1e-7 times
// its own is aliased. Inconsistent lengths are a std::logic_error.
LinearModel ordinary_least_squares(const std::vector<std::vector<double>>& columns,
                                   const std::vector<std::string>& names, const std::vector<double>& y);

}  // namespace ricci
