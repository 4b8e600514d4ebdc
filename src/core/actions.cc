#include "core/actions.h"

#include <algorithm>

#include "core/permission.h"

namespace tierdesk::core {

namespace {

constexpr HandOffCriterion kAllCriteria[] = {HandOffCriterion::kNeedsDeeperKnowledge,
                                             HandOffCriterion::kPotentialBug,
                                             HandOffCriterion::kCodeChange,
                                             HandOffCriterion::kPerformance,
                                             HandOffCriterion::kSecurity,
                                             HandOffCriterion::kOnsiteRequired,
                                             HandOffCriterion::kUnresolvedAtTier};

// Where a hand-off from the ticket's tier can go. A target that routes by an asset the ticket
// does not name offers the assets someone can be paged for; with none, nothing could take it
// there, and it is left out.
std::vector<HandOffTarget> Targets(const Ticket& ticket, const Procedure& p) {
  std::vector<HandOffTarget> targets;
  const Tier* from = p.FindTier(ticket.tier);
  if (from == nullptr) return targets;
  for (const std::string& id : HandOffTierIds(p, *from)) {
    const Tier* tier = p.FindTier(id);
    if (tier == nullptr) continue;
    HandOffTarget target{tier, p.GateFor(id) != nullptr, {}, {}};
    if (!tier->routing_kind.empty()) {
      auto named = ticket.registration.assets.find(tier->routing_kind);
      const Asset* asset = named == ticket.registration.assets.end()
                               ? nullptr
                               : p.FindAsset(tier->routing_kind, named->second);
      if (asset == nullptr || asset->chain.empty()) {
        target.asset_kind = tier->routing_kind;
        for (const Asset& asset : p.assets)
          if (asset.kind == tier->routing_kind && !asset.chain.empty())
            target.assets.push_back(&asset);
        if (target.assets.empty()) continue;
      }
    }
    targets.push_back(std::move(target));
  }
  return targets;
}

// Fills in what the command's form offers; false when no body could be accepted.
bool Describe(Action& action, const Ticket& ticket, std::string_view actor, const Procedure& p) {
  switch (action.command) {
    case CommandKind::kHandOff: {
      action.targets = Targets(ticket, p);
      const Tier* from = p.FindTier(ticket.tier);
      for (HandOffCriterion c : kAllCriteria)
        if (from->criteria.empty() || from->criteria.count(c)) action.criteria.push_back(c);
      return !action.targets.empty();
    }
    case CommandKind::kRespond:
      action.statuses = {ResponseStatus::kWorkingOnIt, ResponseStatus::kFixed,
                         ResponseStatus::kNotAnIssue, ResponseStatus::kCannotReplicate};
      return true;
    case CommandKind::kChangePriority:
      for (int i = 0; i < kPriorityCount; ++i)
        if (Priority(i) != ticket.priority) action.priorities.push_back(Priority(i));
      return true;
    case CommandKind::kResolve:
      action.resolution_fields.push_back("summary");
      for (const std::string& field : p.closure.resolution_fields)
        if (field != "summary") action.resolution_fields.push_back(field);
      if (!ticket.questionnaires.empty() && ticket.questionnaires.back().resolve)
        action.suggested_fix = ticket.questionnaires.back().fix;
      return true;
    case CommandKind::kQuestionnaire:
      for (const Questionnaire& q : p.questionnaires)
        if (q.OfferedFor(ticket.category, ticket.registration.channel))
          action.questionnaires.push_back(&q);
      return !action.questionnaires.empty() &&
             ticket.questionnaires.size() < kMaxQuestionnairesPerTicket;
    case CommandKind::kManagerDecision:
    case CommandKind::kClientApproval:
      action.decision_for = p.FindTier(ticket.gate_tier);
      return action.decision_for != nullptr;
    case CommandKind::kSignOff:
      action.on_behalf_of_client = !ticket.IsClient(actor);
      if (action.on_behalf_of_client)
        for (int i = 0; i <= int(Channel::kApi); ++i)
          if (SignOffHeardVia(Channel(i)) != nullptr) action.channels.push_back(Channel(i));
      return true;
    case CommandKind::kNote:
      action.may_be_public = bool(MayAddressClient(ticket, actor, p));
      action.may_confirm_fix = bool(MayConfirmFix(ticket, actor, p));
      action.files = true;
      return true;
    case CommandKind::kClientReply:
      action.files = true;
      return true;
    case CommandKind::kAmend: {
      for (int i = 0; i < kIntakeFieldCount; ++i) action.fields.push_back(IntakeField(i));
      auto required = p.intake.required.find(ticket.registration.channel);
      if (required != p.intake.required.end()) action.required = required->second;
      return true;
    }
    case CommandKind::kTriage:
      action.factors = ticket.factors;
      return true;
    case CommandKind::kConsult:
      if (ticket.consults.size() >= kMaxConsults) return false;
      for (const ConsultTeam& team : p.consult_teams)
        if (std::none_of(ticket.consults.begin(), ticket.consults.end(),
                         [&](const Consult& c) { return c.team == team.id && c.open(); }))
          action.teams.push_back(&team);
      return !action.teams.empty();
    case CommandKind::kConsultAnswer:
      for (const Consult& consult : ticket.consults)
        if (consult.open() && MayAnswerConsult(ticket, actor, p, consult.team))
          action.consults.push_back(consult);
      return true;  // MaySend checked there is one
    case CommandKind::kCall:
      action.paged = ticket.page->person;  // MaySend checked that a page is in flight
      for (int i = 0; i < cmd::kCallOutcomeCount; ++i)
        action.outcomes.push_back(cmd::CallOutcome(i));
      return true;
    default:
      return true;
  }
}

}  // namespace

std::vector<std::string> HandOffTierIds(const Procedure& procedure, const Tier& tier) {
  if (!tier.handoff_to.empty()) return tier.handoff_to;
  const int index = procedure.TierIndex(tier.id);
  if (index >= 0 && index + 1 < int(procedure.tiers.size())) return {procedure.tiers[index + 1].id};
  return {};
}

std::vector<Action> AvailableActions(const Ticket& ticket, std::string_view actor,
                                     const Procedure& procedure) {
  std::vector<Action> actions;
  if (actor == kSystemActor) return actions;  // the engine is no one's reader
  for (CommandKind kind : TicketCommands()) {
    if (!MaySend(kind, ticket, actor, procedure)) continue;
    Action action;
    action.command = kind;
    if (Describe(action, ticket, actor, procedure)) actions.push_back(std::move(action));
  }
  return actions;
}

}  // namespace tierdesk::core
