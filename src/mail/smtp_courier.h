#pragma once

#include <string>

#include "common/clock.h"
#include "service/ports.h"

namespace tierdesk::mail {

struct SmtpSettings {
  std::string url;            // smtp://host:25, smtp://host:587 (with starttls), smtps://host:465
  bool starttls = false;      // require STARTTLS on smtp://
  std::string username;       // AUTH, when set
  std::string password;
  std::string from_address;   // the help desk's address
  std::string from_name;
  std::string domain;         // right-hand side of our Message-IDs
};

// Sends e-mail outbox rows over SMTP (libcurl), MIME built by GMime. Every mail of a ticket
// carries In-Reply-To/References to the ticket's root Message-ID "<td-N@domain>", so clients'
// mail programs thread them and replies find their ticket. SMTP 5xx is permanent; anything
// else is retried.
class SmtpCourier final : public service::Courier {
 public:
  SmtpCourier(SmtpSettings settings, const Clock& clock)
      : settings_(std::move(settings)), clock_(clock) {}
  bool Handles(core::Effect::Kind kind) const override {
    return kind == core::Effect::Kind::kEmail;
  }
  Status Deliver(const service::OutboxItem& item) override;

  // "<td-42@domain>" without brackets: the thread root of ticket 42.
  static std::string ThreadId(core::TicketId ticket, const std::string& domain);

 private:
  SmtpSettings settings_;
  const Clock& clock_;
};

}  // namespace tierdesk::mail
