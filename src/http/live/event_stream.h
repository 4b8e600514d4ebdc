#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace tierdesk::http {

// An open text/event-stream response, as the StreamHub sees it: the HttpServer implements it
// over its HTTP library, tests with a recorder. Thread-safe: frames may come from any thread.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // Queues `frame` (whole SSE lines, ending in a blank line) for the peer; false once the
  // stream is closed or its connection failed, when the frame is dropped.
  virtual bool Send(std::string frame) = 0;
  // Ends the response; idempotent. The browser reconnects with Last-Event-ID.
  virtual void Close() = 0;
  virtual bool closed() const = 0;
  // Bytes sent but not yet written to the connection: how far behind the peer reads.
  virtual size_t Pending() const = 0;
};

}  // namespace tierdesk::http
