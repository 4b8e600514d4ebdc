#include "core/permission.h"

#include <algorithm>

namespace tierdesk::core {

namespace {

// The checks of one actor on one ticket, each a refusal with its reason or Ok.
class Guard {
 public:
  Guard(const Ticket& t, std::string_view actor, const Procedure& p)
      : t_(t), actor_(actor), p_(p), person_(p.FindPerson(actor)) {}

  Status Stage(std::initializer_list<core::Stage> allowed, std::string_view doing) const {
    if (std::find(allowed.begin(), allowed.end(), t_.stage) != allowed.end()) return Ok();
    return Fail(
        ErrorCode::kFailedPrecondition,
        "cannot " + std::string(doing) + " " + TicketRef(t_.id) + ": it is " + StageName(t_.stage));
  }

  Status NotClosed() const {
    if (t_.stage != core::Stage::kClosed) return Ok();
    return Fail(ErrorCode::kFailedPrecondition, TicketRef(t_.id) + " is closed");
  }

  // Someone who may work this ticket: a member of its tier, its assignee, someone in the chain
  // being paged, an administrator, or the engine itself.
  Status Worker() const {
    if (actor_ == kSystemActor) return Ok();
    if (person_ == nullptr) return NotAPerson();
    const bool allowed = person_->tiers.count(t_.tier) || t_.assignee == actor_ ||
                         (t_.page && InChainOf(p_, *t_.page, actor_)) ||
                         person_->roles.count(std::string(role::kAdmin));
    if (allowed) return Ok();
    return Denied("'" + std::string(actor_) + "' works neither in tier '" + t_.tier + "' nor on " +
                  TicketRef(t_.id));
  }

  Status Role(std::string_view role) const {
    if (person_ != nullptr && person_->roles.count(std::string(role))) return Ok();
    return Denied("'" + std::string(actor_) + "' lacks the role '" + std::string(role) + "'");
  }

  // The ticket's client, or staff recording the client's word (a phone call): a worker.
  Status ClientOrWorker() const {
    if (IsClient()) return Ok();
    if (person_ != nullptr) return Worker();
    return Denied("'" + std::string(actor_) + "' is neither the ticket's client nor working on it");
  }

  Status ClientOrPerson() const {
    if (IsClient() || person_ != nullptr) return Ok();
    return Denied("'" + std::string(actor_) +
                  "' is neither the ticket's client nor a person of this procedure");
  }

  // Staff recording a sign-off the client gave them: allowed by the procedure, working on the
  // ticket, and not the resolver (who must not close their own work).
  Status SignOffRecorder() const {
    if (!p_.closure.staff_may_record_signoff)
      return Denied("only the client can sign off " + TicketRef(t_.id) +
                    ": this procedure does not let staff record a sign-off for them");
    if (auto worker = Worker(); !worker) return worker;
    if (actor_ == t_.resolved_by)
      return Denied("the resolver cannot record the client's sign-off of their own resolution");
    return Ok();
  }

  Status Acknowledger() const {
    if (person_ == nullptr) return Denied("only a person of the procedure can acknowledge");
    if (t_.page) {
      if (InChainOf(p_, *t_.page, actor_)) return Ok();
      return Denied("'" + std::string(actor_) + "' is not in the contact chain of " +
                    t_.page->asset);
    }
    if (!person_->tiers.count(t_.tier))
      return Denied("'" + std::string(actor_) + "' is not a member of tier '" + t_.tier + "'");
    if (t_.assignee == actor_)
      return Fail(ErrorCode::kFailedPrecondition, TicketRef(t_.id) + " is already yours");
    // Two people acknowledging at once: the first takes it; the second must not silently take
    // it from them (a page's acknowledgement is what may move a ticket to someone else).
    if (!t_.assignee.empty())
      return Fail(ErrorCode::kFailedPrecondition,
                  TicketRef(t_.id) + " was acknowledged by " + t_.assignee + " already");
    return Ok();
  }

  Status DecisionMaker() const {
    const ApprovalGate* gate = p_.GateFor(t_.gate_tier);
    if (gate == nullptr)  // the procedure in force no longer gates the tier
      return Fail(ErrorCode::kFailedPrecondition,
                  "tier '" + t_.gate_tier + "' needs no decision under this procedure");
    return Role(gate->decision_role);
  }

  Status HigherLevel() const {
    if (t_.hierarchy_level + 1 < int(p_.hierarchy.steps.size())) return Ok();
    return Fail(ErrorCode::kFailedPrecondition, "no higher level in the escalation hierarchy");
  }

