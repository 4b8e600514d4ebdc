#pragma once

// A minimal HTTP endpoint for webhook tests: accepts connections on 127.0.0.1, records each
// request, and answers with the status the test sets.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tierdesk::testing {

struct ReceivedRequest {
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
};

class WebhookReceiver {
 public:
  WebhookReceiver() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] { Serve(); });
  }
  ~WebhookReceiver() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  void AnswerWith(int status) { status_ = status; }
  std::vector<ReceivedRequest> Received() {
    std::lock_guard lock(mu_);
    return received_;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      // A sender that stops mid-request (a node killed or stalled) must not hold the receiver,
      // and the test with it, for ever: the request read so far is what it received.
      const timeval wait{5, 0};
      ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
      std::string data;
      char buf[4096];
      size_t header_end = std::string::npos, length = 0;
      while (true) {
        ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        data.append(buf, size_t(n));
        if (header_end == std::string::npos &&
            (header_end = data.find("\r\n\r\n")) != std::string::npos) {
          auto at = ToLower(data.substr(0, header_end)).find("content-length:");
          if (at != std::string::npos) length = std::stoul(data.substr(at + 15));
        }
        if (header_end != std::string::npos && data.size() >= header_end + 4 + length) break;
      }
      ReceivedRequest r;
      size_t line_start = data.find("\r\n") + 2;
      while (line_start < header_end) {
        size_t line_end = data.find("\r\n", line_start);
        std::string line = data.substr(line_start, line_end - line_start);
        auto colon = line.find(':');
        if (colon != std::string::npos) {
          std::string value = line.substr(colon + 1);
          value.erase(0, value.find_first_not_of(' '));
          r.headers[ToLower(line.substr(0, colon))] = value;
        }
        line_start = line_end + 2;
      }
      if (header_end != std::string::npos) r.body = data.substr(header_end + 4, length);
      {
        std::lock_guard lock(mu_);
        received_.push_back(std::move(r));
      }
      std::string reply = "HTTP/1.1 " + std::to_string(status_.load()) +
                          " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }
  static std::string ToLower(std::string s) {
    for (auto& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> status_{200};
  std::mutex mu_;
  std::vector<ReceivedRequest> received_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace tierdesk::testing
