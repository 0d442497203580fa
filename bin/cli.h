// cli.h — what every command does before and around its one engine call:
// the prologue (--help, unexpected arguments, a required --out, the output
// folder's lock and kind) and the options every command shares (--threads,
// --quiet's progress line). A command file reads as: its option table,
// parse_command(), lock_output(), one engine call, print.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bin/experiment/folders.h"
#include "bin/options.h"
#include "data/folder_lock.h"

namespace ricci {

struct CommandSpec {
  std::string name;         // "sweep"
  std::string synopsis;     // "(--config FILE | grid flags) --out DIR [options]"
  std::string description;  // the paragraph of --help
  std::vector<OptionSpec> options;
  // Whether positional arguments are taken: a command that takes none
  // refuses the first with "NAME: unexpected argument 'X'".
  bool positional = false;
};

// The command's options, or nothing when --help was asked for (its usage
// text is then printed on stdout, and the command returns 0).
std::optional<Options> parse_command(const CommandSpec& command, const std::vector<std::string>& args);

// --out DIR, or the usage error "NAME: --out DIR is required".
std::string required_out(const Options& options, const std::string& command);

// Takes `out`'s lock for writing, recording the command line, then checks
// that `writer` may write there (bin/experiment/folders.h): one writer per
// folder, and only into a folder of its kind. Held until destroyed.
std::unique_ptr<FolderLock> lock_output(const std::string& out, Writer writer, const std::string& command,
                                        const std::vector<std::string>& args);

// True when progress should be drawn: stderr is a terminal and not --quiet.
bool show_progress(const Options& options);

// --threads N, the one meaning it has in every command: the number of worker
// threads the command may use, all cores by default. `use` completes the
// sentence of the command's --help saying how it spends them ("spent on ...").
OptionSpec threads_option(const std::string& use);
// Its value: N (1 to 1024), or every hardware thread when not given.
int threads_from(const Options& options);

}  // namespace ricci
