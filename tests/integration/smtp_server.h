#pragma once

// A real SMTP server for mail tests: aiosmtpd (Debian's python3-aiosmtpd) on a free loopback
// port, storing what it receives in a Maildir.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "integration/loopback.h"

namespace tierdesk::testing {

class SmtpServer {
 public:
  explicit SmtpServer(std::filesystem::path maildir) : maildir_(std::move(maildir)) {
    std::filesystem::remove_all(maildir_);
    port_ = FreeLoopbackPort();
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
              "aiosmtpd.handlers.Mailbox", maildir_.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Ready when it accepts connections.
    for (int i = 0; i < 100 && !Accepts(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~SmtpServer() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }

  std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  bool Accepts() const { return AcceptsOnLoopback(port_); }
  // The raw messages received so far.
  std::vector<std::string> Messages() const {
    std::vector<std::string> out;
    const auto dir = maildir_ / "new";
    if (!std::filesystem::exists(dir)) return out;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      out.push_back(text.str());
    }
    return out;
  }

 private:
  std::filesystem::path maildir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace tierdesk::testing
