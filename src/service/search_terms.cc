#include "service/search_terms.h"

#include <algorithm>
#include <array>

#include "common/sha256.h"
#include "common/utf8.h"

namespace tierdesk::service {
namespace {

bool WordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

// The words of a question that say nothing of its subject. Short on purpose: a support term that
// looks common ("up", "down", "off", "out") must still be found.
constexpr std::array<std::string_view, 48> kStopWords = {
    "a",     "an",   "and",  "are",  "as",    "at",  "be",   "by",   "can",  "could",
    "did",   "do",   "does", "for",  "from",  "has", "have", "how",  "i",    "if",
    "in",    "is",   "it",   "its",  "me",    "my",  "of",   "on",   "or",   "our",
    "so",    "that", "the",  "this", "to",    "was", "we",   "what", "when", "where",
    "which", "why",  "will", "with", "would", "you", "your", "there"};

bool IsStopWord(std::string_view term) {
  return std::find(kStopWords.begin(), kStopWords.end(), term) != kStopWords.end();
}

// Cuts `term` to at most kMaxSearchTermBytes without splitting a UTF-8 character.
void Bound(std::string& term) {
  if (term.size() <= kMaxSearchTermBytes) return;
  size_t end = kMaxSearchTermBytes;
  while (end > 0 && (static_cast<unsigned char>(term[end]) & 0xC0) == 0x80) --end;
  term.resize(end);
}

}  // namespace

std::vector<std::string> SearchTerms(std::string_view words) {
  std::vector<std::string> all;
  std::string current;
  auto flush = [&] {
    Bound(current);
    if (!current.empty() && std::find(all.begin(), all.end(), current) == all.end())
      all.push_back(current);
    current.clear();
  };
  // An invalid byte (which no engine takes) separates words: ValidUtf8 makes it U+FFFD, read
  // here as a space.
  const std::string text = ValidUtf8(words);
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (std::string_view(text).substr(i, 3) == kReplacement) {
      flush();
      i += 2;
    } else if (WordByte(static_cast<unsigned char>(c))) {
      current += Lower(c);
    } else {
      flush();
    }
  }
  flush();
  std::vector<std::string> terms;
  for (const std::string& t : all)
    if (!IsStopWord(t)) terms.push_back(t);
  if (terms.empty()) terms = all;  // "how to": better the stop words than nothing
  if (terms.size() > kMaxSearchTerms) terms.resize(kMaxSearchTerms);
  return terms;
}

namespace {
// A light stand-in for the engines' stemmers: "printers", "disconnecting", "synced" are looked
// for as "printer", "disconnect", "sync".
std::string_view Stem(std::string_view term) {
  if (term.size() > 5 && term.ends_with("ing")) return term.substr(0, term.size() - 3);
  if (term.size() > 4 && term.ends_with("ed")) return term.substr(0, term.size() - 2);
  if (term.size() > 3 && term.ends_with("s") && !term.ends_with("ss"))
    return term.substr(0, term.size() - 1);
  return term;
}
}  // namespace

std::string SearchTag(char kind, std::string_view value) {
  const std::string digest = Sha256Hex(value);
  return kind + std::to_string(std::stoull(digest.substr(0, 16), nullptr, 16));
}

bool HoldsTerm(std::string_view text, std::string_view whole_term) {
  const std::string_view term = Stem(whole_term);
  if (term.empty()) return false;
  for (size_t i = 0; i + term.size() <= text.size(); ++i) {
    if (i > 0 && WordByte(static_cast<unsigned char>(text[i - 1]))) continue;
    bool same = true;
    for (size_t k = 0; k < term.size() && same; ++k) same = Lower(text[i + k]) == term[k];
    if (same) return true;
  }
  return false;
}

std::string MarkedPassage(std::string_view text, const std::vector<std::string>& terms, int words) {
  // The text's words, with where each starts and ends.
  std::vector<std::pair<size_t, size_t>> spans;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && !WordByte(static_cast<unsigned char>(text[i]))) ++i;
    const size_t start = i;
    while (i < text.size() && WordByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) spans.emplace_back(start, i);
  }
  auto hit = [&](size_t w) {
    const std::string_view word = text.substr(spans[w].first, spans[w].second - spans[w].first);
    return std::any_of(terms.begin(), terms.end(),
                       [&](const std::string& t) { return HoldsTerm(word, t); });
  };
  size_t first = 0;
  while (first < spans.size() && !hit(first)) ++first;
  if (first == spans.size()) first = 0;
  const size_t from = first > size_t(words) / 4 ? first - size_t(words) / 4 : 0;
  const size_t to = std::min(spans.size(), from + size_t(words));
  std::string out = from > 0 ? "…" : "";
  for (size_t w = from; w < to; ++w) {
    const size_t end = w + 1 < to ? spans[w + 1].first : spans[w].second;
    const std::string_view word = text.substr(spans[w].first, spans[w].second - spans[w].first);
    if (hit(w)) {
      out += kHitStart;
      out += word;
      out += kHitEnd;
    } else {
      out += word;
    }
    out += text.substr(spans[w].second, end - spans[w].second);
  }
  if (to < spans.size()) out += "…";
  return out;
}

std::optional<double> PlainMatch(std::string_view title, std::string_view text,
                                 const SearchWords& words) {
  int in_title = 0, in_text = 0, held = 0;
  for (const std::string& term : words.terms) {
    const bool t = HoldsTerm(title, term), x = HoldsTerm(text, term);
    in_title += t;
    in_text += x;
    held += t || x;
  }
  if (held == 0 || (!words.any_term && held < int(words.terms.size()))) return std::nullopt;
  return 3.0 * in_title + in_text;
}

std::string WithoutHitMarks(std::string text) {
  std::erase_if(text, [](char c) { return c == kHitStart || c == kHitEnd || c == '\0'; });
  return text;
}

}  // namespace tierdesk::service
