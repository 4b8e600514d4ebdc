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
    // As for articles: a title's hits weigh four times a text's; snippets only for those shown.
    const auto ranked = BestOfNewest(*db_, "ticket_search", "4.0, 1.0", match, q.limit);
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
