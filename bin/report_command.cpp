// report_command.cpp — `ricci report DIR`: summary.md and SVG figures of a
// sweep (the engine is write_report, bin/report/report.h).
#include <cstdio>

#include "bin/cli.h"
#include "bin/commands.h"
#include "bin/report/report.h"
#include "data/error.h"
#include "data/files.h"

namespace ricci {

int report_command(const std::vector<std::string>& args) {
  const CommandSpec command{"report", "DIR", "Writes DIR/summary.md and DIR/figures/*.svg from a sweep's results.",
                            {{"quiet", "", "print nothing but errors"}}, /*positional=*/true};
  const std::optional<Options> parsed = parse_command(command, args);
  if (!parsed) return 0;
  if (parsed->positional().size() != 1) throw usage_error("report: give one sweep directory");
  const std::string dir = parsed->positional()[0];
  const auto lock = lock_output(dir, Writer::Report, "report", args);
  // summary.md and figures/ are written over only when ricci wrote them (bin/experiment/folders.h).
  check_replaceable(dir, writable_record(dir, FolderKind::Sweep), {"summary.md", "figures/"});
  write_report(dir);
  if (!parsed->flag("quiet"))
    std::printf("wrote %s and figures in %s\n", join_path(dir, "summary.md").c_str(), join_path(dir, "figures").c_str());
  return 0;
}

}  // namespace ricci
