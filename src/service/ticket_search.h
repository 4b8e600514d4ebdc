#pragma once

// Staff's search over tickets: what each ticket is searched by (TicketTextOf, in ports.h), kept
// with the commit that changes it; the tickets stored before their index, indexed once at start;
// and the search, with the same terms on every backend.

#include <string_view>
#include <vector>

#include "service/ports.h"

namespace tierdesk::service {

// What TicketTextOf indexes of a ticket is this version: raised when that changes, so that
// RefreshTicketIndex indexes every ticket again.
inline constexpr int kTicketIndexVersion = 1;

// Indexes every ticket's text when the database's ticket index is of an older version (the
// setting "ticket_index"), a range of tickets at a time, then records this version. Run at start;
// a ticket another node changes meanwhile is indexed by that node's commit, which a text read
// earlier does not replace (TicketText::version).
[[nodiscard]] Status RefreshTicketIndex(Store& store);

// The tickets that `words` finds, best first: those holding every term, then (when those are
// fewer than `limit`) those holding some. Any words are accepted; none that count find nothing.
[[nodiscard]] Result<std::vector<TicketHit>> SearchTickets(QueueStore& tickets,
                                                           std::string_view words, int limit);

}  // namespace tierdesk::service
