// The actions the core lists for an actor are exactly the commands Decide accepts from them.
// Every ticket state the scenario corpus passes through is tried with every person of its
// procedure, the ticket's client, another client and a stranger: a listed command must be
// accepted with every body its choices allow, and an unlisted one refused whatever well-formed
// body it comes with. The pages render only this list, so a drift here is a button that fails
// or a command no one is offered.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "core/actions.h"
#include "core/decide.h"
#include "main/scenario.h"
#include "service/replay.h"
#include "store/memory/memory_store.h"
#include "test_support.h"

namespace tierdesk::core {
namespace {

struct State {
  Ticket ticket;
  Timestamp at;
};

// Every ticket as each accepted command (and each deadline that fired) left it.
class StateRecorder final : public service::ReplayObserver {
 public:
  void OnOutcome(const service::Outcome& outcome) override {
    if (!outcome.events.empty()) states.push_back({outcome.ticket, outcome.at});
  }
  void OnRefused(const service::ReplayStep&, const Error&, bool) override {}
  void OnAcceptedUnexpectedly(const service::ReplayStep&) override {}
  std::vector<State> states;
};

std::vector<State> ReplayScenario(const cli::Scenario& scenario) {
  store::MemoryStore store;
  service::Scheduler scheduler;
  service::TicketService service(store, scenario.procedure, &scheduler);
  scheduler.Attach(&service);
  VirtualClock clock(Timestamp::min());
  service::Replayer replayer(service, scheduler, clock);
  service::StepList steps(scenario.steps);
  StateRecorder recorder;
  EXPECT_TRUE(replayer.Run(steps, scenario.until, recorder));
  return std::move(recorder.states);
}

const std::string kWords = "as the client told us on the phone";

// The bodies a listed action's choices allow: Decide must accept every one.
std::vector<CommandBody> BodiesFrom(const Action& a, Timestamp now) {
  switch (a.command) {
    case CommandKind::kHandOff: {
      std::vector<CommandBody> bodies;
      for (const HandOffTarget& target : a.targets)
        bodies.push_back(cmd::HandOff{target.tier->id, HandOffCriterionName(a.criteria.front()),
                                      "restarted the service",
                                      target.assets.empty() ? "" : target.assets.front()->id});
      return bodies;
    }
    case CommandKind::kAcknowledge:
      return {cmd::Acknowledge{}};
    case CommandKind::kRespond:
      return {cmd::Respond{ResponseStatusName(a.statuses.front()), std::nullopt, now + Minutes{60},
                           "looking at the logs"}};
    case CommandKind::kChangePriority: {
      std::vector<CommandBody> bodies;
      for (Priority p : a.priorities) bodies.push_back(cmd::ChangePriority{PriorityName(p), "why"});
      return bodies;
    }
    case CommandKind::kWorkaround:
      return {cmd::Workaround{"use the other printer"}};
    case CommandKind::kPendingClient:
      return {cmd::PendingClient{"which browser?"}};
    case CommandKind::kClientReply:
      return {cmd::ClientReply{"here it is", {}}};
    case CommandKind::kEscalate:
      return {cmd::Escalate{"taking too long"}};
    case CommandKind::kManagerDecision:
      return {cmd::ManagerDecision{true, "go"}, cmd::ManagerDecision{false, "no"}};
    case CommandKind::kClientApproval:
      return {cmd::ClientApproval{true, ""}, cmd::ClientApproval{false, "no"}};
    case CommandKind::kResolve: {
      cmd::Resolve r;
      for (const std::string& field : a.resolution_fields) r.resolution[field] = "done";
      return {r};
    }
    case CommandKind::kQcPass:
      return {cmd::QcPass{"fine"}};
    case CommandKind::kQcFail:
      return {cmd::QcFail{"not fine"}};
    case CommandKind::kSignOff:
      if (a.on_behalf_of_client) return {cmd::SignOff{"", a.channels.front(), kWords, {}}};
      return {cmd::SignOff{"thanks", std::nullopt, "", {}}};
    case CommandKind::kReopen:
      return {cmd::Reopen{"still broken", {}}};
    case CommandKind::kNote: {
      std::vector<CommandBody> bodies = {cmd::Note{"internal", false, {}}};
      if (a.may_be_public) bodies.push_back(cmd::Note{"public", true, {}});
      if (a.may_confirm_fix) bodies.push_back(cmd::Note{"it works", false, {}, true});
      return bodies;
    }
    case CommandKind::kAmend: {
      // Every field it offers, each given a value no ticket of the corpus holds.
      std::vector<CommandBody> bodies;
      for (IntakeField field : a.fields) {
        cmd::Amend amend{{field}, {}, kWords};
        amend.values.title = amend.values.caller_name = amend.values.caller_phone =
            amend.values.requester_name = amend.values.institute = amend.values.building =
                amend.values.room = amend.values.affected = amend.values.module =
                    amend.values.description = amend.values.actions_attempted =
                        amend.values.error_messages = amend.values.organisation = "amended";
        amend.values.caller_email = amend.values.requester_email = "amended@client.example";
        amend.values.notify = {"amended@client.example"};
        amend.values.occurred_at = now - Seconds(1);
        // A yes/no field: the answer the corpus never gives ("yes" where none was given).
        amend.values.first_time = false;
        bodies.push_back(std::move(amend));
      }
      return bodies;
    }
    case CommandKind::kTriage: {
      // A flag turned the other way always changes a factor.
      cmd::Triage triage;
      triage.service_down = !a.factors.service_down;
      triage.reason = kWords;
      return {triage};
    }
    case CommandKind::kQuestionnaire: {
      // Each one offered, its first question answered as a page first offers it.
      std::vector<CommandBody> bodies;
      for (const Questionnaire* q : a.questionnaires) {
        const Question& first = q->questions.front();
        std::string answer = first.choices.empty() ? "words" : first.choices.front().value;
        if (first.kind == QuestionKind::kNumber) answer = std::to_string(first.min.value_or(0));
        bodies.push_back(cmd::AnswerQuestionnaire{{q->id, {{first.id, answer}}}});
      }
      if (bodies.empty())  // a procedure without questionnaires
        bodies.push_back(cmd::AnswerQuestionnaire{{"none", {{"first", "yes"}}}});
      return bodies;
    }
    case CommandKind::kCall: {
      std::vector<CommandBody> bodies;
      for (cmd::CallOutcome outcome : a.outcomes) bodies.push_back(cmd::Call{outcome, kWords});
      return bodies;
    }
    case CommandKind::kConsult: {
      std::vector<CommandBody> bodies;
      for (const ConsultTeam* team : a.teams) bodies.push_back(cmd::Consult{team->id, kWords});
      if (bodies.empty())  // a procedure without consult teams
        bodies.push_back(cmd::Consult{"none", kWords});
      return bodies;
    }
    case CommandKind::kConsultAnswer: {
      std::vector<CommandBody> bodies;
      for (const Consult& consult : a.consults)
        bodies.push_back(cmd::ConsultAnswer{consult.team, kWords});
      if (bodies.empty()) bodies.push_back(cmd::ConsultAnswer{"none", kWords});
      return bodies;
    }
    default:
      ADD_FAILURE() << "no body for " << CommandKindName(a.command);
      return {};
  }
}

// Well-formed bodies of a command whatever the ticket allows: none may be accepted from an
// actor the command is not listed for.
std::vector<CommandBody> AnyBodies(CommandKind kind, const Ticket& t, const Procedure& p,
                                   Timestamp now) {
  Action full;
  full.command = kind;
  full.statuses = {ResponseStatus::kWorkingOnIt};
  for (int i = 0; i < kPriorityCount; ++i) full.priorities.push_back(Priority(i));
  full.resolution_fields = {"summary"};
  for (const std::string& field : p.closure.resolution_fields)
    full.resolution_fields.push_back(field);
  full.may_be_public = true;
  for (int i = 0; i < kIntakeFieldCount; ++i) full.fields.push_back(IntakeField(i));
  for (int i = 0; i < cmd::kCallOutcomeCount; ++i) full.outcomes.push_back(cmd::CallOutcome(i));
  for (const Questionnaire& q : p.questionnaires) full.questionnaires.push_back(&q);
  for (const ConsultTeam& team : p.consult_teams) full.teams.push_back(&team);
  full.consults = t.consults;
  if (kind == CommandKind::kHandOff) {
    const Tier* from = p.FindTier(t.tier);
    full.criteria = {from && !from->criteria.empty() ? *from->criteria.begin()
                                                     : HandOffCriterion::kUnresolvedAtTier};
    for (const Tier& tier : p.tiers) {
      HandOffTarget target{&tier, false, tier.routing_kind, {}};
      for (const Asset& asset : p.assets)
        if (asset.kind == tier.routing_kind && target.assets.empty())
          target.assets.push_back(&asset);
      full.targets.push_back(target);
    }
  }
  if (kind == CommandKind::kSignOff) {
    std::vector<CommandBody> bodies = {cmd::SignOff{"thanks", std::nullopt, "", {}},
                                       cmd::SignOff{"", Channel::kPhone, kWords, {}}};
    return bodies;
  }
  return BodiesFrom(full, now);
}

std::vector<std::string> Actors(const Ticket& t, const Procedure& p) {
  std::vector<std::string> actors = {ClientActor(t.registration.client_id),
                                     ClientActor("someone-else"), "nobody"};
  for (const Person& person : p.people) actors.push_back(person.id);
  return actors;
}

TEST(AvailableActions, ListExactlyWhatDecideAcceptsOverTheScenarioCorpus) {
  std::map<CommandKind, int> listed, unlisted;
  int states = 0;
  for (const auto& file :
       std::filesystem::directory_iterator(testing::kSourceDir / "tests" / "scenarios")) {
    auto scenario = cli::ReadScenario(file.path());
    ASSERT_TRUE(scenario) << scenario.error().ToString();
    const Procedure& p = scenario->procedure;
    for (const State& state : ReplayScenario(*scenario)) {
      ++states;
      const Ticket& t = state.ticket;
      for (const std::string& actor : Actors(t, p)) {
        const std::vector<Action> actions = AvailableActions(t, actor, p);
        std::set<CommandKind> offered;
        for (const Action& a : actions) offered.insert(a.command);
        for (CommandKind kind : TicketCommands()) {
          const auto it = std::find_if(actions.begin(), actions.end(),
                                       [&](const Action& a) { return a.command == kind; });
          const bool is_listed = it != actions.end();
          ++(is_listed ? listed : unlisted)[kind];
          const auto bodies =
              is_listed ? BodiesFrom(*it, state.at) : AnyBodies(kind, t, p, state.at);
          ASSERT_FALSE(bodies.empty());
          for (const CommandBody& body : bodies) {
            auto decision = Decide(t, Command{actor, t.id, body, ""}, state.at, p);
            ASSERT_EQ(bool(decision), is_listed)
                << file.path().filename() << " " << TicketRef(t.id) << " at version " << t.version
                << " (" << StageName(t.stage) << ", tier " << t.tier << "): " << actor << " "
                << CommandKindName(kind)
                << (is_listed ? " is listed but refused: " : " is not listed but accepted")
                << (decision ? "" : decision.error().ToString());
          }
          // A note the actor may not make public is refused when public.
          if (is_listed && kind == CommandKind::kNote && !it->may_be_public) {
            EXPECT_FALSE(
                Decide(t, Command{actor, t.id, cmd::Note{"hello", true, {}}, ""}, state.at, p));
          }
          // ... and one that may not confirm a fix is refused when it does.
          if (is_listed && kind == CommandKind::kNote && !it->may_confirm_fix) {
            EXPECT_FALSE(Decide(t, Command{actor, t.id, cmd::Note{"works", false, {}, true}, ""},
                                state.at, p));
          }
        }
      }
    }
  }
  // The corpus reaches every command both ways, so none of the above held by default.
  EXPECT_GT(states, 80);
  for (CommandKind kind : TicketCommands()) {
    EXPECT_GT(listed[kind], 0) << CommandKindName(kind) << " is never listed";
    EXPECT_GT(unlisted[kind], 0) << CommandKindName(kind) << " is always listed";
  }
}

}  // namespace
}  // namespace tierdesk::core
