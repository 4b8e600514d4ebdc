#include "core/intake.h"

#include <algorithm>

#include "core/enum_names.h"
#include "core/procedure.h"

namespace tierdesk::core {

namespace {

// Each field's text member, or null for those of another type (timestamps, lists, booleans).
std::string* TextOf(Registration& r, IntakeField field) {
  switch (field) {
    case IntakeField::kTitle:
      return &r.title;
    case IntakeField::kCallerName:
      return &r.caller_name;
    case IntakeField::kCallerEmail:
      return &r.caller_email;
    case IntakeField::kCallerPhone:
      return &r.caller_phone;
    case IntakeField::kRequesterName:
      return &r.requester_name;
    case IntakeField::kRequesterEmail:
      return &r.requester_email;
    case IntakeField::kInstitute:
      return &r.institute;
    case IntakeField::kBuilding:
      return &r.building;
    case IntakeField::kRoom:
      return &r.room;
    case IntakeField::kAffected:
      return &r.affected;
    case IntakeField::kModule:
      return &r.module;
    case IntakeField::kDescription:
      return &r.description;
    case IntakeField::kActionsAttempted:
      return &r.actions_attempted;
    case IntakeField::kErrorMessages:
      return &r.error_messages;
    case IntakeField::kOrganisation:
      return &r.organisation;
    case IntakeField::kOccurredAt:
    case IntakeField::kNotify:
    case IntakeField::kFirstTime:
      break;
  }
  return nullptr;
}

const std::string* TextOf(const Registration& r, IntakeField field) {
  return TextOf(const_cast<Registration&>(r), field);
}

}  // namespace

const char* IntakeFieldName(IntakeField field) {
  switch (field) {
    case IntakeField::kTitle:
      return "title";
    case IntakeField::kOccurredAt:
      return "occurred_at";
    case IntakeField::kCallerName:
      return "caller_name";
    case IntakeField::kCallerEmail:
      return "caller_email";
    case IntakeField::kCallerPhone:
      return "caller_phone";
    case IntakeField::kRequesterName:
      return "requester_name";
    case IntakeField::kRequesterEmail:
      return "requester_email";
    case IntakeField::kNotify:
      return "notify";
    case IntakeField::kInstitute:
      return "institute";
    case IntakeField::kBuilding:
      return "building";
    case IntakeField::kRoom:
      return "room";
    case IntakeField::kAffected:
      return "affected";
    case IntakeField::kModule:
      return "module";
    case IntakeField::kDescription:
      return "description";
    case IntakeField::kActionsAttempted:
      return "actions_attempted";
    case IntakeField::kErrorMessages:
      return "error_messages";
    case IntakeField::kFirstTime:
      return "first_time";
    case IntakeField::kOrganisation:
      return "organisation";
  }
  return "";
}

std::optional<IntakeField> ParseIntakeField(std::string_view name) {
  return ParseByName<IntakeField, kIntakeFieldCount>(name, IntakeFieldName);
}

const char* IntakeFieldLabel(IntakeField field) {
  switch (field) {
    case IntakeField::kTitle:
      return "Title";
    case IntakeField::kOccurredAt:
      return "When it happened";
    case IntakeField::kCallerName:
      return "Caller's name";
    case IntakeField::kCallerEmail:
      return "Caller's e-mail";
    case IntakeField::kCallerPhone:
      return "Caller's phone";
    case IntakeField::kRequesterName:
      return "Requester's name";
    case IntakeField::kRequesterEmail:
      return "Requester's e-mail";
    case IntakeField::kNotify:
      return "Also notify";
    case IntakeField::kInstitute:
      return "Institute or site";
    case IntakeField::kBuilding:
      return "Building";
    case IntakeField::kRoom:
      return "Room";
    case IntakeField::kAffected:
      return "Who is affected";
    case IntakeField::kModule:
      return "Module or resource";
    case IntakeField::kDescription:
      return "Description";
    case IntakeField::kActionsAttempted:
      return "What was tried";
    case IntakeField::kErrorMessages:
      return "Error messages";
    case IntakeField::kFirstTime:
      return "First time?";
    case IntakeField::kOrganisation:
      return "Organisation";
  }
  return "";
}

bool IsFilled(const Registration& r, IntakeField field) {
  if (const std::string* text = TextOf(r, field)) return !text->empty();
  switch (field) {
    case IntakeField::kOccurredAt:
      return r.occurred_at.has_value();
    case IntakeField::kNotify:
      return !r.notify.empty();
    case IntakeField::kFirstTime:
      return r.first_time.has_value();
    default:
      return false;
  }
}

std::string FieldText(const Registration& r, IntakeField field) {
  if (const std::string* text = TextOf(r, field)) return *text;
  switch (field) {
    case IntakeField::kOccurredAt:
      return r.occurred_at ? FormatTimestamp(*r.occurred_at) : "";
    case IntakeField::kNotify: {
      std::string out;
      for (const std::string& address : r.notify) out += (out.empty() ? "" : ", ") + address;
      return out;
    }
    case IntakeField::kFirstTime:
      return r.first_time ? (*r.first_time ? "yes" : "no") : "";
    default:
      return "";
  }
}

void CopyField(const Registration& from, IntakeField field, Registration& to) {
  if (std::string* text = TextOf(to, field)) {
    *text = *TextOf(from, field);
    return;
  }
  switch (field) {
    case IntakeField::kOccurredAt:
      to.occurred_at = from.occurred_at;
      break;
    case IntakeField::kNotify:
      to.notify = from.notify;
      break;
    case IntakeField::kFirstTime:
      to.first_time = from.first_time;
      break;
    default:
      break;
  }
}

bool MailCarries(IntakeField field) {
  return field == IntakeField::kTitle || field == IntakeField::kDescription ||
         field == IntakeField::kCallerName || field == IntakeField::kCallerEmail;
}

namespace {

Status RequireField(bool ok, std::string_view field, std::string message) {
  if (ok) return Ok();
  return Fail(ErrorCode::kInvalidArgument, std::move(message), std::string(field));
}

}  // namespace

bool IsEmailAddress(std::string_view s) {
  auto at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find(' ') == std::string_view::npos;
}

Status CheckRegistration(const Registration& r) {
  if (auto s = RequireField(!r.title.empty() || !r.description.empty(), "title",
                            "a request needs a title or a description");
      !s)
    return s;
  if (auto s = RequireField(
          !r.requester_email.empty() || !r.caller_email.empty() || !r.caller_phone.empty(),
          "caller_email", "a request needs a way to reach the caller: email or phone");
      !s)
    return s;
  for (const auto* email : {&r.caller_email, &r.requester_email})
    if (!email->empty() && !IsEmailAddress(*email))
      return Fail(ErrorCode::kInvalidArgument, "'" + *email + "' is not an email address",
                  email == &r.caller_email ? "caller_email" : "requester_email");
  for (const auto& n : r.notify)
    if (!IsEmailAddress(n))
      return Fail(ErrorCode::kInvalidArgument, "'" + n + "' is not an email address", "notify");
  return Ok();
}

Status CheckRequiredFields(const Registration& r, const Procedure& p,
                           const std::vector<IntakeField>* among) {
  auto required = p.intake.required.find(r.channel);
  if (required == p.intake.required.end()) return Ok();
  for (IntakeField field : required->second)
    if (!IsFilled(r, field) &&
        (among == nullptr || std::find(among->begin(), among->end(), field) != among->end()))
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(IntakeFieldLabel(field)) + " is required for " +
                      ChannelName(r.channel) + " requests (the procedure's intake)",
                  IntakeFieldName(field));
  return Ok();
}

}  // namespace tierdesk::core
