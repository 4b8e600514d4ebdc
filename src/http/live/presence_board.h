#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/time.h"
#include "core/ticket.h"

namespace tierdesk::http {

// Someone of the staff on a ticket's page, as their browser last said.
struct Presence {
  core::TicketId ticket = 0;
  std::string actor;
  std::string state;  // "viewing" or "writing"; "gone" once expired
  Timestamp expires{};
};

// Who is on which ticket, in memory: each heartbeat holds a presence for `ttl`; one without a
// heartbeat since expires. Times are passed in. Thread-safe.
class PresenceBoard {
 public:
  explicit PresenceBoard(Seconds ttl) : ttl_(ttl) {}

  // Records `actor`'s `state` on `ticket` at `now`, replacing what they said before.
  Presence Mark(core::TicketId ticket, const std::string& actor, const std::string& state,
                Timestamp now);
  // Removes the presences without a heartbeat by `now` and returns them, marked "gone".
  std::vector<Presence> Expire(Timestamp now);
  std::vector<Presence> Current() const;

 private:
  const Seconds ttl_;
  mutable std::mutex mu_;
  std::map<std::pair<core::TicketId, std::string>, Presence> present_;  // guarded by mu_
};

}  // namespace tierdesk::http
