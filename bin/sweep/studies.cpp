// studies.cpp — the paper's studies and where their configs are (studies.h).
#include "bin/sweep/studies.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>

#include "data/error.h"
#include "data/files.h"

namespace ricci {

namespace {

const std::vector<Study> kStudies = {
    {"fmnist", "configs/paper/fmnist59.ini",
     "Fashion-MNIST, sandals (5) against ankle boots (9) (apt-get install dataset-fashion-mnist)"},
    {"paper-a", "configs/paper/paper-a.ini", "the paper's synthetic data set A, the paper's grid"},
    {"paper-b", "configs/paper/paper-b.ini", "the paper's synthetic data set B, the paper's grid"},
    {"paper-c", "configs/paper/paper-c.ini", "the paper's synthetic data set C, the paper's grid"},
    {"mnist17", "configs/paper/mnist17.ini", "MNIST, 1 against 7 (the files where the config says)"},
    {"mnist68", "configs/paper/mnist68.ini", "MNIST, 6 against 8 (the files where the config says)"},
    {"fmnist64", "configs/paper/fmnist64.ini", "Fashion-MNIST, shirts (6) against coats (4)"},
};
const std::vector<std::string> kStudyPreset = {"--baselines=untrained", "--select-k-on=half"};

// The folder of the binary (build/ricci's build/, or build/asan/ricci's
// build/asan/), "" when unknown.
std::string binary_folder() {
  char exe[PATH_MAX];
  const ssize_t size = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (size <= 0) return "";
  exe[size] = '\0';
  const std::string path(exe);
  return path.substr(0, path.rfind('/'));
}

// The project folder the binary was built in: the nearest folder above the
// binary's (build/.., or build/asan/.. for the sanitizer builds) that holds
// `config`; "" when none within three levels does.
std::string binary_project_folder(const std::string& config) {
  std::string folder = binary_folder();
  for (int up = 0; up < 3 && !folder.empty(); ++up) {
    folder += "/..";
    char resolved[PATH_MAX];
    if (::realpath(folder.c_str(), resolved) && file_exists(join_path(resolved, config))) return resolved;
  }
  return "";
}

}  // namespace

const std::vector<Study>& studies() { return kStudies; }

const std::vector<std::string>& study_preset() { return kStudyPreset; }

std::string studies_text() {
  std::string text = "\nStudies (--study NAME; into results/NAME unless --out):\n";
  for (const Study& study : kStudies) {
    char line[64];
    std::snprintf(line, sizeof line, "  %-17s", study.name);
    text += line + std::string(study.about) + "\n";
  }
  char line[64];
  std::snprintf(line, sizeof line, "  %-17s", kPaperStudy);
  text += line + std::string("every study above whose data is present, each into its own folder, then one report\n"
                             "                    over all of them (results/paper)\n");
  return text + "each with --baselines untrained and --select-k-on half; flags override the config.";
}

const Study& find_study(const std::string& name) {
  std::string names;
  for (const Study& study : kStudies) {
    if (name == study.name) return study;
    names += (names.empty() ? "" : ", ") + std::string(study.name);
  }
  throw usage_error("--study: expected one of " + names + " or " + kPaperStudy + ", got '" + name + "'");
}


// The study's config: under the current directory (the project root), or
// else under the project folder of the binary (build/..).
std::string study_config(const Study& study) {
  if (file_exists(study.config)) return study.config;
  const std::string project = binary_project_folder(study.config);
  if (!project.empty()) return join_path(project, study.config);
  const std::string binary = binary_folder();
  throw data_error(std::string(study.config) + ": no such file in the current directory" +
                   (binary.empty() ? "" : " or above " + binary) + "; --study " + study.name +
                   " reads it from the project's folder (run ricci from there)");
}

}  // namespace ricci
