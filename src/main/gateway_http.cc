#include "main/gateway_http.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>

namespace tierdesk::cli {

namespace {

// The body of a chunked response.
std::optional<std::string> Dechunk(std::string_view in) {
  std::string out;
  while (true) {
    const size_t eol = in.find("\r\n");
    if (eol == std::string_view::npos) return std::nullopt;
    size_t size = 0;
    const std::string_view digits = in.substr(0, std::min(eol, in.find(';')));
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
    if (ec != std::errc() || end == digits.data()) return std::nullopt;
    in.remove_prefix(eol + 2);
    if (size == 0) return out;
    if (in.size() < 2 || in.size() - 2 < size) return std::nullopt;
    out.append(in.substr(0, size));
    in.remove_prefix(size + 2);
  }
}

}  // namespace

std::string TrimLineEnd(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::optional<std::string> ReadGatewayToken(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  if (file.empty() || !in || !std::getline(in, line)) return std::nullopt;
  line = TrimLineEnd(std::move(line));
  if (line.empty()) return std::nullopt;
  return line;
}

std::optional<GatewayTarget> ParseGatewayServer(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  url.remove_prefix(kScheme.size());
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  const size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  GatewayTarget t;
  if (slash != std::string_view::npos) t.path_prefix = std::string(url.substr(slash));
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    t.port = std::string(authority.substr(colon + 1));
    authority = authority.substr(0, colon);
  }
  if (authority.size() > 1 && authority.front() == '[' && authority.back() == ']')
    authority = authority.substr(1, authority.size() - 2);  // an IPv6 literal
  t.host = std::string(authority);
  const bool port_digits =
      std::all_of(t.port.begin(), t.port.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (t.host.empty() || t.port.empty() || t.port.size() > 5 || !port_digits) return std::nullopt;
  for (char c : t.host)
    if (static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '?' || c == '#')
      return std::nullopt;
  for (char c : t.path_prefix)
    if (static_cast<unsigned char>(c) <= ' ') return std::nullopt;  // it goes in the request line
  return t;
}

std::optional<GatewayAnswer> ParseGatewayAnswer(std::string_view raw) {
  const size_t head_end = raw.find("\r\n\r\n");
  if (raw.substr(0, 5) != "HTTP/" || head_end == std::string_view::npos) return std::nullopt;
  GatewayAnswer a;
  const size_t space = raw.find(' ');
  if (space == std::string_view::npos || space > head_end) return std::nullopt;
  const char* first = raw.data() + space + 1;
  const char* last = raw.data() + std::min(head_end, space + 4);
  auto [end, ec] = std::from_chars(first, last, a.status);
  if (ec != std::errc() || end != last || a.status < 100 || a.status > 999) return std::nullopt;
  if (space + 4 < head_end && raw[space + 4] != ' ') return std::nullopt;  // three digits only
  std::string head(raw.substr(0, head_end));
  for (char& c : head) c = char(std::tolower(static_cast<unsigned char>(c)));
  std::string_view body = raw.substr(head_end + 4);
  if (head.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
    auto plain = Dechunk(body);
    if (!plain) return std::nullopt;
    a.body = std::move(*plain);
  } else {
    a.body = std::string(body);
  }
  return a;
}

}  // namespace tierdesk::cli
