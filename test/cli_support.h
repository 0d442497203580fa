// cli_support.h — running the built `ricci` binary from the tests.
//
// Tests are compiled with RICCI_BINARY, the path of the binary built beside
// them (build/ricci, or build/asan/ricci under `make asan`), and run from the
// repository root.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "data/files.h"
#include "test/data_support.h"

namespace ricci_test {

struct Run {
  int exit_code;    // -1 when the process did not exit normally
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `ricci ARGUMENTS` through the shell (temporary paths have no spaces;
// arguments with ';' must be quoted by the caller) with stdout and stderr
// captured in `dir`; `environment` (e.g. "NAME=value") is added to the
// process's environment.
inline Run run_ricci(const TempDir& dir, const std::string& arguments, const std::string& environment = "") {
  const std::string command = (environment.empty() ? "" : "env " + environment + " ") + std::string(RICCI_BINARY) +
                              " " + arguments + " >" + dir.file("stdout") + " 2>" + dir.file("stderr");
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ricci::read_file(dir.file("stdout")),
          ricci::read_file(dir.file("stderr"))};
}

// A command that must fail: its arguments, the exit status (2 usage, 1
// data) and a part of the one error line it must print.
struct Failure {
  std::string arguments;
  int exit_code;
  std::string message;
};

// Runs `ricci ARGUMENTS` and checks the failure: the status, the message,
// and that stderr is exactly one line, "ricci: error: ...".
inline void check_failure(const TempDir& dir, const Failure& failure) {
  CAPTURE(failure.arguments);
  const Run run = run_ricci(dir, failure.arguments);
  CHECK(run.exit_code == failure.exit_code);
  CHECK_MESSAGE(contains(run.err, failure.message), run.err);
  CHECK(run.err.rfind("ricci: error: ", 0) == 0);
  std::size_t lines = 0;
  for (char c : run.err) lines += c == '\n';
  CHECK(lines == 1);
}

}  // namespace ricci_test
