#include <algorithm>

#include "core/machine.h"
#include "core/roles.h"

namespace tierdesk::core {

namespace {

const std::vector<ChainStep>& ChainOf(const Asset& asset, bool on_call) {
  return on_call && !asset.on_call.empty() ? asset.on_call : asset.chain;
}

}  // namespace

void Machine::AcknowledgePage() {
  const Page page = *t_.page;
  DropClock(clocks::kAck);
  t_.page.reset();
  Emit(EventType::kAcknowledged, "", {{"asset", page.asset}, {"paged", page.person}});
}

Status Machine::StartPaging(const Asset& asset, bool on_call) {
  if (ChainOf(asset, on_call).empty())
    return Fail(ErrorCode::kFailedPrecondition,
                "asset '" + asset.Key() + "' has no contact chain to page", "asset");
  // One page walks the chain under one cycle: while it is in flight anyone paged in it may answer
  // from their mail, as from the console; the links of earlier pages no longer apply.
  ++t_.link_cycle;
  PageStep(asset, on_call, 0, 0);
  return Ok();
}

void Machine::PageStep(const Asset& asset, bool on_call, int step, int pass) {
  const ChainStep& s = ChainOf(asset, on_call)[step];
  t_.page = Page{asset.Key(), on_call, step, pass, s.person};
  const Calendar& cal = p_.CalendarFor(asset.calendar);
  SlaClock clock = StartClock(clocks::kAck, cal, s.ack_window, now_, /*pausable=*/false);
  Fields fields = {{"asset", asset.Key()},
                   {"forum", asset.forum},
                   {"step", std::to_string(step + 1)},
                   {"pass", std::to_string(pass + 1)},
                   {"ack_due", Fmt(clock.due)}};
  if (on_call) fields.emplace_back("chain", "on_call");
  Emit(EventType::kPaged, s.person, std::move(fields));
  if (const Person* person = p_.FindPerson(s.person))
    MailPerson(*person, "page",
               {{"ack_window", FormatDuration(s.ack_window)},
                {"asset_name", asset.name},
                {"forum", asset.forum},
                {"ack_link", LinkMarker("acknowledge", s.person, t_.link_cycle)},
                // The paged engineer starts from what the tier before tried (the packet).
                {"tried", TriedSoFar()}},
               Effect::Kind::kPage);
  t_.SetClock(std::move(clock));
}

void Machine::OnAckBreach() {
  if (t_.page) PageNext(*t_.page);
}

Status Machine::Apply(const cmd::Call& c) {
  const Page page = *t_.page;  // MaySend checked that a page is in flight
  Fields fields = {{"asset", page.asset},
                   {"step", std::to_string(page.step + 1)},
                   {"outcome", cmd::CallOutcomeName(c.outcome)}};
  if (!c.note.empty()) fields.emplace_back("note", c.note);
  Emit(EventType::kCalled, page.person, std::move(fields));
  switch (c.outcome) {
    case cmd::CallOutcome::kReachedAccepted:
      // Their word on the phone is their acknowledgement: the ticket is theirs.
      AcknowledgePage();
      t_.assignee = page.person;
      break;
    case cmd::CallOutcome::kNoAnswer:
    case cmd::CallOutcome::kDeclined:
      // Nobody waits out the window for someone who did not answer or said no.
      ClockStopped(clocks::kAck,
                   std::string("the call was ") +
                       (c.outcome == cmd::CallOutcome::kDeclined ? "declined" : "not answered"));
      PageNext(page);
      break;
    case cmd::CallOutcome::kVoicemail:
      break;  // they may still answer within the window
  }
  return Ok();
}

void Machine::PageNext(const Page& page) {
  const Asset* asset = p_.FindAsset(page.asset);
  if (asset == nullptr) return;
  const auto& chain = ChainOf(*asset, page.on_call);
  int step = page.step + 1;
  int pass = page.pass;
  if (step >= int(chain.size())) {
    step = 0;
    ++pass;
  }
  if (pass > asset->repeat) {
    t_.page.reset();
    Emit(EventType::kPageChainExhausted, "", {{"asset", page.asset}});
    SlaClock ack{.name = clocks::kAck};
    NotifyTeamLeaders(ack);
    EscalateHierarchy("nobody in " + asset->name + "'s contact chain acknowledged");
    return;
  }
  PageStep(*asset, page.on_call, step, pass);
}

void Machine::StartHierarchyClock() {
  const auto& steps = p_.hierarchy.steps;
  const size_t next = t_.hierarchy_level + 1;
  if (next >= steps.size()) {
    DropClock(clocks::kHierarchy);
    return;
  }
  auto delay = steps[next].after.find(t_.priority);
  if (delay == steps[next].after.end()) {
    DropClock(clocks::kHierarchy);
    return;
  }
  const Calendar& cal = p_.CalendarFor(p_.hierarchy.calendar);
  SlaClock clock = StartClock(clocks::kHierarchy, cal, delay->second, now_);
  Emit(EventType::kClockStarted, "",
       {{"clock", clocks::kHierarchy}, {"due", Fmt(clock.due)}, {"calendar", cal.name()}});
  t_.SetClock(std::move(clock));
}

void Machine::EscalateHierarchy(const std::string& reason) {
  const auto& steps = p_.hierarchy.steps;
  if (steps.empty()) return;  // the procedure has no hierarchical track
  if (t_.hierarchy_level + 1 >= int(steps.size())) {
    Emit(EventType::kHierarchyExhausted, "", {{"reason", reason}});
    return;
  }
  ++t_.hierarchy_level;
  const std::string& role = steps[t_.hierarchy_level].role;
  Emit(EventType::kEscalated, role,
       {{"level", std::to_string(t_.hierarchy_level)}, {"reason", reason}});
  for (const Person* person : p_.PeopleWithRole(role))
    MailPerson(*person, "hierarchy_escalation", {{"role", role}, {"reason", reason}});
  MailRequester("escalation_notice", {{"reason", reason}, {"tier_name", role}});
  StartHierarchyClock();
}

void Machine::NotifyTeamLeaders(const SlaClock& clock) {
  for (const Person* leader : p_.PeopleWithRole(role::kTeamLeader, t_.tier)) {
    Emit(EventType::kTeamLeaderNotified, leader->id, {{"clock", clock.name}});
    MailPerson(*leader, "breach_notice", {{"clock", clock.name}, {"due", Fmt(clock.due)}});
  }
}

void Machine::RemindAssignee(const std::string& clock_name) {
  std::vector<const Person*> people;
  if (const Person* assignee = p_.FindPerson(t_.assignee))
    people.push_back(assignee);
  else
    people = p_.PeopleWithRole("agent", t_.tier);
  for (const Person* person : people) {
    Emit(EventType::kReminderSent, person->id, {{"clock", clock_name}});
    MailPerson(*person, "status_reminder", {{"clock", clock_name}});
  }
}

void Machine::RunBreachActions(const std::vector<BreachAction>& actions, const SlaClock& clock) {
  for (BreachAction action : actions) {
    switch (action) {
      case BreachAction::kNotifyTeamLeader:
        NotifyTeamLeaders(clock);
        break;
      case BreachAction::kRemindAssignee:
        RemindAssignee(clock.name);
        break;
      case BreachAction::kNotifyRequester:
        MailRequester("breach_notice", {{"clock", clock.name}, {"due", Fmt(clock.due)}});
        break;
      case BreachAction::kEscalateHierarchy:
        EscalateHierarchy("the " + clock.name + " target was missed");
        break;
      case BreachAction::kAutoHandOff: {
        const Tier& tier = CurrentTier();
        if (tier.handoff_to.empty() || t_.stage != Stage::kOpen) break;
        // A breach is not a refusal: if the hand-off is impossible the breach still stands.
        (void)Apply(cmd::HandOff{tier.handoff_to.front(),
                                 HandOffCriterionName(HandOffCriterion::kUnresolvedAtTier),
                                 "the " + clock.name + " target was missed", ""});
        break;
      }
    }
  }
}

Status Machine::Apply(const cmd::ClockDue& c) {
  SlaClock* running = t_.FindDueClock(c.clock, c.due);
  if (running == nullptr || running->paused || running->due != c.due) return Ok();  // stale
  if (now_ < running->due)
    return Fail(ErrorCode::kFailedPrecondition, "clock '" + c.clock + "' is not due yet");
  const SlaClock clock = *running;
  DropClock(clock.name);
  Emit(EventType::kClockBreached, "", {{"clock", clock.name}, {"due", Fmt(clock.due)}});
  if (OnConsultClockDue(clock)) return Ok();
  const Tier* tier = p_.FindTier(t_.tier);
  if (clock.name == clocks::kAck) {
    OnAckBreach();
  } else if (clock.name == clocks::kHandOff || clock.name == clocks::kResponse) {
    const ClockRule& rule =
        clock.name == clocks::kHandOff ? *tier->clocks.handoff : *tier->clocks.response;
    const bool after_hours = tier->after_hours_on_call.count(t_.priority) &&
                             !p_.CalendarFor(tier->calendar).IsOpen(now_);
    if (after_hours && !(t_.page && t_.page->on_call)) {
      for (const auto& [kind, id] : t_.registration.assets) {
        const Asset* asset = p_.FindAsset(kind, id);
        if (asset != nullptr && !asset->on_call.empty()) {
          (void)StartPaging(*asset, /*on_call=*/true);
          break;
        }
      }
    }
    RunBreachActions(rule.on_breach, clock);
  } else if (clock.name == clocks::kResolution) {
    RunBreachActions(tier->clocks.on_resolution_breach, clock);
  } else if (clock.name == clocks::kStatusUpdate) {
    RemindAssignee(clock.name);
    StartStatusUpdateClock(*tier);
  } else if (clock.name == clocks::kNextUpdate) {
    RemindAssignee(clock.name);
  } else if (clock.name == clocks::kHierarchy) {
    EscalateHierarchy("no resolution within the time allowed at this level");
  } else if (clock.name == clocks::kSignOff) {
    if (t_.signoff_reminders < p_.closure.reminders) {
      ++t_.signoff_reminders;
      Emit(EventType::kSignoffReminderSent, ClientActor(t_.registration.client_id),
           {{"reminder", std::to_string(t_.signoff_reminders)}});
      MailRequester("signoff_reminder");
      const Calendar& cal = p_.CalendarFor(p_.closure.signoff_calendar);
      SlaClock next = StartClock(clocks::kSignOff, cal, p_.closure.remind_after, now_, false);
      Emit(EventType::kClockStarted, "", {{"clock", clocks::kSignOff}, {"due", Fmt(next.due)}});
      t_.SetClock(std::move(next));
    } else if (p_.closure.close_after_reminders) {
      Close("closed without sign-off after " + std::to_string(t_.signoff_reminders) +
            " reminders, as the procedure allows");
    } else {
      Emit(EventType::kSignoffOverdue, ClientActor(t_.registration.client_id));
    }
  }
  return Ok();
}

}  // namespace tierdesk::core
