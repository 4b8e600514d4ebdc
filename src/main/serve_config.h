#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "mail/imap_poller.h"
#include "mail/smtp_courier.h"
#include "service/outbox_dispatcher.h"
#include "webhook/webhooks.h"

namespace tierdesk::cli {

// `tierdesk serve --config FILE` (TOML). Command-line flags override what it sets.
//
//   [server]
//   listen = "127.0.0.1:8080"
//   threads = 2
//   rate_limit = 200          # requests a second per caller; 0 = off
//
//   [outbox]
//   max_attempts = 8
//   retry_base = "30s"
//   retry_max = "1h"
//
//   [mail]                     # outbound e-mail; without it, mail waits in the outbox
//   smtp_url = "smtp://127.0.0.1:25"   # smtps://host:465, or smtp://host:587 with starttls
//   starttls = false
//   ca_file = ""               # PEM CA bundle for the server's certificate; default: the system's
//   username = ""
//   password = ""
//   from = "support@example.org"
//   from_name = "Example Support"
//   domain = "example.org"     # for Message-IDs; default: the from address's domain
//   link_base = "https://desk.example.org"   # where mailed one-click links point;
//                                            # default: http://<listen address>
//   max_attachment_bytes = 10485760   # received files larger than this are listed, not kept
//
//   [imap]                     # received mail, polled (needs [mail]); or pipe it to
//   url = "imap://127.0.0.1:143/INBOX"      # `tierdesk mail-gateway` from the MTA
//   starttls = false
//   username = "support"
//   password = "secret"
//   poll = "30s"
//
//   [[webhooks]]
//   url = "https://hooks.example/tierdesk"
//   secret = "shared secret"
//   events = ["created", "handed_off", "closed"]   # or ["*"]
struct ServeConfig {
  std::string listen = "127.0.0.1:8080";
  size_t threads = 2;
  double rate_limit = 200;
  service::DispatchPolicy outbox;
  std::vector<webhook::Subscription> webhooks;
  std::optional<mail::SmtpSettings> mail;
  std::string link_base;
  int64_t max_attachment_bytes = 10 * 1024 * 1024;
  std::optional<mail::ImapSettings> imap;
};

// kInvalidArgument "file:line: reason" for the first problem.
[[nodiscard]] Result<ServeConfig> LoadServeConfig(const std::string& path);

}  // namespace tierdesk::cli
