// libFuzzer target: the procedure loader must take any text without crashing, and either give a
// procedure the engine can rely on (every name it refers to resolves) or say what is wrong, each
// problem at a line of the text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/questionnaire.h"
#include "procedure/loader.h"

namespace {

using tierdesk::core::Procedure;

void Require(bool holds) {
  if (!holds) __builtin_trap();
}

bool HasCalendar(const Procedure& p, const std::string& name) { return p.calendars.count(name); }

// A questionnaire that loaded names only what exists, and any walk through it ends: each
// question is asked at most once, whatever the answers.
void RequireWalkable(const Procedure& p, const tierdesk::core::Questionnaire& q) {
  using tierdesk::core::QuestionOutcome;
  Require(!q.questions.empty() && q.version >= 1);
  auto resolvable = [&](const QuestionOutcome& o) {
    Require(o.next.empty() || q.Find(o.next) != nullptr);
    Require(o.asset.empty() || p.FindAsset(o.asset) != nullptr);
    Require(o.route.empty() || (p.FindTier(o.route) != nullptr && p.GateFor(o.route) == nullptr));
  };
  tierdesk::core::GivenAnswers first, last;
  for (const auto& question : q.questions) {
    resolvable(question.then);
    for (const auto& choice : question.choices) resolvable(choice.then);
    const bool picks =
        !question.choices.empty() && question.kind != tierdesk::core::QuestionKind::kNumber;
    first[question.id] = picks ? question.choices.front().value : "1";
    last[question.id] = picks ? question.choices.back().value : "1e9";
  }
  for (const auto* answers : {&first, &last})
    if (auto walk = tierdesk::core::WalkQuestionnaire(q, *answers))
      Require(walk->path.size() <= q.questions.size());
}

// What core::Decide takes for granted of a procedure that loaded.
void RequireResolvable(const Procedure& p) {
  Require(!p.id.empty() && !p.tiers.empty() && p.zone != nullptr);
  for (const auto& [name, calendar] : p.calendars) Require(calendar.name() == name);
  for (const auto& tier : p.tiers) {
    Require(HasCalendar(p, tier.calendar));
    for (const auto* rule : {&tier.clocks.handoff, &tier.clocks.response})
      if (*rule) {
        // A target for every priority, or some of their own, each positive.
        Require((*rule)->within.count() > 0 || !(*rule)->by_priority.empty());
        for (const auto& [priority, target] : (*rule)->by_priority) Require(target.count() > 0);
        Require(HasCalendar(p, (*rule)->calendar));
      }
    if (tier.clocks.status_updates)
      Require(tier.clocks.status_updates->every.count() > 0 &&
              HasCalendar(p, tier.clocks.status_updates->calendar));
    if (!tier.clocks.resolution.empty()) Require(HasCalendar(p, tier.clocks.resolution_calendar));
    for (const auto& target : tier.handoff_to)
      Require(p.FindTier(target) != nullptr && target != tier.id);
  }
  for (const auto& person : p.people)
    for (const auto& tier : person.tiers) Require(p.FindTier(tier) != nullptr);
  for (const auto& asset : p.assets) {
    Require(!asset.chain.empty() && HasCalendar(p, asset.calendar));
    for (const auto* chain : {&asset.chain, &asset.on_call})
      for (const auto& step : *chain)
        Require(p.FindPerson(step.person) != nullptr && step.ack_window.count() > 0);
  }
  // Unset calendars fall back to 24x7; a calendar that is named must exist.
  for (const auto* name : {&p.hierarchy.calendar, &p.closure.signoff_calendar})
    Require(name->empty() || HasCalendar(p, *name));
  for (const auto& gate : p.gates) Require(p.TierIndex(gate.tier) > 0);
  // A mail is never refused for a field it could not bring.
  if (auto email = p.intake.required.find(tierdesk::core::Channel::kEmail);
      email != p.intake.required.end())
    for (auto field : email->second) Require(tierdesk::core::MailCarries(field));
  for (const auto& q : p.questionnaires) RequireWalkable(p, q);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // iCalendar files the text names are looked up beside the seed procedures.
  auto loaded = tierdesk::procedure::LoadProcedureText(text, "fuzz.toml", TIERDESK_PROCEDURES_DIR);
  if (loaded.procedure) {
    Require(loaded.problems.empty());
    RequireResolvable(*loaded.procedure);
    return 0;
  }
  Require(!loaded.problems.empty());
  const int lines = int(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const auto& problem : loaded.problems)
    Require(problem.line >= 1 && problem.line <= lines && !problem.message.empty());
  Require(std::is_sorted(loaded.problems.begin(), loaded.problems.end(),
                         [](const auto& a, const auto& b) { return a.line < b.line; }));
  return 0;
}
