#include "store/sqlite/ticket_cache.h"

namespace tierdesk::store {

std::optional<core::Ticket> TicketCache::Find(core::TicketId id, int64_t version) const {
  auto it = tickets_.find(id);
  if (it == tickets_.end() || it->second.version != version) return std::nullopt;
  return it->second;
}

void TicketCache::Put(const core::Ticket& ticket) {
  if (capacity_ == 0) return;
  auto [it, added] = tickets_.insert_or_assign(ticket.id, ticket);
  if (!added) return;
  order_.push_back(ticket.id);
  if (order_.size() <= capacity_) return;
  tickets_.erase(order_.front());
  order_.pop_front();
}

void TicketCache::Clear() {
  tickets_.clear();
  order_.clear();
}

}  // namespace tierdesk::store
