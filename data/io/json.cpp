// json.cpp — the JSON writer.
#include "data/io/json.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/error.h"
#include "data/files.h"
#include "data/format.h"

namespace ricci {

void JsonWriter::newline() {
  out_ += '\n';
  out_.append(2 * first_.size(), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (!first_.back()) out_ += ',';
  first_.back() = false;
  newline();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_ += bracket;
  return *this;
}

JsonWriter& JsonWriter::end_object() { return close('}'); }

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() { return close(']'); }

JsonWriter& JsonWriter::key(const std::string& name) {
  before_value();
  write_string(name);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(const std::string& value) {
  before_value();
  write_string(value);
  return *this;
}

void JsonWriter::write_string(const std::string& value) {
  out_ += '"';
  for (unsigned char c : value) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\t': out_ += "\\t"; break;
      case '\r': out_ += "\\r"; break;
      default:
        if (c < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", c);
          out_ += escape;
        } else {
          out_ += static_cast<char>(c);
        }
    }
  }
  out_ += '"';
}

JsonWriter& JsonWriter::number(double value) {
  if (!std::isfinite(value)) return null();
  before_value();
  out_ += format_double(value);
  return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t value) {
  before_value();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

}  // namespace ricci

namespace ricci {

namespace {

class JsonParser {
 public:
  JsonParser(const std::string& text, const std::string& what) : text_(text), what_(what) {}

  JsonValue document() {
    JsonValue v = value(0);
    skip_space();
    if (pos_ != text_.size()) fail("unexpected text after the document");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw data_error(what_ + ": invalid JSON at byte " + std::to_string(pos_) + ": " + message);
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool literal(const char* word) {
    const std::size_t n = std::char_traits<char>::length(word);
    if (text_.compare(pos_, n, word) != 0) return false;
    pos_ += n;
    return true;
  }
  JsonValue value(int depth) {
    if (depth > 200) fail("nested too deeply");
    skip_space();
    if (pos_ >= text_.size()) fail("unexpected end");
    JsonValue v;
    const char c = text_[pos_];
    if (c == '{') {
      v.type = JsonValue::Type::Object;
      ++pos_;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == '}') return ++pos_, v;
      for (;;) {
        skip_space();
        if (pos_ >= text_.size() || text_[pos_] != '"') fail("expected a key");
        std::string key = string_literal();
        skip_space();
        if (pos_ >= text_.size() || text_[pos_++] != ':') fail("expected ':'");
        v.members.emplace_back(std::move(key), value(depth + 1));
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ',') { ++pos_; continue; }
        if (pos_ < text_.size() && text_[pos_] == '}') return ++pos_, v;
        fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      v.type = JsonValue::Type::Array;
      ++pos_;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ']') return ++pos_, v;
      for (;;) {
        v.items.push_back(value(depth + 1));
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ',') { ++pos_; continue; }
        if (pos_ < text_.size() && text_[pos_] == ']') return ++pos_, v;
        fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      v.type = JsonValue::Type::String;
      v.string = string_literal();
      return v;
    }
    if (literal("true")) { v.type = JsonValue::Type::Boolean; v.boolean = true; return v; }
    if (literal("false")) { v.type = JsonValue::Type::Boolean; return v; }
    if (literal("null")) return v;
    // A number: the JSON grammar, checked, then converted by strtod.
    const std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (!digits()) fail("expected a value");
    if (pos_ < text_.size() && text_[pos_] == '.' && (++pos_, !digits())) fail("expected digits after '.'");
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digits()) fail("expected an exponent");
    }
    v.type = JsonValue::Type::Number;
    v.string = text_.substr(start, pos_ - start);
    v.number = std::strtod(v.string.c_str(), nullptr);
    return v;
  }
  std::string string_literal() {
    ++pos_;  // the opening quote
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      const char c = text_[pos_++];
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c != '\\') { out += c; continue; }
      if (pos_ >= text_.size()) fail("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          if (pos_ + 4 > text_.size()) fail("short \\u escape");
          for (std::size_t i = pos_; i < pos_ + 4; ++i)
            if (!std::isxdigit(static_cast<unsigned char>(text_[i]))) fail("expected 4 hexadecimal digits after \\u");
          const unsigned code = static_cast<unsigned>(std::strtoul(text_.substr(pos_, 4).c_str(), nullptr, 16));
          pos_ += 4;
          // UTF-8 of a code unit (surrogate pairs are kept as two units).
          if (code < 0x80) out += static_cast<char>(code);
          else if (code < 0x800) out += static_cast<char>(0xc0 | (code >> 6)), out += static_cast<char>(0x80 | (code & 0x3f));
          else out += static_cast<char>(0xe0 | (code >> 12)), out += static_cast<char>(0x80 | ((code >> 6) & 0x3f)),
               out += static_cast<char>(0x80 | (code & 0x3f));
          break;
        }
        default: fail("bad escape");
      }
    }
    if (pos_ >= text_.size()) fail("unterminated string");
    ++pos_;
    return out;
  }

  const std::string& text_;
  const std::string& what_;
  std::size_t pos_ = 0;
};

}  // namespace

