// spec.cpp — a data SPEC to a data set: built-in names with parameters, or
// IDX, CSV, NPY and CIFAR-10 files.
#include "data/sets/spec.h"

#include <cctype>
#include <cstdint>
#include <map>
#include <new>

#include "data/error.h"
#include "data/io/cifar.h"
#include "data/io/csv.h"
#include "data/io/idx.h"
#include "data/io/npy.h"
#include "data/sets/synthetic.h"

namespace ricci {

namespace {

std::vector<std::string> split_on(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

// The comma-separated file names after "kind:", checked for count; usage
// errors show the expected form.
std::vector<std::string> file_list(const std::string& kind, const std::string& files, std::size_t min_count,
                                   std::size_t max_count, const std::string& form) {
  const std::vector<std::string> paths = split_on(files, ',');
  bool ok = paths.size() >= min_count && paths.size() <= max_count;
  for (const std::string& path : paths) ok = ok && !path.empty();
  if (!ok) throw usage_error(kind + ": expected " + form + ", got '" + kind + ":" + files + "'");
  return paths;
}

Dataset load_npy_pair(const std::string& files, std::size_t limit) {
  const std::vector<std::string> paths = file_list("npy", files, 2, 2, "npy:FEATURES.npy,LABELS.npy");
  Dataset data;
  data.features = npy_to_matrix(parse_npy(read_file(paths[0], limit), paths[0]), paths[0]);
  data.labels = npy_to_labels(parse_npy(read_file(paths[1], limit), paths[1]), paths[1]);
  if (data.labels.size() != data.features.rows())
    throw data_error(paths[1] + ": " + std::to_string(data.labels.size()) + " labels for " +
                     std::to_string(data.features.rows()) + " rows of " + paths[0]);
  return data;
}

bool is_file_kind(const std::string& kind) {
  return kind == "idx" || kind == "csv" || kind == "npy" || kind == "cifar";
}

Dataset load_dataset_unchecked(const std::string& spec, std::size_t limit) {
  const std::size_t colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  const std::string rest = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (name.empty()) throw usage_error("data SPEC", "empty dataset name in '" + spec + "'");

  Dataset data;
  if (name == "npy") {
    data = load_npy_pair(rest, limit);
  } else if (name == "idx") {
    const std::vector<std::string> paths = file_list("idx", rest, 1, 2, "idx:IMAGES[,LABELS]");
    data = load_idx_dataset(paths[0], paths.size() == 2 ? paths[1] : "", limit);
  } else if (name == "csv") {
    data = load_csv_dataset(file_list("csv", rest, 1, SIZE_MAX, "csv:FILE[,FILE...]"), limit);
  } else if (name == "cifar") {
    data = load_cifar_dataset(file_list("cifar", rest, 1, SIZE_MAX, "cifar:FILE[,FILE...]"), limit);
  } else {
    std::map<std::string, std::string> given;
    if (!rest.empty())
      for (const std::string& item : split_on(rest, ',')) {
        const std::size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
          throw usage_error(name + ": expected key=value in the data SPEC, got '" + item + "'");
        const std::string key = item.substr(0, eq);
        if (given.count(key)) throw usage_error(name + ": parameter '" + key + "' given twice");
        given[key] = item.substr(eq + 1);
      }
    data = make_builtin_dataset(name, given);
  }
  check_dataset(data, spec);
  return data;
}

}  // namespace

NamedSpec split_spec_name(const std::string& text) {
  NamedSpec named;
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) {
    named.spec = text;
    return named;
  }
  named.spec = text.substr(0, colon + 1);
  bool first = true;
  for (const std::string& item : split_on(text.substr(colon + 1), ',')) {
    if (item.rfind("name=", 0) != 0) {
      named.spec += (first ? "" : ",") + item;
      first = false;
      continue;
    }
    const std::string name = item.substr(5);
    if (!named.name.empty()) throw usage_error("data SPEC", "name= given twice in '" + text + "'");
    bool valid = !name.empty();
    for (char c : name) valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
    if (!valid)
      throw usage_error("data SPEC", "name '" + name + "' in '" + text +
                                         "' must be letters, digits, '.', '_' or '-'");
    named.name = name;
  }
  if (first) named.spec.pop_back();  // nothing after the colon but the name: no colon either
  return named;
}

std::string dataset_name(const std::string& spec) {
  const NamedSpec named = split_spec_name(spec);
  return named.name.empty() ? spec : named.name;
}

std::vector<std::string> spec_files(const std::string& text) {
  const std::string spec = split_spec_name(text).spec;
  const std::size_t colon = spec.find(':');
  if (colon == std::string::npos || !is_file_kind(spec.substr(0, colon))) return {};
  return split_on(spec.substr(colon + 1), ',');
}

std::string map_spec_files(const std::string& text, const std::function<std::string(const std::string&)>& map) {
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos || !is_file_kind(text.substr(0, colon))) return text;
  std::string out = text.substr(0, colon + 1);
  bool first = true;
  for (const std::string& item : split_on(text.substr(colon + 1), ',')) {
    const bool file = !item.empty() && item.rfind("name=", 0) != 0;
    out += (first ? "" : ",") + (file ? map(item) : item);
    first = false;
  }
  return out;
}

std::string spec_relative_to(const std::string& text, const std::string& dir) {
  if (dir.empty()) return text;
  return map_spec_files(text, [&](const std::string& path) { return path[0] == '/' ? path : dir + "/" + path; });
}

Dataset load_dataset(const std::string& named_spec, std::size_t limit) {
  const std::string spec = split_spec_name(named_spec).spec;
  try {
    return load_dataset_unchecked(spec, limit);
  } catch (const std::bad_alloc&) {
    throw data_error(spec + ": out of memory loading it");
  }
}

}  // namespace ricci
