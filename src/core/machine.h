#pragma once

// Internal to core: the state machine behind Decide, split over machine_*.cc by concern.

#include <string>
#include <string_view>
#include <vector>

#include "core/decide.h"
#include "core/templates.h"

namespace tierdesk::core {

// A refusal of an ill-formed command body naming `field`, unless `ok`.
inline Status Require(bool ok, std::string_view field, std::string message) {
  if (ok) return Ok();
  return Fail(ErrorCode::kInvalidArgument, std::move(message), std::string(field));
}

#define TD_TRY(expr)                                     \
  do {                                                   \
    if (auto _status = (expr); !_status) return _status; \
  } while (0)

class Machine {
 public:
  Machine(const Procedure& procedure, Ticket ticket, Timestamp now, std::string actor)
      : p_(procedure), t_(std::move(ticket)), now_(now), actor_(std::move(actor)) {}

  Status Apply(const cmd::Create& c);
  Status Apply(const cmd::HandOff& c);
  Status Apply(const cmd::Acknowledge& c);
  Status Apply(const cmd::Respond& c);
  Status Apply(const cmd::ChangePriority& c);
  Status Apply(const cmd::Workaround& c);
  Status Apply(const cmd::PendingClient& c);
  Status Apply(const cmd::ClientReply& c);
  Status Apply(const cmd::Escalate& c);
  Status Apply(const cmd::ManagerDecision& c);
  Status Apply(const cmd::ClientApproval& c);
  Status Apply(const cmd::Resolve& c);
  Status Apply(const cmd::QcPass& c);
  Status Apply(const cmd::QcFail& c);
  Status Apply(const cmd::SignOff& c);
  Status Apply(const cmd::Reopen& c);
  Status Apply(const cmd::Note& c);
  Status Apply(const cmd::Amend& c);
  Status Apply(const cmd::Call& c);
  Status Apply(const cmd::Triage& c);
  Status Apply(const cmd::AnswerQuestionnaire& c);
  Status Apply(const cmd::Consult& c);
  Status Apply(const cmd::ConsultAnswer& c);
  Status Apply(const cmd::ClockDue& c);
  Status Apply(const cmd::DeliveryFailed& c);
  Status Apply(const cmd::ClientsOnAsset& c);

  Decision Finish() &&;

 private:
  using Fields = std::vector<std::pair<std::string, std::string>>;

  const Person* ActorPerson() const { return p_.FindPerson(actor_); }

  // How the work at the ticket's tier ends; decides how each of the tier's targets is recorded.
  enum class WorkEnd {
    kHandedOff,           // someone passed it on: the hand-off target is done
    kAutoHandedOff,       // the engine moved it after a missed target: the tier did nothing in time
    kResolved,            // resolved; the resolution letter goes to the client now
    kResolvedAwaitingQc,  // resolved; the letter waits for quality control
  };

  // --- ladder (machine_ladder.cc) ---
  // The previous tier's clocks must be ended (StopWorkClocks) before.
  Status EnterTier(const std::string& tier_id, const std::string& reason);
  // What `name` measures happened now: the target is recorded met if it was before due, else
  // breached (the scheduler had not fired yet).
  void ClockDone(std::string_view name);
  // `name` ends without what it measures happening (the ticket left the tier, say): recorded as
  // stopped with `reason`, neither met nor breached.
  void ClockStopped(std::string_view name, const std::string& reason);
  // Removes `name` with no record: a breach already recorded, or a helper clock restarting.
  void DropClock(std::string_view name);
  void StopWorkClocks(WorkEnd end);
  void StartTierClocks(const Tier& tier);
  // The hand-off or response clock of `tier` by its rule for the ticket's priority; on a
  // priority change, only one already running is given its new target (CurrentTier's rule).
  void StartRuleClock(const char* name, const Tier& tier, const std::optional<ClockRule>& rule,
                      bool retarget_only);
  void StartStatusUpdateClock(const Tier& tier);
  void StartResolutionClock(const Tier& tier);
  // Starts `name` on `cal` with `target`; a clock of that name already running keeps the time
  // it has used and gets the new target on top of it (a priority change).
  void StartTargetClock(const char* name, const Calendar& cal, Minutes target);
  void PauseClocks();
  void ResumeClocks();
  void AfterQualityControl();
  // The priority becomes `to` for `reason`: recorded, told to the requester, and the targets
  // set per priority follow it.
  void SetPriority(Priority to, const std::string& reason);
  // Back to the tier and person who resolved it, with fresh clocks (QC failure, reopen).
  void SendBackToResolver(const std::string& reason);
  void Close(const std::string& how, bool notify_requester = true);

