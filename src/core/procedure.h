#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/time.h"
#include "core/calendar.h"
#include "core/intake.h"
#include "core/priority.h"
#include "core/questionnaire.h"

namespace date {
class time_zone;
}

namespace tierdesk::core {

// What the engine does when a clock breaches. The same vocabulary for every clock.
enum class BreachAction {
  kNotifyTeamLeader,   // mail and page the tier's team leaders
  kRemindAssignee,     // remind whoever holds the ticket (or the tier's agents)
  kNotifyRequester,    // tell the client the target was missed
  kEscalateHierarchy,  // call in the next level of the hierarchical track
  kAutoHandOff,        // move the ticket to the tier's first hand-off target
};
const char* BreachActionName(BreachAction a);
std::optional<BreachAction> ParseBreachAction(std::string_view s);

// Why a ticket may be handed to the next tier (seed 003's criteria).
enum class HandOffCriterion {
  kNeedsDeeperKnowledge,
  kPotentialBug,
  kCodeChange,
  kPerformance,
  kSecurity,
  kOnsiteRequired,
  kUnresolvedAtTier,  // the tier tried and could not resolve (seed 004)
};
const char* HandOffCriterionName(HandOffCriterion c);
std::optional<HandOffCriterion> ParseHandOffCriterion(std::string_view s);

struct ClockRule {
  Minutes within{0};                        // for every priority; 0 = only those listed below
  std::map<Priority, Minutes> by_priority;  // a target of its own (seed 001: "based on the priority")
  std::string calendar;
  std::vector<BreachAction> on_breach;

  // The target for a ticket of `priority`: its own when listed, else `within`; nullopt when the
  // rule sets none for it (no clock runs).
  std::optional<Minutes> WithinFor(Priority priority) const;
};

struct StatusUpdateRule {
  Minutes every{0};
  std::string calendar;
  std::set<Priority> priorities;  // seed 001: critical and high
};

struct TierClocks {
  std::optional<ClockRule> handoff;   // pass it on (or resolve) within
  std::optional<ClockRule> response;  // first structured client response within
  std::optional<StatusUpdateRule> status_updates;
  Minutes default_next_update{0};  // when a response promises none
  std::string resolution_calendar;
  std::map<Priority, Minutes> resolution;  // target per priority; absent = none
  std::vector<BreachAction> on_resolution_breach;
};

struct Tier {
  std::string id;
  std::string name;
  std::string calendar;                 // the tier's working hours (queue hours)
  std::string routing_kind;             // asset kind ("server", "product"); empty = no routing
  std::vector<std::string> handoff_to;  // tiers it may hand to, in preference order
  std::set<HandOffCriterion> criteria;  // accepted criteria; empty = any
  bool qc = false;                      // resolutions at this tier go through quality control
  bool notify_requester_on_entry = true;
  // Tickets of these priorities arriving while the tier is closed page the asset's on-call
  // chain at once instead of waiting for opening time.
  std::set<Priority> after_hours_on_call;
  TierClocks clocks;
  int line = 0;
};

struct Person {
  std::string id;
  std::string name;
  std::string email;
  std::string phone;
  std::set<std::string> roles;  // agent, senior_engineer, team_leader, it_head, it_manager, qc
  std::set<std::string> tiers;
  int line = 0;
};

struct ChainStep {
  std::string person;
  Minutes ack_window{0};
};

struct Asset {
  std::string kind;  // "server", "product", ...
  std::string id;
  std::string name;
  std::string forum;               // the queue or forum where its issues are opened
  std::vector<ChainStep> chain;    // primary -> secondary -> team leader
  std::vector<ChainStep> on_call;  // 24x7 chain for after-hours pages; empty = chain
  int repeat = 0;                  // extra passes over the chain before giving up
  std::string calendar;            // calendar of the ack windows
  int line = 0;

  std::string Key() const { return kind + ":" + id; }
};

// Another team a tier may ask a question without handing the ticket over (seed 003: Tier 2
// "liaises with other internal teams, such as network operations or database administrators").
// The asking tier keeps the ticket; the team's answer has a clock of its own, and its chain is
// paged in turn until someone of the team answers.
struct ConsultTeam {
  std::string id;
  std::string name;
  std::string calendar;              // the team's hours: its answer clock runs on them
  Minutes answer_within{0};          // business time the team has to answer
  std::vector<ChainStep> chain;      // paged one after another, each for its ack window
  std::vector<std::string> members;  // may answer besides those in the chain
  // The team may confirm a fix on a ticket it was consulted on (seed 003: Engineering "verify"),
  // as the tiers the ticket went through may.
  bool confirms_fix = false;
  int line = 0;

