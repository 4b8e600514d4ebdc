#pragma once

// A server-sent events client on a raw socket, as a browser's EventSource reads: one thread
// takes the chunked response apart into frames, and tests wait for what they expect to arrive.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "integration/api_contract.h"

namespace tierdesk::testing {

struct SseEvent {
  std::optional<int64_t> id;  // the frame's own id line, if any, as a seq (a staff stream's)
  std::string id_text;        // ... as sent (a client's ids are sealed tokens, not numbers)
  std::string event = "message";
  std::string data;
  nlohmann::json json() const { return nlohmann::json::parse(data, nullptr, false); }
};

class SseClient {
 public:
  // Sends GET `target` with `headers` ("Name: value") to 127.0.0.1:`port` and reads on.
  SseClient(int port, const std::string& target, const std::vector<std::string>& headers = {}) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ended_ = true;
      return;
    }
    std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    for (const auto& h : headers) request += h + "\r\n";
    request += "\r\n";
    ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
    reader_ = std::thread([this] { Read(); });
  }
  ~SseClient() { Disconnect(); }

  // Goes away as a closed browser tab does.
  void Disconnect() {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
    if (reader_.joinable()) reader_.join();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  int status() const {
    std::lock_guard lock(mu_);
    return status_;
  }
  std::string head() const {
    std::lock_guard lock(mu_);
    return head_;
  }
  std::string body() const {
    std::lock_guard lock(mu_);
    return body_;
  }
  // Frames with data, in the order received.
  std::vector<SseEvent> Events(const std::string& type = {}) const {
    std::lock_guard lock(mu_);
    std::vector<SseEvent> out;
    for (const auto& e : events_)
      if (type.empty() || e.event == type) out.push_back(e);
    return out;
  }
  // The ids of the `ticket` events received.
  std::vector<int64_t> TicketIds() const {
    std::vector<int64_t> ids;
    for (const auto& e : Events("ticket")) ids.push_back(e.id.value_or(-1));
    return ids;
  }
  // What a browser would send as Last-Event-ID on reconnecting (0 if none yet), for a staff
  // stream, whose ids are seqs; as sent, for any stream.
  int64_t last_event_id() const {
    std::lock_guard lock(mu_);
    return last_event_id_;
  }
  std::string last_event_id_text() const {
    std::lock_guard lock(mu_);
    return last_event_id_text_;
  }
  std::optional<int> retry() const {
    std::lock_guard lock(mu_);
    return retry_;
  }
  int keepalives() const {
    std::lock_guard lock(mu_);
    return keepalives_;
  }
  // The server ended the response or closed the connection.
  bool ended() const {
    std::lock_guard lock(mu_);
    return ended_;
  }

 private:
  void Read() {
    char buf[8192];
    while (true) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      std::lock_guard lock(mu_);
      if (n <= 0) {
        ended_ = true;
        return;
      }
      raw_.append(buf, size_t(n));
      Parse();
    }
  }

  // Caller holds mu_.
  void Parse() {
    if (status_ == 0) {
      const size_t end = raw_.find("\r\n\r\n");
      if (end == std::string::npos) return;
      head_ = raw_.substr(0, end + 2);
      status_ = std::atoi(head_.c_str() + head_.find(' ') + 1);
      chunked_ = head_.find("Transfer-Encoding: chunked") != std::string::npos;
      pos_ = end + 4;
    }
    if (!chunked_) {
      body_ += raw_.substr(pos_);
      pos_ = raw_.size();
    }
    while (chunked_) {
      const size_t line = raw_.find("\r\n", pos_);
      if (line == std::string::npos) break;
      const size_t size = std::strtoul(raw_.c_str() + pos_, nullptr, 16);
      if (size == 0) {
        ended_ = true;
        break;
      }
      if (raw_.size() < line + 2 + size + 2) break;
      body_ += raw_.substr(line + 2, size);
      pos_ = line + 2 + size + 2;
    }
    for (size_t end; (end = body_.find("\n\n", framed_)) != std::string::npos; framed_ = end + 2)
      Frame(body_.substr(framed_, end - framed_));
  }

  void Frame(const std::string& text) {
    SseEvent e;
    bool has_data = false;
    size_t at = 0;
    while (at <= text.size()) {
      const size_t nl = std::min(text.find('\n', at), text.size());
      const std::string line = text.substr(at, nl - at);
      at = nl + 1;
      if (line == ":ka") ++keepalives_;
      if (line.empty() || line[0] == ':') continue;
      const size_t colon = line.find(':');
      const std::string field = line.substr(0, colon);
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      if (field == "id") {
        e.id = std::atoll(value.c_str());
        e.id_text = value;
        last_event_id_ = *e.id;
        last_event_id_text_ = value;
      } else if (field == "event") {
        e.event = value;
      } else if (field == "retry") {
        retry_ = std::atoi(value.c_str());
      } else if (field == "data") {
        e.data += (has_data ? "\n" : "") + value;
        has_data = true;
      }
    }
    if (!has_data) return;
    // Every frame's data is as the API document says (x-events of GET /api/v1/stream).
    for (const auto& problem : ApiContract::Get().StreamProblems(e.event, e.json()))
      ADD_FAILURE() << "not as the API document says: " << problem << "\n" << e.data;
    events_.push_back(std::move(e));
  }

  int fd_ = -1;
  std::thread reader_;
  mutable std::mutex mu_;
  std::string raw_, head_, body_;  // guarded by mu_
  size_t pos_ = 0, framed_ = 0;    // guarded by mu_
  int status_ = 0;                 // guarded by mu_
  bool chunked_ = false;           // guarded by mu_
  bool ended_ = false;             // guarded by mu_
  std::vector<SseEvent> events_;   // guarded by mu_
  int64_t last_event_id_ = 0;      // guarded by mu_
  std::string last_event_id_text_;  // guarded by mu_
  std::optional<int> retry_;       // guarded by mu_
  int keepalives_ = 0;             // guarded by mu_
};

}  // namespace tierdesk::testing
