#pragma once

#include <charconv>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/utf8.h"

namespace tierdesk::json {

// Appends JSON text as nlohmann's dump(-1, ' ', false, replace) writes it: no spaces, UTF-8
// kept, control characters escaped. For the hot paths that used to build a document only to
// dump it (stored ticket states, event fields, queue pages); the callers order fields as the
// documents did, so for valid UTF-8 (all stored text is checked at the edge) the bytes are the
// same. Invalid UTF-8 still comes out valid, through ValidUtf8, whose replacements may differ
// from nlohmann's in number.
class TextWriter {
 public:
  explicit TextWriter(size_t reserve) { out_.reserve(reserve); }
  std::string Take() { return std::move(out_); }

  void Open() { Punctuate('{'); }
  void Close() {
    out_ += '}';
    first_ = false;
  }
  void OpenArray() { Punctuate('['); }
  void CloseArray() {
    out_ += ']';
    first_ = false;
  }
  // "key": — what follows is its value.
  void Key(std::string_view key) {
    if (!first_) out_ += ',';
    String(key);
    out_ += ':';
    first_ = true;  // the value takes no comma
  }
  void Value(std::string_view s) {
    Separate();
    String(s);
  }
  void Value(const char* s) { Value(std::string_view(s)); }
  void Value(int64_t n) {
    Separate();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    out_.append(buf, end);
  }
  void Value(int n) { Value(int64_t{n}); }
  void Value(bool b) {
    Separate();
    out_ += b ? "true" : "false";
  }
  void Null() {
    Separate();
    out_ += "null";
  }
  template <typename T>
  void Field(std::string_view key, const T& value) {
    Key(key);
    Value(value);
  }
  void StringMap(std::string_view key, const std::map<std::string, std::string>& map) {
    Key(key);
    Open();
    for (const auto& [k, v] : map) Field(k, v);
    Close();
  }

 private:
  void Punctuate(char c) {
    Separate();
    out_ += c;
    first_ = true;
  }
  void Separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void String(std::string_view s) {
    out_ += '"';
    if (IsValidUtf8(s)) {
      Escape(s);
    } else {
      Escape(ValidUtf8(s));  // as nlohmann's replace handler: U+FFFD for each bad sequence
    }
    out_ += '"';
  }
  void Escape(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    size_t plain = 0;  // start of the run not yet copied
    for (size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + plain, i - plain);
      plain = i + 1;
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 0xf];
      }
    }
    out_.append(s.data() + plain, s.size() - plain);
  }

  std::string out_;
  bool first_ = true;  // no comma before the next element
};

}  // namespace tierdesk::json
