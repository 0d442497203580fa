// data_path.cpp — the search for a relative data file: the first folder,
// RICCI_DATA_PATH, the system folder (data_path.h).
#include "data/sets/data_path.h"

#include <algorithm>
#include <cstdlib>

#include "data/error.h"
#include "data/files.h"
#include "data/sets/spec.h"

namespace ricci {

namespace {

const char* const kSystemDataFolder = "/usr/share/datasets";

// The data sets a Debian package provides: the first folder of a relative
// path, and the command that installs it.
struct DataPackage {
  const char* folder;
  const char* install;
};
const DataPackage kDataPackages[] = {
    {"fashion-mnist", "apt-get install dataset-fashion-mnist"},
};

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// "the current directory", "A", "A and B", "A, B and C".
std::string places_text(const std::vector<std::string>& folders) {
  std::string text;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    if (i > 0) text += i + 1 == folders.size() ? " and " : ", ";
    text += folders[i].empty() ? "the current directory" : folders[i];
  }
  return text;
}

}  // namespace

std::vector<std::string> data_search_folders(const std::string& first, const std::string& data_path,
                                             const std::string& system_folder) {
  std::vector<std::string> folders = {first};
  auto add = [&](const std::string& folder) {
    if (!folder.empty() && std::find(folders.begin(), folders.end(), folder) == folders.end()) folders.push_back(folder);
  };
  for (std::size_t start = 0;;) {
    const std::size_t colon = data_path.find(':', start);
    add(data_path.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  add(system_folder);
  return folders;
}

std::string system_data_folder() {
  return std::getenv("RICCI_SYSTEM_DATA") ? environment("RICCI_SYSTEM_DATA") : kSystemDataFolder;
}

std::vector<std::string> data_search_folders(const std::string& first) {
  return data_search_folders(first, environment("RICCI_DATA_PATH"), system_data_folder());
}

std::string data_package(const std::string& relative_path) {
  const std::string folder = relative_path.substr(0, relative_path.find('/'));
  for (const DataPackage& package : kDataPackages)
    if (folder == package.folder && folder.size() < relative_path.size()) return package.install;
  return "";
}

std::string find_data_file(const std::string& path, const std::vector<std::string>& folders, const std::string& hint) {
  const std::string tail = hint.empty() ? "" : "; " + hint;
  if (!path.empty() && path[0] == '/') {
    if (file_exists(path)) return path;
    throw data_error(path + ": no such file" + tail);
  }
  for (const std::string& folder : folders) {
    const std::string candidate = folder.empty() ? path : join_path(folder, path);
    if (file_exists(candidate)) return candidate;
  }
  const std::string package = data_package(path);
  throw data_error(path + ": no such file in " + places_text(folders) +
                   (package.empty() ? "" : " (" + package + " provides it)") + tail);
}

std::string find_spec_files(const std::string& spec, const std::vector<std::string>& folders, const std::string& hint) {
  return map_spec_files(spec, [&](const std::string& path) { return find_data_file(path, folders, hint); });
}

}  // namespace ricci
