// options.cpp — parsing and typed access for command-line options.
#include "bin/options.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "data/format.h"

namespace ricci {

namespace {

// The subjects of the library's errors and the options that set them.
struct SubjectOption {
  const char* subject;
  const char* option;
};
const SubjectOption kSubjectOptions[] = {
    {"attack", "--attack"},
    {"batch size", "--batch"},
    {"classes", "--classes"},
    {"convention", "--convention"},
    {"curvature", "--curvature"},
    {"data SPEC", "--data"},
    {"fraction of n", "--k-frac"},
    {"graph kind", "--graph"},
    {"hidden widths", "--width"},
    {"initialisation", "--init"},
    {"input size limit", "--max-input"},
    {"input transition", "--include-input"},
    {"k", "--k"},
    {"labels", "--labels"},
    {"local coefficients", "--local"},
    {"Ollivier alpha", "--ollivier-alpha"},
    {"optimizer", "--optimizer"},
    {"outcome", "--outcome"},
    {"patience", "--patience"},
    {"radius", "--graph"},
    {"Ricci-flow anchors", "--ricci-flow-anchors"},
    {"Ricci-flow interval", "--ricci-flow-every"},
    {"Ricci-flow k", "--ricci-flow-k"},
    {"Ricci-flow step", "--ricci-flow-step"},
    {"Ricci-flow weight", "--ricci-flow"},
    {"scaling", "--scale"},
    {"shard", "--shard"},
    {"test points per class", "--test-per-class"},
    {"test set", "--test"},
    {"ties", "--ties"},
    {"unreachable neighbours", "--local-unreachable"},
    {"within components", "--within-components"},
};

}  // namespace

std::string option_for_subject(const std::string& subject) {
  for (const SubjectOption& s : kSubjectOptions)
    if (subject == s.subject) return s.option;
  return "";
}

std::string error_message(const Error& error) {
  const std::string option = option_for_subject(error.subject());
  return printable_text(option.empty() ? error.what() : option + ": " + error.detail());
}

namespace {

// Text from the command line (or a config file or sweep.json, read through
// the same flags) is checked at the door: a control byte (NUL, CR, ESC, ...;
// a tab passes, as a blank) would end up in result files and messages.
void check_text(const std::string& text, const std::string& what) {
  const std::size_t at = control_byte_at(text, /*allow_tab=*/true);
  if (at == std::string::npos) return;
  throw usage_error(what + ": byte " + std::to_string(at + 1) + " is a control byte (" +
                    control_byte_name(static_cast<unsigned char>(text[at])) + ") in '" + printable_text(text) +
                    "'; names, SPECs and values are printable text");
}

}  // namespace

Options::Options(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      help_ = true;
      continue;
    }
    if (arg.size() < 2 || arg.compare(0, 2, "--") != 0 || arg == "--") {
      if (!arg.empty() && arg[0] == '-' && arg != "-")
        throw usage_error("unknown option '" + arg + "' (try --help)");
      check_text(arg, "argument " + std::to_string(positional_.size() + 1));
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    bool inline_value = false;
    const std::size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& s : specs)
      if (s.name == name) spec = &s;
    if (!spec) {
      std::vector<std::string> names;
      for (const OptionSpec& s : specs) names.push_back(s.name);
      const std::string near = nearest_name(name, names);
      throw usage_error("unknown option '--" + name + "' (" + (near.empty() ? "try --help" : "did you mean --" + near + "?") +
                        ")");
    }
    if (values_.count(name)) throw usage_error("option '--" + name + "' given twice");
    if (spec->value_name.empty()) {
      if (inline_value) throw usage_error("option '--" + name + "' takes no value");
    } else if (!inline_value) {
      if (i + 1 >= args.size())
        throw usage_error("option '--" + name + "' needs a value (" + spec->value_name + ")");
      // An option where the value should be is the value missing, not a
      // value (give --name=--x for one that starts with --).
      const std::string& next = args[i + 1];
      if (next.size() > 2 && next.compare(0, 2, "--") == 0)
        throw usage_error("option '--" + name + "' needs a value (" + spec->value_name + "), got the option '" +
                          next.substr(0, next.find('=')) + "'");
      value = args[++i];
    }
    check_text(value, "--" + name);
    values_[name] = value;
  }
}

std::string Options::text(const std::string& name, const std::string& fallback) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  if (it->second.empty()) throw usage_error("--" + name + ": empty value");
  return it->second;
}

std::int64_t Options::integer(const std::string& name, std::int64_t fallback, std::int64_t min,
                              std::int64_t max) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE || value < min || value > max)
    throw usage_error("--" + name + ": expected a whole number from " + std::to_string(min) +
                      " to " + std::to_string(max) + ", got '" + s + "'");
  return value;
}

double Options::real(const std::string& name, double fallback, double min, double max) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second;
  char* end = nullptr;
  const double value = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !std::isfinite(value) || value < min || value > max)
    throw usage_error("--" + name + ": expected a number from " + format_double(min) + " to " +
                      format_double(max) + ", got '" + s + "'");
  return value;
}

namespace {

std::vector<std::string> split_list(const std::string& name, const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    items.push_back(text.substr(start, comma - start));
    if (items.back().empty()) throw usage_error("--" + name + ": empty item in the list '" + text + "'");
    if (comma == std::string::npos) return items;
    start = comma + 1;
  }
}

}  // namespace

std::vector<std::int64_t> Options::integer_list(const std::string& name, std::int64_t min, std::int64_t max) const {
  std::vector<std::int64_t> values;
  if (!has(name)) return values;
  for (const std::string& item : split_list(name, text(name, ""))) {
    Options single({"--" + name, item}, {{name, "N", ""}});
    values.push_back(single.integer(name, 0, min, max));
  }
  return values;
}

std::vector<double> Options::real_list(const std::string& name, double min, double max) const {
  std::vector<double> values;
  if (!has(name)) return values;
  for (const std::string& item : split_list(name, text(name, ""))) {
    Options single({"--" + name, item}, {{name, "X", ""}});
    values.push_back(single.real(name, 0, min, max));
  }
  return values;
}

std::string usage_text(const std::string& name, const std::string& synopsis,
                       const std::string& description, const std::vector<OptionSpec>& specs) {
  std::string text = "usage: ricci " + name + " " + synopsis + "\n\n" + description + "\n";
  if (!specs.empty()) text += "\noptions:\n";
  for (const OptionSpec& spec : specs) {
    std::string left = "  --" + spec.name + (spec.value_name.empty() ? "" : " " + spec.value_name);
    if (left.size() < 28) left.append(28 - left.size(), ' ');
    else left += "\n" + std::string(28, ' ');
    text += left;
    for (char c : spec.help) text += c == '\n' ? "\n" + std::string(28, ' ') : std::string(1, c);
    text += "\n";
  }
  text += "  --help                    show this help\n";
  return text;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  // One row of the dynamic programme at a time: row[j] is the distance of
  // a's first i bytes to b's first j.
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string nearest_name(const std::string& given, const std::vector<std::string>& candidates) {
  const std::size_t limit = given.size() <= 4 ? 1 : 2;
  std::string best;
  std::size_t best_distance = limit + 1;
  bool tied = false;
  for (const std::string& candidate : candidates) {
    const std::size_t d = edit_distance(given, candidate);
    if (d < best_distance) best = candidate, best_distance = d, tied = false;
    else if (d == best_distance && candidate != best) tied = true;
  }
  return best_distance <= limit && !tied ? best : "";
}

std::string counted(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

}  // namespace ricci
