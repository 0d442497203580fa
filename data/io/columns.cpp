// columns.cpp — tables of typed columns, and their CSV cells.
#include "data/io/columns.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ricci {

namespace {

// An Integer cell: its digits, `inf`/`-inf`, or empty for NaN.
std::string integer_text(double value) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // A double holds every integer up to 2^53 exactly, and no sum written
  // here comes near it; beyond, the digits would be rounded silently.
  if (std::fabs(value) > 9007199254740992.0) throw std::logic_error("integer cell beyond 2^53: not exact in a double");
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f", value);
  return buffer;
}

}  // namespace

std::size_t ColumnTable::rows() const {
  if (columns.empty()) return 0;
  const Column& first = columns[0];
  return first.type == ColumnType::Text ? first.texts.size() : first.numbers.size();
}

void ColumnTable::add_row(const std::vector<Cell>& cells) {
  if (cells.size() != columns.size())
    throw std::logic_error("add_row: " + std::to_string(cells.size()) + " cells for " +
                           std::to_string(columns.size()) + " columns");
  for (std::size_t c = 0; c < cells.size(); ++c)  // checked whole before any cell is added
    if (cells[c].is_text != (columns[c].type == ColumnType::Text))
      throw std::logic_error("add_row: column " + columns[c].name + " takes " +
                             (columns[c].type == ColumnType::Text ? "text" : "numbers"));
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (columns[c].type == ColumnType::Text) columns[c].texts.push_back(cells[c].text);
    else columns[c].numbers.push_back(cells[c].number);
  }
}

ColumnTable column_table(const std::vector<std::pair<std::string, ColumnType>>& columns) {
  ColumnTable table;
  for (const auto& [name, type] : columns) table.columns.push_back(Column{name, type, {}, {}});
  return table;
}

Table text_table(const ColumnTable& table) {
  Table text;
  for (const Column& column : table.columns) text.header.push_back(column.name);
  text.rows.assign(table.rows(), {});
  for (const Column& column : table.columns)
    for (std::size_t r = 0; r < text.rows.size(); ++r) {
      switch (column.type) {
        case ColumnType::Integer: text.rows[r].push_back(integer_text(column.numbers[r])); break;
        case ColumnType::Number: text.rows[r].push_back(csv_number(column.numbers[r])); break;
        case ColumnType::Text: text.rows[r].push_back(column.texts[r]); break;
      }
    }
  return text;
}

}  // namespace ricci