  bool HasMember(std::string_view person) const;
};

struct HierarchyStep {
  std::string role;                   // engineer -> senior_engineer -> it_head
  std::map<Priority, Minutes> after;  // time at the previous level before this one
};

struct Hierarchy {
  std::string calendar;
  std::vector<HierarchyStep> steps;  // steps[0] is the starting level (no delay)
};

enum class RaiseCondition {
  kServiceDown,     // server or database down
  kNoWorkaround,    // client cannot work and no alternate procedure exists
  kPeopleAffected,  // at least `threshold` people affected
  kMultiClient,     // `threshold` distinct clients on the same asset within `window`
  kOrgImpact,       // impact graded high
};
const char* RaiseConditionName(RaiseCondition c);
std::optional<RaiseCondition> ParseRaiseCondition(std::string_view s);

struct RaiseRule {
  RaiseCondition when;
  int threshold = 0;
  Minutes window{0};
  std::optional<Priority> to;  // raise at least to this priority
  int by = 0;                  // or by this many levels
};

struct PriorityRules {
  Priority fallback = Priority::kMedium;
  // matrix[impact][urgency]
  std::array<std::array<Priority, 3>, 3> matrix{};
  std::vector<RaiseRule> raise;
};

// Entering `tier` needs a decision by someone with `decision_role`, then (optionally) the
// client's approval (seed 004's IT-manager decision point before the NOC).
struct ApprovalGate {
  std::string tier;
  std::string decision_role;
  bool client_approval = true;
};

struct Closure {
  bool client_signoff = true;
  std::string signoff_calendar;
  Minutes remind_after{0};             // business time without sign-off before a reminder
  int reminders = 0;                   // how many reminders before `close_after_reminders` applies
  bool close_after_reminders = false;  // close without sign-off once reminders are exhausted
  bool knowledge_base = false;         // closing opens a knowledge-base task
  // Staff other than the resolver may record a sign-off the client gave by phone, mail or in
  // person, with the client's words. Off by default: seed 000 closes "only when the client
  // replies and signs off".
  bool staff_may_record_signoff = false;
  std::vector<std::string> resolution_fields;  // details a close must record
};

// How requests that arrive by mail are taken in.
struct Intake {
  // Mail from an address the client directory does not know: kept for an operator to sort out
  // (refuse), or its sender entered in the directory and the request opened (register).
  enum class UnknownSender { kRefuse, kRegister };
  UnknownSender unknown_sender = UnknownSender::kRefuse;
  // The fields a request must bring, per channel it arrives by (seed 001's intake list); a
  // channel not named requires none beyond the core's own (a title or description, a contact).
  std::map<Channel, std::vector<IntakeField>> required;
};

// The knowledge base: who may publish an article (seed 003: the knowledge_manager).
// A reply staff use often ("we restarted the service; please try again"), inserted into a
// response or a note and edited there.
struct SavedReply {
  std::string id;
  std::string title;
  std::string text;
  int line = 0;
};

struct Knowledge {
  std::vector<std::string> publishers = {"knowledge_manager"};  // roles
  std::vector<SavedReply> saved_replies;
};

struct Template {
  std::string subject;
  std::string body;  // for lettered templates, the parts joined by blank lines
  std::vector<std::pair<std::string, std::string>> parts;  // named parts, in order
};

struct Procedure {
  std::string id;
  std::string name;
  std::string time_zone;                  // for display
  const date::time_zone* zone = nullptr;  // `time_zone` looked up once (null = UTC)
  std::map<std::string, Calendar> calendars;
  std::vector<Tier> tiers;  // the ladder, in order
  std::vector<Person> people;
  std::vector<Asset> assets;
  Hierarchy hierarchy;
  PriorityRules priority;
  std::vector<ApprovalGate> gates;
  Closure closure;
  Intake intake;
  std::map<std::string, Template> templates;
  std::vector<Questionnaire> questionnaires;
  std::vector<ConsultTeam> consult_teams;
  Knowledge knowledge;

  const Tier* FindTier(std::string_view id) const;
  int TierIndex(std::string_view id) const;  // -1 if unknown
  const Person* FindPerson(std::string_view id) const;
  const Asset* FindAsset(std::string_view kind, std::string_view id) const;
  const Asset* FindAsset(std::string_view key) const;        // "kind:id", as a page names it
  // The asset a requester's words name: its key ("server:web-01"), its id or its name, compared
  // without case or surrounding spaces; null when none does, or more than one.
  const Asset* AssetNamed(std::string_view words) const;
  const Calendar& CalendarFor(std::string_view name) const;  // 24x7 if unknown
  const ApprovalGate* GateFor(std::string_view tier) const;
  const Template* FindTemplate(std::string_view name) const;
  const Questionnaire* FindQuestionnaire(std::string_view id) const;
  const ConsultTeam* FindConsultTeam(std::string_view id) const;
  std::vector<const Person*> PeopleWithRole(std::string_view role,
                                            std::string_view tier = {}) const;
};

inline constexpr const char* kAlwaysOpenCalendar = "24x7";

}  // namespace tierdesk::core
