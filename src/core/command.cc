#include "core/command.h"

#include "core/enum_names.h"

namespace tierdesk::core {

namespace {
// Checked at compile time against the body each kind names.
template <CommandKind kind, class Body>
constexpr bool kNamesBody =
    std::is_same_v<std::variant_alternative_t<int(kind), CommandBody>, Body>;
static_assert(kNamesBody<CommandKind::kHandOff, cmd::HandOff> &&
              kNamesBody<CommandKind::kSignOff, cmd::SignOff> &&
              kNamesBody<CommandKind::kDeliveryFailed, cmd::DeliveryFailed>);
}  // namespace

const char* CommandKindName(CommandKind kind) {
  switch (kind) {
    case CommandKind::kCreate:
      return "create";
    case CommandKind::kHandOff:
      return "handoff";
    case CommandKind::kAcknowledge:
      return "acknowledge";
    case CommandKind::kRespond:
      return "respond";
    case CommandKind::kChangePriority:
      return "change_priority";
    case CommandKind::kWorkaround:
      return "workaround";
    case CommandKind::kPendingClient:
      return "pending_client";
    case CommandKind::kClientReply:
      return "client_reply";
    case CommandKind::kEscalate:
      return "escalate";
    case CommandKind::kManagerDecision:
      return "manager_decision";
    case CommandKind::kClientApproval:
      return "client_approval";
    case CommandKind::kResolve:
      return "resolve";
    case CommandKind::kQcPass:
      return "qc_pass";
    case CommandKind::kQcFail:
      return "qc_fail";
    case CommandKind::kSignOff:
      return "sign_off";
    case CommandKind::kReopen:
      return "reopen";
    case CommandKind::kNote:
      return "note";
    case CommandKind::kAmend:
      return "amend";
    case CommandKind::kCall:
      return "call";
    case CommandKind::kTriage:
      return "triage";
    case CommandKind::kQuestionnaire:
      return "questionnaire";
    case CommandKind::kConsult:
      return "consult";
    case CommandKind::kConsultAnswer:
      return "consult_answer";
    case CommandKind::kClockDue:
      return "clock_due";
    case CommandKind::kDeliveryFailed:
      return "delivery_failed";
    case CommandKind::kClientsOnAsset:
      return "clients_on_asset";
  }
  return "";
}

std::optional<CommandKind> ParseCommandKind(std::string_view name) {
  return ParseByName<CommandKind, kCommandKindCount>(name, CommandKindName);
}

namespace cmd {

const char* CallOutcomeName(CallOutcome outcome) {
  switch (outcome) {
    case CallOutcome::kReachedAccepted:
      return "reached_accepted";
    case CallOutcome::kNoAnswer:
      return "no_answer";
    case CallOutcome::kVoicemail:
      return "voicemail";
    case CallOutcome::kDeclined:
      return "declined";
  }
  return "";
}

std::optional<CallOutcome> ParseCallOutcome(std::string_view name) {
  return ParseByName<CallOutcome, kCallOutcomeCount>(name, CallOutcomeName);
}

const char* CallOutcomeWords(CallOutcome outcome) {
  switch (outcome) {
    case CallOutcome::kReachedAccepted:
      return "reached and accepted";
    case CallOutcome::kNoAnswer:
      return "no answer";
    case CallOutcome::kVoicemail:
      return "voicemail left";
    case CallOutcome::kDeclined:
      return "declined";
  }
  return "";
}

}  // namespace cmd

const char* SignOffHeardVia(Channel channel) {
  switch (channel) {
    case Channel::kPhone:
      return "a phone call";
    case Channel::kEmail:
      return "an email";
    case Channel::kChat:
      return "a chat";
    case Channel::kWalkIn:
      return "a visit in person";
    case Channel::kSocial:
      return "a social media message";
    case Channel::kWeb:
    case Channel::kApi:
      break;
  }
  return nullptr;
}

bool IsTicketCommand(CommandKind kind) {
  return kind != CommandKind::kCreate && kind != CommandKind::kClockDue &&
         kind != CommandKind::kDeliveryFailed && kind != CommandKind::kClientsOnAsset;
}

bool ClientMaySend(CommandKind kind) {
  switch (kind) {
    case CommandKind::kClientReply:
    case CommandKind::kClientApproval:
    case CommandKind::kSignOff:
    case CommandKind::kReopen:
    case CommandKind::kNote:
      return true;
    default:
      return false;
  }
}

const std::string& ClientCommandsInWords() {
  static const std::string kWords =
      "clients may only reply, approve, sign off, reopen or add notes";
  return kWords;
}

const std::vector<CommandKind>& TicketCommands() {
  static const std::vector<CommandKind> kAll = [] {
    std::vector<CommandKind> all;
    for (int i = 0; i < kCommandKindCount; ++i)
      if (IsTicketCommand(CommandKind(i))) all.push_back(CommandKind(i));
    return all;
  }();
  return kAll;
}

}  // namespace tierdesk::core
