#include "markdown/article_html.h"

#include <cmark.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

namespace tierdesk::markdown {

namespace {

constexpr int kParseOptions = CMARK_OPT_VALIDATE_UTF8;
// Raw HTML is already gone from the tree (Sanitise); CMARK_OPT_SAFE stays as a second guard.
constexpr int kRenderOptions = CMARK_OPT_SAFE;

struct FreeNode {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using Document = std::unique_ptr<cmark_node, FreeNode>;

Document Parse(std::string_view markdown) {
  return Document(cmark_parse_document(markdown.data(), markdown.size(), kParseOptions));
}

// A URL as a browser reads its scheme: ASCII whitespace and control characters are skipped
// ("java\tscript:" is javascript:), letters compared in lower case.
std::string Canonical(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) continue;
    out += static_cast<char>(byte < 0x80 ? std::tolower(byte) : byte);
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A path on this desk: "/x", never "//host" nor "/\host" (which browsers read as another host).
bool LocalPath(std::string_view u) {
  return StartsWith(u, "/") && !(u.size() > 1 && (u[1] == '/' || u[1] == '\\'));
}

// Whether `u` names no scheme of its own: a relative reference ("page.html", "?q=1").
bool Relative(std::string_view u) {
  const size_t colon = u.find(':');
  return colon == std::string_view::npos || u.find_first_of("/?#") < colon;
}

bool SafeLink(const char* url) {
  const std::string u = Canonical(url != nullptr ? url : "");
  if (u.empty()) return false;
  if (StartsWith(u, "#") || LocalPath(u)) return true;
  // By scheme, as a browser reads it: what follows an http(s) or mailto scheme runs no script.
  if (StartsWith(u, "http:") || StartsWith(u, "https:") || StartsWith(u, "mailto:")) return true;
  return !StartsWith(u, "/") && !StartsWith(u, "\\") && Relative(u);
}

}  // namespace

bool NamesAnSvg(std::string_view url) {
  // The path as the server reads it: percent-escapes decoded ("a%2Esvg" is "a.svg"), in lower
  // case, without its query or fragment.
  std::string path;
  for (size_t i = 0; i < url.size() && url[i] != '?' && url[i] != '#'; ++i) {
    char c = url[i];
    if (c == '%' && i + 2 < url.size() && std::isxdigit(static_cast<unsigned char>(url[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(url[i + 2]))) {
      c = static_cast<char>(std::stoi(std::string(url.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    }
    path += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto ends = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".svg") || ends(".svgz");
}

namespace {

bool SafeImage(const char* url) {
  const std::string u = Canonical(url != nullptr ? url : "");
  if (!StartsWith(u, "https:") && !LocalPath(u)) return false;
  // An SVG is a document that can carry script: it is offered as a file, never shown inline.
  return !NamesAnSvg(u);
}

// Moves the children of `node` in front of it and frees it: a link without its target keeps its
// words, an image without its source keeps its description.
void Unwrap(cmark_node* node) {
  while (cmark_node* child = cmark_node_first_child(node)) {
    cmark_node_unlink(child);
    cmark_node_insert_before(node, child);
  }
  cmark_node_free(node);
}

// `node` (raw HTML) replaced by its text, shown as written.
void AsText(cmark_node* node, bool block) {
  std::string literal = cmark_node_get_literal(node) != nullptr ? cmark_node_get_literal(node) : "";
  while (!literal.empty() && (literal.back() == '\n' || literal.back() == '\r')) literal.pop_back();
  cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(text, literal.c_str());
  cmark_node* replacement = text;
  if (block) {
    replacement = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node_append_child(replacement, text);
  }
  cmark_node_replace(node, replacement);
  cmark_node_free(node);
}

// Cuts the parsed tree down to the allowlist (see ArticleHtml). The nodes to change are
// gathered first: the tree is not changed under the iterator.
void Sanitise(cmark_node* root) {
  std::vector<cmark_node*> changing;
  cmark_iter* it = cmark_iter_new(root);
  while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
    if (cmark_iter_get_event_type(it) != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(it);
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_CUSTOM_BLOCK:
      case CMARK_NODE_CUSTOM_INLINE:
        changing.push_back(node);
        break;
      case CMARK_NODE_LINK:
        if (!SafeLink(cmark_node_get_url(node))) changing.push_back(node);
        break;
      case CMARK_NODE_IMAGE:
        if (!SafeImage(cmark_node_get_url(node))) changing.push_back(node);
        break;
      default:
        break;
    }
  }
  cmark_iter_free(it);
  // Only links and images are freed, after their children moved out: every node gathered is
  // still in the tree when its turn comes.
  for (cmark_node* node : changing) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_CUSTOM_BLOCK:
        AsText(node, /*block=*/true);
        break;
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_CUSTOM_INLINE:
        AsText(node, /*block=*/false);
        break;
      default:
        Unwrap(node);
        break;
    }
  }
}

std::string Take(char* rendered) {
  std::string out = rendered != nullptr ? rendered : "";
  cmark_get_default_mem_allocator()->free(rendered);
  return out;
}

}  // namespace

std::string ArticleHtml(std::string_view markdown) {
  Document doc = Parse(markdown);
  if (!doc) return "";
  Sanitise(doc.get());
  return Take(cmark_render_html(doc.get(), kRenderOptions));
}

std::string ArticleText(std::string_view markdown) {
  Document doc = Parse(markdown);
  if (!doc) return "";
  std::string text;
  auto space = [&] {
    if (!text.empty() && text.back() != ' ') text += ' ';
  };
  cmark_iter* it = cmark_iter_new(doc.get());
  while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(it);
    const cmark_node_type type = cmark_node_get_type(node);
    if (cmark_iter_get_event_type(it) == CMARK_EVENT_EXIT) {
      if (type <= CMARK_NODE_LAST_BLOCK) space();  // the end of a block ends a word
      continue;
    }
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
        text += cmark_node_get_literal(node) != nullptr ? cmark_node_get_literal(node) : "";
        if (type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK) space();
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
      case CMARK_NODE_THEMATIC_BREAK:
        space();
        break;
      default:
        break;
    }
  }
  cmark_iter_free(it);
  std::replace(text.begin(), text.end(), '\n', ' ');
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace tierdesk::markdown
