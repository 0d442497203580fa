// csv.h — labelled points from CSV files (the Kaggle form of MNIST and
// Fashion-MNIST: `label,pixel1,...,pixel784`, one image per line).
//
// The form we read: fields separated by commas, no quoting; the first
// column is the label (a whole number, "5" or "5.0"), the others are the
// features (decimal numbers as strtod reads them, spaces or tabs around a
// field allowed). Lines end with \n or \r\n; blank lines are skipped; a
// UTF-8 byte order mark is skipped. The first non-blank line is a header, and
// skipped, when its first field is not a number (e.g. "label"); a header
// must have as many fields as the rows. Gzipped files are inflated first.
//
// Bad input is a data error naming the file, the line (from 1, counting
// every line) and the column (from 1, the label being column 1): a ragged
// row, an empty or non-numeric field, NaN or infinity, a value beyond the
// float range, a fractional label, or no rows at all.
#pragma once

#include <string>
#include <vector>

#include "data/files.h"
#include "data/sets/dataset.h"

namespace ricci {

// Parses the (already inflated) bytes of one CSV file; `name` prefixes errors.
Dataset parse_csv(const std::string& bytes, const std::string& name);

// Reads several files (the SPEC csv:FILE[,FILE...]), each inflated up to
// `limit` bytes when gzipped (gzip.h), and concatenates their rows in order;
// every file must have the same number of columns.
Dataset load_csv_dataset(const std::vector<std::string>& paths, std::size_t limit = kDefaultInputLimit);

}  // namespace ricci