const JsonValue& JsonValue::at(const std::string& key, const std::string& what) const {
  for (const auto& [name, value] : members)
    if (name == key) return value;
  throw data_error(what + ": no \"" + key + "\"");
}

bool JsonValue::has(const std::string& key) const {
  for (const auto& member : members)
    if (member.first == key) return true;
  return false;
}

JsonValue parse_json(const std::string& text, const std::string& what) { return JsonParser(text, what).document(); }

const JsonValue* JsonFields::optional(const std::string& key) const {
  for (const auto& [name, value] : object_.members)
    if (name == key) return &value;
  return nullptr;
}

const JsonValue& JsonFields::required(const std::string& key) const {
  const JsonValue* value = optional(key);
  if (!value) throw data_error(what_ + ": missing field \"" + key + "\"");
  return *value;
}

void JsonFields::bad(const std::string& key, const std::string& expected) const {
  throw data_error(what_ + ": " + key + ": expected " + expected);
}

std::string JsonFields::text(const JsonValue& value, const std::string& key) const {
  if (value.type != JsonValue::Type::String || value.string.empty()) bad(key, "a non-empty string");
  const std::size_t at = control_byte_at(value.string);
  if (at != std::string::npos)
    bad(key, "text without control bytes (character " + std::to_string(at + 1) + " is " +
                 control_byte_name(static_cast<unsigned char>(value.string[at])) + ")");
  return value.string;
}

std::uint64_t JsonFields::whole(const JsonValue& value, const std::string& key, std::uint64_t min,
                                std::uint64_t max) const {
  const std::string range = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (value.type != JsonValue::Type::Number || value.string.empty() || value.string.size() > 19 ||
      value.string.find_first_not_of("0123456789") != std::string::npos)
    bad(key, range);
  const std::uint64_t number = std::stoull(value.string);
  if (number < min || number > max) bad(key, range + ", got " + value.string);
  return number;
}

double JsonFields::accuracy(const JsonValue& value, const std::string& key) const {
  if (value.type != JsonValue::Type::Number || !(value.number >= 0 && value.number <= 1)) bad(key, "a number from 0 to 1");
  return value.number;
}

double JsonFields::number_or_null(const JsonValue& value, const std::string& key) const {
  if (value.type == JsonValue::Type::Null) return std::nan("");
  if (value.type != JsonValue::Type::Number) bad(key, "a number");
  return value.number;
}

bool JsonFields::boolean(const JsonValue& value, const std::string& key) const {
  if (value.type != JsonValue::Type::Boolean) bad(key, "true or false");
  return value.boolean;
}

void JsonFields::only(const std::vector<std::string>& known) const {
  for (std::size_t i = 0; i < object_.members.size(); ++i) {
    const std::string& name = object_.members[i].first;
    bool listed = false;
    for (const std::string& k : known) listed = listed || k == name;
    if (!listed) throw data_error(what_ + ": unexpected field \"" + name + "\"");
    for (std::size_t j = 0; j < i; ++j)
      if (object_.members[j].first == name) throw data_error(what_ + ": field \"" + name + "\" given twice");
  }
}

JsonValue read_json_object(const std::string& path) {
  JsonValue value = parse_json(read_file(path), path);
  if (value.type != JsonValue::Type::Object) throw data_error(path + ": expected a JSON object");
  return value;
}

}  // namespace ricci
