// table.cpp — CSV quoting, writing and parsing for result tables.
#include "data/io/table.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "data/error.h"
#include "data/files.h"
#include "data/format.h"

namespace ricci {

namespace {

// Whether text[from..] is one or more decimal digits.
bool all_digits(const std::string& text, std::size_t from) {
  if (from >= text.size()) return false;
  for (std::size_t i = from; i < text.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  return true;
}

}  // namespace

std::size_t Table::column(const std::string& name, const std::string& what) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  throw data_error(what + ": no column '" + name + "'");
}

std::string csv_number(double value) { return std::isnan(value) ? "" : format_double(value); }

std::string csv_count(std::size_t value) { return csv_integer(static_cast<std::int64_t>(value)); }

std::string csv_integer(std::int64_t value) { return std::to_string(value); }

double csv_value(const std::string& cell, const std::string& what) {
  if (cell.empty()) return std::numeric_limits<double>::quiet_NaN();
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  if (*end != '\0') throw data_error(what + ": not a number: '" + cell + "'");
  return value;  // strtod reads "inf" as infinity
}

std::int64_t csv_integer_value(const std::string& cell, const std::string& what, const std::string& column) {
  const bool negative = !cell.empty() && cell[0] == '-';
  errno = 0;
  const long long value = std::strtoll(cell.c_str(), nullptr, 10);
  if (!all_digits(cell, negative ? 1 : 0) || errno == ERANGE)
    throw data_error(what + ": " + column + ": expected an integer, got '" + cell + "'");
  return value;
}

std::uint64_t csv_whole_number(const std::string& cell, const std::string& what, const std::string& column) {
  errno = 0;
  const unsigned long long value = std::strtoull(cell.c_str(), nullptr, 10);
  if (!all_digits(cell, 0) || errno == ERANGE)
    throw data_error(what + ": " + column + ": expected a whole number, got '" + cell + "'");
  return value;
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) line += ',';
    const std::string& cell = cells[i];
    if (cell.find_first_of(",\"\n\r") == std::string::npos) {
      line += cell;
      continue;
    }
    line += '"';
    for (char c : cell) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  return line + '\n';
}

std::string csv_text(const Table& table) {
  std::string text = csv_line(table.header);
  for (const auto& row : table.rows) text += csv_line(row);
  return text;
}

Table parse_csv_table(const std::string& text, const std::string& what) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string cell;
  std::size_t line = 1;
  bool quoted = false, cell_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      quoted = cell_started = true;
    } else if (c == ',') {
      record.push_back(cell);
      cell.clear();
      cell_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      record.push_back(cell);
      records.push_back(record);
      record.clear();
      cell.clear();
      cell_started = false;
      ++line;
    } else {
      cell += c;
      cell_started = true;
    }
  }
  if (quoted) throw data_error(what + ": line " + std::to_string(line) + ": unterminated quoted cell");
  if (cell_started || !record.empty()) {
    record.push_back(cell);
    records.push_back(record);
  }
  if (records.empty()) throw data_error(what + ": empty file (expected a header line)");
  Table table;
  table.header = records[0];
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size())
      throw data_error(what + ": line " + std::to_string(r + 1) + ": " + std::to_string(records[r].size()) +
                       " cells, the header has " + std::to_string(table.header.size()));
    table.rows.push_back(records[r]);
  }
  return table;
}

Table read_csv_table(const std::string& path) { return parse_csv_table(read_file(path), path); }

}  // namespace ricci
