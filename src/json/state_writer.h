#pragma once

// The store's rows written straight to text, without building a JSON document first: the
// writer thread encodes every changed ticket and every event, and building nlohmann documents
// to dump them was its largest cost after SQLite itself (allocation, then freeing, of a node
// per field). The output is byte for byte what Dump(TicketToJson(t)) and
// Dump(FieldsToJson(fields)) give, so rows read the same whichever wrote them.

#include <string>
#include <utility>
#include <vector>

#include "common/time.h"
#include "core/event.h"
#include "core/ticket.h"

namespace tierdesk::json {

// Dump(TicketToJson(ticket)), faster.
std::string EncodeTicketState(const core::Ticket& ticket);

// Dump(FieldsToJson(fields)), faster.
std::string EncodeFields(const std::vector<std::pair<std::string, std::string>>& fields);

// A replay's timeline lines: Dump(EventToJson(e, zone)) and Dump(EffectToJson(e, at, zone)),
// faster (a month's replay prints three million).
std::string EncodeEventLine(const core::Event& e, const date::time_zone* zone);
std::string EncodeEffectLine(const core::Effect& e, Timestamp at, const date::time_zone* zone);

}  // namespace tierdesk::json
