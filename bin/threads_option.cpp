// threads_option.cpp — the --threads option of train, analyze, sweep and run.
#include "bin/commands.h"
#include "data/parallel.h"

namespace ricci {

OptionSpec threads_option(const std::string& use) {
  return {"threads", "N", "worker threads (default: all cores; results do not depend on it),\n" + use};
}

int threads_from(const Options& options) {
  return static_cast<int>(options.integer("threads", hardware_threads(), 1, 1024));
}

}  // namespace ricci
