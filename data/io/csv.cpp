// csv.cpp — a CSV reader that parses numbers in place with std::from_chars.
#include "data/io/csv.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "data/error.h"
#include "data/io/gzip.h"

namespace ricci {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// One field [begin, end) of a line, with its surrounding blanks removed.
struct Field {
  const char* begin;
  const char* end;
};

Field trimmed(const char* begin, const char* end) {
  while (begin < end && is_blank(*begin)) ++begin;
  while (end > begin && is_blank(end[-1])) --end;
  return {begin, end};
}

// Reads the whole field as a double (an optional leading '+' allowed).
// Returns false when it is not exactly one number; NaN and infinity are
// returned as such, for the caller to name, and so is a number beyond the
// double range (as infinity) or below it (as zero or a subnormal), as
// strtod rounds them.
bool parse_number(Field field, double& value) {
  // Fast path: a plain whole number of up to 9 digits (pixels, labels) is
  // exact as a double and needs no from_chars.
  const std::size_t length = static_cast<std::size_t>(field.end - field.begin);
  if (length > 0 && length <= 9) {
    std::uint32_t whole = 0;
    const char* c = field.begin;
    for (; c < field.end && *c >= '0' && *c <= '9'; ++c) whole = whole * 10 + static_cast<std::uint32_t>(*c - '0');
    if (c == field.end) {
      value = whole;
      return true;
    }
  }
  const char* begin = field.begin;
  if (begin < field.end && *begin == '+' && begin + 1 < field.end && begin[1] != '-') ++begin;
  if (begin == field.end) return false;
  const auto result = std::from_chars(begin, field.end, value);
  if (result.ptr != field.end) return false;
  if (result.ec == std::errc::result_out_of_range) value = std::strtod(std::string(begin, field.end).c_str(), nullptr);
  return result.ec == std::errc() || result.ec == std::errc::result_out_of_range;
}

// The parser's position and what it has learned of the file.
class CsvParser {
 public:
  CsvParser(const std::string& bytes, const std::string& name) : bytes_(bytes), name_(name) {}

