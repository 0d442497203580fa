// error.h — the one error type of ricciflow and its exit codes.
//
// The convention of docs/design.md: bad input gets one clear line on stderr that names
// the file, line or field and what was expected, and a non-zero exit: 2 for a
// usage error (a bad flag or value on the command line), 1 for a data error
// (a malformed file, NaN, an impossible computation). Library code throws
// `Error`; only bin/ catches it, prints it and exits with `exit_code()`.
//
// Library code never names a command-line flag: an error about one quantity
// (k, the batch size, the graph kind) carries that quantity as its subject,
// and what() reads "subject: detail" ("k: k = 500 is out of range ...").
// The driver, which knows the options, prints the option that sets the
// subject in its place ("--k: k = 500 is out of range ...").
#pragma once

#include <stdexcept>
#include <string>

namespace ricci {

enum class ErrorKind { Usage = 2, Data = 1 };

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind), detail_(message) {}
  Error(ErrorKind kind, const std::string& subject, const std::string& detail)
      : std::runtime_error(subject + ": " + detail), kind_(kind), subject_(subject), detail_(detail) {}
  ErrorKind kind() const { return kind_; }
  int exit_code() const { return static_cast<int>(kind_); }
  // The quantity the error is about ("k", "batch size"), or empty.
  const std::string& subject() const { return subject_; }
  // The message without its subject (all of what() when there is none).
  const std::string& detail() const { return detail_; }

 private:
  ErrorKind kind_;
  std::string subject_, detail_;
};

// Shorthands: `throw usage_error("batch size", "must be at least 1")`, or
// `throw data_error(path + ": truncated model file")` when no one quantity
// is at fault.
inline Error usage_error(const std::string& message) { return Error(ErrorKind::Usage, message); }
inline Error usage_error(const std::string& subject, const std::string& detail) {
  return Error(ErrorKind::Usage, subject, detail);
}
inline Error data_error(const std::string& message) { return Error(ErrorKind::Data, message); }
inline Error data_error(const std::string& subject, const std::string& detail) {
  return Error(ErrorKind::Data, subject, detail);
}

}  // namespace ricci
