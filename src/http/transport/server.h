#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "http/api/api.h"
#include "http/transport/client_address.h"

namespace tierdesk::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 = any free port
  size_t threads = 2;
  // Bounds enforced while reading, before anything is buffered whole. A body larger than
  // `max_body_bytes` (the largest any route takes) is refused on its Content-Length and the
  // connection closed; smaller bodies over a route's own limit get a 413 from the Api. So the
  // memory requests can hold is at most max_connections x max_body_bytes.
  size_t max_body_bytes = 1 << 20;
  size_t max_url_bytes = 8 << 10;
  size_t max_header_bytes = 16 << 10;  // one header's name or value
  size_t max_headers = 100;
  size_t max_connections = 2048;
  // Connections one peer address may hold open; one more is closed as it is accepted. Trusted
  // proxies (the callers behind them share their address) are not bounded by it.
  size_t max_connections_per_address = 64;
  std::vector<AddressRange> trusted_proxies;
};

// The HTTP/1.1 front of the Api (RESTinio on asio, keep-alive, a thread pool). All RESTinio
// code lives in server.cc: it is heavy to compile.
class HttpServer {
 public:
  explicit HttpServer(Api& api);
  ~HttpServer();

  // Binds and starts serving; returns once it listens. kUnavailable if it cannot bind.
  [[nodiscard]] Status Start(const ServerOptions& options);
  // The port actually bound (useful with port 0).
  uint16_t port() const;
  // Stops accepting, waits up to `grace` for requests in flight, then closes connections.
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tierdesk::http
