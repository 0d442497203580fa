// cifar.cpp — the CIFAR-10 binary reader.
#include "data/io/cifar.h"

#include "data/error.h"
#include "data/io/gzip.h"

namespace ricci {

namespace {

// The number of records in `bytes`, checked: a whole number, at least one,
// every label a class of CIFAR-10.
std::size_t checked_records(const std::string& bytes, const std::string& name) {
  if (bytes.empty()) throw data_error(name + ": empty file (expected CIFAR-10 records of 3073 bytes)");
  const std::size_t records = bytes.size() / kCifarRecord;
  const std::size_t rest = bytes.size() % kCifarRecord;
  if (rest != 0)
    throw data_error(name + ": " + std::to_string(bytes.size()) + " bytes are not a whole number of CIFAR-10 " +
                     "records of 3073 bytes (" + std::to_string(records) + " records and " + std::to_string(rest) +
                     " bytes: a truncated file, or not CIFAR-10's binary version)");
  for (std::size_t r = 0; r < records; ++r) {
    const unsigned label = static_cast<unsigned char>(bytes[r * kCifarRecord]);
    if (label > 9)
      throw data_error(name + ": record " + std::to_string(r + 1) + " (byte " + std::to_string(r * kCifarRecord) +
                       ") has label " + std::to_string(label) + ", not a CIFAR-10 class 0-9");
  }
  return records;
}

// Writes the records of `bytes` into rows `first`, ... of `data`.
void copy_records(const std::string& bytes, std::size_t records, std::size_t first, Dataset& data) {
  for (std::size_t r = 0; r < records; ++r) {
    const unsigned char* record = reinterpret_cast<const unsigned char*>(bytes.data()) + r * kCifarRecord;
    data.labels[first + r] = record[0];
    float* row = data.features.row(first + r);
    for (std::size_t p = 0; p < kCifarPixels; ++p) row[p] = static_cast<float>(record[1 + p]);
  }
}

}  // namespace

Dataset parse_cifar(const std::string& bytes, const std::string& name) {
  const std::size_t records = checked_records(bytes, name);
  Dataset data;
  data.features = MatrixF(records, kCifarPixels);
  data.labels.resize(records);
  copy_records(bytes, records, 0, data);
  return data;
}

Dataset load_cifar_dataset(const std::vector<std::string>& paths, std::size_t limit) {
  std::vector<std::string> files;
  std::vector<std::size_t> counts;
  std::size_t total = 0;
  for (const std::string& path : paths) {
    files.push_back(read_maybe_gzipped_file(path, limit));
    counts.push_back(checked_records(files.back(), path));
    total += counts.back();
  }
  Dataset data;
  data.features = MatrixF(total, kCifarPixels);
  data.labels.resize(total);
  std::size_t first = 0;
  for (std::size_t f = 0; f < files.size(); ++f) {
    copy_records(files[f], counts[f], first, data);
    first += counts[f];
  }
  return data;
}

}  // namespace ricci
