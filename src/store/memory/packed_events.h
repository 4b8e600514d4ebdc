#pragma once

#include <string>
#include <string_view>

#include "core/event.h"

namespace tierdesk::store {

// A ticket's events packed one after another in one string, for the memory store: a month's
// replay holds two million events, and as objects (each string and field its own allocation)
// they were most of its memory. The form is private to the process: lengths, then bytes.

// Appends `e` (without its ticket id: the log is the ticket's) to `log`.
void PackEvent(const core::Event& e, std::string& log);

// The event starting at `offset` in `log`, of ticket `ticket`; moves `offset` past it.
core::Event UnpackEvent(std::string_view log, size_t& offset, core::TicketId ticket);

}  // namespace tierdesk::store
