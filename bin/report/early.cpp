// early.cpp — the report's section on early prediction. The numbers come
// from flow/early.h; this file reads the rows and formats them.
#include "bin/report/early.h"

#include "bin/report/format.h"
#include "bin/sweep/tables.h"
#include "data/files.h"
#include "data/io/table.h"
#include "flow/early.h"

namespace ricci {

namespace {

std::string epoch_text(long epoch) { return epoch < 0 ? "never" : std::to_string(epoch); }

std::string r_text(const Correlation& c) { return fixed(c.r) + " (" + p_text(c.p_value) + ")"; }

}  // namespace

std::string early_section(const std::string& dir, const Sweep& sweep) {
  const std::string path = join_path(dir, "training_geometry.csv");
  if (!file_exists(path)) return "";
  const Table table = read_csv_table(path);
  if (table.rows.empty()) return "";
  const std::vector<EarlyRow> rows = early_rows(sweep, read_tracked_training(table, sweep.ks, path));
  const std::vector<EarlyVerdict> verdicts = early_verdicts(rows);
  std::string md =
      "\n## Early prediction\n\nDoes the geometry early in training tell how good a network will be, better than its "
      "training loss at the same epoch? Per architecture (its seeds; trained networks), outcome and k: Pearson r "
      "across models of rho_k at each tracked epoch with the final outcome, against r of the training loss there "
      "(early.csv; docs/method.md, definition 15; the model is the unit, p-values in brackets). Geometry is better "
      "at an epoch when |r| of rho_k exceeds |r| of the loss; \"from\" is the first epoch from which it is better at "
      "every later tracked epoch, the last included.\n\n"
      "| data set | width | depth | outcome | k | epochs compared | geometry better | first | from | first epoch: r "
      "(rho), r (loss) | last epoch: r (rho), r (loss) |\n"
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  std::size_t r = 0;
  for (const EarlyVerdict& v : verdicts) {
    // The verdict's rows: consecutive in `rows`, in the same order.
    std::size_t first = r, last = r;
    while (last + 1 < rows.size() && rows[last + 1].k == v.k && rows[last + 1].outcome == v.outcome &&
           rows[last + 1].architecture.dataset == v.architecture.dataset &&
           rows[last + 1].architecture.width == v.architecture.width &&
           rows[last + 1].architecture.depth == v.architecture.depth)
      ++last;
    r = last + 1;
    md += "| `" + v.architecture.dataset + "` | " + v.architecture.width + " | " + std::to_string(v.architecture.depth) +
          " | `" + v.outcome + "` | " + std::to_string(v.k) + " | " + std::to_string(v.compared) + " | " +
          std::to_string(v.better) + " | " + epoch_text(v.first_epoch) + " | " + epoch_text(v.from_epoch) + " | " +
          "epoch " + std::to_string(rows[first].epoch) + ": " + r_text(rows[first].rho) + ", " +
          r_text(rows[first].loss) + " | epoch " + std::to_string(rows[last].epoch) + ": " + r_text(rows[last].rho) +
          ", " + r_text(rows[last].loss) + " |\n";
  }
  return md;
}

}  // namespace ricci
