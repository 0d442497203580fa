// cli.cpp — the commands' shared prologue and options (cli.h).
#include "bin/cli.h"

#include <unistd.h>

#include <cstdio>

#include "data/error.h"
#include "data/parallel.h"

namespace ricci {

std::optional<Options> parse_command(const CommandSpec& command, const std::vector<std::string>& args) {
  Options options(args, command.options);
  if (options.help()) {
    std::fputs(usage_text(command.name, command.synopsis, command.description, command.options).c_str(), stdout);
    return std::nullopt;
  }
  if (!command.positional && !options.positional().empty())
    throw usage_error(command.name + ": unexpected argument '" + options.positional()[0] + "'");
  return options;
}

std::string required_out(const Options& options, const std::string& command) {
  if (!options.has("out")) throw usage_error(command + ": --out DIR is required");
  return options.text("out", "");
}

std::unique_ptr<FolderLock> lock_output(const std::string& out, Writer writer, const std::string& command,
                                        const std::vector<std::string>& args) {
  auto lock = std::make_unique<FolderLock>(out, command_line(command, args));
  check_writable(out, writer);
  return lock;
}

bool show_progress(const Options& options) { return !options.flag("quiet") && ::isatty(STDERR_FILENO); }

OptionSpec threads_option(const std::string& use) {
  return {"threads", "N", "worker threads (default: all cores; results do not depend on it),\n" + use};
}

int threads_from(const Options& options) {
  return static_cast<int>(options.integer("threads", hardware_threads(), 1, 1024));
}

}  // namespace ricci
