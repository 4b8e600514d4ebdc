#include "core/visibility.h"

#include "core/command.h"

namespace tierdesk::core {

bool ClientSees(const Event& event) {
  const auto type = ParseEventType(event.type);
  if (!type) return false;  // a type this version does not know is not shown
  switch (*type) {
    case EventType::kNote: {
      const std::string* visibility = event.Field("visibility");
      return visibility != nullptr && *visibility == "public";
    }
    // Clients see the answers to questionnaires that are for them (they gave them).
    case EventType::kQuestionnaireAnswered: {
      const std::string* audience = event.Field("audience");
      return audience != nullptr && *audience == "clients";
    }
    case EventType::kCreated:
    case EventType::kHandedOff:
    case EventType::kResponded:
    case EventType::kPriorityChanged:
    case EventType::kWorkaroundGiven:
    case EventType::kPendingClient:
    case EventType::kClientReplied:
    case EventType::kEscalated:
    case EventType::kApprovalRequested:
    case EventType::kClientApproved:
    case EventType::kClientDeclined:
    case EventType::kResolved:
    case EventType::kSignoffRequested:
    case EventType::kSignoffReminderSent:
    case EventType::kSignedOff:
    case EventType::kClosed:
    case EventType::kReopened:
      return true;
    default:
      return false;
  }
}

bool ClientSeesField(std::string_view event_type, std::string_view field) {
  if (field == "credential") return false;
  if (event_type == EventTypeName(EventType::kResolved)) return ClientSeesResolutionField(field);
  return !(event_type == EventTypeName(EventType::kHandedOff) && field == "tried");
}

bool ClientSeesResolutionField(std::string_view key) { return key != cmd::kKnownFixField; }

std::map<std::string, std::string> ResolutionForClient(const Ticket& ticket) {
  std::map<std::string, std::string> seen;
  if (!ClientSeesResolution(ticket)) return seen;
  for (const auto& [key, value] : ticket.resolution)
    if (ClientSeesResolutionField(key)) seen.emplace(key, value);
  return seen;
}

QuestionOutcome WhatClientSees(const QuestionOutcome& outcome) {
  QuestionOutcome seen;
  seen.fix = outcome.fix;
  seen.resolve = outcome.resolve;
  return seen;
}

bool ClientSeesResolution(const Ticket& ticket) {
  return ticket.stage == Stage::kAwaitingSignOff || ticket.stage == Stage::kClosed;
}

}  // namespace tierdesk::core
