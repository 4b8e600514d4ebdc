#include "http/auth/links.h"

#include <sodium.h>

#include <charconv>
#include <cstring>
#include <vector>

namespace tierdesk::http {

namespace {

std::string Base64(std::string_view raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> Unbase64(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

// What is signed: the claim's fields, one a line (none of them holds a line break).
std::string Payload(const LinkClaim& c) {
  return c.action + "\n" + std::to_string(c.ticket) + "\n" + c.actor + "\n" +
         std::to_string(c.expires.time_since_epoch().count()) + "\n" + std::to_string(c.cycle);
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t pos = 0;;) {
    const size_t end = text.find('\n', pos);
    lines.push_back(text.substr(pos, end == std::string_view::npos ? end : end - pos));
    if (end == std::string_view::npos) return lines;
    pos = end + 1;
  }
}

bool ParseInt(std::string_view text, int64_t& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

std::string Mac(const std::string& key, std::string_view payload) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(payload.data()),
                                payload.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return std::string(reinterpret_cast<char*>(mac), sizeof mac);
}

}  // namespace

Seconds LinkLifetime(std::string_view action) {
  return action == "acknowledge" ? kPageLinkLifetime : kClientLinkLifetime;
}

std::string SignLink(const std::string& key, const LinkClaim& c) {
  const std::string payload = Payload(c);
  return Base64(payload) + "." + Base64(Mac(key, payload));
}

Result<LinkClaim> VerifyLink(const std::string& key, std::string_view token, Timestamp now) {
  auto invalid = [] { return Fail(ErrorCode::kPermissionDenied, "this link is not valid"); };
  const size_t dot = token.find('.');
  if (dot == std::string_view::npos || sodium_init() < 0) return invalid();
  auto payload = Unbase64(token.substr(0, dot));
  auto mac = Unbase64(token.substr(dot + 1));
  if (!payload || !mac || mac->size() != crypto_auth_hmacsha256_BYTES) return invalid();
  const std::string expected = Mac(key, *payload);
  if (sodium_memcmp(expected.data(), mac->data(), expected.size()) != 0) return invalid();
  const std::vector<std::string_view> parts = Lines(*payload);
  // Links signed before they carried a cycle (four lines) cannot be tied to a request.
  if (parts.size() == 4)
    return Fail(ErrorCode::kPermissionDenied,
                "this link is no longer valid; sign in to the help desk");
  LinkClaim c;
  int64_t expires = 0;
  if (parts.size() != 5 || !ParseInt(parts[1], c.ticket) || !ParseInt(parts[3], expires) ||
      !ParseInt(parts[4], c.cycle))
    return invalid();
  c.action = parts[0];
  c.actor = parts[2];
  c.expires = Timestamp{Seconds{expires}};
  if (now >= c.expires)
    return Fail(ErrorCode::kPermissionDenied, "this link has expired; sign in to the help desk");
  return c;
}

std::string LinkUseKey(const LinkClaim& claim) {
  // A digest of the claim rather than of the token: base64 may spell the same bytes in more
  // than one way, and every spelling must count as the same link.
  const std::string payload = Payload(claim);
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(payload.data()),
                     payload.size(), nullptr, 0);
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string("link:") + hex;
}

std::string NewLinkKey() {
  if (sodium_init() < 0) return {};
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return hex;
}

}  // namespace tierdesk::http
