#include "http/transport/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <mutex>
#include <restinio/all.hpp>
#include <unordered_map>

#include "http/transport/restinio_event_stream.h"

namespace tierdesk::http {

namespace {

// Bodies bounded by their route before they are read. RESTinio 0.6 checks one body limit for
// every request (the largest route's: an upload, a received mail) and reserves a body's
// Content-Length as soon as the headers are in; it has no hook to know the route first. Its
// parser is http-parser's, a shared library: the link wraps http_parser_execute (CMake's
// --wrap, tierdesk_http's link options) so that the callbacks RESTinio gives it run behind
// ours, which refuse a body over twice its route's limit (Api::BodyLimitFor) on its
// Content-Length and, for a chunked one, as it grows. A refusal is a parser error: RESTinio
// closes the connection unanswered, as it does for a body over its own limit; a body over the
// limit by less is read (twice the limit at most) and answered 413 with the field, as every bad
// request is. One HttpServer serves a process.
std::atomic<const Api*> g_routes{nullptr};
http_parser_settings g_settings;       // RESTinio's, with two of them wrapped
http_cb g_headers_complete = nullptr;  // RESTinio's own
http_data_cb g_body = nullptr;         // RESTinio's own
std::once_flag g_settings_once;

// What the request `parser` is reading may bring, from its method and target so far.
size_t RouteBodyLimit(http_parser* parser) {
  const Api* api = g_routes.load();
  if (api == nullptr) return SIZE_MAX;
  const auto* ctx = static_cast<const restinio::impl::http_parser_ctx_t*>(parser->data);
  return 2 * api->BodyLimitFor(http_method_str(http_method(parser->method)),
                               ctx->m_header.request_target());
}

int HeadersComplete(http_parser* parser) {
  if (parser->content_length != ULLONG_MAX && parser->content_length > RouteBodyLimit(parser))
    return -1;
  return g_headers_complete(parser);
}

int Body(http_parser* parser, const char* at, size_t length) {
  const auto* ctx = static_cast<const restinio::impl::http_parser_ctx_t*>(parser->data);
  if (ctx->m_body.size() + length > RouteBodyLimit(parser)) return -1;
  return g_body(parser, at, length);
}

// Open connections per peer address (an IPv6 address's /64). A new connection past the bound
// is closed as it is accepted (RESTinio's IP blocker, which counts it in) and each is counted
// out when it closes (its state listener): one address cannot take the connections everyone
// needs, dribbling headers or holding streams. Trusted proxies are not counted: every caller behind
// them shares their address, and the proxy bounds its own.
class ConnectionsPerAddress {
 public:
  ConnectionsPerAddress(size_t max, std::vector<AddressRange> exempt)
      : max_(max), exempt_(std::move(exempt)) {}

  restinio::ip_blocker::inspection_result_t inspect(
      const restinio::ip_blocker::incoming_info_t& info) noexcept {
    try {
      const std::string address = info.remote_endpoint().address().to_string();
      if (InRanges(address, exempt_)) return restinio::ip_blocker::allow();
      std::lock_guard lock(mu_);
      size_t& open = open_[CallerNetwork(address)];
      if (open >= max_) return restinio::ip_blocker::deny();
      ++open;
      return restinio::ip_blocker::allow();
    } catch (...) {
      return restinio::ip_blocker::deny();
    }
  }

  void state_changed(const restinio::connection_state::notice_t& notice) noexcept {
    if (!restinio::holds_alternative<restinio::connection_state::closed_t>(notice.cause())) return;
    try {
      const std::string address = notice.remote_endpoint().address().to_string();
      if (InRanges(address, exempt_)) return;
      std::lock_guard lock(mu_);
      if (auto it = open_.find(CallerNetwork(address)); it != open_.end() && --it->second == 0)
        open_.erase(it);
    } catch (...) {
    }
  }

 private:
  const size_t max_;
  const std::vector<AddressRange> exempt_;
  std::mutex mu_;
  std::unordered_map<std::string, size_t> open_;  // guarded by mu_
};

// Default traits are thread-safe (strands) and hold a timer manager for the connection limits;
// the connection count limiter bounds sockets (and so the bodies they can buffer), and the
// connections per address are bounded as above.
struct Traits : public restinio::default_traits_t {
  static constexpr bool use_connection_count_limiter = true;
  using ip_blocker_t = ConnectionsPerAddress;
  using connection_state_listener_t = ConnectionsPerAddress;
};

ApiRequest ToApiRequest(const restinio::request_handle_t& req) {
  ApiRequest r;
  const auto& header = req->header();
  r.method = header.method().c_str();
  r.path = std::string(header.path());
  r.query = std::string(header.query());
  for (const auto& field : header) {
    std::string name(field.name());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    r.headers[name] = std::string(field.value());
  }
  r.body = req->body();
  r.remote = req->remote_endpoint().address().to_string();
  return r;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
  }
  return "Unknown";
}

// Answers with the headers of a text/event-stream and hands the open response to the Api's
// stream callback, which writes the events.
void OpenEventStream(const restinio::request_handle_t& req, ApiResponse response,
                     OpenEventStreams& streams) {
  auto builder = req->create_response<restinio::chunked_output_t>();
  builder.append_header(restinio::http_field::content_type, response.content_type);
  builder.append_header(restinio::http_field::server, "tierdesk");
  for (const auto& [name, value] : response.headers) builder.append_header(name, value);
  auto stream = std::make_shared<RestinioEventStream>(std::move(builder));
  streams.Add(stream);
  response.stream(stream);
  spdlog::info("GET {} stream opened", req->header().request_target());
}

}  // namespace

}  // namespace tierdesk::http

