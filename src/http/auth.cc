#include "http/auth.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

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

std::string TokenDigest(const std::string& secret) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  return Hex(digest, sizeof digest);
}

Result<IssuedToken> IssueToken(const std::string& actor, const std::string& label,
                               const core::Procedure& procedure, Timestamp now) {
  if (!SodiumReady()) return Fail(ErrorCode::kInternal, "libsodium failed to initialise");
  const bool client = actor.rfind("client:", 0) == 0 && actor.size() > 7;
  if (!client && procedure.FindPerson(actor) == nullptr)
    return Fail(ErrorCode::kInvalidArgument,
                "'" + actor + "' is neither a person of the procedure nor client:<user id>",
                "actor");
  IssuedToken t;
  t.record.id = RandomToken(9);
  std::replace(t.record.id.begin(), t.record.id.end(), '_', 'x');  // '_' separates the parts
  t.secret = "td_" + t.record.id + "_" + RandomToken(32);
  t.record.hash = TokenDigest(t.secret);
  t.record.actor = actor;
  t.record.label = label;
  t.record.created_at = now;
  return t;
}

Result<Principal> Authenticate(std::string_view authorization, service::Store& store,
                               const core::Procedure& procedure) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.substr(0, kBearer.size()) != kBearer)
    return Fail(ErrorCode::kPermissionDenied, "send 'Authorization: Bearer <token>'");
  const std::string secret(authorization.substr(kBearer.size()));
  auto token = store.FindApiToken(TokenDigest(secret));
  if (!token) return tl::unexpected(token.error());
  if (!*token || (*token)->revoked_at)
    return Fail(ErrorCode::kPermissionDenied, "unknown or revoked token");
  Principal p;
  p.actor = (*token)->actor;
  if (p.actor.rfind("client:", 0) == 0) {
    p.client_id = p.actor.substr(7);
    return p;
  }
  p.person = procedure.FindPerson(p.actor);
  if (p.person == nullptr)
    return Fail(ErrorCode::kPermissionDenied,
                "the token's person '" + p.actor + "' is no longer in the procedure");
  return p;
}

}  // namespace tierdesk::http
