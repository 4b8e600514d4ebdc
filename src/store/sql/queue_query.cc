#include "store/sql/queue_query.h"

#include <algorithm>

namespace tierdesk::store::sql {

Query QueueQuery(const service::TicketFilter& f, const char* columns, Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgres;
  Query q;
  auto param = [&](Param value) {
    q.params.push_back(std::move(value));
    return pg ? "$" + std::to_string(q.params.size()) : std::string("?");
  };
  std::string& sql = q.sql;
  sql = std::string("SELECT ") + columns + " FROM tickets WHERE 1 = 1";
  if (f.tier) sql += " AND tier = " + param(*f.tier);
  // A stage says whether the ticket is open: said too, so the (tier, is_open, ...) index serves
  // the order.
  if (f.stage) {
    sql += " AND stage = " + param(std::string(core::StageName(*f.stage)));
    sql += " AND is_open = " + param(*f.stage != core::Stage::kClosed);
  }
  if (f.client_id) sql += " AND client_id = " + param(*f.client_id);
  if (f.assignee) sql += " AND assignee = " + param(*f.assignee);
  if (f.asset)
    sql += " AND id IN (SELECT ticket_id FROM ticket_assets WHERE asset = " + param(*f.asset) + ")";
  // The literal `<> ''` lets the database use the partial index of paged tickets.
  if (f.paged) sql += " AND paged_to = " + param(*f.paged) + " AND paged_to <> ''";
  // A team is found between commas in the column (ConsultingTeams); the literal `<> ''` lets
  // the database scan only the partial index of tickets waiting on a consult.
  if (f.consulting)
    sql += std::string(pg ? " AND strpos(consulting, " : " AND instr(consulting, ") +
           param("," + *f.consulting + ",") + ") > 0 AND consulting <> ''";
  // is_open is an INTEGER in SQLite, a BOOLEAN in PostgreSQL.
  if (f.open_only) sql += pg ? " AND is_open" : " AND is_open = 1";
  if (f.after) {
    // PostgreSQL reads text parameters in a row comparison as text: the casts type them.
    const std::string p = param(int64_t(f.after->priority));
    const std::string r = param(EpochSeconds(f.after->received_at));
    const std::string id = param(int64_t(f.after->id));
    sql += pg ? " AND (priority, received_at, id) > (" + p + "::INTEGER, " + r + "::BIGINT, " + id +
                    "::BIGINT)"
              : " AND (priority, received_at, id) > (" + p + ", " + r + ", " + id + ")";
  }
  // SQLite reads a negative limit as none; PostgreSQL refuses one: there it lists nothing.
  const int64_t limit = pg ? std::max(f.limit, 0) : f.limit;
  sql += " ORDER BY priority, received_at, id LIMIT " + param(limit);
  return q;
}

std::string ParamText(const Param& p) {
  if (const auto* s = std::get_if<std::string>(&p)) return *s;
  if (const auto* n = std::get_if<int64_t>(&p)) return std::to_string(*n);
  return std::get<bool>(p) ? "true" : "false";
}

}  // namespace tierdesk::store::sql
