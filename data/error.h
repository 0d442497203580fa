// error.h — the one error type of ricciflow and its exit codes.
//
// The convention of docs/design.md: bad input gets one clear line on stderr that names
// the file, line or field and what was expected, and a non-zero exit: 2 for a
// usage error (a bad flag or value on the command line), 1 for a data error
// (a malformed file, NaN, an impossible computation). Library code throws
// `Error`; only bin/ catches it, prints `what()` and exits with `exit_code()`.
#pragma once

#include <stdexcept>
#include <string>

namespace ricci {

enum class ErrorKind { Usage = 2, Data = 1 };

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }
  int exit_code() const { return static_cast<int>(kind_); }

 private:
  ErrorKind kind_;
};

// Shorthands: `throw usage_error("--width: expected a positive integer")`.
inline Error usage_error(const std::string& message) { return Error(ErrorKind::Usage, message); }
inline Error data_error(const std::string& message) { return Error(ErrorKind::Data, message); }

}  // namespace ricci
