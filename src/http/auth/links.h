#pragma once

#include <string>

#include "common/result.h"
#include "core/ticket.h"

namespace tierdesk::http {

// What a one-click link in a mail lets its bearer do: `actor` may do `action` on `ticket`
// until `expires`, once, and only while the ticket's link_cycle is still `cycle` (the core
// checks that; the link handler makes it single-use). Signed with the installation's link key
// (HMAC-SHA256), so it cannot be forged or altered; it is a credential, so it expires.
struct LinkClaim {
  std::string action;  // acknowledge, sign_off, reopen, approve, decline
  core::TicketId ticket = 0;
  std::string actor;
  Timestamp expires{};
  int64_t cycle = 0;  // the ticket's link_cycle when the link was mailed
};

// How long a mailed link works from the moment it is sent. A paged person's acknowledge link
// lasts a day: by then the chain has paged others and the page is history. A client's sign-off,
// reopen or approval may wait for someone back from leave: two weeks.
inline constexpr Seconds kPageLinkLifetime{24 * 3600};
inline constexpr Seconds kClientLinkLifetime{14 * 24 * 3600};
Seconds LinkLifetime(std::string_view action);

std::string SignLink(const std::string& key, const LinkClaim& claim);
// kPermissionDenied for a malformed, forged or expired token, and for one signed before links
// carried a cycle.
[[nodiscard]] Result<LinkClaim> VerifyLink(const std::string& key, std::string_view token,
                                           Timestamp now);
// The idempotency key a link's command is submitted with: one per signed claim, however its
// token is spelled, so a link acts once and a second use is a replay that changes nothing.
std::string LinkUseKey(const LinkClaim& claim);
// A fresh random key (hex), for the settings table.
std::string NewLinkKey();

}  // namespace tierdesk::http
