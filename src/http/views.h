#pragma once

#include <vector>

#include "core/event.h"
#include "core/procedure.h"
#include "core/ticket.h"
#include "json/codec.h"
#include "service/ports.h"

namespace tierdesk::http {

// What a client may see of a ticket's history (no internal notes, pages or staff reminders).
bool VisibleToClient(const core::Event& event);

// A ticket as the API returns it: its state, running clocks with the business time they have
// left, and (when given) its timeline. Clients get the client-visible part only.
json::Json TicketView(const core::Ticket& ticket, const core::Procedure& procedure, Timestamp now,
                      bool for_client, const std::vector<core::Event>* events = nullptr);
// One line of a queue.
json::Json SummaryView(const service::TicketSummary& summary, const core::Procedure& procedure);

}  // namespace tierdesk::http
