// regulariser.cpp — summary.md's section on the Ricci-flow regulariser:
// regularised networks against their twins (flow/ricci_flow_comparison.h).
#include <string>
#include <vector>

#include "bin/options.h"
#include "bin/report/sections.h"
#include "data/format.h"
#include "flow/ricci_flow_comparison.h"

namespace ricci {

namespace {

// A measure's words: "test accuracy", "rho at best k", ...
std::string measure_words(const std::string& measure) {
  if (measure == "test_accuracy") return "test accuracy";
  if (measure == "rho_best") return "rho at best k";
  if (measure == "rho_negative") return "share with rho < 0";
  return "`" + measure + "`";
}

std::string signed_fixed(double v, int digits = 4) {
  const std::string text = fixed(v, digits);
  return v > 0 ? "+" + text : text;
}

// "0.9833 against 0.9850 (difference -0.0017, paired t p = 0.21, sign test p = 0.45, 12 pairs)"
std::string comparison_words(const PairedComparison& c, int digits) {
  return fixed(c.mean_regularised, digits) + " against " + fixed(c.mean_twin, digits) + " (difference " +
         signed_fixed(c.mean_difference, digits) + ", paired t p = " + p_text(c.t.p_value) + ", sign test p = " +
         p_text(c.sign.p_value) + ", " + count_text(c.pairs) + " pairs)";
}

}  // namespace

std::string regulariser_section(const Sweep& sweep, const std::vector<ArchitectureBestK>& best) {
  const std::vector<RicciFlowRow> rows = ricci_flow_comparison(sweep, best);
  if (rows.empty()) return "";
  const std::string twin = format_double(sweep.ricci_flow);
  std::string md =
      "## The Ricci-flow regulariser against plain training\n\n"
      "Each network trained with the Ricci-flow penalty (`--ricci-flow LAMBDA`, docs/method.md, definition 16) "
      "against its twin at lambda = " + twin + ": the same data set, architecture and seed, so the same initial "
      "weights and minibatches. Per data set and lambda, the mean of each measure over the regularised networks "
      "and over their twins, the mean paired difference, the paired t test and the sign test over the pairs "
      "(the model is the unit; rho at each architecture's best k, chosen on the twins; the share with rho < 0 "
      "compared pair by pair, the sign test then McNemar's exact test). With `--attack`, each test accuracy "
      "under attack (`fgsm_accuracy_eps<EPS>`, `pgd_accuracy_eps<EPS>`, definition 14) is compared the same "
      "way.\n\n";
  for (const RicciFlowRow& row : rows) {
    const PairedComparison& accuracy = row.measures[0];
    const PairedComparison& rho = row.measures[1];
    md += "At lambda = " + format_double(row.ricci_flow) + " on `" + row.dataset + "` the regulariser **" +
          verdict_words(row.verdict) + "**: test accuracy " + comparison_words(accuracy, 4) + "; rho at best k " +
          comparison_words(rho, 3);
    for (std::size_t m = 3; m < row.measures.size(); ++m)  // the accuracies under attack
      md += "; " + measure_words(row.measures[m].measure) + " " + comparison_words(row.measures[m], 4);
    md += ".\n\n";
  }
  md += "| data set | lambda | measure | pairs | regularised | twins | difference | paired t p | sign test p |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const RicciFlowRow& row : rows)
    for (const PairedComparison& c : row.measures) {
      const int digits = c.measure == "rho_best" ? 3 : 4;
      md += "| `" + row.dataset + "` | " + format_double(row.ricci_flow) + " | " + measure_words(c.measure) + " | " +
            count_text(c.pairs) + " | " + fixed(c.mean_regularised, digits) + " | " + fixed(c.mean_twin, digits) +
            " | " + signed_fixed(c.mean_difference, digits) + " | " + p_text(c.t.p_value) + " | " +
            p_text(c.sign.p_value) + " |\n";
    }
  md += "\nHelped or hurt: the paired t test of the test accuracy at 5%, the sign test agreeing at 5% (which "
        "needs 6 pairs or more); otherwise nothing measurable. " + counted(rows.size(), "verdict") +
        " above, each at 5% with no correction for their number. The paper's statistics in the other sections "
        "use the twins alone.\n\n";
  return md;
}

}  // namespace ricci
