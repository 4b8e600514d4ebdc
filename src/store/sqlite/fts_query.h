#pragma once

// Typed words as an FTS5 query, the same for every index the SQLite store searches.

#include <string>

#include "service/ports.h"

namespace tierdesk::store {

// The words' terms in the title or text columns: each quoted (its characters are letters and
// digits, so nothing in it is syntax), the last (being typed) also as a word's beginning, joined
// by AND (OR when any term will do).
inline std::string FtsWords(const service::SearchWords& w) {
  std::string terms;
  for (size_t i = 0; i < w.terms.size(); ++i)
    terms += (i == 0 ? "" : (w.any_term ? " OR " : " AND ")) + ("\"" + w.terms[i] + "\"") +
             (w.PrefixTerm(i) ? "*" : "");
  return "{title text} : (" + terms + ")";
}

}  // namespace tierdesk::store
