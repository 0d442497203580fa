// json.h — a small writer of pretty-printed JSON for result files.
//
// Numbers are written in the shortest form that reads back to the same
// double (so files are exact and stable); NaN and infinity, which JSON lacks,
// are written as null.
//
//   JsonWriter json;
//   json.begin_object();
//   json.key("test_accuracy").number(0.995);
//   json.key("loss").begin_array(); json.number(0.3); json.end_array();
//   json.end_object();
//   std::string text = json.str();
#pragma once

#include <cstdint>
#include <string>
#include <vector>


namespace ricci {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(const std::string& name);
  JsonWriter& string(const std::string& value);
  JsonWriter& number(double value);
  JsonWriter& integer(std::int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // The document, ending with a newline.
  std::string str() const { return out_ + "\n"; }

 private:
  void before_value();
  void newline();
  void write_string(const std::string& value);
  JsonWriter& close(char bracket);

  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace ricci

namespace ricci {

// A parsed JSON value, for reading our own result files (metrics.json,
// sweep.json). Numbers are doubles, with their text as written kept in
// `string` (exact for integers beyond 2^53); objects keep their keys in
// order, duplicates included.
struct JsonValue {
  enum class Type { Null, Boolean, Number, String, Array, Object } type = Type::Null;
  bool boolean = false;
  double number = 0.0;
  std::string string;  // a String's value, a Number's text
  std::vector<JsonValue> items;                             // Array
  std::vector<std::pair<std::string, JsonValue>> members;  // Object

  // The member `key` of an object; a data error naming `what` when absent.
  const JsonValue& at(const std::string& key, const std::string& what) const;
  bool has(const std::string& key) const;
};

// Parses a JSON document (RFC 8259, \u escapes included); a data error
// naming `what` and the byte offset otherwise.
JsonValue parse_json(const std::string& text, const std::string& what);

// An object's fields read one by one, each checked, each error a data
// error naming the file (`what`) and the field: for the JSON files ricci
// reads beside its own (metrics.json, model.json).
class JsonFields {
 public:
  JsonFields(const JsonValue& object, const std::string& what) : object_(object), what_(what) {}
  const JsonValue* optional(const std::string& key) const;
  const JsonValue& required(const std::string& key) const;
  [[noreturn]] void bad(const std::string& key, const std::string& expected) const;
  std::string text(const JsonValue& value, const std::string& key) const;  // a non-empty string
  // A whole number from `min` to `max`, as written (no fraction, no exponent).
  std::uint64_t whole(const JsonValue& value, const std::string& key, std::uint64_t min, std::uint64_t max) const;
  double accuracy(const JsonValue& value, const std::string& key) const;        // a number from 0 to 1
  double number_or_null(const JsonValue& value, const std::string& key) const;  // null: NaN
  bool boolean(const JsonValue& value, const std::string& key) const;
  // Every member must be one of `known`, and given once.
  void only(const std::vector<std::string>& known) const;

 private:
  const JsonValue& object_;
  std::string what_;
};

// The JSON object in the file `path`; a data error naming it otherwise.
JsonValue read_json_object(const std::string& path);

}  // namespace ricci
