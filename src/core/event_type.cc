#include "core/event_type.h"

#include "core/enum_names.h"

namespace tierdesk::core {

const char* EventTypeName(EventType type) {
  switch (type) {
    case EventType::kCreated:
      return "created";
    case EventType::kHandedOff:
      return "handed_off";
    case EventType::kPaged:
      return "paged";
    case EventType::kAcknowledged:
      return "acknowledged";
    case EventType::kCalled:
      return "called";
    case EventType::kResponded:
      return "responded";
    case EventType::kPriorityChanged:
      return "priority_changed";
    case EventType::kTriaged:
      return "triaged";
    case EventType::kQuestionnaireAnswered:
      return "questionnaire_answered";
    case EventType::kConsultAsked:
      return "consult_asked";
    case EventType::kConsultPaged:
      return "consult_paged";
    case EventType::kConsultAnswered:
      return "consult_answered";
    case EventType::kWorkaroundGiven:
      return "workaround_given";
    case EventType::kPendingClient:
      return "pending_client";
    case EventType::kClientReplied:
      return "client_replied";
    case EventType::kAmended:
      return "amended";
    case EventType::kNote:
      return "note";
    case EventType::kEscalated:
      return "escalated";
    case EventType::kDecisionRequested:
      return "decision_requested";
    case EventType::kManagerApproved:
      return "manager_approved";
    case EventType::kManagerDeclined:
      return "manager_declined";
    case EventType::kApprovalRequested:
      return "approval_requested";
    case EventType::kClientApproved:
      return "client_approved";
    case EventType::kClientDeclined:
      return "client_declined";
    case EventType::kResolved:
      return "resolved";
    case EventType::kQcRequested:
      return "qc_requested";
    case EventType::kQcPassed:
      return "qc_passed";
    case EventType::kQcFailed:
      return "qc_failed";
    case EventType::kSignoffRequested:
      return "signoff_requested";
    case EventType::kSignoffReminderSent:
      return "signoff_reminder_sent";
    case EventType::kSignoffOverdue:
      return "signoff_overdue";
    case EventType::kSignedOff:
      return "signed_off";
    case EventType::kClosed:
      return "closed";
    case EventType::kReopened:
      return "reopened";
    case EventType::kKnowledgeBaseTask:
      return "knowledge_base_task";
    case EventType::kClockStarted:
      return "clock_started";
    case EventType::kClockMet:
      return "clock_met";
    case EventType::kClockBreached:
      return "clock_breached";
    case EventType::kClockStopped:
      return "clock_stopped";
    case EventType::kClockPaused:
      return "clock_paused";
    case EventType::kClockResumed:
      return "clock_resumed";
    case EventType::kTeamLeaderNotified:
      return "team_leader_notified";
    case EventType::kReminderSent:
      return "reminder_sent";
    case EventType::kPageChainExhausted:
      return "page_chain_exhausted";
    case EventType::kHierarchyExhausted:
      return "hierarchy_exhausted";
    case EventType::kDeliveryFailed:
      return "delivery_failed";
  }
  return "";
}

std::optional<EventType> ParseEventType(std::string_view name) {
  return ParseByName<EventType, kEventTypeCount>(name, EventTypeName);
}

}  // namespace tierdesk::core
