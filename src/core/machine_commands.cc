#include <algorithm>

#include "core/actions.h"
#include "core/article.h"
#include "core/machine.h"
#include "core/permission.h"
#include "core/priority_rules.h"
#include "core/visibility.h"

namespace tierdesk::core {

namespace {

std::string Humanize(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace

Status Machine::Apply(const cmd::Create& given) {
  // What the answers lead to is applied over the fields the request gave (on a copy, only then).
  std::optional<cmd::Create> answered;
  std::optional<WalkedQuestionnaire> walked;
  if (given.questionnaire) {
    auto w = WalkGiven(*given.questionnaire, given.category, given.registration.channel);
    if (!w) return tl::unexpected(w.error());
    const QuestionOutcome& o = w->walk.outcome;
    cmd::Create& a = answered.emplace(given);
    if (o.category) a.category = *o.category;
    if (o.impact || o.urgency) a.priority.reset();  // an assessment: the matrix decides
    if (o.impact) a.impact = o.impact;
    if (o.urgency) a.urgency = o.urgency;
    if (const Asset* asset = p_.FindAsset(o.asset)) a.registration.assets[asset->kind] = asset->id;
    if (!o.route.empty()) a.tier = o.route;
    walked = std::move(*w);
  }
  const cmd::Create& c = answered ? *answered : given;
  const Registration& r = c.registration;
  TD_TRY(Require(!r.client_id.empty(), "client_id", "a request needs the client's unique user ID"));
  TD_TRY(CheckRegistration(r));
  TD_TRY(CheckRequiredFields(r, p_));
  if (IsClientActor(actor_) && actor_ != ClientActor(r.client_id))
    return Fail(ErrorCode::kPermissionDenied, "a client may only open requests for themselves",
                "client_id");
  const std::string entry = c.tier.empty() ? p_.tiers.front().id : c.tier;
  if (p_.FindTier(entry) == nullptr)
    return Fail(ErrorCode::kInvalidArgument, "unknown tier '" + entry + "'", "tier");
  if (p_.GateFor(entry) != nullptr)
    return Fail(ErrorCode::kInvalidArgument, "tier '" + entry + "' is behind an approval gate",
                "tier");

  t_.registration = r;
  t_.category = c.category;
  t_.received_at = now_;

  t_.factors = PriorityFactors{c.priority,
                               c.impact,
                               c.urgency,
                               c.service_down,
                               c.no_workaround,
                               c.people_affected,
                               c.other_clients_on_asset};
  const EvaluatedPriority evaluated = EvaluatePriority(t_.factors, p_.priority);
  const Priority priority = evaluated.priority;
  const std::vector<std::string>& reasons = evaluated.reasons;
  t_.priority = priority;

  Emit(EventType::kCreated, "",
       Attach(c.attachments, {{"tier", entry},
                              {"priority", PriorityName(priority)},
                              {"priority_reasons", Join(reasons, "; ")},
                              {"category", CategoryName(c.category)},
                              {"channel", ChannelName(r.channel)},
                              {"client_id", r.client_id}}));
  if (walked) RecordAnswers(*walked, {});
  TD_TRY(EnterTier(entry, "new request"));
  StartHierarchyClock();
  return Ok();
}

Status Machine::Apply(const cmd::HandOff& c) {
  const Tier& from = CurrentTier();
  const Tier* to = p_.FindTier(c.to);
  if (to == nullptr) return Fail(ErrorCode::kInvalidArgument, "unknown tier '" + c.to + "'", "to");
  const std::vector<std::string> allowed = HandOffTierIds(p_, from);
  if (std::find(allowed.begin(), allowed.end(), c.to) == allowed.end())
    return Fail(ErrorCode::kFailedPrecondition,
                "tier '" + from.id + "' hands off only to: " + Join(allowed, ", "), "to");
  auto criterion = ParseHandOffCriterion(c.criterion);
  if (!criterion)
    return Fail(ErrorCode::kInvalidArgument,
                "a hand-off needs a criterion such as potential_bug or code_change", "criterion");
  if (!from.criteria.empty() && !from.criteria.count(*criterion)) {
    std::vector<std::string> names;
    for (auto k : from.criteria) names.push_back(HandOffCriterionName(k));
    return Fail(ErrorCode::kFailedPrecondition,
                "tier '" + from.id + "' escalates only for: " + Join(names, ", "), "criterion");
  }
  TD_TRY(Require(!c.tried.empty(), "tried", "a hand-off must say what was tried at this tier"));
  if (!c.asset.empty()) {
    auto colon = c.asset.find(':');
    std::string kind = colon == std::string::npos ? to->routing_kind : c.asset.substr(0, colon);
    std::string id = colon == std::string::npos ? c.asset : c.asset.substr(colon + 1);
    if (p_.FindAsset(kind, id) == nullptr)
      return Fail(ErrorCode::kNotFound, "unknown asset '" + kind + ":" + id + "'", "asset");
    t_.registration.assets[kind] = id;
  }
  Fields handed = {{"from", from.id}, {"criterion", c.criterion}, {"tried", c.tried}};
  if (!c.client_message.empty()) handed.emplace_back("client_message", c.client_message);
  Emit(EventType::kHandedOff, c.to, std::move(handed));
  t_.handoffs.push_back(HandOffNote{from.id, c.to, c.criterion, c.tried, actor_, now_});
  if (t_.handoffs.size() > kMaxHandOffNotes) t_.handoffs.erase(t_.handoffs.begin());
  // Only a breach action hands off as the engine; that is no hand-off made by the tier in time.
  const bool automatic = actor_ == kSystemActor;
  if (const ApprovalGate* gate = p_.GateFor(c.to)) {
    t_.stage = Stage::kAwaitingDecision;
    t_.gate_tier = c.to;
    if (automatic) ClockStopped(clocks::kHandOff, "handed off by the engine after a missed target");
    PauseClocks();
    Emit(EventType::kDecisionRequested, gate->decision_role, {{"tier", c.to}});
    for (const Person* person : p_.PeopleWithRole(gate->decision_role))
      MailPerson(*person, "decision_request", {{"tried", c.tried}, {"tier_name", to->name}});
    return Ok();
  }
  StopWorkClocks(automatic ? WorkEnd::kAutoHandedOff : WorkEnd::kHandedOff);
  // What was tried is for the next tier; the client hears what the agent chose to tell them.
  return EnterTier(c.to, c.client_message.empty() ? "so that the right specialists take it further"
                                                  : c.client_message);
}

Status Machine::Apply(const cmd::Acknowledge&) {
  // MaySend checked that the actor is in the paged chain, or a tier member taking it unowned.
  if (t_.page)
    AcknowledgePage();
  else
    Emit(EventType::kAcknowledged);
  t_.assignee = actor_;
  return Ok();
}

Status Machine::Apply(const cmd::Respond& c) {
  auto status = ParseResponseStatus(c.status);
  TD_TRY(Require(status.has_value(), "status",
                 "status must be one of: Fixed, Working on it, Not an Issue, Cannot Replicate"));
  TD_TRY(Require(!c.findings.empty(), "findings",
                 "a response must describe what has been identified so far"));
  TD_TRY(Require(c.eta || c.next_update, "next_update",
                 "a response must give an ETA or the time of the next update"));
  for (const auto& [when, field] :
       {std::pair{c.eta, "eta"}, std::pair{c.next_update, "next_update"}})
    TD_TRY(Require(!when || *when > now_, field, std::string(field) + " must be in the future"));

  if (t_.page && InChainOf(p_, *t_.page, actor_)) AcknowledgePage();  // answering is acknowledging
  ClockDone(clocks::kResponse);
  t_.last_status = *status;
  t_.findings = c.findings;
  if (t_.assignee.empty()) t_.assignee = actor_;
  // The client hears again by the promised time; with only an ETA, no later than the tier's
  // default update interval.
  Timestamp update_due = c.next_update ? *c.next_update : *c.eta;
  const Minutes interval = CurrentTier().clocks.default_next_update;
  if (!c.next_update && interval > Minutes{0}) update_due = std::min(update_due, now_ + interval);
  SlaClock next = StartClockUntil(clocks::kNextUpdate, kAlwaysOpenCalendar, now_, update_due);
  Emit(EventType::kClockStarted, "", {{"clock", clocks::kNextUpdate}, {"due", Fmt(next.due)}});
  t_.SetClock(std::move(next));
  if (t_.FindClock(clocks::kStatusUpdate)) StartStatusUpdateClock(CurrentTier());

  std::string eta_line = c.eta ? "Expected fix by: " + Fmt(*c.eta) : "";
  if (c.next_update)
    eta_line +=
        (eta_line.empty() ? "" : "\n") + std::string("Next update by: ") + Fmt(*c.next_update);
  Fields fields = {{"status", ResponseStatusName(*status)}};
  if (c.eta) fields.emplace_back("eta", Fmt(*c.eta));
  if (c.next_update) fields.emplace_back("next_update", Fmt(*c.next_update));
  fields.emplace_back("findings", c.findings);
  Emit(EventType::kResponded, ClientActor(t_.registration.client_id), std::move(fields));
  const Person* agent = ActorPerson();
  MailRequester("status_response", {{"status", ResponseStatusName(*status)},
                                    {"eta_line", eta_line},
                                    {"eta", c.eta ? Fmt(*c.eta) : ""},
                                    {"next_update", c.next_update ? Fmt(*c.next_update) : ""},
                                    {"findings", c.findings},
                                    {"agent", agent->name}});
  return Ok();
}

Status Machine::Apply(const cmd::ChangePriority& c) {
  auto to = ParsePriority(c.to);
  TD_TRY(Require(to.has_value(), "to", "priority must be critical, high, medium or low"));
  TD_TRY(Require(!c.reason.empty(), "reason", "a priority change needs a reason"));
  if (*to == t_.priority)
    return Fail(ErrorCode::kFailedPrecondition,
                TicketRef(t_.id) + " is already " + PriorityName(*to), "to");
  // Set outright, it is the base later re-evaluations raise from.
  t_.factors.set = *to;
  SetPriority(*to, c.reason);
  return Ok();
}

Status Machine::Apply(const cmd::Triage& c) {
  TD_TRY(Require(c.impact || c.urgency || c.service_down || c.no_workaround || c.people_affected,
                 "impact",
                 "a triage changes impact, urgency, service_down, no_workaround or "
                 "people_affected"));
  PriorityFactors after = t_.factors;
  Fields changes;
  auto change = [&](const char* name, std::string before, std::string now) {
    if (before != now) {
      changes.emplace_back(name, now);
      changes.emplace_back(std::string(name) + "_before", before);
    }
  };
  auto grade = [](const std::optional<Grade>& g) { return g ? GradeName(*g) : ""; };
  auto yes_no = [](bool b) { return std::string(b ? "yes" : "no"); };
  if (c.impact) after.impact = c.impact;
  if (c.urgency) after.urgency = c.urgency;
  if (c.service_down) after.service_down = *c.service_down;
  if (c.no_workaround) after.no_workaround = *c.no_workaround;
  if (c.people_affected) {
    TD_TRY(
        Require(*c.people_affected >= 0, "people_affected", "people_affected cannot be negative"));
    after.people_affected = *c.people_affected;
  }
  change("impact", grade(t_.factors.impact), grade(after.impact));
  change("urgency", grade(t_.factors.urgency), grade(after.urgency));
  change("service_down", yes_no(t_.factors.service_down), yes_no(after.service_down));
  change("no_workaround", yes_no(t_.factors.no_workaround), yes_no(after.no_workaround));
  change("people_affected", std::to_string(t_.factors.people_affected),
         std::to_string(after.people_affected));
  if (changes.empty())
    return Fail(ErrorCode::kFailedPrecondition,
                "the factors given are those " + TicketRef(t_.id) + " has already");
  // Impact and urgency given anew are the staff's assessment: the matrix decides again, not a
  // priority set before them.
  if (c.impact || c.urgency) after.set.reset();
  t_.factors = after;
  const EvaluatedPriority evaluated = EvaluatePriority(after, p_.priority);
  if (!c.reason.empty()) changes.emplace_back("reason", c.reason);
  changes.emplace_back("priority_reasons", Join(evaluated.reasons, "; "));
  Emit(EventType::kTriaged, "", std::move(changes));
  if (evaluated.priority != t_.priority)
    SetPriority(evaluated.priority, "re-evaluated (" + Join(evaluated.reasons, "; ") + ")" +
                                        (c.reason.empty() ? "" : ": " + c.reason));
  return Ok();
}

Result<Machine::WalkedQuestionnaire> Machine::WalkGiven(const cmd::QuestionnaireAnswers& given,
                                                        Category category, Channel channel) const {
  const Questionnaire* q = p_.FindQuestionnaire(given.id);
  if (q == nullptr || !MayWalk(*q, IsClientActor(actor_)))
    return Fail(ErrorCode::kInvalidArgument,
                "the procedure has no questionnaire '" + given.id + "'" +
                    (IsClientActor(actor_) ? " for clients" : ""),
                "questionnaire");
  if (!q->OfferedFor(category, channel))
    return Fail(ErrorCode::kInvalidArgument,
                "questionnaire '" + q->id + "' is not for " + CategoryName(category) +
                    " requests arriving by " + ChannelName(channel),
                "questionnaire");
  auto walk = WalkQuestionnaire(*q, given.answers);
  if (!walk) return tl::unexpected(walk.error());
  if (walk->path.empty())
    return Fail(ErrorCode::kInvalidArgument,
                "answer the first question of '" + q->title + "' at least",
                "answers." + q->questions.front().id);
  return WalkedQuestionnaire{q, std::move(*walk)};
}

void Machine::RecordAnswers(const WalkedQuestionnaire& walked, Fields changes) {
  const Questionnaire& q = *walked.questionnaire;
  const Walk& walk = walked.walk;
  t_.questionnaires.push_back(RecordWalk(q, walk));
  Fields fields = {{"questionnaire", q.id},
                   {"version", std::to_string(q.version)},
                   {"title", q.title},
                   {"answers", AnswersInWords(walk.path)},
                   {"complete", walk.complete() ? "yes" : "no"},
                   {"audience", q.for_clients ? "clients" : "staff"}};
  if (!walk.outcome.fix.empty()) fields.emplace_back("fix", walk.outcome.fix);
  if (walk.outcome.resolve) fields.emplace_back("resolve", "yes");
  if (!walk.outcome.route.empty()) fields.emplace_back("route", walk.outcome.route);
  for (auto& change : changes) fields.push_back(std::move(change));
  Emit(EventType::kQuestionnaireAnswered, "", std::move(fields));
}

Status Machine::Apply(const cmd::AnswerQuestionnaire& c) {
  if (t_.questionnaires.size() >= kMaxQuestionnairesPerTicket)
    return Fail(ErrorCode::kFailedPrecondition,
                TicketRef(t_.id) + " holds " + std::to_string(kMaxQuestionnairesPerTicket) +
                    " questionnaires already",
                "questionnaire");
  auto walked = WalkGiven(c.questionnaire, t_.category, t_.registration.channel);
  if (!walked) return tl::unexpected(walked.error());
  const QuestionOutcome& o = walked->walk.outcome;
  Fields changes;
  if (o.category && *o.category != t_.category) {
    changes.emplace_back("category", CategoryName(*o.category));
    changes.emplace_back("category_before", CategoryName(t_.category));
    t_.category = *o.category;
  }
  if (const Asset* asset = p_.FindAsset(o.asset)) {
    std::string& named = t_.registration.assets[asset->kind];
    if (named != asset->id) {
      changes.emplace_back("asset", asset->Key());
      changes.emplace_back("asset_before", named.empty() ? "" : asset->kind + ":" + named);
      named = asset->id;
    }
  }
  RecordAnswers(*walked, std::move(changes));
  const std::string because = "answers to \"" + walked->questionnaire->title + "\"";
  if ((o.impact && o.impact != t_.factors.impact) || (o.urgency && o.urgency != t_.factors.urgency))
    TD_TRY(Apply(cmd::Triage{o.impact, o.urgency, {}, {}, {}, because}));
  if (!o.route.empty() && o.route != t_.tier)
    TD_TRY(Apply(cmd::HandOff{o.route, o.criterion,
                              "The " + because + ":\n" + AnswersInWords(walked->walk.path), ""}));
  return Ok();
}

void Machine::SetPriority(Priority to, const std::string& reason) {
  const Priority old = t_.priority;
  t_.priority = to;
  Emit(EventType::kPriorityChanged, "",
       {{"from", PriorityName(old)}, {"to", PriorityName(to)}, {"reason", reason}});
  MailRequester("priority_change", {{"old_priority", PriorityName(old)}, {"reason", reason}});
  if (t_.stage == Stage::kOpen) {
    // Targets set per priority follow the new one, counted from when each clock started.
    StartRuleClock(clocks::kHandOff, CurrentTier(), CurrentTier().clocks.handoff, true);
    StartRuleClock(clocks::kResponse, CurrentTier(), CurrentTier().clocks.response, true);
    StartResolutionClock(CurrentTier());
    StartStatusUpdateClock(CurrentTier());
    StartHierarchyClock();
  }
}

Status Machine::Apply(const cmd::Workaround& c) {
  TD_TRY(Require(!c.description.empty(), "description", "describe the workaround"));
  t_.workaround = c.description;
  Emit(EventType::kWorkaroundGiven, ClientActor(t_.registration.client_id),
       {{"workaround", c.description}});
  MailRequester("workaround", {{"workaround", c.description}});
  return Ok();
}

Status Machine::Apply(const cmd::PendingClient& c) {
  TD_TRY(Require(!c.question.empty(), "question", "say what the client must provide"));
  t_.stage = Stage::kPendingClient;
  Emit(EventType::kPendingClient, ClientActor(t_.registration.client_id),
       {{"question", c.question}});
  PauseClocks();
  MailRequester("information_request", {{"question", c.question}});
  return Ok();
}

Status Machine::Apply(const cmd::ClientReply& c) {
  TD_TRY(Require(!c.text.empty() || !c.attachments.empty(), "text", "a reply needs text"));
  Emit(EventType::kClientReplied, "", Attach(c.attachments, {{"text", c.text}}));
  if (t_.stage == Stage::kPendingClient) {
    t_.stage = Stage::kOpen;
    ResumeClocks();
  }
  return Ok();
}

Status Machine::Apply(const cmd::Escalate& c) {
  TD_TRY(Require(!c.reason.empty(), "reason", "an escalation needs a reason"));
  EscalateHierarchy(c.reason);
  return Ok();
}

Status Machine::Apply(const cmd::ManagerDecision& c) {
  const ApprovalGate* gate = p_.GateFor(t_.gate_tier);  // MaySend checked there is one
  if (!c.approve) {
    TD_TRY(Require(!c.reason.empty(), "reason", "a declined routing needs a reason"));
    Emit(EventType::kManagerDeclined, "", {{"tier", t_.gate_tier}, {"reason", c.reason}});
    t_.stage = Stage::kOpen;
    t_.gate_tier.clear();
    ResumeClocks();
    return Ok();
  }
  Emit(EventType::kManagerApproved, t_.gate_tier, {{"reason", c.reason}});
  if (gate->client_approval) {
    t_.stage = Stage::kAwaitingClientApproval;
    Emit(EventType::kApprovalRequested, ClientActor(t_.registration.client_id),
         {{"tier", t_.gate_tier}});
    const std::string client = ClientActor(t_.registration.client_id);
    ++t_.link_cycle;  // the links of an earlier approval request no longer apply
    MailRequester("approval_request",
                  {{"tier_name", p_.FindTier(t_.gate_tier)->name},
                   {"reason", c.reason},
                   {"approve_link", LinkMarker("approve", client, t_.link_cycle)},
                   {"decline_link", LinkMarker("decline", client, t_.link_cycle)}});
    return Ok();
  }
  ResumeClocks();
  StopWorkClocks(WorkEnd::kHandedOff);
  return EnterTier(t_.gate_tier, "approved by the " + gate->decision_role);
}

Status Machine::Apply(const cmd::ClientApproval& c) {
  if (!c.approve) {
    Emit(EventType::kClientDeclined, "", {{"tier", t_.gate_tier}, {"reason", c.reason}});
    t_.stage = Stage::kOpen;
    t_.gate_tier.clear();
    ResumeClocks();
    return Ok();
  }
  Emit(EventType::kClientApproved, t_.gate_tier);
  ResumeClocks();
  StopWorkClocks(WorkEnd::kHandedOff);
  return EnterTier(t_.gate_tier, "approved by the client");
}

Status Machine::Apply(const cmd::Resolve& c) {
  auto has = [&](const std::string& key) {
    auto it = c.resolution.find(key);
    return it != c.resolution.end() && !it->second.empty();
  };
  TD_TRY(Require(has("summary"), "resolution.summary", "a resolution needs a summary"));
  for (const auto& field : p_.closure.resolution_fields)
    TD_TRY(Require(has(field), "resolution." + field,
                   "the procedure requires '" + field + "' in every resolution"));
  t_.resolution = c.resolution;
  // The knowledge-base article that solved it, when one did (a known fix): kept as its ref, for
  // the article's count and the closure's record. That it is a published article is checked
  // where the articles are (the API), as the ticket alone cannot say.
  Fields fields = {{"tier", t_.tier}, {"summary", c.resolution.at("summary")}};
  if (auto fix = c.resolution.find(cmd::kKnownFixField); fix != c.resolution.end()) {
    const auto article = ParseArticleRef(fix->second);
    TD_TRY(Require(article.has_value(), "resolution.known_fix",
                   "known_fix is an article's reference, such as KB-7"));
    t_.resolution[cmd::kKnownFixField] = ArticleRef(*article);
    fields.emplace_back(cmd::kKnownFixField, ArticleRef(*article));
  }
  t_.resolved_tier = t_.tier;
  t_.resolved_by = actor_;
  StopWorkClocks(CurrentTier().qc ? WorkEnd::kResolvedAwaitingQc : WorkEnd::kResolved);
  DropClock(clocks::kHierarchy);
  Emit(EventType::kResolved, "", std::move(fields));
  if (CurrentTier().qc) {
    t_.stage = Stage::kAwaitingQc;
    Emit(EventType::kQcRequested, std::string(role::kQualityControl));
    for (const Person* person : p_.PeopleWithRole(role::kQualityControl))
      MailPerson(*person, "qc_request");
    return Ok();
  }
  AfterQualityControl();
  return Ok();
}

Status Machine::Apply(const cmd::QcPass& c) {
  Emit(EventType::kQcPassed, "", {{"notes", c.notes}});
  AfterQualityControl();
  return Ok();
}

Status Machine::Apply(const cmd::QcFail& c) {
  TD_TRY(Require(!c.reason.empty(), "reason", "say why quality control failed"));
  Emit(EventType::kQcFailed, t_.resolved_by, {{"reason", c.reason}});
  SendBackToResolver("quality control: " + c.reason);
  return Ok();
}

Status Machine::Apply(const cmd::SignOff& c) {
  if (t_.IsClient(actor_)) {
    TD_TRY(Require(!c.channel && c.client_words.empty(), c.channel ? "channel" : "client_words",
                   "channel and client_words are for staff recording a client's sign-off"));
    Emit(EventType::kSignedOff, "", {{"comment", c.comment}});
    Close("signed off by the client");
    return Ok();
  }
  TD_TRY(Require(c.channel && SignOffHeardVia(*c.channel) != nullptr, "channel",
                 "say how the client gave their sign-off: phone, email, chat, walk_in or social"));
  TD_TRY(Require(c.client_words.find_first_not_of(" \t\r\n") != std::string::npos, "client_words",
                 "record the client's own words of sign-off"));
  Emit(EventType::kSignedOff, "",
       {{"comment", c.comment},
        {"recorded_by", actor_},
        {"channel", ChannelName(*c.channel)},
        {"client_words", c.client_words}});
  Close("client sign-off recorded by staff " + actor_ + " from " + SignOffHeardVia(*c.channel) +
        ": '" + c.client_words + "'");
  return Ok();
}

Status Machine::Apply(const cmd::Reopen& c) {
  TD_TRY(Require(!c.reason.empty(), "reason", "say why the request is not resolved"));
  ++t_.reopen_count;
  Emit(EventType::kReopened, t_.resolved_by, {{"reason", c.reason}});
  SendBackToResolver("reopened: " + c.reason);
  return Ok();
}

Status Machine::Apply(const cmd::DeliveryFailed& c) {
  Emit(EventType::kDeliveryFailed, c.to,
       {{"channel", c.channel}, {"template", c.template_name}, {"error", c.error}});
  return Ok();
}

Status Machine::Apply(const cmd::ClientsOnAsset& c) {
  // Closed requests stay as they were; a count that raises nothing is not worth an event (the
  // threshold is what matters, and the count only grows within a window), nor is it kept.
  if (t_.stage == Stage::kClosed || c.count <= t_.factors.other_clients_on_asset) return Ok();
  PriorityFactors after = t_.factors;
  after.other_clients_on_asset = c.count;
  const EvaluatedPriority evaluated = EvaluatePriority(after, p_.priority);
  // Only ever raised: a priority staff set above what the rules give stays.
  if (!(evaluated.priority < t_.priority)) return Ok();
  const std::string reason = std::to_string(c.count + 1) + " clients have requests on " + c.asset +
                             " within the procedure's window";
  Emit(EventType::kTriaged, "",
       {{"other_clients_on_asset", std::to_string(c.count)},
        {"other_clients_on_asset_before", std::to_string(t_.factors.other_clients_on_asset)},
        {"reason", reason},
        {"priority_reasons", Join(evaluated.reasons, "; ")}});
  t_.factors = after;
  SetPriority(evaluated.priority,
              "re-evaluated (" + Join(evaluated.reasons, "; ") + "): " + reason);
  return Ok();
}

Status Machine::Apply(const cmd::Note& c) {
  TD_TRY(Require(!c.text.empty(), "text", "a note needs text"));
  const bool is_public = c.is_public || t_.IsClient(actor_);
  // Anyone on staff may leave an internal note; speaking to the client is for those who work
  // the ticket.
  if (is_public) TD_TRY(MayAddressClient(t_, actor_, p_));
  Fields fields = {{"visibility", is_public ? "public" : "internal"}, {"text", c.text}};
  if (c.confirms_fix) {
    TD_TRY(MayConfirmFix(t_, actor_, p_));
    fields.emplace_back("confirms_fix", "yes");
    t_.confirmations.push_back(FixConfirmation{actor_, now_, c.text});
    if (t_.confirmations.size() > kMaxFixConfirmations)
      t_.confirmations.erase(t_.confirmations.begin());
  }
  Emit(EventType::kNote, "", Attach(c.attachments, std::move(fields), /*internal=*/!is_public));
  if (is_public && !t_.IsClient(actor_)) MailRequester("public_note", {{"note", c.text}});
  return Ok();
}

Status Machine::Apply(const cmd::Amend& c) {
  TD_TRY(Require(!c.fields.empty(), "fields", "name the intake fields to complete or correct"));
  Registration amended = t_.registration;
  Fields changes;
  std::vector<std::string> names;
  for (IntakeField field : c.fields) {
    const std::string before = FieldText(t_.registration, field);
    CopyField(c.values, field, amended);
    const std::string after = FieldText(amended, field);
    if (after == before) continue;
    names.emplace_back(IntakeFieldName(field));
    changes.emplace_back(IntakeFieldName(field), after);
    changes.emplace_back(std::string(IntakeFieldName(field)) + "_before", before);
  }
  if (names.empty())
    return Fail(ErrorCode::kFailedPrecondition, "nothing to change: the fields already say that",
                "fields");
  // The same rules as at creation: a required field is not emptied, an address stays one.
  TD_TRY(CheckRegistration(amended));
  TD_TRY(CheckRequiredFields(amended, p_, &c.fields));
  t_.registration = std::move(amended);
  changes.insert(changes.begin(), {"fields", Join(names, ", ")});
  if (!c.reason.empty()) changes.emplace_back("reason", c.reason);
  Emit(EventType::kAmended, "", std::move(changes));
  return Ok();
}

}  // namespace tierdesk::core
