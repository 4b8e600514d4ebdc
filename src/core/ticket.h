#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "core/priority.h"
#include "core/sla_clock.h"

namespace tierdesk::core {

using TicketId = int64_t;
// "TD-42": how people and mail subjects name a ticket.
std::string TicketRef(TicketId id);
std::optional<TicketId> ParseTicketRef(std::string_view ref);

enum class Channel { kEmail, kWeb, kPhone, kChat, kWalkIn, kSocial, kApi };
enum class Category { kIncident, kServiceRequest, kChangeRequest, kDefect };
enum class ResponseStatus { kFixed, kWorkingOnIt, kNotAnIssue, kCannotReplicate };
enum class Stage {
  kOpen,                    // being worked at `tier`
  kPendingClient,           // waiting for the client; pausable clocks paused
  kAwaitingDecision,        // hand-off to a gated tier waits for the IT manager
  kAwaitingClientApproval,  // ... then for the client's approval
  kAwaitingQc,              // resolved; quality control checks it
  kAwaitingSignOff,         // QC passed; the client must sign off
  kClosed,
};

// Clients act as "client:<their unique user ID>"; people of the procedure by their id.
std::string ClientActor(std::string_view client_id);
bool IsClientActor(std::string_view actor);
// The client id a client actor names; empty for any other actor.
std::string_view ClientIdOf(std::string_view actor);

const char* ChannelName(Channel c);
std::optional<Channel> ParseChannel(std::string_view s);
const char* CategoryName(Category c);
std::optional<Category> ParseCategory(std::string_view s);
const char* ResponseStatusName(ResponseStatus s);  // "Fixed", "Working on it", ...
std::optional<ResponseStatus> ParseResponseStatus(std::string_view s);  // name or snake_case
const char* StageName(Stage s);
std::optional<Stage> ParseStage(std::string_view s);

// A file received with a request or a reply (a screenshot, a log). The bytes are stored apart,
// by digest; the ticket lists what it was sent.
struct Attachment {
  std::string name;
  std::string content_type;
  int64_t size = 0;
  std::string sha256;     // hex digest of the stored bytes; empty when they were not kept
  std::string note;       // why they were not kept (over the size limit, say)
  bool internal = false;  // sent with an internal note: staff see it, the client does not
  friend bool operator==(const Attachment&, const Attachment&) = default;
};

// What intake records (seed 001 "Registering an issue", seed 004 unique user ID).
struct Registration {
  std::string title;
  std::optional<Timestamp> occurred_at;
  std::string caller_name;
  std::string caller_email;
  std::string caller_phone;
  std::string requester_name;  // who has the problem
  std::string requester_email;
  std::vector<std::string> notify;  // who else must be told
  std::string institute;
  std::string building;
  std::string room;
  std::string affected;  // who is affected: one person, a team, a building
  // The module, page or resource, in the requester's words; at create it also names the asset
  // when it names one (Procedure::AssetNamed).
  std::string module;
  std::map<std::string, std::string> assets;  // asset kind -> asset id
  std::string description;
  std::string actions_attempted;
  std::string error_messages;
  std::optional<bool> first_time;
  Channel channel = Channel::kEmail;
  std::string client_id;  // the client's unique user ID
  std::string organisation;

  friend bool operator==(const Registration&, const Registration&) = default;
};

// A page in flight: who in which chain must acknowledge by the "ack" clock.
struct Page {
  std::string asset;  // asset key "kind:id"
  bool on_call = false;
  int step = 0;  // index in the chain
  int pass = 0;  // 0 = first pass, up to the asset's repeat count
  std::string person;
  friend bool operator==(const Page&, const Page&) = default;
};

// What a ticket's priority is worked out from (seed 001's raise rules: server or database down,
// no alternative, how many people, several clients), as intake set them and staff change them
// later: kept so that each change re-evaluates the priority the one way (EvaluatePriority).
struct PriorityFactors {
  std::optional<Priority> set;  // given outright (at intake, or by change_priority): the base
  std::optional<Grade> impact;
  std::optional<Grade> urgency;
  bool service_down = false;
  bool no_workaround = false;
  int people_affected = 0;
  int other_clients_on_asset = 0;  // counted by the service, which sees every ticket
  friend bool operator==(const PriorityFactors&, const PriorityFactors&) = default;
};

// One answered question on the path taken, as stored with the ticket.
struct WalkedAnswer {
  std::string question;  // id
  std::string text;      // the question as it was asked
  std::string value;     // what was answered
  std::string label;     // how it reads (a choice's label; the value itself otherwise)
  friend bool operator==(const WalkedAnswer&, const WalkedAnswer&) = default;
};

// A questionnaire as answered on a ticket: what it asked, in order, and where it led.
struct AnsweredQuestionnaire {
  std::string id;
  int version = 0;
  std::string title;
  std::vector<WalkedAnswer> answers;
  bool complete = false;
  std::string fix;
  bool resolve = false;
  std::string route;
  bool for_clients = false;  // the client answered it, or may see it (ClientSees)
  friend bool operator==(const AnsweredQuestionnaire&, const AnsweredQuestionnaire&) = default;
};

// A hand-off as the next tier reads it (seed 003: "providing all documented information and
// troubleshooting steps taken").
struct HandOffNote {
  std::string from;
  std::string to;
  std::string criterion;
  std::string tried;
  std::string by;
  Timestamp at{};
  friend bool operator==(const HandOffNote&, const HandOffNote&) = default;
};
inline constexpr size_t kMaxHandOffNotes = 50;  // the newest kept

// A question the ticket's tier asked another team of the procedure (a ConsultTeam). The asking
// tier keeps the ticket; the team is paged in turn until one of them answers.
struct Consult {
  std::string team;
  std::string question;
  std::string asked_by;
  std::string tier;  // the tier that asked
  Timestamp asked_at{};
  std::string paged;  // whom the team's chain asks now; empty once answered or closed
  int step = 0;       // their index in the team's chain
  std::string answer;
  std::string answered_by;
  std::optional<Timestamp> answered_at;

