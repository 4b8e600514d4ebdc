#pragma once

// Staff's ticket search on PostgreSQL (PostgresStore's, on its connection): each ticket's text
// (service::TicketTextOf) in ticket_texts, its words in a generated tsvector under GIN.

#include <pqxx/pqxx>

#include "service/ports.h"

namespace tierdesk::store::pg_tickets {

// Indexes the texts, each unless what is indexed was read from a later version of its ticket.
// At most one text per ticket (the statement updates a row once).
void PutTexts(pqxx::transaction_base& tx, std::span<const service::TicketText> texts);

// The newest `recent_tickets` are searched first, then older ranges four times as wide each,
// until service::kMostRankedViews matches are found (a test sets it small to search in many).
inline constexpr int64_t kRecentTickets = 20'000;
[[nodiscard]] Result<std::vector<service::TicketHit>> Search(
    pqxx::connection& c, const service::TicketQuery& q, int64_t recent_tickets = kRecentTickets);

}  // namespace tierdesk::store::pg_tickets
