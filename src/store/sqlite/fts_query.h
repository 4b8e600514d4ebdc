#pragma once

// Typed words as an FTS5 query, the same for every index the SQLite store searches.

#include <SQLiteCpp/SQLiteCpp.h>

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

// The rowid where the newest service::kMostRankedViews rows of FTS5 table `table` matching
// `match` begin (0 when fewer match): a search ranks only those (FTS5 walks its lists from the
// end, so this costs the newest matches, not all of them).
inline int64_t NewestMatchesFrom(SQLite::Database& db, const std::string& table,
                                 const std::string& match) {
  SQLite::Statement newest(db, "SELECT rowid FROM " + table + " WHERE " + table +
                                   " MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?");
  newest.bind(1, match);
  newest.bind(2, service::kMostRankedViews - 1);
  return newest.executeStep() ? newest.getColumn(0).getInt64() : 0;
}

}  // namespace tierdesk::store
