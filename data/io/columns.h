// columns.h — a table of results as typed columns: one definition of a
// table's columns and values, which the CSV writer formats as text
// (table.h) and the Python module hands to NumPy as arrays (python/).
//
// Three types of column:
//   Integer  whole numbers; NaN is a missing cell (empty in CSV), infinity
//            `inf` (a disconnected graph's geodesic sum). Held as doubles:
//            exact up to 2^53, far beyond any count ricciflow makes.
//   Number   real numbers; NaN is an empty cell.
//   Text     names and reasons.
// Written as CSV, an Integer cell is the number's digits ("%.0f"), a Number
// cell format_double(), exactly as csv_integer() and csv_number() write them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/io/table.h"

namespace ricci {

enum class ColumnType { Integer, Number, Text };

struct Column {
  std::string name;
  ColumnType type = ColumnType::Number;
  std::vector<double> numbers;     // Integer and Number columns, one per row
  std::vector<std::string> texts;  // Text columns, one per row
};

// One cell of a row being added: a number (for an Integer or Number
// column), a count, or a text.
struct Cell {
  Cell(double value) : number(value), is_text(false) {}
  Cell(std::size_t count) : number(static_cast<double>(count)), is_text(false) {}
  Cell(std::string value) : text(std::move(value)), is_text(true) {}
  Cell(const char* value) : text(value), is_text(true) {}
  double number = 0.0;
  std::string text;
  bool is_text;
};

struct ColumnTable {
  std::vector<Column> columns;

  // The number of rows (0 without columns).
  std::size_t rows() const;
  // Appends one row: a cell per column, numbers for Integer and Number
  // columns, texts for Text columns (std::logic_error otherwise: a
  // programming error, not bad input).
  void add_row(const std::vector<Cell>& cells);
};

// A table with these columns and no rows.
ColumnTable column_table(const std::vector<std::pair<std::string, ColumnType>>& columns);

// The table as CSV text cells (header and rows).
Table text_table(const ColumnTable& table);

}  // namespace ricci
