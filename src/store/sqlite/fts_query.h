#pragma once

// Typed words as an FTS5 query, the same for every index the SQLite store searches.

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <utility>
#include <vector>

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

// The best `limit` of the newest service::kMostRankedViews rows of FTS5 table `table` matching
// `match`, as (rowid, bm25) best first (bm25 is lower for better; ties go to the newest), each
// column's hits weighed by `weights` ("4.0, 1.0": a title's four times a text's). Ranking every
// match of a word most rows hold costs more than the answer is worth; FTS5 walks its lists
// from the end, so finding where the newest begin costs those rows only.
inline std::vector<std::pair<int64_t, double>> BestOfNewest(SQLite::Database& db,
                                                            const std::string& table,
                                                            const std::string& weights,
                                                            const std::string& match, int limit) {
  SQLite::Statement newest(db, "SELECT rowid FROM " + table + " WHERE " + table +
                                   " MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?");
  newest.bind(1, match);
  newest.bind(2, service::kMostRankedViews - 1);
  const int64_t from = newest.executeStep() ? newest.getColumn(0).getInt64() : 0;
  SQLite::Statement best(db, "SELECT rowid, bm25(" + table + ", " + weights + ") AS r FROM " +
                                 table + " WHERE " + table +
                                 " MATCH ? AND rowid >= ? ORDER BY r, rowid DESC LIMIT ?");
  best.bind(1, match);
  best.bind(2, from);
  best.bind(3, limit);
  std::vector<std::pair<int64_t, double>> ranked;
  while (best.executeStep())
    ranked.emplace_back(best.getColumn(0).getInt64(), best.getColumn(1).getDouble());
  return ranked;
}

}  // namespace tierdesk::store
