#pragma once

// Knowledge-base articles are written in Markdown (CommonMark) and shown as HTML on the pages, in
// the portal and in mail. The Markdown is parsed by libcmark; what the parser gives is then cut
// down to an allowlist before it is rendered, so that no author (nor a stolen author account)
// can put script in front of a reader.

#include <string>
#include <string_view>

namespace tierdesk::markdown {

// `markdown` as HTML, sanitised:
// - only CommonMark's own elements: paragraphs, headings, lists, quotes, code, emphasis, strong,
//   links, images, rules and line breaks. Raw HTML in the Markdown is shown as the text it is,
//   never interpreted;
// - a link keeps its target only for http, https and mailto, a path on this desk ("/...") or a
//   fragment ("#..."); any other (javascript:, data:, vbscript:, "//elsewhere") becomes its text;
// - an image is kept only from https or a path on this desk, and never an SVG; any other becomes
//   its description in words;
// - every attribute value is escaped by the renderer; no attribute but href, src, alt, title and
//   a code block's language class is written.
// Bytes that are not UTF-8 are replaced, and the input is bounded by the caller.
std::string ArticleHtml(std::string_view markdown);

// Whether `url`'s path names an SVG file (".svg", ".svgz", however escaped or cased): shown
// inline, one could run script; such files are offered as downloads instead.
bool NamesAnSvg(std::string_view url);

// The plain text of `markdown` (for search, snippets and mail bodies): its words without markup.
std::string ArticleText(std::string_view markdown);

}  // namespace tierdesk::markdown
