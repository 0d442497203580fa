// studies.h — the paper's studies, each the grid of its config in
// configs/paper/ with its controls: `ricci run --study NAME` runs one into
// results/NAME, and `--study paper` runs every one whose data is present
// and reports them together (bin/report/pooled.h).
//
// The paper's seven data sets: its synthetic A, B and C (built in), MNIST 1
// against 7 and 6 against 8 (the files where configs/paper/mnist*.ini say),
// Fashion-MNIST sandals against ankle boots and shirts against coats
// (Debian's dataset-fashion-mnist). Each study adds untrained twins
// (--baselines untrained) and k chosen on held-out seeds too (--select-k-on
// half); flags given with it override the config and these.
#pragma once

#include <string>
#include <vector>

namespace ricci {

struct Study {
  const char* name;
  const char* config;  // under the project's folder
  const char* about;
};

// The single-data-set studies, in the paper's order.
const std::vector<Study>& studies();

// The study named `name`; a usage error listing the names otherwise.
const Study& find_study(const std::string& name);

// The name of the study of every data set of the paper, pooled.
inline constexpr const char kPaperStudy[] = "paper";

// The flags every study adds to its config.
const std::vector<std::string>& study_preset();

// The study's config file: under the current directory (the project root),
// or else under the project folder of the binary (build/..); a data error
// naming both otherwise.
std::string study_config(const Study& study);

// The studies as `ricci run --help` lists them.
std::string studies_text();

}  // namespace ricci
