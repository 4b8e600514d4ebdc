#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "core/procedure.h"
#include "mail/inbound.h"
#include "service/ticket_service.h"

namespace tierdesk::mail {

struct IntakeSettings {
  std::string domain;       // right-hand side of our Message-IDs: mail carrying one is ours
  std::string own_address;  // the help desk's address: mail from it is ours
  int64_t max_attachment_bytes = 10 * 1024 * 1024;  // larger files are listed, not kept
  ParseLimits limits;
  // Text longer than this goes on the ticket cut short, and whole as an attached message.txt:
  // the ticket's state stays small (it is rewritten on every change) and nothing is lost.
  size_t max_text_bytes = 64 * 1024;
};

enum class IntakeOutcome {
  kCreated,    // a new ticket
  kReplied,    // a reply or note on an existing ticket
  kDuplicate,  // this message was taken in before: nothing changed
  kRefused,    // kept for an operator, with the reason
};
const char* IntakeOutcomeName(IntakeOutcome outcome);

struct IntakeResult {
  IntakeOutcome outcome = IntakeOutcome::kRefused;
  core::TicketId ticket = 0;
  std::string reason;      // why it was refused
  int64_t refused_id = 0;  // where it is kept
};

// Turns one received mail into a ticket change. A message becomes a reply on the ticket its
// In-Reply-To/References name (our own Message-IDs, or the mail that opened the ticket), then on
// the ticket a "[TD-n]" subject tag names, else a new request; never by loose subject match.
// Only the ticket's parties may reply. The same message twice is one change (its Message-ID is
// the command's idempotency key). Machine mail, our own mail and anything unreadable are
// refused: kept whole for an operator, never answered.
class MailIntake {
 public:
  // Applies a command durably (the engine in a server; a TicketService in tools and benches).
  using Execute = std::function<Result<service::Outcome>(core::Command)>;

  MailIntake(service::Store& store, const core::Procedure& procedure, Execute execute,
             const Clock& clock, const IntakeSettings& settings)
      : store_(store),
        procedure_(procedure),
        execute_(std::move(execute)),
        clock_(clock),
        settings_(settings) {}

  // Fails only when retrying may help (the store or engine is unavailable): the caller must
  // then keep the message and offer it again.
  [[nodiscard]] Result<IntakeResult> Accept(std::string_view raw);

 private:
  Result<IntakeResult> Refuse(std::string_view raw, const std::string& reason,
                              const InboundMail* mail);
  Result<core::TicketId> FindThread(const InboundMail& mail);
  Result<std::vector<core::Attachment>> StoreAttachments(const InboundMail& mail);
  // `text` within max_text_bytes; when cut, the whole text is added to `files` as message.txt.
  Result<std::string> FitText(const std::string& text, std::vector<core::Attachment>& files);
  Result<IntakeResult> Apply(std::string_view raw, const InboundMail& mail, core::Command command,
                             IntakeOutcome outcome);

  service::Store& store_;
  const core::Procedure& procedure_;
  Execute execute_;
  const Clock& clock_;
  const IntakeSettings& settings_;
};

}  // namespace tierdesk::mail
