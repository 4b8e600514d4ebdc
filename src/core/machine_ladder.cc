#include "core/machine.h"

namespace tierdesk::core {

namespace {

// Clocks that are service-level targets: how each ends (met, breached, stopped) is recorded.
bool IsTarget(std::string_view name) {
  return name == clocks::kHandOff || name == clocks::kResponse || name == clocks::kResolution ||
         clocks::KindOf(name) == clocks::kConsult;
}

std::vector<SlaClock>::iterator FindRunning(std::vector<SlaClock>& running, std::string_view name) {
  return std::find_if(running.begin(), running.end(),
                      [&](const SlaClock& c) { return c.name == name; });
}

}  // namespace

void Machine::ClockDone(std::string_view name) {
  auto it = FindRunning(t_.clocks, name);
  if (it == t_.clocks.end()) return;
  if (IsTarget(name)) {
    if (InTime(*it, now_))
      Emit(EventType::kClockMet, "", {{"clock", it->name}, {"due", Fmt(it->due)}});
    else  // late, though the scheduler had not fired yet: a breach, not a success
      Emit(EventType::kClockBreached, "",
           {{"clock", it->name},
            {"due", Fmt(it->due)},
            {"late_by",
             FormatDuration(-RemainingBusinessTime(*it, p_.CalendarFor(it->calendar), now_))}});
  }
  t_.clocks.erase(it);
}

void Machine::ClockStopped(std::string_view name, const std::string& reason) {
  auto it = FindRunning(t_.clocks, name);
  if (it == t_.clocks.end()) return;
  if (IsTarget(name)) Emit(EventType::kClockStopped, "", {{"clock", it->name}, {"reason", reason}});
  t_.clocks.erase(it);
}

void Machine::DropClock(std::string_view name) {
  auto it = FindRunning(t_.clocks, name);
  if (it != t_.clocks.end()) t_.clocks.erase(it);
}

void Machine::StopWorkClocks(WorkEnd end) {
  const std::string left = "the ticket left tier '" + t_.tier + "'";
  switch (end) {
    case WorkEnd::kHandedOff:
    case WorkEnd::kAutoHandedOff:
      // Only the hand-off happened: the client got no response and nothing was resolved here.
      if (end == WorkEnd::kHandedOff)
        ClockDone(clocks::kHandOff);
      else
        ClockStopped(clocks::kHandOff, "handed off by the engine after a missed target");
      ClockStopped(clocks::kResponse, left + " before a response was sent");
      ClockStopped(clocks::kResolution, left + " unresolved");
      break;
    case WorkEnd::kResolved:
    case WorkEnd::kResolvedAwaitingQc:
      ClockDone(clocks::kHandOff);  // a tier passes a ticket on or resolves it
      // The resolution letter answers the client, but only once quality control lets it go.
      if (end == WorkEnd::kResolved)
        ClockDone(clocks::kResponse);
      else
        ClockStopped(clocks::kResponse,
                     "resolved before a response was sent; the resolution letter waits for "
                     "quality control");
      ClockDone(clocks::kResolution);
      break;
  }
  for (const char* name : {clocks::kAck, clocks::kNextUpdate, clocks::kStatusUpdate})
    DropClock(name);
  t_.page.reset();
}

// Tickets a tier must handle after hours run its clocks around the clock, so that a breach
// at night pages the on-call chain instead of waiting for the morning.
static std::string ClockCalendar(const Tier& tier, Priority priority, const std::string& rule) {
  if (tier.after_hours_on_call.count(priority)) return kAlwaysOpenCalendar;
  return rule;
}

void Machine::StartTierClocks(const Tier& tier) {
  StartRuleClock(clocks::kHandOff, tier, tier.clocks.handoff, false);
  StartRuleClock(clocks::kResponse, tier, tier.clocks.response, false);
  StartStatusUpdateClock(tier);
  StartResolutionClock(tier);
}

void Machine::StartRuleClock(const char* name, const Tier& tier,
                             const std::optional<ClockRule>& rule, bool retarget_only) {
  if (!rule) return;
  // A priority change moves only a running clock whose rule has targets per priority.
  if (retarget_only && (rule->by_priority.empty() || t_.FindClock(name) == nullptr)) return;
  const std::optional<Minutes> target = rule->WithinFor(t_.priority);
  if (!target) {
    ClockStopped(name, std::string("no ") + name + " target for " + PriorityName(t_.priority) +
                           " priority");
    return;
  }
  StartTargetClock(name, p_.CalendarFor(ClockCalendar(tier, t_.priority, rule->calendar)),
                   *target);
}

void Machine::StartTargetClock(const char* name, const Calendar& cal, Minutes target) {
  SlaClock clock = StartClock(name, cal, target, now_);
  if (const SlaClock* old = t_.FindClock(name)) {
    // A priority change keeps the time already spent and applies the new target to it.
    clock.running_since = old->running_since;
    clock.used = old->used;
    Seconds left = target - old->used;
    clock.due = cal.Add(old->running_since, left > Seconds{0} ? left : Seconds{0});
  }
  Emit(EventType::kClockStarted, "",
       {{"clock", name}, {"due", Fmt(clock.due)}, {"calendar", cal.name()}});
  t_.SetClock(std::move(clock));
}

void Machine::StartStatusUpdateClock(const Tier& tier) {
  const auto& rule = tier.clocks.status_updates;
  if (!rule || !rule->priorities.count(t_.priority)) {
    DropClock(clocks::kStatusUpdate);
    return;
  }
  const Calendar& cal = p_.CalendarFor(rule->calendar);
  SlaClock clock = StartClock(clocks::kStatusUpdate, cal, rule->every, now_);
  Emit(EventType::kClockStarted, "",
       {{"clock", clocks::kStatusUpdate}, {"due", Fmt(clock.due)}, {"calendar", cal.name()}});
  t_.SetClock(std::move(clock));
}

void Machine::StartResolutionClock(const Tier& tier) {
  auto target = tier.clocks.resolution.find(t_.priority);
  if (target == tier.clocks.resolution.end()) {
    ClockStopped(clocks::kResolution, std::string("no resolution target for ") +
                                          PriorityName(t_.priority) + " priority");
    return;
  }
  StartTargetClock(clocks::kResolution, p_.CalendarFor(tier.clocks.resolution_calendar),
                   target->second);
}

Status Machine::EnterTier(const std::string& tier_id, const std::string& reason) {
  const Tier* tier = p_.FindTier(tier_id);
  if (tier == nullptr)
    return Fail(ErrorCode::kInvalidArgument, "unknown tier '" + tier_id + "'", "to");
  const bool first_entry = t_.tier.empty();
  t_.tier = tier_id;
  t_.stage = Stage::kOpen;
  t_.assignee.clear();
  t_.gate_tier.clear();
  StartTierClocks(*tier);
  if (!tier->routing_kind.empty()) {
    auto it = t_.registration.assets.find(tier->routing_kind);
    if (it == t_.registration.assets.end())
      return Fail(
          ErrorCode::kInvalidArgument,
          "tier '" + tier_id + "' routes by " + tier->routing_kind + " and the ticket names none",
          "asset");
    const Asset* asset = p_.FindAsset(tier->routing_kind, it->second);
    if (asset == nullptr)
      return Fail(ErrorCode::kNotFound, "unknown " + tier->routing_kind + " '" + it->second + "'",
                  "asset");
    const bool after_hours = tier->after_hours_on_call.count(t_.priority) &&
                             !p_.CalendarFor(tier->calendar).IsOpen(now_);
    if (auto s = StartPaging(*asset, after_hours); !s) return s;
  }
  if (!first_entry && tier->notify_requester_on_entry)
    MailRequester("escalation_notice", {{"reason", reason}});
  return Ok();
}

void Machine::PauseClocks() {
  for (auto& clock : t_.clocks) {
    if (clock.paused || !clock.pausable) continue;
    PauseClock(clock, p_.CalendarFor(clock.calendar), now_);
    Emit(EventType::kClockPaused, "",
         {{"clock", clock.name}, {"remaining", FormatDuration(clock.budget - clock.used)}});
  }
}

void Machine::ResumeClocks() {
  for (auto& clock : t_.clocks) {
    if (!clock.paused) continue;
    ResumeClock(clock, p_.CalendarFor(clock.calendar), now_);
    Emit(EventType::kClockResumed, "", {{"clock", clock.name}, {"due", Fmt(clock.due)}});
  }
}

void Machine::AfterQualityControl() {
  MailRequester("resolution_letter");
  if (!p_.closure.client_signoff) {
    // The resolution letter already told the client everything a closure notice would.
    Close("resolved; the procedure needs no client sign-off", /*notify_requester=*/false);
    return;
  }
  t_.stage = Stage::kAwaitingSignOff;
  t_.signoff_reminders = 0;
  const std::string client = ClientActor(t_.registration.client_id);
  ++t_.link_cycle;  // a new resolution: the links mailed for the one before no longer apply
  MailRequester("signoff_request", {{"signoff_link", LinkMarker("sign_off", client, t_.link_cycle)},
                                    {"reopen_link", LinkMarker("reopen", client, t_.link_cycle)}});
  Emit(EventType::kSignoffRequested, ClientActor(t_.registration.client_id));
  if (p_.closure.remind_after > Minutes{0}) {
    const Calendar& cal = p_.CalendarFor(p_.closure.signoff_calendar);
    SlaClock clock = StartClock(clocks::kSignOff, cal, p_.closure.remind_after, now_, false);
    Emit(EventType::kClockStarted, "",
         {{"clock", clocks::kSignOff}, {"due", Fmt(clock.due)}, {"calendar", cal.name()}});
    t_.SetClock(std::move(clock));
  }
}

void Machine::SendBackToResolver(const std::string& reason) {
  if (const Person* resolver = p_.FindPerson(t_.resolved_by))
    MailPerson(*resolver, "sent_back", {{"reason", reason}});
  // The tier's clocks start afresh; a team still asked keeps the clocks of its consult.
  std::erase_if(t_.clocks, [](const SlaClock& c) {
    const std::string_view kind = clocks::KindOf(c.name);
    return kind != clocks::kConsult && kind != clocks::kConsultPage;
  });
  t_.resolution.clear();
  t_.stage = Stage::kOpen;
  t_.tier = t_.resolved_tier;
  t_.assignee = t_.resolved_by;
  StartTierClocks(CurrentTier());
  StartHierarchyClock();
}

void Machine::Close(const std::string& how, bool notify_requester) {
  EndConsults("the ticket closed before the team answered");
  t_.clocks.clear();
  t_.page.reset();
  t_.stage = Stage::kClosed;
  Emit(EventType::kClosed, "", {{"how", how}});
  if (notify_requester) MailRequester("closure_notice");
  if (p_.closure.knowledge_base) {
    const Person* owner = p_.FindPerson(t_.resolved_by);
    Emit(EventType::kKnowledgeBaseTask, owner ? owner->id : "");
    if (owner) MailPerson(*owner, "knowledge_base_task", {}, Effect::Kind::kTask);
  }
}

}  // namespace tierdesk::core
