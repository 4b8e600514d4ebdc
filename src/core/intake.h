#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/ticket.h"

namespace tierdesk::core {

struct Procedure;

// The fields intake records (seed 001's list), by their wire names: what a procedure may
// require per channel and what `amend` may complete or correct later. How a request arrived and
// whose it is (channel, client_id) are facts of its arrival, not fields to correct.
enum class IntakeField {
  kTitle,
  kOccurredAt,
  kCallerName,
  kCallerEmail,
  kCallerPhone,
  kRequesterName,
  kRequesterEmail,
  kNotify,
  kInstitute,
  kBuilding,
  kRoom,
  kAffected,
  kModule,
  kDescription,
  kActionsAttempted,
  kErrorMessages,
  kFirstTime,
  kOrganisation,
};
inline constexpr int kIntakeFieldCount = int(IntakeField::kOrganisation) + 1;

const char* IntakeFieldName(IntakeField field);
std::optional<IntakeField> ParseIntakeField(std::string_view name);
// What the field holds for people ("Room", "First time?"), as forms label it.
const char* IntakeFieldLabel(IntakeField field);

bool IsFilled(const Registration& registration, IntakeField field);
// The field's value as text, for the timeline's before and after ("" when empty).
std::string FieldText(const Registration& registration, IntakeField field);
// Copies one field from `from` into `to`.
void CopyField(const Registration& from, IntakeField field, Registration& to);
// Whether a received mail can carry the field (its subject, body and sender): a procedure may
// require only those of mail, which no one can be asked to fill in before it arrives.
bool MailCarries(IntakeField field);

// Whether `s` reads as an e-mail address (a name, an @ and a domain, no spaces): what a request's
// and a client's addresses must be.
bool IsEmailAddress(std::string_view s);

// Whether a registration may stand, as created or amended: a title or a description, a way to
// reach the caller, well-formed addresses; else the refusal naming the field at fault.
Status CheckRegistration(const Registration& registration);
// Whether it has every field the procedure requires for its channel (only those of `among`,
// when given: an amendment must not empty a required field, but need not complete the others);
// else the refusal naming the first one missing.
Status CheckRequiredFields(const Registration& registration, const Procedure& procedure,
                           const std::vector<IntakeField>* among = nullptr);

}  // namespace tierdesk::core
