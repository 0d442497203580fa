// main.cpp — the `ricci` driver: prepares the BLAS, dispatches to a
// subcommand and turns every error into one line on stderr, in terms of the
// options (options.h), and an exit code (2 usage, 1 data).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "bin/commands.h"
#include "bin/options.h"
#include "bin/version.h"
#include "data/blas.h"
#include "data/error.h"
#include "data/format.h"
#include "data/memory.h"

namespace ricci {

namespace {

const char* kUsage =
    "usage: ricci COMMAND [options]\n"
    "\n"
    "ricciflow trains ReLU networks and measures, layer by layer, whether they\n"
    "reshape their data the way Ricci flow reshapes a manifold.\n"
    "\n"
    "commands:\n"
    "  run        the main job: a small reproduction of the paper on built-in data\n"
    "  train      train one MLP; save its metrics, weights and test-set activations\n"
    "  analyze    the Ricci-flow measures of a run directory or of NPY layer files\n"
    "  sweep      train and analyse a grid of models, resumable and shardable\n"
    "  merge      combine the shards of a sweep\n"
    "  report     summary.md and SVG figures of a sweep\n"
    "  datasets   list the built-in data sets and their parameters\n"
    "\n"
    "`ricci COMMAND --help` describes a command's options; `ricci --version` the version.\n"
    "\n";

int dispatch(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    std::printf("%s\nBLAS: %s\n", version_text().c_str(), blas_description().c_str());
    return 0;
  }
  if (command == "--version" || command == "version") {
    std::printf("%s\n", version_text().c_str());
    return 0;
  }
  if (command == "train") return train_command(rest);
  if (command == "datasets") return datasets_command(rest);
  if (command == "analyze") return analyze_command(rest);
  if (command == "sweep") return sweep_command(rest);
  if (command == "merge") return merge_command(rest);
  if (command == "run") return run_command(rest);
  if (command == "report") return report_command(rest);
  const std::string near =
      nearest_name(command, {"run", "train", "analyze", "sweep", "merge", "report", "datasets", "--version"});
  throw usage_error("unknown command '" + command + "' (" + (near.empty() ? "try ricci --help" : "did you mean " + near + "?") +
                    ")");
}

}  // namespace
}  // namespace ricci

namespace ricci {
namespace {

// The command's exit status, with every error turned into one line.
int run(const std::vector<std::string>& args) {
  try {
    return dispatch(args);
  } catch (const Error& error) {
    std::fprintf(stderr, "ricci: error: %s\n", error_message(error).c_str());
    return error.exit_code();
  } catch (const std::bad_alloc&) {
    // The reading of files, training and analysis name what ran out
    // (a file, a model, the options); this is what is left.
    std::fprintf(stderr, "ricci: error: out of memory in ricci %s\n", args.empty() ? "" : args[0].c_str());
    return 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "ricci: internal error: %s\n", printable_text(error.what()).c_str());
    return 3;
  }
}

}  // namespace
}  // namespace ricci

int main(int argc, char** argv) {
  ricci::prepare_allocator();  // data/memory.h
  ricci::prepare_blas();  // before any product and any thread (data/blas.h)
  const int status = ricci::run(std::vector<std::string>(argv + 1, argv + argc));
  // What was printed must have reached standard output: a full disk or
  // /dev/full is an error like any other failed write.
  if ((std::fflush(stdout) != 0 || std::ferror(stdout)) && status == 0) {
    std::fprintf(stderr, "ricci: error: cannot write to standard output: %s\n", std::strerror(errno));
    return 1;
  }
  return status;
}
