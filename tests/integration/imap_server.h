#pragma once

// A real IMAP server for mail tests: dovecot (Debian's dovecot-imapd) on a free loopback port,
// plain login, one user "desk" whose Maildir the test delivers into.

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "integration/loopback.h"
#include "integration/wait.h"

namespace tierdesk::testing {

class ImapServer {
 public:
  static constexpr const char* kUser = "desk";
  static constexpr const char* kPassword = "desk-secret";

  // With `cert` and `key`, dovecot also listens for IMAPS (and offers STARTTLS).
  explicit ImapServer(std::filesystem::path dir, const std::string& cert = {},
                      const std::string& key = {})
      : dir_(std::move(dir)) {
    namespace fs = std::filesystem;
    fs::remove_all(dir_);
    // dovecot's sockets live under base_dir, and a socket's path must fit in 108 bytes.
    char run[] = "/tmp/td-imap-XXXXXX";
    if (::mkdtemp(run) == nullptr) return;
    run_dir_ = run;
    std::filesystem::permissions(
        run_dir_,
        std::filesystem::perms::others_read | std::filesystem::perms::others_exec |
            std::filesystem::perms::group_read | std::filesystem::perms::group_exec,
        std::filesystem::perm_options::add);
    for (const char* sub :
         {"state", "home/desk/Maildir/new", "home/desk/Maildir/cur", "home/desk/Maildir/tmp"})
      fs::create_directories(dir_ / sub);
    // As root, dovecot gives mail to an unprivileged user: its own (from the package).
    std::string user_line;
    if (::geteuid() == 0) {
      const passwd* pw = ::getpwnam("dovecot");
      if (pw == nullptr) return;
      uid_ = pw->pw_uid;
      gid_ = pw->pw_gid;
      // dovecot must reach its files through every parent directory.
      for (fs::path p = dir_; !p.empty() && p != p.root_path(); p = p.parent_path())
        fs::permissions(p, fs::perms::others_exec | fs::perms::group_exec, fs::perm_options::add);
      for (const auto& entry : fs::recursive_directory_iterator(dir_ / "home"))
        ::chown(entry.path().c_str(), uid_, gid_);
      ::chown((dir_ / "home").c_str(), uid_, gid_);
    } else {
      uid_ = ::getuid();
      gid_ = ::getgid();
      const passwd* pw = ::getpwuid(uid_);
      const std::string me = pw == nullptr ? "nobody" : pw->pw_name;
      user_line = "default_internal_user = " + me + "\ndefault_login_user = " + me +
                  "\ndefault_internal_group = " + std::to_string(gid_) +
                  "\nservice anvil {\n  chroot =\n}\nservice imap-login {\n  chroot =\n}\n";
    }
    std::ofstream(dir_ / "passwd") << kUser << ":{PLAIN}" << kPassword << "\n";
    port_ = FreeLoopbackPort();
    tls_port_ = cert.empty() ? 0 : FreeLoopbackPort();
    const std::string ssl = cert.empty()
                                ? "ssl = no\n"
                                : "ssl = yes\nssl_cert = <" + cert + "\nssl_key = <" + key + "\n";
    const std::string d = dir_.string();
    std::ofstream(dir_ / "dovecot.conf")
        << "base_dir = " << run_dir_.string() << "\nstate_dir = " << d << "/state\nlog_path = " << d
        << "/dovecot.log\nprotocols = imap\nlisten = 127.0.0.1\n"
        << ssl
        << "disable_plaintext_auth = no\nauth_mechanisms = plain login\nfirst_valid_uid = 1\n"
        << "mail_location = maildir:~/Maildir\n"
        << user_line << "service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n"
        << "    port = " << port_ << "\n  }\n  inet_listener imaps {\n    address = 127.0.0.1\n"
        << "    port = " << tls_port_ << "\n  }\n}\n"
        << "passdb {\n  driver = passwd-file\n  args = " << d << "/passwd\n}\n"
        << "userdb {\n  driver = static\n  args = uid=" << uid_ << " gid=" << gid_ << " home=" << d
        << "/home/%u\n}\n";
    const std::string config = (dir_ / "dovecot.conf").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl("/usr/sbin/dovecot", "dovecot", "-F", "-c", config.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    WaitUntil([this] { return Accepts(); });
  }
  ~ImapServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (!run_dir_.empty()) std::filesystem::remove_all(run_dir_);
  }

  bool Accepts() const { return pid_ > 0 && AcceptsOnLoopback(port_); }
  std::string Url() const { return "imap://127.0.0.1:" + std::to_string(port_) + "/INBOX"; }
  std::string TlsUrl() const { return "imaps://127.0.0.1:" + std::to_string(tls_port_) + "/INBOX"; }
  std::string Log() const {
    std::ifstream in(dir_ / "dovecot.log");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  // The [imap] section of a `serve --config` file polling this server every second.
  std::string ConfigSection(bool tls = false, const std::string& ca_file = {}) const {
    return "[imap]\nurl = \"" + (tls ? TlsUrl() : Url()) + "\"\nusername = \"" + kUser +
           "\"\npassword = \"" + kPassword + "\"\npoll = \"1s\"\nca_file = \"" + ca_file + "\"\n";
  }

  // Puts a message in the user's inbox, as a local delivery agent would.
  void Deliver(const std::string& raw) {
    static std::atomic<int> counter{0};
    const std::string name = std::to_string(::getpid()) + "." + std::to_string(++counter) + ".test";
    const auto tmp = dir_ / "home/desk/Maildir/tmp" / name;
    std::ofstream(tmp, std::ios::binary) << raw;
    ::chown(tmp.c_str(), uid_, gid_);
    std::filesystem::rename(tmp, dir_ / "home/desk/Maildir/new" / name);
  }

  // How many sessions logged in and out again: one per finished poll.
  int Sessions() const { return LogLinesWith("Logged out"); }
  // How many connections ended in a failed TLS handshake (a client that did not trust us).
  int RefusedHandshakes() const { return LogLinesWith("SSL_accept() failed"); }

  // How many messages carry the \Seen flag (Maildir "cur/...:2,S").
  int SeenCount() const {
    int seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / "home/desk/Maildir/cur")) {
      const std::string name = entry.path().filename().string();
      const auto flags = name.find(":2,");
      seen += flags != std::string::npos && name.find('S', flags) != std::string::npos;
    }
    return seen;
  }

 private:
  int LogLinesWith(const std::string& text) const {
    std::ifstream in(dir_ / "dovecot.log");
    int n = 0;
    for (std::string line; std::getline(in, line);) n += line.find(text) != std::string::npos;
    return n;
  }

  std::filesystem::path dir_;
  std::filesystem::path run_dir_;
  int port_ = 0;
  int tls_port_ = 0;  // 0: no IMAPS
  pid_t pid_ = -1;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
};

}  // namespace tierdesk::testing
