#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "service/ports.h"

namespace tierdesk::webhook {

struct Subscription {
  std::string url;
  std::string secret;            // signs every delivery (HMAC-SHA256)
  std::set<std::string> events;  // event types; empty or "*" = all
  bool Wants(const std::string& type) const {
    return events.empty() || events.count("*") || events.count(type);
  }
};

// Turns every committed event into one webhook outbox row per subscriber that wants it.
class WebhookFanOut final : public service::EventFanOut {
 public:
  explicit WebhookFanOut(std::vector<Subscription> subscriptions)
      : subscriptions_(std::move(subscriptions)) {}
  void AddEffects(const core::Event& event, std::vector<core::Effect>& effects) const override;

 private:
  std::vector<Subscription> subscriptions_;
};

// HMAC-SHA256 over "<timestamp>.<body>", hex: what X-Tierdesk-Signature carries (as
// "sha256=<hex>"). Receivers recompute it with the shared secret and reject old timestamps.
std::string Signature(const std::string& secret, const std::string& timestamp,
                      const std::string& body);

// POSTs webhook rows (libcurl) with X-Tierdesk-Event, X-Tierdesk-Delivery (the outbox id:
// deliveries are at least once, receivers deduplicate by it), X-Tierdesk-Timestamp and
// X-Tierdesk-Signature. 2xx is delivered; 410 Gone is permanent; anything else is retried.
class WebhookCourier final : public service::Courier {
 public:
  WebhookCourier(std::vector<Subscription> subscriptions, const Clock& clock)
      : subscriptions_(std::move(subscriptions)), clock_(clock) {}
  bool Handles(core::Effect::Kind kind) const override {
    return kind == core::Effect::Kind::kWebhook;
  }
  Status Deliver(const service::OutboxItem& item) override;

 private:
  std::vector<Subscription> subscriptions_;
  const Clock& clock_;
};

}  // namespace tierdesk::webhook
