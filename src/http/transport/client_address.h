#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/result.h"

namespace tierdesk::http {

// An address or a network of them: "203.0.113.7", "10.0.0.0/8", "::1", "fd00::/8". IPv4 is
// held as IPv4-mapped IPv6, so "127.0.0.1" also matches a dual-stack socket's
// "::ffff:127.0.0.1".
class AddressRange {
 public:
  // kInvalidArgument naming what is wrong, for a configuration's error.
  [[nodiscard]] static Result<AddressRange> Parse(std::string_view text);
  bool Contains(std::string_view address) const;

 private:
  std::array<uint8_t, 16> bytes_{};
  int prefix_ = 128;
};

// Whether `address` is one of `ranges` (a trusted proxy).
bool InRanges(std::string_view address, std::span<const AddressRange> ranges);

// What per-address bounds count a caller by: an IPv4 address, or an IPv6 address's /64 (one
// customer's network: anyone with a /64 could change address at every try).
std::string CallerNetwork(std::string_view address);

// The address a request comes from, for limits on callers and login throttling. It is the
// peer's, unless the peer is one of `trusted_proxies`: then it is the address that proxy says
// it was reached from, read from X-Forwarded-For right to left past the trusted ones (each proxy
// appends its peer; anything to the left of the first untrusted hop was written by the caller
// and proves nothing). A malformed entry there stops the walk at the proxy's own address.
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          std::span<const AddressRange> trusted_proxies);

}  // namespace tierdesk::http
