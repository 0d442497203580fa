// options.h — command-line options of the `ricci` subcommands.
//
// Each subcommand declares its options as a table of OptionSpec; parse()
// accepts `--name value`, `--name=value` and bare flags, collects positional
// arguments, and turns anything unexpected (an unknown option, a missing or
// malformed value, an option given twice) into one usage error. The typed
// getters check ranges and name the option in their errors; errors of the
// library, which name quantities, are put in terms of options by
// error_message().
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "data/error.h"

namespace ricci {

struct OptionSpec {
  std::string name;        // without the leading "--"
  std::string value_name;  // e.g. "SPEC"; empty for a flag
  std::string help;
};

class Options {
 public:
  Options(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

  bool help() const { return help_; }
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  bool flag(const std::string& name) const { return has(name); }
  std::string text(const std::string& name, const std::string& fallback) const;
  std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) const;
  double real(const std::string& name, double fallback, double min, double max) const;
  // Comma-separated lists ("10,30,50"), each item checked like integer()/real().
  std::vector<std::int64_t> integer_list(const std::string& name, std::int64_t min, std::int64_t max) const;
  std::vector<double> real_list(const std::string& name, double min, double max) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

// The option that sets a quantity the library names as an error's subject
// ("k" -> "--k", "batch size" -> "--batch"), or empty when no option does.
std::string option_for_subject(const std::string& subject);

// An error as the command line says it: "--k: k = 500 is out of range ..."
// when an option sets its subject, else its what().
std::string error_message(const Error& error);

// The Levenshtein edit distance of two strings (insertions, deletions and
// substitutions of one byte each).
std::size_t edit_distance(const std::string& a, const std::string& b);
// The candidate nearest to `given` by edit distance, if it is within 2
// edits (1 for names of up to 4 characters) and nearer than any other;
// empty otherwise. For "did you mean --width?" after "--widht".
std::string nearest_name(const std::string& given, const std::vector<std::string>& candidates);

// "1 model", "2 models": a count and its noun, plural unless the count is 1.
std::string counted(std::size_t count, const std::string& noun);

// "usage: ricci NAME SYNOPSIS", a description, and one line per option (a
// help text with '\n' continues, indented, on the next line).
std::string usage_text(const std::string& name, const std::string& synopsis,
                       const std::string& description, const std::vector<OptionSpec>& specs);

}  // namespace ricci
