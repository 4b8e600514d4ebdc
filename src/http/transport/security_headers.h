#pragma once

// Headers that tell a browser how far to trust what we send, on every response.

#include <string>
#include <string_view>

#include "http/api/exchange.h"

namespace tierdesk::http {

// What an HTML page of ours may load: only our own files (no inline script, no other site),
// no plugins, not framed, forms post back to us.
inline constexpr std::string_view kPageContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

// The page policy, also allowing the one inline <style> element whose text is `style` (by its
// SHA-256, so no other inline style or script is allowed).
std::string PagePolicyAllowingStyle(std::string_view style);

// Every response: X-Content-Type-Options nosniff and Referrer-Policy same-origin; HTML also gets
// the page policy and X-Frame-Options DENY. A header the handler set itself is kept.
void AddSecurityHeaders(ApiResponse& response);

}  // namespace tierdesk::http
