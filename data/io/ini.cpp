// ini.cpp — parsing INI text.
#include "data/io/ini.h"

#include "data/error.h"
#include "data/files.h"
#include "data/format.h"

namespace ricci {

namespace {

std::string trim(const std::string& s) {
  const std::size_t first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

bool IniFile::has(const std::string& section, const std::string& key) const {
  const auto s = values.find(section);
  return s != values.end() && s->second.count(key);
}

const std::string& IniFile::get(const std::string& section, const std::string& key) const {
  return values.at(section).at(key);
}

std::string IniFile::where(const std::string& section, const std::string& key) const {
  return name + ":" + std::to_string(lines.at(section).at(key)) + ": [" + section + "] " + key;
}

IniFile parse_ini(const std::string& text, const std::string& name) {
  IniFile ini;
  ini.name = name;
  std::string section;
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    std::size_t column = 1;  // of the line's first byte after a byte order mark
    if (line_number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3), column = 4;  // byte order mark
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF
    const std::string raw = line;
    line = trim(line);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;  // a whole-line comment
    for (std::size_t hash = line.find('#'); hash != std::string::npos; hash = line.find('#', hash + 1))
      if (line[hash - 1] == ' ' || line[hash - 1] == '\t') {  // a comment after the value
        line = trim(line.substr(0, hash));
        break;
      }
    const std::string where = name + ":" + std::to_string(line_number) + ": ";
    // Checked at the door: a control byte (NUL, a CR inside the line, ESC,
    // ...; a tab is a blank) would reach result files and messages.
    const std::size_t bad = control_byte_at(line, /*allow_tab=*/true);
    if (bad != std::string::npos) {
      const std::size_t at = raw.find(line) + bad;  // the setting's own bytes, in the line as read
      throw usage_error(name + ":" + std::to_string(line_number) + ":" + std::to_string(column + at) + ": byte " +
                        control_byte_name(static_cast<unsigned char>(line[bad])) +
                        " (a control byte) in a setting; settings are printable text");
    }
    if (line.front() == '[') {
      if (line.back() != ']') throw usage_error(where + "expected [section], got '" + line + "'");
      section = trim(line.substr(1, line.size() - 2));
      if (section.empty()) throw usage_error(where + "empty section name");
      continue;
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) throw usage_error(where + "expected key = value, got '" + line + "'");
    const std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key.empty()) throw usage_error(where + "empty key");
    if (ini.values[section].count(key)) throw usage_error(where + "'" + key + "' given twice in [" + section + "]");
    ini.values[section][key] = value;
    ini.lines[section][key] = line_number;
  }
  return ini;
}

IniFile read_ini(const std::string& path) { return parse_ini(read_file(path), path); }

}  // namespace ricci
