#pragma once

#include <optional>
#include <string_view>

namespace tierdesk::core {

// The catalogue of what can happen to a ticket. Its wire name ("created", "handed_off", ...) is
// an event's `type` in the log, the API, the live stream and webhooks: a stable interface.
enum class EventType {
  kCreated,
  kHandedOff,
  kPaged,
  kAcknowledged,
  kCalled,  // a call to the person a page is with, and its outcome
  kResponded,
  kPriorityChanged,
  kTriaged,  // staff changed what the priority is worked out from
  kQuestionnaireAnswered,
  kConsultAsked,  // a tier asked another team a question
  kConsultPaged,  // the team's chain asks one of them to answer
  kConsultAnswered,
  kWorkaroundGiven,
  kPendingClient,
  kClientReplied,
  kNote,
  kAmended,
  kEscalated,
  kDecisionRequested,
  kManagerApproved,
  kManagerDeclined,
  kApprovalRequested,
  kClientApproved,
  kClientDeclined,
  kResolved,
  kQcRequested,
  kQcPassed,
  kQcFailed,
  kSignoffRequested,
  kSignoffReminderSent,
  kSignoffOverdue,
  kSignedOff,
  kClosed,
  kReopened,
  kKnowledgeBaseTask,
  kClockStarted,
  kClockMet,
  kClockBreached,
  kClockStopped,
  kClockPaused,
  kClockResumed,
  kTeamLeaderNotified,
  kReminderSent,
  kPageChainExhausted,
  kHierarchyExhausted,
  kDeliveryFailed,
};
inline constexpr int kEventTypeCount = int(EventType::kDeliveryFailed) + 1;

const char* EventTypeName(EventType type);
std::optional<EventType> ParseEventType(std::string_view name);

}  // namespace tierdesk::core
