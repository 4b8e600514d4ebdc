// `tierdesk-mail-gateway`: `tierdesk mail-gateway` for an MTA that starts a process for every
// message. The full `tierdesk` binary loads some sixty shared libraries (libcurl alone brings
// thirty) and spent about 17 ms of each run in the dynamic loader; this one speaks plain HTTP/1.1
// over asio (headers only) and starts in about a millisecond. For a server reached over
// https://, use `tierdesk mail-gateway`, which has TLS.
//
//   tierdesk-mail-gateway [--server http://127.0.0.1:8080] --token-file FILE  < message
//
// Exit codes as `tierdesk mail-gateway`: 0 the server holds the message, 75 try again later,
// 65 never, 77 the token is refused, 78 set up wrong.
#include <sys/socket.h>
#include <sys/time.h>

#include <asio.hpp>
#include <charconv>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "main/mail_gateway_exit.h"

namespace {

using tierdesk::cli::GatewayExitFor;
using tierdesk::cli::kExConfig;
using tierdesk::cli::kExDataErr;
using tierdesk::cli::kExTempFail;

constexpr const char* kName = "tierdesk-mail-gateway";
constexpr int kTimeoutSeconds = 120;

struct Target {
  std::string host;
  std::string port = "80";
  std::string path_prefix;  // a base path the server is mounted under, without a trailing '/'
};

// http://host[:port][/prefix]; nullopt for anything else (https:// included).
std::optional<Target> ParseServer(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  url.remove_prefix(kScheme.size());
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  const size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  Target t;
  if (slash != std::string_view::npos) t.path_prefix = std::string(url.substr(slash));
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    t.port = std::string(authority.substr(colon + 1));
    authority = authority.substr(0, colon);
  }
  if (authority.size() > 1 && authority.front() == '[' && authority.back() == ']')
    authority = authority.substr(1, authority.size() - 2);  // an IPv6 literal
  t.host = std::string(authority);
  if (t.host.empty() || t.port.empty()) return std::nullopt;
  return t;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

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
    if (in.size() < size + 2) return std::nullopt;
    out.append(in.substr(0, size));
    in.remove_prefix(size + 2);
  }
}

struct Answer {
  long status = 0;
  std::string body;
};

// The server's answer in `raw` (the whole response, read to the connection's end).
std::optional<Answer> ParseAnswer(const std::string& raw) {
  const size_t head_end = raw.find("\r\n\r\n");
  if (raw.compare(0, 5, "HTTP/") != 0 || head_end == std::string::npos) return std::nullopt;
  Answer a;
  const size_t space = raw.find(' ');
  if (space == std::string::npos || space > head_end) return std::nullopt;
  auto [end, ec] = std::from_chars(raw.data() + space + 1, raw.data() + head_end, a.status);
  if (ec != std::errc()) return std::nullopt;
  std::string head = raw.substr(0, head_end);
  for (char& c : head) c = char(std::tolower(static_cast<unsigned char>(c)));
  std::string_view body(raw);
  body.remove_prefix(head_end + 4);
  if (head.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
    auto plain = Dechunk(body);
    if (!plain) return std::nullopt;
    a.body = std::move(*plain);
  } else {
    a.body = std::string(body);
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  std::string server = "http://127.0.0.1:8080";
  std::string token_file;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--server" || arg == "--token-file") && i + 1 < argc) {
      (arg == "--server" ? server : token_file) = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: " << kName
                << " [--server http://host:port] --token-file FILE < message\n"
                   "Hands one received mail to a running tierdesk server (an MTA's pipe).\n";
      return 0;
    } else {
      std::cerr << kName << ": unknown argument '" << arg << "' (see --help)\n";
      return kExConfig;
    }
  }
  const auto target = ParseServer(Trimmed(server));
  if (!target) {
    std::cerr << kName << ": --server must be http://host[:port]; for https:// use "
              << "`tierdesk mail-gateway`\n";
    return kExConfig;
  }
  std::ifstream token_in(token_file);
  std::string token;
  if (token_file.empty() || !token_in || !std::getline(token_in, token) || Trimmed(token).empty()) {
    std::cerr << kName << ": cannot read a token from '" << token_file << "'\n";
    return kExConfig;
  }
  token = Trimmed(token);
  const std::string message((std::istreambuf_iterator<char>(std::cin)),
                            std::istreambuf_iterator<char>());
  if (message.empty()) {
    std::cerr << kName << ": no message on standard input\n";
    return kExDataErr;
  }

  const std::string request =
      "POST " + target->path_prefix + "/api/v1/mail/inbound HTTP/1.1\r\nHost: " + target->host +
      ":" + target->port + "\r\nAuthorization: Bearer " + token +
      "\r\nContent-Type: message/rfc822\r\nContent-Length: " + std::to_string(message.size()) +
      "\r\nConnection: close\r\n\r\n";
  std::string raw;
  try {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    // An address is used as it is: resolving even "127.0.0.1" asks the system's resolver
    // (interfaces, NSS), a visible share of a run that starts for one message.
    asio::error_code not_address;
    const auto address = asio::ip::make_address(target->host, not_address);
    unsigned short port = 0;
    const auto [end, bad_port] =
        std::from_chars(target->port.data(), target->port.data() + target->port.size(), port);
    if (!not_address && bad_port == std::errc() && end == target->port.data() + target->port.size())
      socket.connect({address, port});
    else
      asio::connect(socket, asio::ip::tcp::resolver(io).resolve(target->host, target->port));
    // A server that stops answering must not hold the MTA's delivery forever.
    const timeval timeout{kTimeoutSeconds, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    asio::write(socket, std::array{asio::buffer(request), asio::buffer(message)});
    asio::error_code ec;
    asio::read(socket, asio::dynamic_buffer(raw), ec);
    if (ec && ec != asio::error::eof) throw asio::system_error(ec);
  } catch (const std::exception& e) {
    std::cerr << kName << ": " << server << ": " << e.what() << "\n";
    return kExTempFail;
  }
  const auto answer = ParseAnswer(raw);
  if (!answer) {
    std::cerr << kName << ": " << server << " did not answer in HTTP\n";
    return kExTempFail;
  }
  if (answer->status == 200)
    std::cout << answer->body << "\n";
  else
    std::cerr << kName << ": HTTP " << answer->status << ": " << answer->body << "\n";
  return GatewayExitFor(answer->status);
}
