#include "http/transport/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <optional>

namespace tierdesk::http {

namespace {

// `text` as 16 bytes (IPv4 mapped into IPv6), or nullopt when it is not an address.
std::optional<std::array<uint8_t, 16>> ParseAddress(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  std::array<uint8_t, 16> out{};
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::copy_n(reinterpret_cast<const uint8_t*>(&v4), 4, out.begin() + 12);
    return out;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::copy_n(reinterpret_cast<const uint8_t*>(&v6), 16, out.begin());
    return out;
  }
  return std::nullopt;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<AddressRange> AddressRange::Parse(std::string_view text) {
  const size_t slash = text.find('/');
  auto address = ParseAddress(text.substr(0, slash));
  if (!address)
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(text) + "' is not an IP address or network (like 10.0.0.0/8)");
  const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  AddressRange range;
  range.bytes_ = *address;
  range.prefix_ = 128;
  if (slash != std::string_view::npos) {
    const std::string_view bits = text.substr(slash + 1);
    int n = 0;
    if (bits.empty() || bits.size() > 3 ||
        !std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return Fail(ErrorCode::kInvalidArgument, "'" + std::string(text) + "' has a bad prefix");
    for (char c : bits) n = n * 10 + (c - '0');
    if (n > (v4 ? 32 : 128))
      return Fail(ErrorCode::kInvalidArgument, "'" + std::string(text) + "' has a bad prefix");
    range.prefix_ = v4 ? 96 + n : n;
  }
  return range;
}

bool AddressRange::Contains(std::string_view address) const {
  auto parsed = ParseAddress(address);
  if (!parsed) return false;
  for (int bit = 0; bit < prefix_; ++bit) {
    const uint8_t mask = uint8_t(0x80 >> (bit % 8));
    if (((*parsed)[bit / 8] & mask) != (bytes_[bit / 8] & mask)) return false;
  }
  return true;
}

bool InRanges(std::string_view address, std::span<const AddressRange> ranges) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const AddressRange& r) { return r.Contains(address); });
}

std::string CallerNetwork(std::string_view address) {
  auto parsed = ParseAddress(address);
  const bool v4 =
      parsed && (*parsed)[10] == 0xff && (*parsed)[11] == 0xff &&
      std::all_of(parsed->begin(), parsed->begin() + 10, [](uint8_t b) { return b == 0; });
  if (!parsed || v4) return std::string(address);
  in6_addr network{};
  std::copy_n(parsed->begin(), 8, reinterpret_cast<uint8_t*>(&network));
  char text[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, &network, text, sizeof text) == nullptr) return std::string(address);
  return std::string(text) + "/64";
}

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          std::span<const AddressRange> trusted_proxies) {
  std::string_view client = peer;
  while (InRanges(client, trusted_proxies) && !forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    const std::string_view hop =
        Trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    if (!ParseAddress(hop)) break;
    client = hop;
    forwarded_for = comma == std::string_view::npos ? "" : forwarded_for.substr(0, comma);
  }
  return std::string(client);
}

}  // namespace tierdesk::http