  Status NotResolver(std::string_view doing) const {
    if (actor_ != t_.resolved_by) return Ok();
    return Denied(std::string(doing) + " must be done by someone other than the resolver");
  }

  Status System() const {
    if (actor_ == kSystemActor) return Ok();
    return Denied("only the outbox reports failed deliveries");
  }

  Status Client(std::string_view doing) const {
    if (IsClient()) return Ok();
    return Denied("only the ticket's client can " + std::string(doing));
  }

  Status Staff(std::string_view what) const {
    if (person_ != nullptr) return Ok();
    return Denied("only support staff " + std::string(what));
  }

  Status PageInFlight() const {
    if (t_.page) return Ok();
    return Fail(ErrorCode::kFailedPrecondition, "nobody is being paged on " + TicketRef(t_.id));
  }

  // Someone who may answer one of the ticket's open consults (MayAnswerConsult checks the
  // team the answer is for).
  Status ConsultAnswerer() const {
    bool asked = false;
    for (const Consult& consult : t_.consults) {
      if (!consult.open()) continue;
      asked = true;
      if (MayAnswerConsult(t_, actor_, p_, consult.team)) return Ok();
    }
    if (!asked)
      return Fail(ErrorCode::kFailedPrecondition,
                  "no consult waits for an answer on " + TicketRef(t_.id));
    return Denied("'" + std::string(actor_) + "' is of no team asked on " + TicketRef(t_.id));
  }

  bool IsClient() const { return t_.IsClient(actor_); }

 private:
  Status NotAPerson() const {
    return Denied("'" + std::string(actor_) + "' is not a person of this procedure");
  }
  static Status Denied(std::string message) {
    return Fail(ErrorCode::kPermissionDenied, std::move(message), "actor");
  }

