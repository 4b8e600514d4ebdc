#pragma once

#include <vector>

#include "core/event.h"
#include "core/ticket.h"
#include "json/codec.h"

namespace tierdesk::cli {

// A ticket and its history as `tickets show` prints them: the stored state's fields, with
// every instant as RFC 3339 in `zone` (UTC when null), like the replay timeline, instead of
// the store's epoch seconds. A paused clock has no due instant (null).
json::Json TicketForDisplay(const core::Ticket& ticket, const std::vector<core::Event>& events,
                            const date::time_zone* zone);

}  // namespace tierdesk::cli