  Dataset parse() {
    const char* p = bytes_.data();
    const char* const end = p + bytes_.size();
    if (bytes_.compare(0, 3, "\xEF\xBB\xBF") == 0) p += 3;  // UTF-8 byte order mark
    std::vector<float> values;
    std::vector<std::int64_t> labels;
    std::vector<float> row;
    bool first_line = true;
    while (p < end) {
      const char* line_end = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (!line_end) line_end = end;
      ++line_;
      const char* content_end = line_end;
      if (content_end > p && content_end[-1] == '\r') --content_end;
      const Field whole = trimmed(p, content_end);
      const char* next = line_end == end ? end : line_end + 1;
      if (whole.begin == whole.end) {  // blank line
        p = next;
        continue;
      }
      if (first_line) {
        first_line = false;
        double ignored;
        const char* comma = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(content_end - p)));
        if (!parse_number(trimmed(p, comma ? comma : content_end), ignored)) {
          columns_ = count_fields(p, content_end);
          columns_line_ = line_;
          header_ = true;
          if (columns_ < 2)
            throw data_error(name_ + ": line " + std::to_string(line_) +
                             ": the header has one column; expected the label, then the features");
          p = next;
          continue;
        }
      }
      row.clear();
      std::int64_t label = 0;
      parse_row(p, content_end, label, row);
      if (columns_ == 0) {
        if (row.empty())
          throw data_error(name_ + ": line " + std::to_string(line_) +
                           ": only one column; expected the label, then the features");
        columns_ = row.size() + 1;
        columns_line_ = line_;
        values.reserve(estimated_rows(p, end) * row.size());
      }
      values.insert(values.end(), row.begin(), row.end());
      labels.push_back(label);
      p = next;
    }
    if (labels.empty()) throw data_error(name_ + ": no data rows" + (header_ ? " after the header" : ""));
    Dataset data;
    data.labels = std::move(labels);
    data.features.values() = std::move(values);
    data.features.resize(data.labels.size(), columns_ - 1);
    return data;
  }

 private:
  static std::size_t count_fields(const char* begin, const char* end) {
    std::size_t fields = 1;
    for (const char* c = begin; c < end; ++c) fields += *c == ',';
    return fields;
  }

  // A guess of the number of rows from the line length, for one allocation.
  static std::size_t estimated_rows(const char* line, const char* end) {
    const char* line_end = static_cast<const char*>(std::memchr(line, '\n', static_cast<std::size_t>(end - line)));
    const std::size_t length = line_end ? static_cast<std::size_t>(line_end - line) + 1 : 1;
    return static_cast<std::size_t>(end - line) / length + 1;
  }

  // Parses the line [p, end): the label into `label`, the features into `row`.
  void parse_row(const char* p, const char* end, std::int64_t& label, std::vector<float>& row) {
    std::size_t column = 0;
    for (;;) {
      const char* comma = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
      const char* field_end = comma ? comma : end;
      ++column;
      if (columns_ != 0 && column > columns_)
        fail(column, "unexpected field: line " + std::to_string(columns_line_) + " has " +
                         std::to_string(columns_) + " columns");
      const Field field = trimmed(p, field_end);
      double value = 0.0;
      if (field.begin == field.end) fail(column, "empty field (expected a number)");
      if (!parse_number(field, value)) fail(column, "'" + excerpt(field) + "' is not a number");
      if (std::isnan(value)) fail(column, "NaN (expected finite numbers)");
      if (!(std::fabs(value) <= std::numeric_limits<float>::max()))
        fail(column, "'" + excerpt(field) + "' is infinite or beyond the float range (expected finite numbers)");
      if (column == 1) {
        if (value != std::floor(value) || std::fabs(value) > 9.0e15)
          fail(column, "label '" + excerpt(field) + "' is not a whole number from -9e15 to 9e15");
        label = static_cast<std::int64_t>(value);
      } else {
        row.push_back(static_cast<float>(value));
      }
      if (!comma) break;
      p = comma + 1;
    }
    if (columns_ != 0 && column < columns_)
      fail(column + 1, "missing field: the line has " + std::to_string(column) + " columns, line " +
                           std::to_string(columns_line_) + " has " + std::to_string(columns_));
  }

  static std::string excerpt(Field field) {
    const std::size_t length = static_cast<std::size_t>(field.end - field.begin);
    return length <= 24 ? std::string(field.begin, length) : std::string(field.begin, 24) + "...";
  }

  [[noreturn]] void fail(std::size_t column, const std::string& what) const {
    throw data_error(name_ + ": line " + std::to_string(line_) + ", column " + std::to_string(column) + ": " + what);
  }

  const std::string& bytes_;
  const std::string& name_;
  std::size_t line_ = 0;          // the current line, from 1
  std::size_t columns_ = 0;       // fields per line, label included; 0 until known
  std::size_t columns_line_ = 0;  // the line that set columns_
  bool header_ = false;
};

}  // namespace

Dataset parse_csv(const std::string& bytes, const std::string& name) { return CsvParser(bytes, name).parse(); }

Dataset load_csv_dataset(const std::vector<std::string>& paths, std::size_t limit) {
  Dataset all;
  for (std::size_t f = 0; f < paths.size(); ++f) {
    Dataset part = parse_csv(read_maybe_gzipped_file(paths[f], limit), paths[f]);
    if (f == 0) {
      all = std::move(part);
      continue;
    }
    if (part.features.cols() != all.features.cols())
      throw data_error(paths[f] + ": " + std::to_string(part.features.cols() + 1) + " columns, " + paths[0] +
                       " has " + std::to_string(all.features.cols() + 1));
    all.features.values().insert(all.features.values().end(), part.features.values().begin(),
                                 part.features.values().end());
    all.labels.insert(all.labels.end(), part.labels.begin(), part.labels.end());
    all.features.resize(all.labels.size(), all.features.cols());
  }
  return all;
}

}  // namespace ricci
