#include "http/live/stream_cursor.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace tierdesk::http {

namespace {

constexpr std::string_view kContext = "tierdesk cursor: ";
constexpr size_t kSealedBytes = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 8;

}  // namespace

StreamCursorSeal::StreamCursorSeal(std::string_view key, std::string_view purpose)
    : key_(crypto_secretbox_KEYBYTES, '\0') {
  (void)sodium_init();  // idempotent; randombytes needs it
  auto* out = reinterpret_cast<unsigned char*>(key_.data());
  if (key.empty()) {
    randombytes_buf(out, key_.size());
    return;
  }
  const std::string context = std::string(kContext) + std::string(purpose);
  crypto_generichash(out, key_.size(), reinterpret_cast<const unsigned char*>(context.data()),
                     context.size(), reinterpret_cast<const unsigned char*>(key.data()),
                     std::min<size_t>(key.size(), crypto_generichash_KEYBYTES_MAX));
}

std::string StreamCursorSeal::Seal(int64_t seq) const {
  unsigned char sealed[kSealedBytes];
  unsigned char plain[8];
  for (int i = 0; i < 8; ++i) plain[i] = uint8_t(uint64_t(seq) >> (8 * i));
  randombytes_buf(sealed, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, plain, sizeof plain, sealed,
                        reinterpret_cast<const unsigned char*>(key_.data()));
  std::string out(sodium_base64_ENCODED_LEN(kSealedBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), sealed, kSealedBytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<int64_t> StreamCursorSeal::Open(std::string_view text) const {
  unsigned char sealed[kSealedBytes];
  size_t length = 0;
  if (text.size() > 2 * kSealedBytes ||
      sodium_base642bin(sealed, sizeof sealed, text.data(), text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      length != kSealedBytes)
    return std::nullopt;
  unsigned char plain[8];
  if (crypto_secretbox_open_easy(plain, sealed + crypto_secretbox_NONCEBYTES,
                                 kSealedBytes - crypto_secretbox_NONCEBYTES, sealed,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0)
    return std::nullopt;
  uint64_t seq = 0;
  for (int i = 0; i < 8; ++i) seq |= uint64_t(plain[i]) << (8 * i);
  if (int64_t(seq) < 0) return std::nullopt;
  return int64_t(seq);
}

std::optional<int64_t> ParsePlace(std::string_view text, bool sealed,
                                  const StreamCursorSeal& seal) {
  if (sealed) return seal.Open(text);
  int64_t seq = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seq);
  if (ec != std::errc() || end != text.data() + text.size() || seq < 0) return std::nullopt;
  return seq;
}

}  // namespace tierdesk::http
