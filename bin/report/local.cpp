// local.cpp — the layer and local coefficients in summary.md; every
// number from flow/local_summary.h.
#include "bin/report/local.h"

#include "bin/report/sections.h"
#include "flow/local_summary.h"

namespace ricci {

namespace {

// "median | negative of models | sign p | t-test p" of one test.
std::string test_cells(const LocalTest& test) {
  return fixed(test.median) + " | " + std::to_string(test.sign.below) + " of " + std::to_string(test.models) + " | " +
         p_text(test.sign.p_value) + " | " + p_text(test.t.p_value);
}

}  // namespace

std::string local_section(const Sweep& sweep) {
  if (!sweep.local) return "";
  const std::vector<Baseline> baselines = sweep_baselines(sweep);
  const bool controls = baselines.size() > 1;
  std::string md =
      "\n## Layer and local coefficients (Hehl et al.)\n\n"
      "Per model and k, the mean of its layer coefficients (one per transition l = 0..L-1: the correlation over "
      "points of the mean curvature s_l(x) and the expansion e_l(x)) and of its local coefficients (one per point: "
      "the correlation over layers), over those defined (local.csv). Below, over the analysed models of each data "
      "set (well-trained, or every model of a baseline) whose mean is defined: the median of those per-model means, "
      "how many are negative (Ricci-flow-like), the sign test and the one-sample t-test against 0, with the model "
      "as the unit. Per architecture: local_groups.csv.\n\n";
  md += std::string("| data set | ") + (controls ? "baseline | " : "") +
        "k | models | layer: median | negative | sign p | t p | local: median | negative | sign p | t p |\n| --- | " +
        (controls ? "--- | " : "") + "--- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (Baseline baseline : baselines)
    for (const ModelGroup& dataset : dataset_groups(sweep, baseline))
      for (int k : sweep.ks) {
        const LocalGroupRow row = local_group_row(sweep, dataset, k);
        md += "| `" + dataset.dataset + "` | " + (controls ? std::string(baseline_name(baseline)) + " | " : "") +
              std::to_string(k) + " | " + std::to_string(row.models) + " | " + test_cells(row.layer) + " | " +
              test_cells(row.local) + " |\n";
      }
  return md;
}

}  // namespace ricci
