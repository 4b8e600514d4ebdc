#include "http/api/request_parsers.h"

#include <algorithm>
#include <charconv>

namespace tierdesk::http {

namespace {

constexpr std::string_view kOptionalWhitespace = " \t";

void Skip(std::string_view& text, std::string_view chars) {
  const size_t n = text.find_first_not_of(chars);
  text.remove_prefix(n == std::string_view::npos ? text.size() : n);
}

// The whole of `text` as a number of type T; nullopt when anything else is in it.
template <class T>
std::optional<T> WholeNumber(std::string_view text) {
  T out{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return out;
}

}  // namespace

std::optional<IfMatch> ParseIfMatch(std::string_view value) {
  Skip(value, kOptionalWhitespace);
  value = value.substr(0, value.find_last_not_of(kOptionalWhitespace) + 1);
  if (value.empty() || value == "*") return IfMatch{};
  IfMatch parsed{.conditional = true};
  bool tags = false;
  while (true) {
    Skip(value, " \t,");
    if (value.empty()) break;
    const bool weak = value.starts_with("W/");
    if (weak) value.remove_prefix(2);
    const size_t close =
        value.empty() || value.front() != '"' ? std::string_view::npos : value.find('"', 1);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view opaque = value.substr(1, close - 1);
    if (std::any_of(opaque.begin(), opaque.end(),
                    [](unsigned char c) { return c < 0x21 || c == 0x7f; }))
      return std::nullopt;
    value.remove_prefix(close + 1);
    tags = true;
    // Only the tags this API gives match: a version without leading zeros, above zero.
    if (auto version = WholeNumber<int64_t>(opaque);
        !weak && version && *version > 0 && opaque.front() != '0')
      parsed.versions.push_back(*version);
    Skip(value, kOptionalWhitespace);
    if (!value.empty() && value.front() != ',') return std::nullopt;
  }
  if (!tags) return std::nullopt;
  return parsed;
}

std::string EntityTagOf(int64_t version) { return '"' + std::to_string(version) + '"'; }

std::string EncodeQueueCursor(const service::QueuePosition& p) {
  return std::to_string(int(p.priority)) + "." +
         std::to_string(p.received_at.time_since_epoch().count()) + "." + std::to_string(p.id);
}

std::optional<service::QueuePosition> DecodeQueueCursor(std::string_view text) {
  int64_t parts[3];
  for (int i = 0; i < 3; ++i) {
    const size_t dot = i < 2 ? text.find('.') : text.size();
    if (dot == std::string_view::npos) return std::nullopt;
    auto part = WholeNumber<int64_t>(text.substr(0, dot));
    if (!part) return std::nullopt;
    parts[i] = *part;
    text.remove_prefix(std::min(text.size(), dot + 1));
  }
  if (parts[0] < 0 || parts[0] >= core::kPriorityCount) return std::nullopt;
  return service::QueuePosition{core::Priority(parts[0]), Timestamp{Seconds{parts[1]}}, parts[2]};
}

std::optional<bool> ParseBoolParameter(std::string_view value) {
  if (value == "true") return true;
  if (value == "false") return false;
  return std::nullopt;
}

std::optional<int> ParseCountParameter(std::string_view value, int min, int max) {
  if (value.empty() || !std::all_of(value.begin(), value.end(), [](char c) {
        return c >= '0' && c <= '9';
      }))
    return std::nullopt;
  auto n = WholeNumber<int>(value);
  if (!n || *n < min || *n > max) return std::nullopt;
  return n;
}

}  // namespace tierdesk::http
