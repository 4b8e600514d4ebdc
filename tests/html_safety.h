#pragma once

// What an article's HTML must never hold, whatever the Markdown it came from: checked by the
// unit tests on an XSS corpus and by the markdown fuzz target on everything it generates. A scan
// of the markup as a browser would tokenise the renderer's output (which writes every tag and
// attribute the same way), not a regular expression.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "markdown/article_html.h"

namespace tierdesk::testing {

// An attribute value as a browser reads it: entities decoded (&amp; &quot; &lt; &gt; &#...;),
// whitespace and control characters skipped, letters in lower case.
inline std::string ReadValue(std::string_view value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    if (c == '&') {
      const size_t semi = value.find(';', i);
      if (semi != std::string_view::npos) {
        const std::string_view entity = value.substr(i + 1, semi - i - 1);
        long code = -1;
        if (entity == "amp")
          code = '&';
        else if (entity == "quot")
          code = '"';
        else if (entity == "lt")
          code = '<';
        else if (entity == "gt")
          code = '>';
        else if (entity.size() > 1 && entity[0] == '#')
          code = (entity[1] == 'x' || entity[1] == 'X')
                     ? std::strtol(std::string(entity.substr(2)).c_str(), nullptr, 16)
                     : std::strtol(std::string(entity.substr(1)).c_str(), nullptr, 10);
        if (code >= 0 && code < 0x80) {
          c = static_cast<unsigned char>(code);
          i = semi;
        }
      }
    }
    if (c <= 0x20 || c == 0x7f) continue;
    out += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
  }
  return out;
}

// Why `html` could run script or show a document that can ("" when it cannot): an element or an
// attribute outside the allowlist, anything in a tag but double-quoted attributes, a link or
// source to another scheme than http(s), mailto or this desk, or an inline SVG.
inline std::string UnsafeHtml(std::string_view html) {
  static const std::set<std::string, std::less<>> elements = {
      "p", "h1", "h2", "h3",         "h4",  "h5",   "h6", "ul",     "ol", "li",
      "a", "em", "hr", "blockquote", "pre", "code", "br", "strong", "img"};
  static const std::set<std::string, std::less<>> attributes = {"href",  "src",   "alt",
                                                                "title", "class", "start"};
  for (size_t open = html.find('<'); open != std::string_view::npos;
       open = html.find('<', open + 1)) {
    const size_t close = html.find('>', open);
    if (close == std::string_view::npos) return "a tag left open";
    std::string tag(html.substr(open + 1, close - open - 1));
    std::transform(tag.begin(), tag.end(), tag.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    size_t i = tag.size() && tag[0] == '/' ? 1 : 0;
    const size_t name_end =
        std::min(tag.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789", i), tag.size());
    const std::string name = tag.substr(i, name_end - i);
    if (!elements.count(name)) return "element <" + name + ">";
    i = name_end;
    for (;;) {
      while (i < tag.size() && tag[i] == ' ') ++i;
      if (i >= tag.size() || tag.substr(i) == "/") break;
      const size_t key_end =
          std::min(tag.find_first_not_of("abcdefghijklmnopqrstuvwxyz-", i), tag.size());
      const std::string key = tag.substr(i, key_end - i);
      if (key.empty() || tag.compare(key_end, 2, "=\"") != 0)
        return "something outside the attributes of <" + name + ">: " + tag.substr(i);
      const size_t value_end = tag.find('"', key_end + 2);
      if (value_end == std::string::npos) return "an attribute left open in <" + name + ">";
      const std::string value = ReadValue(tag.substr(key_end + 2, value_end - key_end - 2));
      if (!attributes.count(key)) return "attribute " + key + " in <" + name + ">";
      if (key == "href" || key == "src") {
        // The scheme as a browser's URL parser finds it: a letter, then letters, digits, "+",
        // "-" or ".", up to the first ":". Without one the value is a path relative to the page.
        const size_t colon = value.find(':');
        const bool has_scheme = colon != std::string::npos && colon > 0 &&
                                std::isalpha(static_cast<unsigned char>(value[0])) &&
                                std::all_of(value.begin(), value.begin() + colon, [](char c) {
                                  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' ||
                                         c == '-' || c == '.';
                                });
        const std::string scheme = has_scheme ? value.substr(0, colon) : "";
        if (has_scheme && scheme != "http" && scheme != "https" &&
            !(key == "href" && scheme == "mailto"))
          return key + "=\"" + value + "\"";
        if (!has_scheme &&
            (value.rfind("//", 0) == 0 || value.rfind("/\\", 0) == 0 || value.rfind("\\", 0) == 0))
          return key + " to another host: " + value;
        if (key == "src" && markdown::NamesAnSvg(value)) return "an inline SVG";
      }
      i = value_end + 1;
    }
  }
  return "";
}

}  // namespace tierdesk::testing
