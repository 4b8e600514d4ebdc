#pragma once

// What PostgreSQL's searches share: statements built with numbered parameters, typed words as a
// tsquery, and the newest matches asked of a GIN index a range of ids at a time.

#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "service/ports.h"

namespace tierdesk::store {

// A statement's SQL with its parameters, numbered as they are added.
struct PgQuery {
  std::string sql;
  std::vector<std::string> params;
  std::string Param(std::string value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  }
  pqxx::result Run(pqxx::transaction_base& tx) const {
    return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
  }
};

// The tsquery for the words' terms, its text a parameter of `s`: each term quoted (its
// characters are letters and digits, so nothing in it is syntax), stemmed as the text was; the
// last (being typed) also as a word's beginning.
std::string TsQuery(PgQuery& s, const service::SearchWords& words);

// A passage of `column` around the best match of `tsquery`, its matched words between
// service::kHitStart and kHitEnd (ts_headline reads the whole text: only for the rows shown).
std::string Headline(const std::string& column, const std::string& tsquery);

// Where a search looks: rows of `table` with an increasing `id` column, and the condition a row
// must meet (its tsvector matching the words, and whatever else), its parameters added to the
// query it is written into.
struct SearchedRows {
  std::string table;
  std::string id;
  std::function<std::string(PgQuery&)> condition;
};

// The ids of the newest service::kMostRankedViews rows that meet the condition, newest first.
// Asked of the GIN index only: a check of a row's tsvector one row at a time (the planner's
// choice when a word is in many rows) fetches each from TOAST, and a word in a few percent of
// the rows then costs half a second. The index's matches are ANDed with a range of ids, the
// newest `recent_rows` first, then ranges four times as wide, older each time, until enough are
// found: a word most rows hold costs the rows of the first range only, a rare word a few small
// index scans. Run in a transaction (the planner's settings are set for it alone).
std::vector<int64_t> NewestMatches(pqxx::transaction_base& tx, const SearchedRows& rows,
                                   int64_t recent_rows);

}  // namespace tierdesk::store
