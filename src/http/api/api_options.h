#pragma once

// What serve's config sets for the API: the bounds on a request, per-caller rates, logins,
// sessions and links (each a key of the README's config reference).

#include <string>
#include <vector>

#include "common/time.h"
#include "http/auth/login_guard.h"
#include "http/transport/client_address.h"

namespace tierdesk::http {

// Bounds on what one request may carry; each is a `[limits]` key of serve's config (README).
struct RequestLimits {
  size_t max_body_bytes = 1 << 20;     // a JSON body; refused on Content-Length before reading
  size_t max_mail_bytes = 25 << 20;    // a received mail handed in whole (mail-gateway)
  size_t max_upload_bytes = 10 << 20;  // a file uploaded to attach (POST /api/v1/uploads)
  size_t max_json_depth = 16;          // arrays and objects inside each other
  size_t max_line_bytes = 1000;        // a one-line field: title, names, addresses, ids
  size_t max_text_bytes = 64 << 10;    // a free-text field: description, findings, notes
  size_t max_notify = 20;              // addresses a request names to be kept informed
  size_t max_idempotency_key_bytes = 255;
  // A ticket's timeline is given a page at a time: the ticket view carries the latest
  // `timeline_page` events; /timeline pages of up to 200; any page stops at max_reply_bytes.
  size_t timeline_page = 50;
  size_t max_reply_bytes = 1 << 20;
  // What one caller may upload within upload_ttl, and how long an upload waits to be attached:
  // one no ticket names by then is removed (with its file, unless a ticket names that).
  size_t uploads_per_caller = 100;
  size_t upload_bytes_per_caller = 256 << 20;
  Seconds upload_ttl{24 * 3600};
};

struct ApiOptions {
  RequestLimits limits;
  double requests_per_second = 200;  // per caller, sustained; 0 = no limit
  double burst = 400;
  LoginLimits login;
  size_t password_threads = 1;  // argon2 checks at once (64 MiB each), off the HTTP threads
  size_t password_queue = 64;   // logins waiting for a check; beyond, 503
  // Checks one login, or one address, may have waiting or running at once; beyond, 429: one
  // caller's flood of logins leaves the queue to the others.
  size_t password_checks_per_caller = 2;
  double logins_per_minute = 10;  // sessions opened for one login; beyond, 429 (0 = no limit)
  Seconds session_ttl{12 * 3600};
  std::string link_key;         // signs the one-click links in mail; empty = links refused
  bool secure_cookies = false;  // set behind HTTPS: the session cookie is then Secure
  std::string metrics_token;    // /metrics wants "Bearer <this>"; empty = loopback callers only
  // The reverse proxies whose X-Forwarded-For says who the caller is (docs/deploy.md); a peer
  // not listed is the caller, whatever it sends.
  std::vector<AddressRange> trusted_proxies;
};

}  // namespace tierdesk::http
