// ini.h — the small INI files that describe a sweep (configs/*.ini).
//
//   # a comment; a line starting with ';' is one too
//   [section]
//   key = value          # a comment after the value
//   path = csv:run#2.csv    (a '#' with no blank before it is part of the value)
//
// A comment is a line whose first non-blank character is '#' or ';', or the
// rest of a line from a '#' that follows a space or tab. Values run to the
// end of the line (or to such a comment), blanks around them removed. A
// UTF-8 byte order mark at the start of the file is skipped, and a CR
// before a line's newline. A control byte (NUL, a CR inside a line, ESC,
// DEL, ...; a tab is a blank) in a section, key or value is an error naming
// its line and column. Keys are unique within a section; keys before any
// section belong to the section "". Errors name the file and line.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ricci {

struct IniFile {
  std::string name;  // for errors
  // section -> key -> value
  std::map<std::string, std::map<std::string, std::string>> values;
  // section -> key -> line, for errors about a value
  std::map<std::string, std::map<std::string, int>> lines;

  bool has(const std::string& section, const std::string& key) const;
  const std::string& get(const std::string& section, const std::string& key) const;
  // "FILE:LINE: [section] key" for error messages.
  std::string where(const std::string& section, const std::string& key) const;
};

IniFile parse_ini(const std::string& text, const std::string& name);
IniFile read_ini(const std::string& path);

}  // namespace ricci
