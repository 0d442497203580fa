// table.h — tidy CSV tables of results, written and read back.
//
// A Table is a header and rows of text cells, as pandas and R read them:
// RFC 4180 quoting (a cell holding a comma, quote or newline is quoted and
// its quotes doubled), '\n' line ends, numbers formatted by format_double()
// (data/format.h) so they read back exactly. Undefined numbers are written as empty
// cells, infinite geodesic sums as `inf` (docs/formats.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ricci {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  // The index of a column, or a data error naming `what` (a file) and the column.
  std::size_t column(const std::string& name, const std::string& what) const;
};

// A number as a CSV cell: format_double, with NaN written as an empty cell.
std::string csv_number(double value);
std::string csv_integer(std::int64_t value);
// A count, as csv_integer writes it.
std::string csv_count(std::size_t value);
// The number in a cell written by csv_number: NaN for an empty cell, infinity
// for `inf`; anything else that is not a number is a data error naming `what`.
double csv_value(const std::string& cell, const std::string& what);
// The integer in a cell written by csv_integer (an optional '-', then
// digits), and the whole number (digits only, up to 2^64 - 1); anything else
// is a data error naming `what` (the file) and the column.
std::int64_t csv_integer_value(const std::string& cell, const std::string& what, const std::string& column);
std::uint64_t csv_whole_number(const std::string& cell, const std::string& what, const std::string& column);

// One CSV line (with its '\n') for these cells.
std::string csv_line(const std::vector<std::string>& cells);
// The whole table as CSV text.
std::string csv_text(const Table& table);

// Parses CSV text with a header line; every row must have as many cells as
// the header. `what` (a file name) prefixes errors, which name the line.
Table parse_csv_table(const std::string& text, const std::string& what);
Table read_csv_table(const std::string& path);

}  // namespace ricci
