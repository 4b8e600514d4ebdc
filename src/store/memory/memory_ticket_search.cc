// Staff's ticket search in memory: each ticket's text (service::TicketTextOf), matched as the
// knowledge base's articles are (service::PlainMatch).
#include <algorithm>

#include "service/search_terms.h"
#include "store/memory/memory_store.h"

namespace tierdesk::store {

Status MemoryStore::IndexTicketTexts(std::span<const service::TicketText> texts) {
  std::lock_guard lock(mu_);
  for (const service::TicketText& text : texts) PutText(text);
  return Ok();
}

void MemoryStore::PutText(const service::TicketText& text) {
  auto [it, added] = ticket_texts_.try_emplace(text.id, text);
  if (!added && it->second.version <= text.version) it->second = text;
}

Result<std::vector<service::TicketHit>> MemoryStore::SearchTickets(const service::TicketQuery& q) {
  std::lock_guard lock(mu_);
  std::vector<service::TicketHit> found;
  if (q.terms.empty()) return found;
  for (const auto& [id, text] : ticket_texts_) {
    const std::optional<double> score = service::PlainMatch(text.title, text.text, q);
    auto ticket = tickets_.find(id);
    if (!score || ticket == tickets_.end()) continue;
    found.push_back({service::TicketSummary::Of(ticket->second),
                     service::MarkedPassage(text.text, q.terms), *score});
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.score != b.score ? a.score > b.score : a.summary.id > b.summary.id;
  });
  if (int(found.size()) > std::max(q.limit, 0)) found.resize(std::max(q.limit, 0));
  return found;
}

}  // namespace tierdesk::store
