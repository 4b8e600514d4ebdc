#include "http/transport/security_headers.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace tierdesk::http {

namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void AddUnlessSet(ApiResponse& response, std::string_view name, std::string_view value) {
  for (const auto& [existing, _] : response.headers)
    if (SameName(existing, name)) return;
  response.headers.emplace_back(name, value);
}

bool IsHtml(std::string_view content_type) {
  constexpr std::string_view kHtml = "text/html";
  return content_type.size() >= kHtml.size() &&
         SameName(content_type.substr(0, kHtml.size()), kHtml);
}

}  // namespace

std::string PagePolicyAllowingStyle(std::string_view style) {
  if (sodium_init() < 0) return std::string(kPageContentSecurityPolicy);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(style.data()), style.size());
  char base64[sodium_base64_ENCODED_LEN(sizeof digest, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(base64, sizeof base64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
  std::string policy(kPageContentSecurityPolicy);
  constexpr std::string_view kStyleSrc = "style-src 'self'";
  policy.insert(policy.find(kStyleSrc) + kStyleSrc.size(), std::string(" 'sha256-") + base64 + "'");
  return policy;
}

void AddSecurityHeaders(ApiResponse& response) {
  AddUnlessSet(response, "X-Content-Type-Options", "nosniff");
  AddUnlessSet(response, "Referrer-Policy", "same-origin");
  if (!IsHtml(response.content_type)) return;
  AddUnlessSet(response, "Content-Security-Policy", kPageContentSecurityPolicy);
  AddUnlessSet(response, "X-Frame-Options", "DENY");
}

}  // namespace tierdesk::http
