// cli_support.h — running the built `ricci` binary from the tests.
//
// Tests are compiled with RICCI_BINARY, the path of the binary built beside
// them (build/ricci, or build/asan/ricci under `make asan`), and run from the
// repository root.
#pragma once

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>

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

// Runs a shell command line; its exit status (-1 when it did not exit).
inline int run_shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Waits until `done()` holds, polling every 2 ms for at most `seconds`;
// returns whether it held.
inline bool wait_until(const std::function<bool()>& done, double seconds = 60) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// `ricci ARGUMENTS` started in the background (through the shell, like
// run_ricci), its stdout and stderr in dir/NAME.out and dir/NAME.err.
class Background {
 public:
  Background(const TempDir& dir, const std::string& name, const std::string& arguments,
             const std::string& environment = "")
      : dir_(dir), name_(name) {
    // The subshell records ricci's pid, waits for it and records its exit status.
    const std::string command = "(" + (environment.empty() ? "" : "env " + environment + " ") +
                                std::string(RICCI_BINARY) + " " + arguments + " > " + file("out") + " 2> " +
                                file("err") + " & echo $! > " + file("pid") + "; wait $!; echo $? > " +
                                file("status") + ") &";
    REQUIRE(std::system(command.c_str()) == 0);
    REQUIRE(wait_until([&] { return read("pid").find('\n') != std::string::npos; }));
    pid_ = static_cast<pid_t>(std::stol(read("pid")));
  }
  pid_t pid() const { return pid_; }
  void signal(int number) const { ::kill(pid_, number); }
  // The exit status once it has ended (128 + the signal when killed), or -1
  // after `seconds`.
  int wait(double seconds = 120) const {
    if (!wait_until([&] { return read("status").find('\n') != std::string::npos; }, seconds)) return -1;
    return std::stoi(read("status"));
  }
  std::string err() const { return read("err"); }
  std::string out() const { return read("out"); }

 private:
  std::string file(const std::string& what) const { return dir_.file(name_ + "." + what); }
  std::string read(const std::string& what) const {
    return ricci::file_exists(file(what)) ? ricci::read_file(file(what)) : "";
  }
  const TempDir& dir_;
  std::string name_;
  pid_t pid_ = 0;
};

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
