#include "store/postgres/pg_search.h"

#include <algorithm>

namespace tierdesk::store {

std::string TsQuery(PgQuery& s, const service::SearchWords& w) {
  std::string words;
  for (size_t i = 0; i < w.terms.size(); ++i)
    words += (i == 0 ? "" : (w.any_term ? " | " : " & ")) + ("'" + w.terms[i] + "'") +
             (w.PrefixTerm(i) ? ":*" : "");
  return "to_tsquery('english', " + s.Param(words) + ")";
}

std::string Headline(const std::string& column, const std::string& tsquery) {
  return "ts_headline('english', " + column + ", " + tsquery +
         ", 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=20, MinWords=8, "
         "MaxFragments=1, FragmentDelimiter=…')";
}

std::vector<int64_t> NewestMatches(pqxx::transaction_base& tx, const SearchedRows& rows,
                                   int64_t recent_rows) {
  const int64_t last =
      tx.exec1("SELECT COALESCE(max(" + rows.id + "), 0) FROM " + rows.table)[0].as<int64_t>();
  tx.exec("SET LOCAL enable_seqscan = off");
  tx.exec("SET LOCAL enable_indexscan = off");
  std::vector<int64_t> ids;
  for (int64_t top = last, width = std::max<int64_t>(1, recent_rows);
       top > 0 && ids.size() < size_t(service::kMostRankedViews); top -= width, width *= 4) {
    PgQuery s;
    s.sql = "SELECT " + rows.id + " FROM " + rows.table + " WHERE " + rows.condition(s) + " AND " +
            rows.id + " <= " + s.Param(std::to_string(top)) + "::BIGINT AND " + rows.id + " > " +
            s.Param(std::to_string(top - width)) + "::BIGINT ORDER BY " + rows.id + " DESC LIMIT " +
            std::to_string(service::kMostRankedViews - ids.size());
    for (const auto& row : s.Run(tx)) ids.push_back(row[0].as<int64_t>());
  }
  tx.exec("RESET enable_seqscan");
  tx.exec("RESET enable_indexscan");
  return ids;
}

}  // namespace tierdesk::store
