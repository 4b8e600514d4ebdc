#pragma once

// Internal to server.cc (the one RESTinio translation unit): event streams over RESTinio's
// chunked output, and the server's list of those open.

#include <atomic>
#include <memory>
#include <mutex>
#include <restinio/all.hpp>
#include <string>
#include <vector>

#include "http/live/event_stream.h"

namespace tierdesk::http {

// One text/event-stream response: each frame is a chunk, flushed at once. RESTinio's writes
// go through the connection's strand, so frames may come from any thread; the builder itself
// is guarded here.
class RestinioEventStream final : public EventStream {
 public:
  using Response = restinio::response_builder_t<restinio::chunked_output_t>;
  explicit RestinioEventStream(Response response) : response_(std::move(response)) {}
  ~RestinioEventStream() override { Close(); }

  bool Send(std::string frame) override {
    std::lock_guard lock(mu_);
    if (done_ || written_->failed) return false;
    const size_t n = frame.size();
    written_->pending += n;
    try {
      response_.append_chunk(std::move(frame));
      // The callback holds only the counters, never the response: a connection must not keep
      // its own writer alive.
      response_.flush([written = written_, n](const restinio::asio_ns::error_code& ec) {
        written->pending -= n;
        if (ec) written->failed = true;
      });
    } catch (const std::exception&) {
      written_->failed = true;
      return false;
    }
    return true;
  }

  void Close() override {
    std::lock_guard lock(mu_);
    if (done_) return;
    done_ = true;
    try {
      response_.done();  // the last chunk; the builder lets go of the connection
    } catch (const std::exception&) {
    }
  }

  bool closed() const override {
    std::lock_guard lock(mu_);
    return done_ || written_->failed;
  }

  size_t Pending() const override { return written_->pending.load(); }

 private:
  struct Written {
    std::atomic<size_t> pending{0};
    std::atomic<bool> failed{false};
  };
  mutable std::mutex mu_;
  Response response_;  // guarded by mu_
  bool done_ = false;  // guarded by mu_
  std::shared_ptr<Written> written_ = std::make_shared<Written>();
};

// The streams a server has open. Stopping closes them all first: an open stream is never
// "in flight" (it was answered), and each holds its connection until it is done.
class OpenEventStreams {
 public:
  // Keeps `stream` to close at shutdown; once shutting down, closes it at once.
  void Add(const std::shared_ptr<EventStream>& stream) {
    std::lock_guard lock(mu_);
    if (closing_) return stream->Close();
    std::erase_if(open_, [](const auto& s) {
      auto held = s.lock();
      return !held || held->closed();
    });
    open_.push_back(stream);
  }

  void CloseAll() {
    std::vector<std::weak_ptr<EventStream>> open;
    {
      std::lock_guard lock(mu_);
      closing_ = true;
      open.swap(open_);
    }
    for (const auto& s : open)
      if (auto held = s.lock()) held->Close();
  }

 private:
  std::mutex mu_;
  std::vector<std::weak_ptr<EventStream>> open_;  // guarded by mu_
  bool closing_ = false;                          // guarded by mu_
};

}  // namespace tierdesk::http
