// data_path.h — where a data file named by a relative path is looked for.
//
// A data SPEC's relative file path (idx:fashion-mnist/train-images-idx3-ubyte.gz)
// is looked up, in order:
//
//   1. the first folder: the config's folder for a config's SPECs, the
//      current directory for --data, --datasets and --test;
//   2. each folder of RICCI_DATA_PATH (colon-separated, empty items skipped);
//   3. the system folder, /usr/share/datasets (where Debian's data set
//      packages put their files: dataset-fashion-mnist gives
//      /usr/share/datasets/fashion-mnist/), or RICCI_SYSTEM_DATA when set
//      (tests point it at a folder of their own).
//
// The first folder holding the file wins, and the SPEC then names the file
// where it was found (the folder joined with the relative path, as the
// folder was written): that path is what sweep.json and metrics.json record.
// An absolute path is taken as it is. A file found nowhere is one data error
// listing the places looked in and, for a data set a package provides, the
// package.
#pragma once

#include <string>
#include <vector>

namespace ricci {

// The folders searched for a relative data file, in order: `first` (""
// for the current directory), then each item of `data_path` (the value of
// RICCI_DATA_PATH), then `system_folder` (skipped when empty). A folder
// already listed is not listed again.
std::vector<std::string> data_search_folders(const std::string& first, const std::string& data_path,
                                             const std::string& system_folder);

// The same, with RICCI_DATA_PATH and the system folder (RICCI_SYSTEM_DATA,
// or /usr/share/datasets) from the environment.
std::vector<std::string> data_search_folders(const std::string& first);

// The system folder: RICCI_SYSTEM_DATA when set (even empty: no system
// folder), /usr/share/datasets otherwise.
std::string system_data_folder();

// The package that provides a relative data path, as the command that
// installs it ("apt-get install dataset-fashion-mnist" for fashion-mnist/...),
// or "" when none is known.
std::string data_package(const std::string& relative_path);

// `path` where it is found: unchanged when absolute (and present), else the
// first of `folders` joined with it that exists. Not found: a data error
// "PATH: no such file in A, B or C (apt-get install ... provides it)", the
// places as looked in ("the current directory" for ""), then `hint` when
// given ("; HINT").
std::string find_data_file(const std::string& path, const std::vector<std::string>& folders,
                           const std::string& hint = "");

// The data SPEC with each of its files (spec.h's spec_files) replaced by
// find_data_file's; built-in SPECs are unchanged.
std::string find_spec_files(const std::string& spec, const std::vector<std::string>& folders,
                            const std::string& hint = "");

}  // namespace ricci
