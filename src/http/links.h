#pragma once

#include <string>

#include "common/result.h"
#include "core/ticket.h"

namespace tierdesk::http {

// What a one-click link in a mail lets its bearer do: `actor` may do `action` on `ticket`
// until `expires`. Signed with the installation's link key (HMAC-SHA256), so it cannot be
// forged or altered; it is a credential, so it expires.
struct LinkClaim {
  std::string action;  // acknowledge, sign_off, reopen, approve, decline
  core::TicketId ticket = 0;
  std::string actor;
  Timestamp expires{};
};

std::string SignLink(const std::string& key, const LinkClaim& claim);
// kPermissionDenied for a malformed, forged or expired token.
[[nodiscard]] Result<LinkClaim> VerifyLink(const std::string& key, std::string_view token,
                                           Timestamp now);
// A fresh random key (hex), for the settings table.
std::string NewLinkKey();

}  // namespace tierdesk::http
