#pragma once

// Staff's ticket search on PostgreSQL (PostgresStore's, on its connection): each ticket's text
// (service::TicketTextOf) in ticket_texts, its words in a generated tsvector under GIN.

#include <pqxx/pqxx>

#include "service/ports.h"

namespace tierdesk::store::pg_tickets {

// Indexes the texts, each unless what is indexed was read from a later version of its ticket.
// At most one text per ticket (the statement updates a row once).
void PutTexts(pqxx::transaction_base& tx, std::span<const service::TicketText> texts);

[[nodiscard]] Result<std::vector<service::TicketHit>> Search(pqxx::connection& c,
                                                             const service::TicketQuery& q);

}  // namespace tierdesk::store::pg_tickets
