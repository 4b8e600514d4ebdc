#pragma once

#include <functional>
#include <string>

#include "common/clock.h"
#include "service/ports.h"

namespace tierdesk::mail {

struct SmtpSettings {
  std::string url;        // smtp://host:25, smtp://host:587 (with starttls), smtps://host:465
  bool starttls = false;  // require STARTTLS on smtp://
  std::string ca_file;    // PEM bundle to verify the server with; empty = the system's
  std::string username;   // AUTH, when set
  std::string password;
  std::string from_address;  // the help desk's address
  std::string from_name;
  std::string domain;  // right-hand side of our Message-IDs
};

// Sends e-mail outbox rows over SMTP (libcurl), MIME built by GMime. Every mail of a ticket
// carries In-Reply-To/References to the ticket's root Message-ID "<td-N@domain>", so clients'
// mail programs thread them and replies find their ticket. SMTP 5xx is permanent; anything
// else is retried.
//
// Pages and tasks address a person by id; `address_of` turns that into their e-mail address,
// so a page reaches the on-call engineer's mailbox (and the phone that watches it) until a
// dedicated pager channel exists.
class SmtpCourier final : public service::Courier {
 public:
  using AddressOf = std::function<std::string(const std::string& person)>;
  // The signed URL that lets `actor` do `action` on `ticket` while its link cycle is `cycle`
  // (see core::LinkMarker); empty leaves the mail without that link.
  using LinkFor = std::function<std::string(const std::string& action, core::TicketId ticket,
                                            const std::string& actor, int64_t cycle)>;
  SmtpCourier(SmtpSettings settings, const Clock& clock, AddressOf address_of = {},
              LinkFor link_for = {})
      : settings_(std::move(settings)),
        clock_(clock),
        address_of_(std::move(address_of)),
        link_for_(std::move(link_for)) {}
  bool Handles(core::Effect::Kind kind) const override {
    return kind == core::Effect::Kind::kEmail ||
           (address_of_ &&
            (kind == core::Effect::Kind::kPage || kind == core::Effect::Kind::kTask));
  }
  Status Deliver(const service::OutboxItem& item) override;

  // "<td-42@domain>" without brackets: the thread root of ticket 42.
  static std::string ThreadId(core::TicketId ticket, const std::string& domain);

 private:
  SmtpSettings settings_;
  const Clock& clock_;
  AddressOf address_of_;
  LinkFor link_for_;
};

// Replaces each "[[link:ACTION:ACTOR#CYCLE]]" marker in `text` by
// link_for(ACTION, ticket, ACTOR, CYCLE). A marker without a cycle (queued before links carried
// one) becomes nothing: a link that could outlive its request is worse than none.
std::string ResolveLinks(std::string_view text, core::TicketId ticket,
                         const SmtpCourier::LinkFor& link_for);

}  // namespace tierdesk::mail
