#include "service/ticket_search.h"

#include "common/utf8.h"
#include "core/command.h"
#include "service/search_terms.h"

namespace tierdesk::service {
namespace {

constexpr size_t kMaxIndexedTitleBytes = 1024;
constexpr size_t kMaxIndexedTextBytes = 64 * 1024;

}  // namespace

TicketText TicketTextOf(const core::Ticket& ticket) {
  const core::Registration& r = ticket.registration;
  std::string text;
  auto add = [&](const std::string& part) {
    if (part.empty()) return;
    if (!text.empty()) text += "\n";
    text += part;
  };
  add(r.description);
  add(r.actions_attempted);
  add(r.error_messages);
  for (const auto& [field, value] : ticket.resolution)
    if (field != core::cmd::kKnownFixField) add(value);
  // Bounded as an article's body is: PostgreSQL's tsvector takes at most 1 MB, and a ticket's
  // fields are each bounded by the configured limits, not their sum.
  return {ticket.id, ticket.version, WithoutHitMarks(CutUtf8(r.title, kMaxIndexedTitleBytes)),
          WithoutHitMarks(CutUtf8(text, kMaxIndexedTextBytes))};
}

bool TicketTextChanged(const core::Ticket& before, const core::Ticket& after) {
  const TicketText was = TicketTextOf(before), is = TicketTextOf(after);
  return was.title != is.title || was.text != is.text;
}

Status RefreshTicketIndex(Store& store) {
  const std::string version = std::to_string(kTicketIndexVersion);
  auto recorded = store.GetSetting("ticket_index");
  if (!recorded) return tl::unexpected(recorded.error());
  if (*recorded == version) return Ok();
  auto last = store.MaxTicketId();
  if (!last) return tl::unexpected(last.error());
  // Every ticket, open or closed, by ranges of ids (ids are given in order, with few gaps).
  constexpr core::TicketId kRange = 500;
  for (core::TicketId from = 1; from <= *last; from += kRange) {
    std::vector<core::TicketId> ids;
    for (core::TicketId id = from; id < from + kRange && id <= *last; ++id) ids.push_back(id);
    auto tickets = store.LoadMany(ids);
    if (!tickets) return tl::unexpected(tickets.error());
    std::vector<TicketText> texts;
    texts.reserve(tickets->size());
    for (const core::Ticket& t : *tickets) texts.push_back(TicketTextOf(t));
    if (auto s = store.IndexTicketTexts(texts); !s) return s;
  }
  return store.PutSetting("ticket_index", version);
}

Result<std::vector<TicketHit>> SearchTickets(QueueStore& tickets, std::string_view words,
                                             int limit) {
  TicketQuery query{{SearchTerms(words)}, limit};
  if (query.terms.empty() || limit <= 0) return std::vector<TicketHit>{};
  return EveryTermThenSome(
      std::move(query), limit, [&](const TicketQuery& q) { return tickets.SearchTickets(q); },
      [](const TicketHit& hit) { return hit.summary.id; });
}

}  // namespace tierdesk::service
