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
#include <unistd.h>

#include <asio.hpp>
#include <charconv>
#include <csignal>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "main/gateway_http.h"
#include "main/mail_gateway_exit.h"

namespace {

using tierdesk::cli::GatewayExitFor;
using tierdesk::cli::kExConfig;
using tierdesk::cli::kExDataErr;
using tierdesk::cli::kExTempFail;

constexpr const char* kName = "tierdesk-mail-gateway";
constexpr int kTimeoutSeconds = 120;
// The largest answer read: the server's answers to a mail are a line of JSON.
constexpr size_t kMaxAnswerBytes = 64 << 10;

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
  const auto target = tierdesk::cli::ParseGatewayServer(tierdesk::cli::TrimLineEnd(server));
  if (!target) {
    std::cerr << kName << ": --server must be http://host[:port]; for https:// use "
              << "`tierdesk mail-gateway`\n";
    return kExConfig;
  }
  const auto token = tierdesk::cli::ReadGatewayToken(token_file);
  if (!token) {
    std::cerr << kName << ": cannot read a token from '" << token_file << "'\n";
    return kExConfig;
  }
  const std::string message((std::istreambuf_iterator<char>(std::cin)),
                            std::istreambuf_iterator<char>());
  if (message.empty()) {
    std::cerr << kName << ": no message on standard input\n";
    return kExDataErr;
  }

  // A server that stops answering must not hold the MTA's delivery slot forever: the whole run
  // (connect, send, answer) has kTimeoutSeconds, then the MTA is told to try again later.
  std::signal(SIGALRM, [](int) { _exit(kExTempFail); });
  alarm(kTimeoutSeconds);
  // An IPv6 host goes back in brackets (RFC 9110's Host is uri-host[:port]).
  const bool ipv6 = target->host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + target->host + "]" : target->host;
  const std::string request =
      "POST " + target->path_prefix + "/api/v1/mail/inbound HTTP/1.1\r\nHost: " + host + ":" +
      target->port + "\r\nAuthorization: Bearer " + *token +
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
    asio::write(socket, std::array{asio::buffer(request), asio::buffer(message)});
    asio::error_code ec;
    asio::read(socket, asio::dynamic_buffer(raw, kMaxAnswerBytes), ec);
    if (ec && ec != asio::error::eof) throw asio::system_error(ec);
  } catch (const std::exception& e) {
    std::cerr << kName << ": " << server << ": " << e.what() << "\n";
    return kExTempFail;
  }
  const auto answer = tierdesk::cli::ParseGatewayAnswer(raw);
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
