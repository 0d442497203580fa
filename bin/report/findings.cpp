// findings.cpp — the sections of summary.md that say in words what
// was found (per data set: the best k, the share of well-trained models
// with rho < 0 there, its correlation with accuracy, and the controls at the
// same k) and that embed the figures. Every number comes from flow/
// (summary.h, null_tests.h); these word it.
#include <cmath>

#include "bin/report/sections.h"

namespace ricci {

namespace {


// "1 model", "2 models".
std::string models(std::size_t n) { return count_text(n) + (n == 1 ? " model" : " models"); }

const DatasetResult* result_at(const std::vector<DatasetResult>& results, const std::string& dataset, int k) {
  for (const DatasetResult& r : results)
    if (r.dataset == dataset && r.k == k) return &r;
  return nullptr;
}

// The controls of a data set at k, one clause each.
std::string controls_text(const std::vector<NullTest>& tests, const std::string& dataset, int k) {
  std::string text;
  for (const NullTest& t : tests) {
    if (t.trained.dataset != dataset || t.k != k) continue;
    text += " Against " + baseline_models_text(t.baseline) + ": " + count_text(t.baseline_negative) + " of " +
            models(t.baseline_models) + " (" + percent(t.baseline_share_negative) + ") have rho < 0 there, mean rho " +
            fixed(t.baseline_mean_rho) + " against the trained " + fixed(t.trained_mean_rho) + " (difference " +
            fixed(t.difference.difference) + ", 95% CI " + fixed(t.difference.interval.low) + " to " +
            fixed(t.difference.interval.high) + ", Mann-Whitney p = " + p_text(t.test.p_value) + "): ";
    switch (null_verdict(t)) {
      case NullVerdict::More: text += "the trained networks are **more Ricci-flow-like** than their controls."; break;
      case NullVerdict::Less: text += "the trained networks are **less Ricci-flow-like** than their controls."; break;
      case NullVerdict::NoDifference: text += "**no clear difference** from the controls."; break;
      case NullVerdict::Untestable: text += "**not testable** (a group has no model with rho defined)."; break;
    }
  }
  return text;
}

// Why rho's correlation with test accuracy (x = rho, y = accuracy) is undefined, in words.
std::string undefined_text(const Correlation& c) {
  switch (c.undefined) {
    case Undefined::XConstant: return "every model has the same rho";
    case Undefined::YConstant: return "every model has the same test accuracy";
    case Undefined::FewPairs: return "fewer than 3 models";
    default: return c.reason;
  }
}

std::string image(const ReportFigure& f) {
  return "![" + f.caption + "](figures/" + f.name + ")\n\n";
}

}  // namespace

std::string findings_section(const std::vector<DatasetResult>& results, const std::vector<NullTest>& tests,
                             const std::vector<ModelsRhoAccuracy>& with_accuracy, bool baselines) {
  std::string md = "\n## What was found, pooled over architectures\n\n"
                   "Per data set, its architectures pooled, at the k whose pooled rho is most negative (the best "
                   "k, chosen on these same models, which makes rho there negative by construction";
  md += baselines ? "; the controls are read at the same k" : "; this sweep has no controls to read it against: "
                                                              "run it with `--baselines untrained,shuffled-labels`";
  md += "). Every count is of models, every test over models.\n\n";
  for (const BestK& best : best_k_per_dataset(results)) {
    md += "- `" + best.dataset + "`: ";
    const DatasetResult* r = best.found ? result_at(results, best.dataset, best.k) : nullptr;
    if (!r) {
      md += "no pooled rho is defined at any k (no well-trained model with its pairs defined).\n";
      continue;
    }
    const SignTest& sign = r->model_level.sign;
    md += "the pooled rho is most negative at **k = " + std::to_string(r->k) + "** (" + fixed(r->pooled.r) +
          "). There **" + count_text(r->negative) + " of " + count_text(r->well_trained) + " well-trained " +
          (r->well_trained == 1 ? "model" : "models") + " (" + percent(r->share_negative) +
          ")** with rho defined have rho < 0 (sign test over models p = " + p_text(sign.p_value) +
          "; median rho " + fixed(r->median_rho) + ").";
    for (const ModelsRhoAccuracy& a : with_accuracy) {
      const Correlation& c = a.correlation.pearson;
      if (a.dataset != r->dataset || a.k != r->k) continue;
      md += " Across the trained models with rho defined (" + models(c.n) + "), ";
      md += c.defined() ? "rho at this k correlates with test accuracy at r = " + fixed(c.r) + " (p = " +
                              p_text(c.p_value) + ")."
                        : "the correlation of rho at this k with test accuracy is undefined (" + undefined_text(c) + ").";
    }
    md += controls_text(tests, r->dataset, r->k) + "\n";
  }
  return md + "\n";
}

std::string figures_section(const std::vector<ReportFigure>& figures, const std::vector<DatasetResult>& results) {
  std::string md = "\n## Figures\n\n";
  for (const BestK& best : best_k_per_dataset(results)) {
    md += "### `" + best.dataset + "`\n\n";
    int shown_k = best.found ? best.k : 0;
    for (const ReportFigure& f : figures)
      if (f.dataset == best.dataset && f.k != 0 && shown_k == 0) shown_k = f.k;  // no best k: the first k
    for (const ReportFigure& f : figures)
      if (f.dataset == best.dataset && f.k == 0) md += image(f);
    if (shown_k != 0) md += "At k = " + std::to_string(shown_k) + (best.found ? " (the best k)" : "") + ":\n\n";
    for (const ReportFigure& f : figures)
      if (f.dataset == best.dataset && f.k == shown_k && shown_k != 0) md += image(f);
    std::string others;
    for (const ReportFigure& f : figures)
      if (f.dataset == best.dataset && f.k != 0 && f.k != shown_k)
        others += std::string(others.empty() ? "" : ", ") + "[" + f.name + "](figures/" + f.name + ")";
    if (!others.empty()) md += "At the other ks: " + others + ".\n\n";
  }
  bool any = false;
  for (const ReportFigure& f : figures)
    if (f.dataset.empty()) {
      if (!any) md += "### All data sets\n\n";
      any = true;
      md += image(f);
    }
  return md;
}

}  // namespace ricci
