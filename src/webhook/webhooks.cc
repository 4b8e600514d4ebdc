#include "webhook/webhooks.h"

#include <curl/curl.h>
#include <sodium.h>

#include "json/bounded.h"
#include "json/codec.h"

namespace tierdesk::webhook {

void WebhookFanOut::AddEffects(const core::Event& event, std::vector<core::Effect>& effects) const {
  std::string body;
  for (const Subscription& s : subscriptions_) {
    if (!s.Wants(event.type)) continue;
    if (body.empty()) body = json::Dump(json::Json{{"event", json::EventToJson(event, nullptr)}});
    effects.push_back(
        core::Effect{core::Effect::Kind::kWebhook, event.ticket, s.url, event.type, "", body});
  }
}

std::string Signature(const std::string& secret, const std::string& timestamp,
                      const std::string& body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  const std::string signed_part = timestamp + ".";
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_part.data()),
                                signed_part.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

namespace {
size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }
}  // namespace

Status WebhookCourier::Deliver(const service::OutboxItem& item) {
  const Subscription* sub = nullptr;
  for (const auto& s : subscriptions_)
    if (s.url == item.effect.to) sub = &s;
  if (sub == nullptr)
    return Fail(ErrorCode::kFailedPrecondition,
                "no webhook subscription for " + item.effect.to + " any more");
  const std::string timestamp = std::to_string(clock_.Now().time_since_epoch().count());
  const std::string& body = item.effect.body;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Fail(ErrorCode::kUnavailable, "libcurl failed to start");
  curl_slist* headers = nullptr;
  for (const std::string& h :
       {std::string("Content-Type: application/json"),
        "X-Tierdesk-Event: " + item.effect.template_name,
        "X-Tierdesk-Delivery: " + std::to_string(item.id), "X-Tierdesk-Timestamp: " + timestamp,
        "X-Tierdesk-Signature: sha256=" + Signature(sub->secret, timestamp, body)})
    headers = curl_slist_append(headers, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, item.effect.to.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK)
    return Fail(ErrorCode::kUnavailable, std::string("webhook: ") + curl_easy_strerror(rc));
  if (status >= 200 && status < 300) return Ok();
  const std::string why = "webhook answered HTTP " + std::to_string(status);
  if (status == 410) return Fail(ErrorCode::kFailedPrecondition, why);
  return Fail(ErrorCode::kUnavailable, why);
}

}  // namespace tierdesk::webhook
