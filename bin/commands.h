// commands.h — the subcommands of the `ricci` driver. Each takes the
// arguments after its name and returns the process exit code; errors are
// thrown as ricci::Error and reported by main(). Each lives in its own
// bin/NAME_command.cpp: its options, the prologue (bin/cli.h), one engine
// call into bin/experiment, bin/sweep or bin/report, and what it prints.
#pragma once

#include <string>
#include <vector>

namespace ricci {

int train_command(const std::vector<std::string>& args);
int datasets_command(const std::vector<std::string>& args);
int analyze_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);
int run_command(const std::vector<std::string>& args);

}  // namespace ricci
