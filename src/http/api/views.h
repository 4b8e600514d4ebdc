#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/actions.h"
#include "core/event.h"
#include "core/procedure.h"
#include "core/ticket.h"
#include "json/codec.h"
#include "service/ports.h"

namespace tierdesk::http {

// One event as the API and the live stream give it: nullopt when a client may not see it, and
// without the fields a client may not see (core/visibility.h decides both).
std::optional<json::Json> EventView(const core::Event& event, const date::time_zone* zone,
                                    bool for_client);

// Whom a ticket view is for.
struct Viewer {
  std::string actor;      // person id or "client:<unique user id>"
  bool client = false;    // sees the client's part only
  bool may_write = true;  // false for a read-only token: no actions are offered
};

// What `actions` can do, as the API gives it: each command with the choices its form offers.
json::Json ActionsView(const std::vector<core::Action>& actions, const core::Procedure& p);

// A ticket as the API returns it: its state, running clocks with the business time they have
// left, what the viewer may do with it now (`actions`, decided by the core) and (when given) its
// timeline. Clients get the client-visible part only.
json::Json TicketView(const core::Ticket& ticket, const core::Procedure& procedure, Timestamp now,
                      const Viewer& viewer, const std::vector<core::Event>* events = nullptr);
// One line of a queue. Staff also see who the page in flight asks to acknowledge (`paged`).
json::Json SummaryView(const service::TicketSummary& summary, const core::Procedure& procedure,
                       bool for_client);
// A queue's page, {"tickets": [SummaryView...], "next_cursor": ...}, written as text directly:
// the same bytes as dumping the documents, at a fraction of the cost of a busy queue view.
std::string SummaryListJson(const std::vector<service::TicketSummary>& tickets,
                            const core::Procedure& procedure, bool for_client,
                            const std::optional<std::string>& next_cursor);
// A search's passage (its hits between service::kHitStart and kHitEnd) as runs of text, each a
// hit or not: a page shows hits without reading markup.
json::Json SnippetJson(const std::string& snippet);
// What a command would send, for a dry run: kind, recipient, template and, for what the mail
// courier delivers (mail, pages, tasks), the subject and body as it sends them, link markers
// left unsigned ("[[link:ACTION:ACTOR#CYCLE]]").
json::Json EffectPreview(const core::Effect& effect);

}  // namespace tierdesk::http