  const Ticket& t_;
  std::string_view actor_;
  const Procedure& p_;
  const Person* person_;
};

#define TD_CHECK(expr)                                   \
  do {                                                   \
    if (auto _status = (expr); !_status) return _status; \
  } while (0)

}  // namespace

bool InChainOf(const Procedure& procedure, const Page& page, std::string_view person) {
  const Asset* asset = procedure.FindAsset(page.asset);
  if (asset == nullptr) return false;
  auto in = [&](const std::vector<ChainStep>& chain) {
    return std::any_of(chain.begin(), chain.end(),
                       [&](const ChainStep& s) { return s.person == person; });
  };
  return in(asset->chain) || in(asset->on_call);
}

bool Administers(const Person& person) {
  return std::any_of(kAdministratorRoleList.begin(), kAdministratorRoleList.end(),
                     [&](std::string_view role) { return person.roles.count(std::string(role)); });
}

Status MayAddressClient(const Ticket& ticket, std::string_view actor, const Procedure& procedure) {
  Guard guard(ticket, actor, procedure);
  return guard.IsClient() ? Ok() : guard.Worker();
}

Status MayAnswerConsult(const Ticket& ticket, std::string_view actor, const Procedure& procedure,
                        std::string_view team) {
  const Person* person = procedure.FindPerson(actor);
  const ConsultTeam* consulted = procedure.FindConsultTeam(team);
  if (person != nullptr && (person->roles.count(std::string(role::kAdmin)) ||
                            (consulted != nullptr && consulted->HasMember(actor))))
    return Ok();
  return Fail(ErrorCode::kPermissionDenied,
              "'" + std::string(actor) + "' is not of the team '" + std::string(team) +
                  "' asked on " + TicketRef(ticket.id),
              "actor");
}

Status MayConfirmFix(const Ticket& ticket, std::string_view actor, const Procedure& procedure) {
  const Person* person = procedure.FindPerson(actor);
  if (person == nullptr)
    return Fail(ErrorCode::kPermissionDenied, "only support staff confirm a fix", "actor");
  if (ticket.stage == Stage::kClosed)
    return Fail(ErrorCode::kFailedPrecondition, TicketRef(ticket.id) + " is closed",
                "confirms_fix");
  for (const HandOffNote& handoff : ticket.handoffs)
    if (person->tiers.count(handoff.from)) return Ok();
  for (const Consult& consult : ticket.consults) {
    const ConsultTeam* team = procedure.FindConsultTeam(consult.team);
    if (team != nullptr && team->confirms_fix && team->HasMember(actor)) return Ok();
  }
  return Fail(ErrorCode::kPermissionDenied,
              "'" + std::string(actor) + "' neither worked " + TicketRef(ticket.id) +
                  " at an earlier tier nor is of a consulted team that confirms fixes",
              "confirms_fix");
}

Status MaySend(CommandKind kind, const Ticket& ticket, std::string_view actor,
               const Procedure& procedure) {
  const Guard g(ticket, actor, procedure);
  using K = CommandKind;
  using S = core::Stage;
  if (IsClientActor(actor) && IsTicketCommand(kind) && !ClientMaySend(kind))
    return Fail(ErrorCode::kPermissionDenied, ClientCommandsInWords(), "actor");
  switch (kind) {
    case K::kCreate:  // a new ticket: Decide checks whom it is for
    case K::kClockDue:
      return Ok();
    case K::kDeliveryFailed:
    case K::kClientsOnAsset:
      return g.System();
    case K::kHandOff:
      TD_CHECK(g.Stage({S::kOpen}, "hand off"));
      return g.Worker();
    case K::kAcknowledge:
      TD_CHECK(g.Stage({S::kOpen}, "acknowledge"));
      return g.Acknowledger();
    case K::kRespond:
      TD_CHECK(g.Stage({S::kOpen}, "respond on"));
      TD_CHECK(g.Staff("send status responses"));
      return g.Worker();
    case K::kChangePriority:
      TD_CHECK(g.NotClosed());
      return g.Worker();
    case K::kWorkaround:
      TD_CHECK(g.Stage({S::kOpen, S::kPendingClient}, "give a workaround on"));
      return g.Worker();
    case K::kPendingClient:
      TD_CHECK(g.Stage({S::kOpen}, "wait for the client on"));
      return g.Worker();
    case K::kClientReply:
      TD_CHECK(g.NotClosed());
      return g.ClientOrWorker();
    case K::kEscalate:
      TD_CHECK(g.Stage({S::kOpen}, "escalate"));
      TD_CHECK(g.Worker());
      return g.HigherLevel();
    case K::kManagerDecision:
      TD_CHECK(g.Stage({S::kAwaitingDecision}, "decide on"));
      return g.DecisionMaker();
    case K::kClientApproval:
      TD_CHECK(g.Stage({S::kAwaitingClientApproval}, "approve routing of"));
      return g.Client("approve");
    case K::kResolve:
      TD_CHECK(g.Stage({S::kOpen}, "resolve"));
      return g.Worker();
    case K::kQcPass:
      TD_CHECK(g.Stage({S::kAwaitingQc}, "pass quality control on"));
      TD_CHECK(g.Role(role::kQualityControl));
      return g.NotResolver("quality control");
    case K::kQcFail:
      TD_CHECK(g.Stage({S::kAwaitingQc}, "fail quality control on"));
      return g.Role(role::kQualityControl);
    case K::kSignOff:
      TD_CHECK(g.Stage({S::kAwaitingSignOff}, "sign off"));
      TD_CHECK(g.ClientOrWorker());
      return g.IsClient() ? Ok() : g.SignOffRecorder();
    case K::kReopen:
      TD_CHECK(g.Stage({S::kAwaitingSignOff, S::kClosed}, "reopen"));
      return g.ClientOrWorker();
    case K::kNote:
      return g.ClientOrPerson();
    // Whoever makes the call records it (Level 1 calling up the next tier, a team leader, the
    // NOC): the timeline names them.
    case K::kCall:
      TD_CHECK(g.Stage({S::kOpen}, "record a call on"));
      TD_CHECK(g.Staff("call the contact chain"));
      return g.PageInFlight();
    case K::kTriage:
      TD_CHECK(g.NotClosed());
      TD_CHECK(g.Staff("triage"));
      return g.Worker();
    case K::kQuestionnaire:
      TD_CHECK(g.Stage({S::kOpen}, "walk a questionnaire on"));
      TD_CHECK(g.Staff("walk a questionnaire with the caller"));
      return g.Worker();
    // The tier that works the ticket asks; it keeps the ticket while the team answers.
    case K::kConsult:
      TD_CHECK(g.Stage({S::kOpen, S::kPendingClient}, "consult another team on"));
      TD_CHECK(g.Staff("consult other teams"));
      return g.Worker();
    case K::kConsultAnswer:
      TD_CHECK(g.NotClosed());
      return g.ConsultAnswerer();
    case K::kAmend:
      TD_CHECK(g.NotClosed());
      TD_CHECK(g.Staff("amend intake fields"));
      return g.Worker();
  }
  return Fail(ErrorCode::kInternal, "no rule for this command");
}

}  // namespace tierdesk::core
