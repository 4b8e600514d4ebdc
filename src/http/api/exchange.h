#pragma once

// A request and its answer as the Api and its resources see them, independent of the HTTP
// library (transport/server.cc translates).

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tierdesk::http {

class EventStream;

struct ApiRequest {
  std::string method;
  std::string path;
  std::string query;                           // raw, without '?'
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string remote;  // the peer's address, for limits on unauthenticated callers

  std::string Header(const std::string& lower_name) const;
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string route;  // the matched route template, for metrics and logs
  // Set for an event stream: the transport sends the headers, keeps the response open and
  // hands this the stream to write to (the request is then answered, not in flight).
  std::function<void(std::shared_ptr<EventStream>)> stream;
};

// Answers a request exactly once, possibly on another thread (writes are answered when durable).
using Respond = std::function<void(ApiResponse)>;

}  // namespace tierdesk::http
