#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "common/result.h"
#include "core/procedure.h"
#include "http/auth/credential_cache.h"
#include "service/ports.h"

namespace tierdesk::http {

// Who a request acts as, from its credentials.
// The actor of the tokens an MTA's pipe (`tierdesk mail-gateway`) hands mail in with.
inline constexpr const char* kMailGatewayActor = "mail-gateway";

struct Principal {
  std::string actor;                     // person id or "client:<unique user id>"
  const core::Person* person = nullptr;  // set for staff
  std::string client_id;                 // set for clients
  std::string session_hash;              // set when authenticated by a session cookie
  std::string token_hash;                // set when authenticated by an API token
  std::string credential;                // what events name the credential by (audit)
  std::string csrf_token;                // ... whose writes must echo it in X-CSRF-Token
  bool read_only = false;                // a read-only token
  bool mail_gateway = false;             // may only hand in received mail

  bool is_client() const { return person == nullptr && !mail_gateway; }
  bool by_session() const { return !session_hash.empty(); }
};

// Whether the caller administers this help desk (core::Administers): they reload and upload the
// procedure and manage everyone's API tokens.
bool HasAdminRole(const Principal& who);

// A new API token: the secret (shown once) and what is stored of it.
struct IssuedToken {
  std::string secret;  // "td_<id>_<random>"
  service::ApiToken record;
};

// Creates a token acting as `actor` (a person of `procedure` or "client:<id>").
// kInvalidArgument if the actor is neither.
[[nodiscard]] Result<IssuedToken> IssueToken(const std::string& actor, const std::string& label,
                                             const core::Procedure& procedure, Timestamp now,
                                             bool read_only = false);

// The digest under which a token's secret is stored (BLAKE2b-256, hex). Tokens carry 256 bits
// of randomness, so a fast keyed-free hash is enough; passwords get argon2id instead.
std::string TokenDigest(const std::string& secret);

// The login cookie's name.
inline constexpr const char* kSessionCookie = "td_session";

// Resolves an "Authorization: Bearer <token>" header, else the session cookie in `cookie`
// (the Cookie header). kPermissionDenied for missing, unknown, revoked or expired credentials
// (the caller answers 401); kUnavailable or kInternal if the store failed. A credential read
// within the cache's ttl (dated by `steady_now`) is not read again; `store` is called only when
// the cache cannot answer, so a cached caller never waits for a query connection.
[[nodiscard]] Result<Principal> Authenticate(std::string_view authorization,
                                             std::string_view cookie,
                                             const std::function<service::CredentialStore&()>& store,
                                             const core::Procedure& procedure, Timestamp now,
                                             CredentialCache& cache,
                                             std::chrono::steady_clock::time_point steady_now);

// argon2id (libsodium's interactive limits): the stored form of a password.
[[nodiscard]] Result<std::string> HashPassword(const std::string& password);
bool VerifyPassword(const std::string& stored_hash, const std::string& password);

struct IssuedSession {
  std::string cookie_secret;  // goes to the browser, HttpOnly
  service::Session record;
};
// Whether `password` matches `stored_hash` (argon2id). With no account (nullopt) it checks
// against a decoy of the same cost and answers false, so an unknown login and a wrong password
// take as long. Slow (tens of milliseconds) on purpose: run it off the request threads.
bool CheckPassword(const std::optional<std::string>& stored_hash, const std::string& password);

// Opens a session of `ttl` for `login`, whose password was checked.
[[nodiscard]] Result<IssuedSession> OpenSession(const std::string& login,
                                                service::CredentialStore& store,
                                                const core::Procedure& procedure, Timestamp now,
                                                Seconds ttl);

// The value of cookie `name` in a Cookie header, or empty.
std::string CookieValue(std::string_view header, std::string_view name);

}  // namespace tierdesk::http
