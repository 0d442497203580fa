// merge_command.cpp — `ricci merge DIR... --out DIR`: combine the shards of a
// sweep into exactly the result of the unsharded sweep (bin/sweep/merge.h).
#include <cstdio>

#include "bin/cli.h"
#include "bin/commands.h"
#include "bin/sweep/merge.h"
#include "data/error.h"

namespace ricci {

int merge_command(const std::vector<std::string>& args) {
  const CommandSpec command{"merge", "SHARD_DIR... --out DIR", "Combines the shards of one sweep (run with --shard I/N).",
                            {{"out", "DIR", "output directory (required; must not hold a sweep)"},
                             {"quiet", "", "print nothing but errors"}},
                            /*positional=*/true};
  const std::optional<Options> parsed = parse_command(command, args);
  if (!parsed) return 0;
  const std::vector<std::string>& dirs = parsed->positional();
  if (dirs.empty()) throw usage_error("merge: give the shard directories");
  const std::string out = required_out(*parsed, "merge");
  for (const std::string& dir : dirs)
    if (same_folder(dir, out)) throw usage_error("merge: --out " + out + " is one of the shards");
  const auto lock = lock_output(out, Writer::Merge, "merge", args);
  const MergeSummary merged = merge_shards(dirs, out);
  if (merged.models < merged.grid_models)
    std::fprintf(stderr, "ricci: note: the shards hold %zu of the grid's %zu models; run the missing shards and merge "
                         "again\n",
                 merged.models, merged.grid_models);
  if (!parsed->flag("quiet"))
    std::printf("merged %s: %s into %s\n", counted(dirs.size(), "shard").c_str(),
                counted(merged.models, "model").c_str(), out.c_str());
  return 0;
}

}  // namespace ricci
