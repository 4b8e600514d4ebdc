#include "http/server.h"

#include <spdlog/spdlog.h>

#include <restinio/all.hpp>

#include "http/restinio_event_stream.h"

namespace tierdesk::http {

namespace {

// Default traits are thread-safe (strands) and hold a timer manager for the connection limits;
// the connection count limiter bounds sockets (and so the bodies they can buffer).
struct Traits : public restinio::default_traits_t {
  static constexpr bool use_connection_count_limiter = true;
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
  auto handler = [impl](restinio::request_handle_t req) {
    const auto started = std::chrono::steady_clock::now();
    ApiRequest request = ToApiRequest(req);
    std::string method = request.method;
    impl->api.Handle(
        std::move(request), [req, impl, started, method = std::move(method),
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
