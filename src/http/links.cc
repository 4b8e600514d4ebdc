#include "http/links.h"

#include <sodium.h>

#include <charconv>
#include <cstring>

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

std::string SignLink(const std::string& key, const LinkClaim& c) {
  const std::string payload = c.action + "\n" + std::to_string(c.ticket) + "\n" + c.actor + "\n" +
                              std::to_string(c.expires.time_since_epoch().count());
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
  LinkClaim c;
  std::string parts[4];
  size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    size_t end = i < 3 ? payload->find('\n', pos) : payload->size();
    if (end == std::string::npos) return invalid();
    parts[i] = payload->substr(pos, end - pos);
    pos = end + 1;
  }
  c.action = parts[0];
  int64_t expires = 0;
  std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), c.ticket);
  c.actor = parts[2];
  std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), expires);
  c.expires = Timestamp{Seconds{expires}};
  if (now >= c.expires)
    return Fail(ErrorCode::kPermissionDenied, "this link has expired; sign in to the help desk");
  return c;
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