extern "C" {
size_t __real_http_parser_execute(http_parser* parser, const http_parser_settings* settings,
                                  const char* data, size_t len);

size_t __wrap_http_parser_execute(http_parser* parser, const http_parser_settings* settings,
                                  const char* data, size_t len) {
  using namespace tierdesk::http;
  // RESTinio passes the same callbacks for every connection: copied once, two replaced.
  std::call_once(g_settings_once, [settings] {
    g_settings = *settings;
    g_headers_complete = settings->on_headers_complete;
    g_body = settings->on_body;
    g_settings.on_headers_complete = HeadersComplete;
    g_settings.on_body = Body;
  });
  return __real_http_parser_execute(parser, &g_settings, data, len);
}
}

namespace tierdesk::http {

struct HttpServer::Impl {
  explicit Impl(Api& a) : api(a) {}
  Api& api;
  std::atomic<uint16_t> port{0};
  OpenEventStreams streams;
  std::unique_ptr<restinio::running_server_instance_t<restinio::http_server_t<Traits>>> server;
};

HttpServer::HttpServer(Api& api) : impl_(std::make_unique<Impl>(api)) {}
HttpServer::~HttpServer() { Stop(std::chrono::milliseconds(0)); }

uint16_t HttpServer::port() const { return impl_->port.load(); }

Status HttpServer::Start(const ServerOptions& options) {
  Impl* impl = impl_.get();
  g_routes = &impl->api;
  auto per_address = std::make_shared<ConnectionsPerAddress>(options.max_connections_per_address,
                                                             options.trusted_proxies);
  auto handler = [impl](restinio::request_handle_t req) {
    const auto started = std::chrono::steady_clock::now();
    ApiRequest request = ToApiRequest(req);
    std::string method = request.method;
    impl->api.Handle(
        std::move(request),
        [req, impl, started, method = std::move(method),
         target = std::string(req->header().request_target())](ApiResponse response) {
          if (response.stream) return OpenEventStream(req, std::move(response), impl->streams);
          const restinio::http_status_line_t status{
              restinio::http_status_code_t{std::uint16_t(response.status)},
              ReasonPhrase(response.status)};
          auto add_headers = [&response](auto& builder) {
            builder.append_header(restinio::http_field::content_type, response.content_type);
            builder.append_header(restinio::http_field::server, "tierdesk");
            for (const auto& [name, value] : response.headers) builder.append_header(name, value);
          };
          if (method == "HEAD") {
            // The Api answers HEAD as GET; HTTP sends the same headers and length, no body.
            auto builder = req->create_response<restinio::user_controlled_output_t>(status);
            add_headers(builder);
            builder.set_content_length(response.body.size());
            builder.done();
          } else {
            auto builder = req->create_response(status);
            add_headers(builder);
            builder.set_body(std::move(response.body));
            builder.done();
          }
          const double ms =
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                  .count();
          spdlog::info("{} {} {} {:.2f}ms", method, target, response.status, ms);
        });
    return restinio::request_accepted();
  };
  try {
    auto settings =
        restinio::server_settings_t<Traits>{}
            .address(options.address)
            .port(options.port)
            .request_handler(std::move(handler))
            .read_next_http_message_timelimit(std::chrono::seconds(60))
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                          .max_url_size(options.max_url_bytes)
                                          .max_field_name_size(options.max_header_bytes)
                                          .max_field_value_size(options.max_header_bytes)
                                          .max_field_count(options.max_headers)
                                          .max_body_size(options.max_body_bytes))
            .max_parallel_connections(options.max_connections)
            .ip_blocker(per_address)
            .connection_state_listener(per_address)
            .handle_request_timeout(std::chrono::seconds(30))
            .acceptor_post_bind_hook([impl](asio::ip::tcp::acceptor& acceptor) {
              impl->port = acceptor.local_endpoint().port();
            });
    impl_->server = restinio::run_async<Traits>(restinio::own_io_context(), std::move(settings),
                                                options.threads);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kUnavailable, std::string("cannot listen on ") + options.address + ":" +
                                             std::to_string(options.port) + ": " + e.what());
  }
  return Ok();
}

void HttpServer::Stop(std::chrono::milliseconds grace) {
  if (!impl_->server) return;
  struct Forget {
    const Api* api;
    ~Forget() { g_routes.compare_exchange_strong(api, nullptr); }
  } forget{&impl_->api};
  impl_->api.SetDraining(true);
  impl_->streams.CloseAll();
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->api.InFlight() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  impl_->server->stop();
  impl_->server->wait();
  impl_->server.reset();
}

}  // namespace tierdesk::http
