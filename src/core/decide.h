#pragma once

#include <vector>

#include "common/result.h"
#include "core/command.h"
#include "core/event.h"
#include "core/procedure.h"
#include "core/ticket.h"

namespace tierdesk::core {

// What a command does: the ticket after it, what happened, and who must be told.
struct Decision {
  Ticket ticket;
  std::vector<Event> events;
  std::vector<Effect> effects;
};

// The ticket state machine. Pure: no I/O, no clock; `now` is passed in.
// `current` is the ticket as stored (ignored for Create, whose id is `new_id`).
// Returns the decision, or an Error saying why the command is refused. A stale ClockDue
// (the clock stopped or moved since it was scheduled) returns a decision with no events.
[[nodiscard]] Result<Decision> Decide(const Ticket& current, const Command& command, Timestamp now,
                                      const Procedure& procedure, TicketId new_id = 0);

}  // namespace tierdesk::core
