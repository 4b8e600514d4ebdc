// Staff's ticket search on SQLite: each ticket's text (service::TicketTextOf) in ticket_texts,
// indexed by FTS5 (migration 18), written with the commit that changes it.
#include <SQLiteCpp/SQLiteCpp.h>

#include "store/sqlite/fts_query.h"
#include "store/sqlite/sqlite_guarded.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/statement_row.h"

namespace tierdesk::store {

Result<std::vector<service::TicketHit>> SqliteStore::SearchTickets(const service::TicketQuery& q) {
  return Guarded("searching tickets", [&]() -> Result<std::vector<service::TicketHit>> {
    std::vector<service::TicketHit> found;
    if (q.terms.empty() || q.limit <= 0) return found;
    const std::string match = FtsWords(q);
    // As for articles: only the newest kMostRankedViews matches are ranked, a title's hits
    // weighing four times a text's; snippets only for the tickets shown.
    const int64_t from = NewestMatchesFrom(*db_, "ticket_search", match);
    SQLite::Statement best(
        *db_,
        "SELECT rowid, bm25(ticket_search, 4.0, 1.0) AS r FROM ticket_search "
        "WHERE ticket_search MATCH ? AND rowid >= ? ORDER BY r, rowid DESC LIMIT ?");
    best.bind(1, match);
    best.bind(2, from);
    best.bind(3, q.limit);
    std::vector<std::pair<int64_t, double>> ranked;
    while (best.executeStep())
      ranked.emplace_back(best.getColumn(0).getInt64(), best.getColumn(1).getDouble());
    SQLite::Statement snippet(*db_,
                              "SELECT snippet(ticket_search, 1, char(2), char(3), '…', 16) "
                              "FROM ticket_search WHERE ticket_search MATCH ? AND rowid = ?");
    SQLite::Statement summary(
        *db_, std::string("SELECT ") + sql::kSummaryColumns + " FROM tickets WHERE id = ?");
    for (const auto& [ticket, bm25] : ranked) {
      summary.reset();
      summary.bind(1, ticket);
      if (!summary.executeStep()) continue;
      service::TicketHit hit{sql::ReadSummary(StatementRow(summary)), "", -bm25};
      snippet.reset();
      snippet.bind(1, match);
      snippet.bind(2, ticket);
      if (snippet.executeStep()) hit.snippet = snippet.getColumn(0).getString();
      found.push_back(std::move(hit));
    }
    return found;
  });
}

}  // namespace tierdesk::store