  bool open() const { return !answered_at && !paged.empty(); }
  friend bool operator==(const Consult&, const Consult&) = default;
};
inline constexpr size_t kMaxConsults = 20;

// Someone who worked the ticket before (an earlier tier, a consulted team) confirming the fix
// works (seed 003: Engineering "collaborates with Tier 1 and Tier 2 to deploy fixes and verify").
struct FixConfirmation {
  std::string by;
  Timestamp at{};
  std::string text;
  friend bool operator==(const FixConfirmation&, const FixConfirmation&) = default;
};
inline constexpr size_t kMaxFixConfirmations = 20;  // the newest kept

struct Ticket {
  TicketId id = 0;
  int64_t version = 0;  // commands applied
  Registration registration;
  Category category = Category::kIncident;
  Priority priority = Priority::kMedium;
  PriorityFactors factors;
  Timestamp received_at{};
  Timestamp updated_at{};
  Stage stage = Stage::kOpen;
  std::string tier;
  std::string gate_tier;  // the gated tier a pending decision is for
  std::string assignee;
  std::optional<Page> page;
  int hierarchy_level = 0;
  std::vector<SlaClock> clocks;
  std::optional<ResponseStatus> last_status;
  std::string workaround;
  std::string resolved_tier;
  std::string resolved_by;
  std::map<std::string, std::string> resolution;  // summary, root_cause, steps, ...
  int signoff_reminders = 0;
  int reopen_count = 0;
  // Counts the requests for a decision mailed with one-click links: each page, each approval
  // request, each sign-off request. A link carries the count it was mailed under and acts only
  // while that is still the ticket's, so a new resolution voids the links of the one before.
  int64_t link_cycle = 0;
  // Events in the ticket's timeline (counted since tierdesk 2026.12; tickets stored before start
  // from 0): what bounds how much a client can make a ticket hold.
  int64_t event_count = 0;
  std::vector<Attachment> attachments;  // every file received on the ticket, in order
  std::vector<AnsweredQuestionnaire> questionnaires;  // walked at intake or later, in order
  std::vector<HandOffNote> handoffs;                  // in order, the newest kMaxHandOffNotes
  std::string findings;                               // the latest structured response's findings
  std::vector<Consult> consults;                      // in the order asked
  std::vector<FixConfirmation> confirmations;         // in order, the newest kept

  const SlaClock* FindClock(std::string_view name) const;
  SlaClock* FindClock(std::string_view name);
  // The running clock a deadline fired for: by its name, or for a kind of clock a ticket may run
  // several of (clocks::kConsult), the one of that kind due at `due`.
  SlaClock* FindDueClock(std::string_view name, Timestamp due);
  // The consult still waiting for `team`'s answer, if any (one at a time per team).
  Consult* OpenConsult(std::string_view team);
  void SetClock(SlaClock clock);                // replaces the clock of the same name, if any
  bool IsClient(std::string_view actor) const;  // actor is "client:<client_id>"

  friend bool operator==(const Ticket&, const Ticket&) = default;
};

// Clock names: the scheduler's deadlines are (ticket, clock name, due).
namespace clocks {
inline constexpr const char* kHandOff = "handoff";
inline constexpr const char* kResponse = "response";
inline constexpr const char* kAck = "ack";
inline constexpr const char* kNextUpdate = "next_update";
inline constexpr const char* kStatusUpdate = "status_update";
inline constexpr const char* kResolution = "resolution";
inline constexpr const char* kHierarchy = "hierarchy";
inline constexpr const char* kSignOff = "signoff";
// A consult's clocks are named for the team: "consult:dba" (the answer) and "consult_page:dba"
// (the ack window of whom the team's chain asks now). The scheduler keeps the earliest of each
// kind per ticket and fires it by the kind's name ("consult", due), which FindDueClock resolves.
inline constexpr const char* kConsult = "consult";
inline constexpr const char* kConsultPage = "consult_page";
inline constexpr std::string_view kConsultPrefix = "consult:";
inline constexpr std::string_view kConsultPagePrefix = "consult_page:";
inline std::string ConsultAnswer(std::string_view team) {
  return std::string(kConsultPrefix) += team;
}
inline std::string ConsultPage(std::string_view team) {
  return std::string(kConsultPagePrefix) += team;
}
// The kind a clock's name is of: itself, or the kind of a consult's clock ("consult" for
// "consult:dba").
std::string_view KindOf(std::string_view clock_name);
}  // namespace clocks

}  // namespace tierdesk::core
