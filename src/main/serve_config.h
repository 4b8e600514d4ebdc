#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "http/api/api.h"
#include "http/transport/server.h"
#include "http/live/stream_hub.h"
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
//   secure_cookies = false    # true behind HTTPS: the session cookie is Secure
//   metrics_token = ""        # /metrics wants "Authorization: Bearer <it>"; "" = loopback only
//   max_connections = 2048
//   max_connections_per_address = 64   # trusted_proxies are not bounded by it
//   password_threads = 1      # argon2 password checks at once (64 MiB each)
//   trusted_proxies = []       # e.g. ["127.0.0.1"]: reverse proxies whose X-Forwarded-For
//                              # names the caller (addresses or networks like "10.0.0.0/8")
//
//   [limits]                   # what one request may carry (defaults shown)
//   max_body_bytes = 1048576   # a JSON body (refused on its Content-Length)
//   max_mail_bytes = 26214400  # a received mail handed to /api/v1/mail/inbound
//   max_upload_bytes = 10485760  # a file uploaded to attach (POST /api/v1/uploads)
//   max_json_depth = 16
//   max_line_bytes = 1000      # a one-line field (title, names, addresses)
//   max_text_bytes = 65536     # a free-text field (description, findings, notes)
//   max_notify = 20            # addresses in a request's notify list
//   max_idempotency_key_bytes = 255
//   max_url_bytes = 8192
//   max_header_bytes = 16384
//   max_headers = 100
//   login_failures_per_login_and_address = 5   # wrong passwords forgiven, then 1 s, 2 s ...
//   login_failures_per_address = 20
//   login_failures_per_login = 100    # one login from any addresses
//   login_max_delay = "15m"
//   max_streams_per_credential = 8   # live streams one session or token holds open
//   max_streams_per_actor = 32 # ... one person or client, however many credentials
//   max_streams = 1024         # live streams in all
//   stream_lifetime = "1h"     # a stream is closed after this (the browser resumes)
//   max_events_per_ticket = 5000   # a client's command on a fuller ticket is refused (409)
//   timeline_page = 50         # events a ticket view carries; older ones by /timeline pages
//   max_reply_bytes = 1048576  # a timeline page stops at this size
//   uploads_per_caller = 100   # files one caller uploads within upload_ttl
//   upload_bytes_per_caller = 268435456
//   upload_ttl = "24h"         # an upload no ticket names by then is removed
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
//   [web]                      # the built web pages (Vite's web/dist), served at /
//   root = "web/dist"          # default: the source tree's web/dist when it exists
//
//   [[webhooks]]
//   url = "https://hooks.example/tierdesk"
//   secret = "shared secret"
//   events = ["created", "handed_off", "closed"]   # or ["*"]
struct ServeConfig {
  std::string listen = "127.0.0.1:8080";  // becomes server.address and server.port
  // The transport: threads, connections and the bounds read before anything is buffered.
  http::ServerOptions server;
  // The API: request limits, the per-caller rate (burst twice the rate), logins, cookies, the
  // metrics token and the trusted proxies (the transport is given the same).
  http::ApiOptions api;
  http::StreamHubOptions streams;       // live streams: bounds per credential, actor and in all
  size_t max_events_per_ticket = 5000;  // a client's command past it is refused; staff go on
  service::DispatchPolicy outbox;
  std::vector<webhook::Subscription> webhooks;
  std::optional<mail::SmtpSettings> mail;
  std::string link_base;
  int64_t max_attachment_bytes = 10 * 1024 * 1024;
  std::optional<mail::ImapSettings> imap;
  std::string web_root;  // empty: no pages served
};

// kInvalidArgument "file:line: reason" for the first problem.
[[nodiscard]] Result<ServeConfig> LoadServeConfig(const std::string& path);

}  // namespace tierdesk::cli
