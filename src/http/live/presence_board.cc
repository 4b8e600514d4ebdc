#include "http/live/presence_board.h"

namespace tierdesk::http {

Presence PresenceBoard::Mark(core::TicketId ticket, const std::string& actor,
                             const std::string& state, Timestamp now) {
  std::lock_guard lock(mu_);
  Presence& p = present_[{ticket, actor}];
  p = Presence{ticket, actor, state, now + ttl_};
  return p;
}

std::vector<Presence> PresenceBoard::Expire(Timestamp now) {
  std::lock_guard lock(mu_);
  std::vector<Presence> gone;
  for (auto it = present_.begin(); it != present_.end();) {
    if (it->second.expires > now) {
      ++it;
      continue;
    }
    gone.push_back(std::move(it->second));
    gone.back().state = "gone";
    it = present_.erase(it);
  }
  return gone;
}

std::vector<Presence> PresenceBoard::Current() const {
  std::lock_guard lock(mu_);
  std::vector<Presence> out;
  for (const auto& [key, p] : present_) out.push_back(p);
  return out;
}

}  // namespace tierdesk::http
