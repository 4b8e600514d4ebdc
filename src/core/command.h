#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/intake.h"
#include "core/priority.h"
#include "core/questionnaire.h"
#include "core/ticket.h"

namespace tierdesk::core {

// Commands are what people (and the engine) ask of a ticket. Each is validated by Decide.
namespace cmd {

// Set only on a command submitted from a mailed link: the ticket's link_cycle the link was
// mailed under. Decide refuses the command once the ticket has moved on to a newer request.
using LinkCycle = std::optional<int64_t>;

// Answers to one of the procedure's questionnaires, by question id, as a page sends them
// ({"questionnaire": "sign-in", "answers": {"symptom": "locked"}}, in a create or on its own).
struct QuestionnaireAnswers {
  std::string id;
  GivenAnswers answers;
};

struct Create {
  Registration registration;
  Category category = Category::kIncident;
  std::optional<Priority> priority;  // explicit, else from impact x urgency
  std::optional<Grade> impact;
  std::optional<Grade> urgency;
  bool service_down = false;   // server or database down
  bool no_workaround = false;  // client cannot work and has no alternate procedure
  int people_affected = 0;
  // Distinct other clients with open tickets on the same asset within the procedure's
  // multi-client window; counted by the service, which sees all tickets.
  int other_clients_on_asset = 0;
  std::string tier;  // entry tier; empty = the first of the ladder
  std::vector<Attachment> attachments;
  // Walked before the request was sent (staff intake, the portal): stored with the ticket, and
  // what its answers lead to (category, impact, urgency, asset, a tier) is applied over the
  // fields above, as the procedure's author decided those answers mean.
  std::optional<QuestionnaireAnswers> questionnaire;
};

struct HandOff {
  std::string to;
  std::string criterion;
  std::string tried;  // what was tried at this tier: for the next tier, never mailed to the client
  std::string asset;  // "kind:id" or id, when the target tier routes by an asset the ticket lacks
  // What the client is told of it, in the agent's words (optional): the escalation notice says
  // only this, or that the request went to the next team.
  std::string client_message;
};

struct Acknowledge {
  LinkCycle link_cycle;
};

struct Respond {
  std::string status;
  std::optional<Timestamp> eta;
  std::optional<Timestamp> next_update;
  std::string findings;
};

struct ChangePriority {
  std::string to;
  std::string reason;
};

struct Workaround {
  std::string description;
};

struct PendingClient {
  std::string question;
};

struct ClientReply {
  std::string text;
  std::vector<Attachment> attachments;
};

struct Escalate {
  std::string reason;
};

struct ManagerDecision {
  bool approve = false;
  std::string reason;
};

struct ClientApproval {
  bool approve = false;
  std::string reason;
  LinkCycle link_cycle;
};

struct Resolve {
  // summary (required), the procedure's fields, and known_fix: the article that solved it
  // ("KB-7"), when one did.
  std::map<std::string, std::string> resolution;
};
inline constexpr const char* kKnownFixField = "known_fix";

struct QcPass {
  std::string notes;
};

struct QcFail {
  std::string reason;
};

struct SignOff {
  std::string comment;
  // Staff recording a sign-off the client gave them outside the desk (a phone call), where the
  // procedure allows it: how the client gave it and their own words. Empty when the client signs
  // off themselves.
  std::optional<Channel> channel;
  std::string client_words;
  LinkCycle link_cycle;
};

struct Reopen {
  std::string reason;
  LinkCycle link_cycle;
};

struct Note {
  std::string text;
  bool is_public = false;  // public notes are mailed to the requester
  std::vector<Attachment> attachments;
  // The note confirms that the fix works: from someone of an earlier tier on the ticket or a
  // consulted team allowed to (MayConfirmFix), kept with the ticket for the hand-off packet.
  bool confirms_fix = false;
};

// Completes or corrects intake fields after creation (a caller's room, the module they meant):
// each of `fields` takes its value from `values`; the timeline shows what each was before.
struct Amend {
  std::vector<IntakeField> fields;
  Registration values;
  std::string reason;  // optional: why, when it is a correction
};

// What became of a phone call to the person a page is with (seed 000: the chain is "called
// up"). No answer and declined page the next in the chain at once; reached and accepted is their
// acknowledgement; a voicemail leaves the page running.
enum class CallOutcome { kReachedAccepted, kNoAnswer, kVoicemail, kDeclined };
inline constexpr int kCallOutcomeCount = int(CallOutcome::kDeclined) + 1;
const char* CallOutcomeName(CallOutcome outcome);  // "reached_accepted", ...
std::optional<CallOutcome> ParseCallOutcome(std::string_view name);
// "reached and accepted", "no answer", ...: how the timeline words it.
const char* CallOutcomeWords(CallOutcome outcome);

// A call to the person the page in flight is with, and its outcome.
struct Call {
  CallOutcome outcome = CallOutcome::kNoAnswer;
  std::string note;  // optional: what was said, which number was tried
};
// Staff change what the priority is worked out from (seed 001's raise rules); only the factors
// given change. The core evaluates the priority again and tells the requester when it moves.
struct Triage {
  std::optional<Grade> impact;
  std::optional<Grade> urgency;
  std::optional<bool> service_down;
  std::optional<bool> no_workaround;
  std::optional<int> people_affected;
  std::string reason;  // optional: what was learnt
};

// A questionnaire walked on a ticket that is already open (a mailed request Level 1 calls back
// about): stored, and what its answers lead to applied as triage, and as a hand-off when they
// route to another tier.
struct AnswerQuestionnaire {
  QuestionnaireAnswers questionnaire;
};

// The ticket's tier asks another team of the procedure a question (seed 003: Tier 2 "liaises
// with other internal teams"); it keeps the ticket while the team's chain is paged for an answer.
struct Consult {
  std::string team;
  std::string question;
};

// Someone of the consulted team answers its open consult on the ticket.
struct ConsultAnswer {
  std::string team;
  std::string answer;
};

// Fired by the scheduler when a clock's deadline passes. Stale ones (the clock stopped or
// moved since) decide nothing.
struct ClockDue {
  std::string clock;
  Timestamp due;
};

// Another client's request on `asset` arrived: `count` distinct clients other than this ticket's
// have requests on it within the procedure's multi-client window (seed 001: "major problems
// affecting multiple clients"). Sent by the service, which sees every ticket, to each open
// ticket on the asset in the same commit as the new one; it raises those the count now raises.
struct ClientsOnAsset {
  std::string asset;
  int count = 0;
};

// The outbox gave up on a notification of this ticket (a bounced or refused mail, a webhook
// that keeps failing): recorded on the ticket so staff see that the client was not told.
struct DeliveryFailed {
  std::string channel;  // email, page, task, webhook
  std::string to;
  std::string template_name;
  std::string error;
};

}  // namespace cmd

// What only the service desk decides at triage: where a request starts and how urgent it is (the
// raise flags included: service_down alone made a client's request critical). A request a client
// sends sets none of them (replays and staff intake do: they record the desk's triage).
inline constexpr const char* kTriageFields[] = {
    "tier", "priority", "impact", "urgency", "service_down", "no_workaround", "people_affected"};

using CommandBody =
    std::variant<cmd::Create, cmd::HandOff, cmd::Acknowledge, cmd::Respond, cmd::ChangePriority,
                 cmd::Workaround, cmd::PendingClient, cmd::ClientReply, cmd::Escalate,
                 cmd::ManagerDecision, cmd::ClientApproval, cmd::Resolve, cmd::QcPass, cmd::QcFail,
                 cmd::SignOff, cmd::Reopen, cmd::Note, cmd::Amend, cmd::Call, cmd::Triage,
                 cmd::AnswerQuestionnaire, cmd::Consult, cmd::ConsultAnswer, cmd::ClockDue,
                 cmd::DeliveryFailed, cmd::ClientsOnAsset>;

// The catalogue of commands, in the order of CommandBody's alternatives: a command's kind is
// the index of its body. Its wire name ("create", "handoff", ...) is what JSON inputs, the API's
// routes and the event log call it.
enum class CommandKind {
  kCreate,
  kHandOff,
  kAcknowledge,
  kRespond,
  kChangePriority,
  kWorkaround,
  kPendingClient,
  kClientReply,
  kEscalate,
  kManagerDecision,
  kClientApproval,
  kResolve,
  kQcPass,
  kQcFail,
  kSignOff,
  kReopen,
  kNote,
  kAmend,
  kCall,
  kTriage,
  kQuestionnaire,
  kConsult,
  kConsultAnswer,
  kClockDue,
  kDeliveryFailed,
  kClientsOnAsset,
};
inline constexpr int kCommandKindCount = int(CommandKind::kClientsOnAsset) + 1;
static_assert(std::variant_size_v<CommandBody> == kCommandKindCount,
              "every command body has its kind in the catalogue");

const char* CommandKindName(CommandKind kind);
std::optional<CommandKind> ParseCommandKind(std::string_view name);
inline CommandKind KindOf(const CommandBody& body) { return CommandKind(body.index()); }
inline const char* CommandName(const CommandBody& body) { return CommandKindName(KindOf(body)); }

// How staff heard a sign-off they record for the client ("a phone call"); null for the channels
// where clients sign off themselves (web, api).
const char* SignOffHeardVia(Channel channel);

// Commands someone sends about an existing ticket (everything but create), as against those only
// the engine sends (a deadline that passed, a delivery the outbox gave up on).
bool IsTicketCommand(CommandKind kind);
// Commands a client may send about their own tickets (reply, approve, sign off, reopen, add a
// note); every other ticket command is for staff.
bool ClientMaySend(CommandKind kind);
// "reply, approve, sign off, reopen or add notes": what ClientMaySend allows, for messages.
const std::string& ClientCommandsInWords();
// Every ticket command, in catalogue order.
const std::vector<CommandKind>& TicketCommands();

struct Command {
  std::string actor;    // person id, "client:<unique user id>" or "system"
  TicketId ticket = 0;  // 0 for Create
  CommandBody body;
  std::string idempotency_key;  // optional; the same key again returns the first result
  // What the request under `idempotency_key` asked (a digest of it): the key sent again with
  // another request is refused, not answered with the first one's result.
  std::string idempotency_fingerprint;
  // Optional: refused unless the ticket is at one of these versions (the API's If-Match; none
  // when no tag it names can match), so a change decided on a view of the ticket that another
  // change has since outdated is not applied.
  std::optional<std::vector<int64_t>> expected_versions;
  // How the actor proved who they are ("token td_...", "session 1a2b...", "mailed link",
  // "mail"): every event the command makes names it, so an audit tells who held the credential
  // (an administrator's token for a client would show). Empty for the engine and replays.
  std::string credential;
};

inline constexpr const char* kSystemActor = "system";

}  // namespace tierdesk::core
