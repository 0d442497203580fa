// replay_main.cpp — a main() for the fuzz targets without libFuzzer: calls
// LLVMFuzzerTestOneInput once on every file of the folders (and files) given,
// in sorted path order, so that a target built with g++ under ASan and UBSan
// replays its seeds and the saved inputs of fuzz/regressions/<reader>/ as a
// test (`make fuzz-replay`). It explores nothing; `make fuzz` (clang++ and
// libFuzzer) does that.
//
//   build/asan/fuzz-replay/ini_fuzz DIR_OR_FILE...
//
// A finding ends the process (a sanitizer report, __builtin_trap, an
// uncaught exception); the input is then named on stderr, from the
// sanitizers' death callback or a signal handler. Exit status 0 when every
// input passed, 2 for a path that does not exist or a folder with no file,
// 1 for an unreadable file.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

// The input being replayed, for the report of a finding.
std::string current_input;

// Only write(2) and no allocation: it may run in a signal handler.
void name_current_input() {
  const char prefix[] = "fuzz replay: the finding above came from ";
  if (write(STDERR_FILENO, prefix, sizeof prefix - 1) < 0) return;
  if (write(STDERR_FILENO, current_input.data(), current_input.size()) < 0) return;
  if (write(STDERR_FILENO, "\n", 1) < 0) return;
}

extern "C" void on_fatal_signal(int signal_number) {
  name_current_input();
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// The regular files under `path` (itself when it is one), sorted.
std::vector<fs::path> inputs_under(const fs::path& path, std::error_code& error) {
  std::vector<fs::path> files;
  if (fs::is_regular_file(path, error)) return {path};
  for (fs::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error))
    if (it->is_regular_file(error)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_set_death_callback(name_current_input);
#endif
  // __builtin_trap and std::terminate; ASan keeps SIGSEGV and SIGFPE, reports
  // them and then calls the death callback.
  for (int signal_number : {SIGABRT, SIGILL}) std::signal(signal_number, on_fatal_signal);
  std::size_t replayed = 0;
  for (int a = 1; a < argc; ++a) {
    std::error_code error;
    const std::vector<fs::path> files = inputs_under(argv[a], error);
    if (error || files.empty()) {
      std::fprintf(stderr, "%s: %s: %s\n", argv[0], argv[a], error ? error.message().c_str() : "no input files");
      return 2;
    }
    for (const fs::path& file : files) {
      std::ifstream in(file, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (in.bad()) {
        std::fprintf(stderr, "%s: cannot read %s\n", argv[0], file.c_str());
        return 1;
      }
      current_input = file.string();
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  std::fprintf(stderr, "%s: %zu inputs replayed\n", argv[0], replayed);
  return 0;
}
