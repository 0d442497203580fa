// options.cpp — parsing and typed access for command-line options.
#include "bin/options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace ricci {

namespace {

// The subjects of the library's errors and the options that set them.
struct SubjectOption {
  const char* subject;
  const char* option;
};
const SubjectOption kSubjectOptions[] = {
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
    {"patience", "--patience"},
    {"radius", "--graph"},
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
  return option.empty() ? error.what() : option + ": " + error.detail();
}

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
    if (!spec) throw usage_error("unknown option '--" + name + "' (try --help)");
    if (values_.count(name)) throw usage_error("option '--" + name + "' given twice");
    if (spec->value_name.empty()) {
      if (inline_value) throw usage_error("option '--" + name + "' takes no value");
    } else if (!inline_value) {
      if (i + 1 >= args.size())
        throw usage_error("option '--" + name + "' needs a value (" + spec->value_name + ")");
      value = args[++i];
    }
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
    throw usage_error("--" + name + ": expected a number from " + std::to_string(min) + " to " +
                      std::to_string(max) + ", got '" + s + "'");
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

}  // namespace ricci
