#include "http/auth/auth.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "core/permission.h"

namespace tierdesk::http {

namespace {

std::string Hex(const unsigned char* data, size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

bool HasAdminRole(const Principal& who) {
  return who.person != nullptr && core::Administers(*who.person);
}

std::string TokenDigest(const std::string& secret) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  return Hex(digest, sizeof digest);
}

Result<IssuedToken> IssueToken(const std::string& actor, const std::string& label,
                               const core::Procedure& procedure, Timestamp now, bool read_only) {
  if (!SodiumReady()) return Fail(ErrorCode::kInternal, "libsodium failed to initialise");
  const bool client = core::IsClientActor(actor);
  if (!client && actor != kMailGatewayActor && procedure.FindPerson(actor) == nullptr)
    return Fail(ErrorCode::kInvalidArgument,
                "'" + actor + "' is neither a person of the procedure, client:<user id> nor " +
                    kMailGatewayActor,
                "actor");
  IssuedToken t;
  // Letters and digits only: '_' separates the token's parts, and an id that starts with '-'
  // would read as an option on a command line (`tierdesk token revoke ID`).
  t.record.id = RandomToken(9);
  std::replace(t.record.id.begin(), t.record.id.end(), '_', 'x');
  std::replace(t.record.id.begin(), t.record.id.end(), '-', 'y');
  t.secret = "td_" + t.record.id + "_" + RandomToken(32);
  t.record.hash = TokenDigest(t.secret);
  t.record.actor = actor;
  t.record.label = label;
  t.record.created_at = now;
  t.record.read_only = read_only;
  return t;
}

namespace {

// Whom an actor string names, if anyone.
Result<Principal> PrincipalFor(const std::string& actor, const core::Procedure& procedure) {
  Principal p;
  p.actor = actor;
  if (core::IsClientActor(actor)) {
    p.client_id = core::ClientIdOf(actor);
    return p;
  }
  if (actor == kMailGatewayActor) {
    p.mail_gateway = true;
    return p;
  }
  p.person = procedure.FindPerson(actor);
  if (p.person == nullptr)
    return Fail(ErrorCode::kPermissionDenied,
                "'" + actor + "' is no longer a person of the procedure");
  return p;
}

}  // namespace

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.substr(0, name.size()) == name && pair.size() > name.size() &&
        pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
    pos = end + 1;
  }
  return {};
}

namespace {

// The credential stored under `hash` (a token's, or with `session` a session's) as the cache
// keeps it; kPermissionDenied when there is none, or it was revoked or has expired.
Result<CredentialCache::Credential> ReadCredential(service::CredentialStore& store, const std::string& hash,
                                                   bool session, Timestamp now) {
  if (!session) {
    auto token = store.FindApiToken(hash);
    if (!token) return tl::unexpected(token.error());
    if (!*token || (*token)->revoked_at)
      return Fail(ErrorCode::kPermissionDenied, "unknown or revoked token");
    return CredentialCache::Credential{
        (*token)->actor, "token " + (*token)->id, (*token)->read_only, "", {}, false};
  }
  auto found = store.FindSession(hash, now);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kPermissionDenied, "the session has expired; log in again");
  // A session is named by the start of its digest: enough to tell a login's sessions apart in
  // an audit, nothing that opens one.
  return CredentialCache::Credential{(*found)->actor,
                                     "session " + hash.substr(0, 12),
                                     false,
                                     (*found)->csrf_token,
                                     (*found)->expires_at,
                                     true};
}

}  // namespace

Result<Principal> Authenticate(std::string_view authorization, std::string_view cookie,
                               const std::function<service::CredentialStore&()>& store,
                               const core::Procedure& procedure, Timestamp now,
                               CredentialCache& cache,
                               std::chrono::steady_clock::time_point steady_now) {
  constexpr std::string_view kBearer = "Bearer ";
  const bool bearer = authorization.substr(0, kBearer.size()) == kBearer;
  const std::string secret = bearer ? std::string(authorization.substr(kBearer.size()))
                                    : CookieValue(cookie, kSessionCookie);
  if (secret.empty())
    return Fail(ErrorCode::kPermissionDenied, "log in, or send 'Authorization: Bearer <token>'");
  const std::string hash = TokenDigest(secret);
  std::optional<CredentialCache::Credential> credential = cache.Find(hash, steady_now);
  // A session is never taken past its expiry, even from the cache.
  if (credential && credential->session && credential->expires_at <= now) credential.reset();
  if (!credential || credential->session == bearer) {
    const uint64_t generation = cache.Generation();
    auto read = ReadCredential(store(), hash, !bearer, now);
    if (!read) return tl::unexpected(read.error());
    credential = std::move(*read);
    cache.Put(hash, *credential, steady_now, generation);
  }
  auto p = PrincipalFor(credential->actor, procedure);
  if (!p) return p;
  p->credential = credential->id;
  if (bearer) {
    p->read_only = credential->read_only;
    p->token_hash = hash;
  } else {
    p->session_hash = hash;
    p->csrf_token = credential->csrf_token;
  }
  return p;
}

Result<std::string> HashPassword(const std::string& password) {
  if (!SodiumReady()) return Fail(ErrorCode::kInternal, "libsodium failed to initialise");
  if (password.size() < 8)
    return Fail(ErrorCode::kInvalidArgument, "a password needs at least 8 characters", "password");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Fail(ErrorCode::kUnavailable, "out of memory hashing a password");
  return std::string(out);
}

bool VerifyPassword(const std::string& stored_hash, const std::string& password) {
  if (!SodiumReady()) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

bool CheckPassword(const std::optional<std::string>& stored_hash, const std::string& password) {
  static const std::string kDecoy = HashPassword("decoy password for timing").value_or("");
  if (!stored_hash) {
    VerifyPassword(kDecoy, password);
    return false;
  }
  return VerifyPassword(*stored_hash, password);
}

Result<IssuedSession> OpenSession(const std::string& login, service::CredentialStore& store,
                                  const core::Procedure& procedure, Timestamp now, Seconds ttl) {
  if (auto p = PrincipalFor(login, procedure); !p) return tl::unexpected(p.error());
  IssuedSession s;
  s.cookie_secret = RandomToken(32);
  s.record.hash = TokenDigest(s.cookie_secret);
  s.record.actor = login;
  s.record.csrf_token = RandomToken(24);
  s.record.created_at = now;
  s.record.expires_at = now + ttl;
  if (auto stored = store.PutSession(s.record); !stored) return tl::unexpected(stored.error());
  return s;
}

}  // namespace tierdesk::http