  // --- questionnaires (machine_commands.cc) ---
  struct WalkedQuestionnaire {
    const Questionnaire* questionnaire = nullptr;
    Walk walk;
  };
  // `given` walked through its questionnaire, which must be offered for `category` and
  // `channel` (and to clients, when a client sends it); refusals name "questionnaire" or
  // "answers.<question>".
  Result<WalkedQuestionnaire> WalkGiven(const cmd::QuestionnaireAnswers& given, Category category,
                                        Channel channel) const;
  // Keeps the answers with the ticket and puts them in the timeline, with `changes` they made.
  void RecordAnswers(const WalkedQuestionnaire& walked, Fields changes);

  // --- paging and escalation (machine_paging.cc) ---
  Status StartPaging(const Asset& asset, bool on_call);
  void PageStep(const Asset& asset, bool on_call, int step, int pass);
  void OnAckBreach();
  // Pages the one after `page` in its chain (the first again on the next pass), or, past the
  // chain's last pass, says it is exhausted and escalates.
  void PageNext(const Page& page);
  void AcknowledgePage();  // the page in flight is answered: stop walking the chain
  void EscalateHierarchy(const std::string& reason);
  void StartHierarchyClock();
  void RunBreachActions(const std::vector<BreachAction>& actions, const SlaClock& clock);
  void NotifyTeamLeaders(const SlaClock& clock);
  void RemindAssignee(const std::string& clock_name);

  // --- consults (machine_consults.cc) ---
  // Asks the person at `step` of `team`'s chain to answer `consult`, for their ack window.
  void PageConsult(Consult& consult, const ConsultTeam& team, int step);
  // A consult's clock fell due (true when `clock` is one): the next in the team's chain is
  // paged, or the answer is overdue and the team's last in line and the asker are told.
  bool OnConsultClockDue(const SlaClock& clock);
  // The ticket closes: consults still unanswered end, their answer clocks stopped.
  void EndConsults(const std::string& reason);

  // --- output (machine_output.cc) ---
  void Emit(EventType type, std::string to = {}, Fields fields = {});
  // Adds `files` to the ticket's list and names them in `fields` (for the timeline); files of an
  // internal note are marked `internal`, so the client is never shown or given them.
  Fields Attach(const std::vector<Attachment>& files, Fields fields, bool internal = false);
  void MailRequester(std::string_view template_name, TemplateVars extra = {});
  void MailPerson(const Person& person, std::string_view template_name, TemplateVars extra = {},
                  Effect::Kind kind = Effect::Kind::kEmail);
  TemplateVars BaseVars() const;
  // BaseVars with `extra` over them, every value but the links defused (DefuseLinkMarkers).
  TemplateVars MailVars(TemplateVars extra) const;
  std::string Fmt(Timestamp t) const;
  // What the tier before tried (the hand-off packet), for a page asking someone to take it up.
  std::string TriedSoFar() const;
  std::string ResolutionDetails() const;
  const Tier& CurrentTier() const;  // requires a valid tier

  const Procedure& p_;
  Ticket t_;
  Timestamp now_;
  std::string actor_;
  std::vector<Event> events_;
  std::vector<Effect> effects_;
};

}  // namespace tierdesk::core
