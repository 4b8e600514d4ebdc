#include "main/ticket_display.h"

namespace tierdesk::cli {

json::Json TicketForDisplay(const core::Ticket& ticket, const std::vector<core::Event>& events,
                            const date::time_zone* zone) {
  json::Json out = json::TicketToJson(ticket);
  out["received_at"] = FormatTimestamp(ticket.received_at, zone);
  out["updated_at"] = FormatTimestamp(ticket.updated_at, zone);
  if (const auto& occurred = ticket.registration.occurred_at)
    out["registration"]["occurred_at"] = FormatTimestamp(*occurred, zone);
  // The stored clocks are in the ticket's order, so they pair up with TicketToJson's array.
  for (size_t i = 0; i < ticket.clocks.size(); ++i) {
    const core::SlaClock& clock = ticket.clocks[i];
    json::Json& shown = out["clocks"][i];
    shown["running_since"] = FormatTimestamp(clock.running_since, zone);
    shown["due"] =
        clock.paused ? json::Json(nullptr) : json::Json(FormatTimestamp(clock.due, zone));
  }
  out["events"] = json::Json::array();
  for (const auto& e : events) out["events"].push_back(json::EventToJson(e, zone));
  return out;
}

}  // namespace tierdesk::cli
