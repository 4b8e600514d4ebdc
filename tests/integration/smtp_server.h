#pragma once

// A real SMTP server for mail tests: aiosmtpd (Debian's python3-aiosmtpd) on a free loopback
// port, storing what it receives in a Maildir.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "integration/loopback.h"
#include "integration/wait.h"

namespace tierdesk::testing {

// The body of a quoted-printable mail, decoded enough to read text and URLs: soft line breaks
// joined (the Maildir may store LF line ends), "=3D" back to "=".
inline std::string DecodeQuotedPrintable(std::string text) {
  for (size_t at; (at = text.find("=\r\n")) != std::string::npos;) text.erase(at, 3);
  for (size_t at; (at = text.find("=\n")) != std::string::npos;) text.erase(at, 2);
  for (size_t at; (at = text.find("=3D")) != std::string::npos;) text.replace(at, 3, 1, '=');
  return text;
}

// The [mail] section of a `serve --config` file sending as the seed-000 help desk through
// `smtp_url`; "smtp://127.0.0.1:9" (the discard port) when a test is about mail in.
inline std::string MailSection(const std::string& smtp_url) {
  return "[mail]\nsmtp_url = \"" + smtp_url +
         "\"\nfrom = \"support@auro.example\"\nfrom_name = \"Auro Support\"\n";
}

class SmtpServer {
 public:
  enum class Tls { kNone, kStartTls, kImplicit };  // plain; STARTTLS required; SMTPS

  explicit SmtpServer(std::filesystem::path maildir, Tls tls = Tls::kNone,
                      const std::string& cert = {}, const std::string& key = {})
      : maildir_(std::move(maildir)), tls_(tls) {
    std::filesystem::remove_all(maildir_);
    port_ = FreeLoopbackPort();
    std::vector<std::string> args = {"python3", "-m", "aiosmtpd",
                                     "-n",      "-l", "127.0.0.1:" + std::to_string(port_)};
    if (tls == Tls::kStartTls) args.insert(args.end(), {"--tlscert", cert, "--tlskey", key});
    if (tls == Tls::kImplicit) args.insert(args.end(), {"--smtpscert", cert, "--smtpskey", key});
    args.insert(args.end(), {"-c", "aiosmtpd.handlers.Mailbox", maildir_.string()});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execv("/usr/bin/python3", argv.data());
      ::_exit(127);
    }
    WaitUntil([this] { return Accepts(); });  // ready when it accepts connections
  }
  ~SmtpServer() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }

  std::string Url() const {
    return (tls_ == Tls::kImplicit ? "smtps://127.0.0.1:" : "smtp://127.0.0.1:") +
           std::to_string(port_);
  }
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
  Tls tls_ = Tls::kNone;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace tierdesk::testing
