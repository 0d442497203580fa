// report_command.cpp — `ricci report DIR`: summary.md and SVG figures of a
// sweep (bin/report/report.h); `ricci report SWEEP... --out DIR`: one report
// over several sweeps, the whole paper's numbers pooled (bin/report/pooled.h).
#include <cstdio>

#include "bin/cli.h"
#include "bin/commands.h"
#include "bin/report/format.h"
#include "bin/report/pooled.h"
#include "bin/report/report.h"
#include "data/error.h"
#include "data/files.h"

namespace ricci {

int report_command(const std::vector<std::string>& args) {
  const CommandSpec command{
      "report", "DIR | SWEEP... --out DIR",
      "Writes DIR/summary.md and DIR/figures/*.svg from a sweep's results. With two or more\n"
      "sweeps and --out, one report over all of them: the share with rho < 0 at each sweep's\n"
      "best k and the accuracy regression pooled over every sweep, then each sweep's own report.",
      {{"out", "DIR", "with several sweeps: the folder of the pooled report"},
       {"beside", "SWEEP", "a re-analysis of DIR's networks (ricci sweep --from DIR, e.g. --convention\n"
                           "paper-r): its protocol numbers as a column beside DIR's"},
       {"outcome", "COLUMN", "what the protocol's regression explains: test_accuracy (the paper's, the\n"
                             "default) or a column of models.csv such as fgsm_accuracy_eps0.1 (one sweep)"},
       {"quiet", "", "print nothing but errors"}},
      /*positional=*/true};
  const std::optional<Options> parsed = parse_command(command, args);
  if (!parsed) return 0;
  const std::vector<std::string>& dirs = parsed->positional();
  if (dirs.empty()) throw usage_error("report: give a sweep directory");
  const std::string outcome = parsed->text("outcome", "test_accuracy");
  if (dirs.size() == 1 && !parsed->has("out")) {
    const auto lock = lock_output(dirs[0], Writer::Report, "report", args);
    // summary.md and figures/ are written over only when ricci wrote them (bin/experiment/folders.h).
    check_replaceable(dirs[0], writable_record(dirs[0], FolderKind::Sweep), {"summary.md", "figures/"});
    ReportOptions options;
    options.outcome = outcome;
    if (parsed->has("beside")) options.beside.push_back(parsed->text("beside", ""));
    write_report(dirs[0], options);
    if (!parsed->flag("quiet"))
      std::printf("wrote %s and figures in %s\n", join_path(dirs[0], "summary.md").c_str(),
                  join_path(dirs[0], "figures").c_str());
    return 0;
  }
  if (dirs.size() < 2) throw usage_error("report --out: give two or more sweeps to pool (one sweep reports into itself)");
  if (parsed->has("beside")) throw usage_error("report --beside: applies to the report of one sweep, not to a pooled report");
  if (parsed->has("outcome")) throw usage_error("--outcome: the report of one sweep only (the pooled report is the paper's)");
  const std::string out = required_out(*parsed, "report");
  const auto lock = lock_output(out, Writer::PooledReport, "report", args);
  const PooledNumbers n = write_pooled_report(dirs, out);
  if (!parsed->flag("quiet")) {
    std::printf("pooled %s: well-trained networks with rho < 0 at their best k: %s of %s (%s)\n",
                counted(dirs.size(), "sweep").c_str(), count_text(n.headlines[0].negative).c_str(),
                count_text(n.headlines[0].analysed).c_str(), percent(n.headlines[0].share_negative, "-").c_str());
    std::printf("wrote %s and %s\n", join_path(out, "summary.md").c_str(), join_path(out, "regression.csv").c_str());
  }
  return 0;
}

}  // namespace ricci
