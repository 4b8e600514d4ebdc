#pragma once

// What a reader's typed words look for, the same for every store: cut into terms before any
// engine sees them, so that no input (operators, quotes, stray syntax, any bytes) can make a
// search fail, and every backend matches the same terms.

#include <string>
#include <string_view>
#include <vector>

#include "service/ports.h"

namespace tierdesk::service {

inline constexpr size_t kMaxSearchTerms = 12;
inline constexpr size_t kMaxSearchTermBytes = 40;

// The words' terms in order, each once: runs of letters and digits (any non-ASCII byte counts as
// a letter), ASCII lower-cased, words too long cut at a character's end; English stop words
// ("how", "the", "is") are left out unless nothing else is left.
std::vector<std::string> SearchTerms(std::string_view words);

// A reader's key ('k') or an article's subject ('s') as one word of letters and digits that no
// stemmer changes: the kind, then a 64-bit digest of the value in decimal.
std::string SearchTag(char kind, std::string_view value);

// Whether `text` holds a word beginning with `term` (ASCII case folded, a plural's or a verb's
// ending left off the term): the match of a store without a search engine (MemoryStore).
bool HoldsTerm(std::string_view text, std::string_view term);

// `text` cut to about `words` words around the first term it holds, the terms marked between
// kHitStart and kHitEnd: a snippet as the engines make them, for MemoryStore.
std::string MarkedPassage(std::string_view text, const std::vector<std::string>& terms,
                          int words = 16);

}  // namespace tierdesk::service
