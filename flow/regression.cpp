// regression.cpp — least squares by modified Gram-Schmidt, and its t tests.
#include "flow/regression.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "flow/statistics.h"

namespace ricci {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

}  // namespace

LinearModel ordinary_least_squares(const std::vector<std::vector<double>>& columns,
                                   const std::vector<std::string>& names, const std::vector<double>& y) {
  if (names.size() != columns.size()) throw std::logic_error("ordinary_least_squares: one name per column");
  for (const auto& column : columns)
    if (column.size() != y.size()) throw std::logic_error("ordinary_least_squares: columns and y differ in length");
  LinearModel model;
  model.n = y.size();
  for (const std::string& name : names) model.terms.push_back({name, false, kNaN, kNaN, kNaN, kNaN});
  if (model.n == 0) {
    model.reason = "no observations";
    model.r_squared = kNaN;
    return model;
  }

  // X = Q R over the kept columns: q[c] orthonormal, r[c][c'] for c' <= c
  // (indices among the kept columns), kept[c] the column's index.
  std::vector<std::vector<double>> q;
  std::vector<std::vector<double>> r;  // r[c] holds R's column c: entries 0..c
  std::vector<std::size_t> kept;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    std::vector<double> v = columns[j];
    const double norm = std::sqrt(dot(v, v));
    std::vector<double> coefficients(q.size() + 1, 0.0);
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t c = 0; c < q.size(); ++c) {
        const double projection = dot(q[c], v);
        coefficients[c] += projection;
        for (std::size_t i = 0; i < v.size(); ++i) v[i] -= projection * q[c][i];
      }
    const double rest = std::sqrt(dot(v, v));
    if (!(rest > 1e-7 * norm)) {
      model.terms[j].aliased = true;
      continue;
    }
    for (double& value : v) value /= rest;
    coefficients[q.size()] = rest;
    q.push_back(std::move(v));
    r.push_back(std::move(coefficients));
    kept.push_back(j);
  }
  const std::size_t p = kept.size();
  model.rank = p;

  // R b = Q'y by back substitution; residuals y - Q Q'y.
  std::vector<double> qty(p);
  for (std::size_t c = 0; c < p; ++c) qty[c] = dot(q[c], y);
  std::vector<double> b(p);
  for (std::size_t c = p; c-- > 0;) {
    double sum = qty[c];
    for (std::size_t d = c + 1; d < p; ++d) sum -= r[d][c] * b[d];
    b[c] = sum / r[c][c];
  }
  std::vector<double> residual = y;
  for (std::size_t c = 0; c < p; ++c)
    for (std::size_t i = 0; i < residual.size(); ++i) residual[i] -= qty[c] * q[c][i];
  const double rss = dot(residual, residual);
  double mean_y = 0;
  for (double value : y) mean_y += value;
  mean_y /= static_cast<double>(y.size());
  double tss = 0;
  for (double value : y) tss += (value - mean_y) * (value - mean_y);
  model.r_squared = tss > 0 ? 1.0 - rss / tss : kNaN;

  // (X'X)^{-1} = R^{-1} R^{-T}: the diagonal is the row sums of squares of R^{-1}.
  std::vector<std::vector<double>> inverse(p, std::vector<double>(p, 0.0));  // inverse[row][col], upper
  for (std::size_t col = 0; col < p; ++col) {
    inverse[col][col] = 1.0 / r[col][col];
    for (std::size_t row = col; row-- > 0;) {
      double sum = 0;
      for (std::size_t d = row + 1; d <= col; ++d) sum += r[d][row] * inverse[d][col];
      inverse[row][col] = -sum / r[row][row];
    }
  }
  const double df = static_cast<double>(model.df());
  const double s2 = df > 0 ? rss / df : kNaN;
  for (std::size_t c = 0; c < p; ++c) {
    RegressionTerm& term = model.terms[kept[c]];
    double diagonal = 0;
    for (std::size_t col = c; col < p; ++col) diagonal += inverse[c][col] * inverse[c][col];
    term.estimate = b[c];
    term.std_error = std::sqrt(s2 * diagonal);
    term.t = term.estimate / term.std_error;
    term.p_value = df > 0 ? student_t_p_value(term.t, df) : kNaN;
  }
  return model;
}

}  // namespace ricci
