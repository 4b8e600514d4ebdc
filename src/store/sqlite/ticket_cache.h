#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <unordered_map>

#include "core/ticket.h"

namespace tierdesk::store {

// Decoded tickets this connection committed, so loading one again does not parse its stored
// JSON state (half the cost of a load, and a load comes before every command). An entry is
// only trusted when its version is the row's current version, so a change by any other writer
// is never hidden. Bounded: the oldest entry goes first.
class TicketCache {
 public:
  explicit TicketCache(size_t capacity) : capacity_(capacity) {}

  // The ticket at `version`, when it is the one held.
  std::optional<core::Ticket> Find(core::TicketId id, int64_t version) const;
  void Put(const core::Ticket& ticket);
  void Clear();

 private:
  size_t capacity_;
  std::unordered_map<core::TicketId, core::Ticket> tickets_;
  std::deque<core::TicketId> order_;  // first put first, each id once
};

}  // namespace tierdesk::store
