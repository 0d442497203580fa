// commands.h — the subcommands of the `ricci` driver. Each takes the
// arguments after its name and returns the process exit code; errors are
// thrown as ricci::Error and reported by main().
#pragma once

#include <string>
#include <vector>

#include "bin/options.h"
#include "flow/geometry.h"

namespace ricci {

int train_command(const std::vector<std::string>& args);
int datasets_command(const std::vector<std::string>& args);
int analyze_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);
int run_command(const std::vector<std::string>& args);

// True when progress should be drawn: stderr is a terminal and not --quiet.
bool show_progress(bool quiet);

// --threads N, the one meaning it has in every command: the number of worker
// threads the command may use, all cores by default. `use` completes the
// sentence of the command's --help saying how it spends them ("spent on ...").
OptionSpec threads_option(const std::string& use);
// Its value: N (1 to 1024), or every hardware thread when not given.
int threads_from(const Options& options);

// --ties of analyze and sweep: the rule given, or else `all` under the
// paper-r convention (which needs it) and `index` otherwise.
Ties tie_rule(const Options& options, Convention convention);

}  // namespace ricci
