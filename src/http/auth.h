#pragma once

#include <string>

#include "common/result.h"
#include "core/procedure.h"
#include "service/ports.h"

namespace tierdesk::http {

// Who a request acts as, from its credentials.
struct Principal {
  std::string actor;                    // person id or "client:<unique user id>"
  const core::Person* person = nullptr;  // set for staff
  std::string client_id;                // set for clients

  bool is_client() const { return person == nullptr; }
};

// A new API token: the secret (shown once) and what is stored of it.
struct IssuedToken {
  std::string secret;  // "td_<id>_<random>"
  service::ApiToken record;
};

// Creates a token acting as `actor` (a person of `procedure` or "client:<id>").
// kInvalidArgument if the actor is neither.
[[nodiscard]] Result<IssuedToken> IssueToken(const std::string& actor, const std::string& label,
                                             const core::Procedure& procedure, Timestamp now);

// The digest under which a token's secret is stored (BLAKE2b-256, hex). Tokens carry 256 bits
// of randomness, so a fast keyed-free hash is enough; passwords get argon2id instead.
std::string TokenDigest(const std::string& secret);

// Resolves an "Authorization: Bearer <token>" header. kPermissionDenied for a missing, unknown
// or revoked token (the caller answers 401); kUnavailable or kInternal if the store failed.
[[nodiscard]] Result<Principal> Authenticate(std::string_view authorization,
                                             service::Store& store,
                                             const core::Procedure& procedure);

}  // namespace tierdesk::http
