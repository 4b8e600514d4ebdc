#pragma once

// What a reader's typed words look for, the same for every store: cut into terms before any
// engine sees them, so that no input (operators, quotes, stray syntax, any bytes) can make a
// search fail, and every backend matches the same terms.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/ports.h"

namespace tierdesk::service {

// The longest words a search takes (the API refuses longer, naming `q`).
inline constexpr size_t kMaxSearchWordsBytes = 200;
inline constexpr size_t kMaxSearchTerms = 12;
inline constexpr size_t kMaxSearchTermBytes = 40;

// The words' terms in order, each once: runs of letters and digits (any non-ASCII character
// counts as a letter; an invalid byte separates words), ASCII lower-cased, words too long cut at a
// character's end; English stop words
// ("how", "the", "is") are left out unless nothing else is left.
std::vector<std::string> SearchTerms(std::string_view words);

// A reader's key ('k') or an article's subject ('s') as one word of letters and digits that no
// stemmer changes: the kind, then a 64-bit digest of the value in decimal.
std::string SearchTag(char kind, std::string_view value);

// Whether `text` holds a word beginning with `term` (ASCII case folded, a plural's or a verb's
// ending left off the term): the match of a store without a search engine (MemoryStore).
bool HoldsTerm(std::string_view text, std::string_view term);

// How well a title and a text match the words where no engine searches (MemoryStore): a title's
// hits weigh three times a text's; nullopt when they do not match (a term held by neither, or,
// with any_term, every term).
std::optional<double> PlainMatch(std::string_view title, std::string_view text,
                                 const SearchWords& words);

// `text` cut to about `words` words around the first term it holds, the terms marked between
// kHitStart and kHitEnd: a snippet as the engines make them, for MemoryStore.
std::string MarkedPassage(std::string_view text, const std::vector<std::string>& terms,
                          int words = 16);

// `text` without the characters the engines' snippets mark hits with (kHitStart, kHitEnd), nor
// NUL, which PostgreSQL's text cannot hold: what an index is given.
std::string WithoutHitMarks(std::string text);

// What a search of `query`'s words finds, best first: what holds every term, then (when that is
// fewer than `limit`) what holds some, each found once (by its `id_of`). `search` runs a query.
template <class Query, class Search, class IdOf>
auto EveryTermThenSome(Query query, int limit, Search search, IdOf id_of)
    -> decltype(search(query)) {
  auto found = search(query);
  if (!found || int(found->size()) >= limit || query.terms.size() < 2) return found;
  query.any_term = true;
  auto more = search(query);
  if (!more) return more;
  for (auto& e : *more) {
    if (int(found->size()) >= limit) break;
    auto same = [&](const auto& f) { return id_of(f) == id_of(e); };
    if (std::none_of(found->begin(), found->end(), same)) found->push_back(std::move(e));
  }
  return found;
}

}  // namespace tierdesk::service
