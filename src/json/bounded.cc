#include "json/bounded.h"

namespace tierdesk::json {

namespace {

// The deepest nesting of arrays and objects in `text` outside strings, stopping early once
// past `limit`. Malformed text is the parser's to judge; this only bounds it.
size_t NestingDepth(std::string_view text, size_t limit) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Whether a string in `text` holds U+0000 (written `\u0000`: JSON allows no raw control
// character). No text tierdesk keeps needs one, C APIs end strings there, and PostgreSQL's text
// refuses it: refused at the edge, so no store ever sees one.
bool HasNulEscape(std::string_view text) {
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!in_string) {
      in_string = c == '"';
    } else if (c == '"') {
      in_string = false;
    } else if (c == '\\') {
      if (text.substr(i + 1, 5) == "u0000") return true;
      ++i;  // the escaped character
    }
  }
  return false;
}

}  // namespace

Result<Json> ParseBounded(std::string_view text, size_t max_depth) {
  if (NestingDepth(text, max_depth) > max_depth)
    return Fail(ErrorCode::kInvalidArgument,
                "JSON nested deeper than " + std::to_string(max_depth) + " levels");
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Fail(ErrorCode::kInvalidArgument, "not valid JSON (or not UTF-8)");
  if (HasNulEscape(text))
    return Fail(ErrorCode::kInvalidArgument,
                "a string holds the character U+0000, which no field takes");
  return j;
}

std::string Dump(const Json& value, int indent) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace tierdesk::json
