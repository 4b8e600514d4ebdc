#include "common/text.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tierdesk {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

std::string TrimSpace(std::string_view s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  auto begin = std::find_if(s.begin(), s.end(), not_space);
  auto end = std::find_if(s.rbegin(), s.rend(), not_space).base();
  return begin < end ? std::string(begin, end) : std::string();
}

std::optional<int64_t> ParseRef(std::string_view ref, std::string_view prefix) {
  if (ref.substr(0, prefix.size()) == prefix) ref.remove_prefix(prefix.size());
  int64_t id = 0;
  auto [end, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
  if (ec != std::errc() || end != ref.data() + ref.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace tierdesk
