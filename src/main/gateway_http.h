#pragma once

// What the light mail gateway (mail_gateway_main.cc) reads: the --server URL it is given, and the
// server's HTTP answer. Bytes from the network: bounded and checked, never trusted (fuzzed by
// fuzz/gateway_answer_fuzzer.cc).

#include <optional>
#include <string>
#include <string_view>

namespace tierdesk::cli {

// `s` without trailing spaces and line ends (a token file's line, a URL from a config).
std::string TrimLineEnd(std::string s);

// The token on the first line of `file`; nullopt when it cannot be read or the line is blank.
std::optional<std::string> ReadGatewayToken(const std::string& file);

struct GatewayTarget {
  std::string host;
  std::string port = "80";
  std::string path_prefix;  // a base path the server is mounted under, without a trailing '/'
};

// http://host[:port][/prefix] (an IPv6 host in brackets); nullopt for anything else, https://
// included.
std::optional<GatewayTarget> ParseGatewayServer(std::string_view url);

struct GatewayAnswer {
  long status = 0;
  std::string body;
};

// The server's answer from `raw`, the whole response read to the connection's end (the request
// said "Connection: close"): status and body, de-chunked when sent chunked. nullopt when it is
// not an HTTP response.
std::optional<GatewayAnswer> ParseGatewayAnswer(std::string_view raw);

}  // namespace tierdesk::cli
