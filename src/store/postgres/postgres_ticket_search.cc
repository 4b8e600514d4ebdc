#include "store/postgres/postgres_ticket_search.h"

#include "store/postgres/pg_arrays.h"
#include "store/postgres/pg_errors.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_search.h"

namespace tierdesk::store::pg_tickets {

void PutTexts(pqxx::transaction_base& tx, std::span<const service::TicketText> texts) {
  if (texts.empty()) return;
  ArrayColumn id, version, title, text;
  for (const service::TicketText& t : texts) {
    id.AddInt(t.id);
    version.AddInt(t.version);
    title.AddText(t.title);
    text.AddText(t.text);
  }
  tx.exec_params(
      "INSERT INTO ticket_texts (ticket_id, version, title, text) "
      "SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[]) "
      "ON CONFLICT (ticket_id) DO UPDATE SET version = EXCLUDED.version, "
      "title = EXCLUDED.title, text = EXCLUDED.text "
      "WHERE EXCLUDED.version >= ticket_texts.version",
      id.Literal(), version.Literal(), title.Literal(), text.Literal());
}

Result<std::vector<service::TicketHit>> Search(pqxx::connection& c, const service::TicketQuery& q) {
  return PgGuarded("searching tickets", [&]() -> Result<std::vector<service::TicketHit>> {
    std::vector<service::TicketHit> found;
    if (q.terms.empty() || q.limit <= 0) return found;
    pqxx::read_transaction tx(c);
    // The newest kMostRankedViews matches, as the planner finds them best. A ticket's text is
    // short, so its tsvector is mostly on its row rather than in TOAST (an article's, of a long
    // body and its files, is not): walking the newest tickets and checking each costs little
    // when a word is common, and the GIN index serves the rare ones.
    std::vector<int64_t> newest;
    {
      PgQuery s;
      s.sql = "SELECT ticket_id FROM ticket_texts WHERE search @@ " + TsQuery(s, q) +
              " ORDER BY ticket_id DESC LIMIT " + std::to_string(service::kMostRankedViews);
      for (const auto& row : s.Run(tx)) newest.push_back(row[0].as<int64_t>());
    }
    if (newest.empty()) return found;
    // As for articles: the best of those, a title's words weighing as 'A', the text's as 'B',
    // each with a headline, then their queue columns.
    PgQuery s;
    const std::string words = TsQuery(s, q);
    const std::string best = "SELECT ticket_id, r, " + Headline("text", words) +
                             " AS passage FROM (SELECT ticket_id, text, ts_rank(search, " + words +
                             ") AS r FROM ticket_texts WHERE ticket_id = ANY (" +
                             s.Param(IdArray(newest)) + "::BIGINT[]) ORDER BY r DESC, " +
                             "ticket_id DESC LIMIT " + s.Param(std::to_string(q.limit)) +
                             "::INTEGER) ranked";
    s.sql = std::string("SELECT ") + sql::kSummaryColumns + ", best.passage, best.r FROM (" + best +
            ") best JOIN tickets ON id = best.ticket_id ORDER BY best.r DESC, id DESC";
    for (const auto& row : s.Run(tx))
      found.push_back({sql::ReadSummary(PgRow(row)), Text(row[11]), row[12].as<double>()});
    return found;
  });
}

}  // namespace tierdesk::store::pg_tickets
