#include "service/replay.h"

namespace tierdesk::service {

Timestamp ReplayStart(Scheduler& scheduler, std::optional<Timestamp> first_step,
                      std::optional<Timestamp> until) {
  Timestamp start = first_step ? *first_step : until.value_or(Timestamp{});
  if (auto due = scheduler.NextDue(); due && *due < start) start = *due;
  return start;
}

Status Replayer::FireUntil(Timestamp t, ReplayObserver& observer) {
  while (auto next = scheduler_.NextDue()) {
    if (*next > t) break;
    clock_.AdvanceTo(*next);
    auto fired = scheduler_.FireDue(clock_.Now(), [&](const Outcome& o) { observer.OnOutcome(o); });
    if (!fired) return tl::unexpected(fired.error());
  }
  clock_.AdvanceTo(t);
  return Ok();
}

Status Replayer::RunStep(const ReplayStep& step, ReplayObserver& observer, int& surprises) {
  if (auto s = FireUntil(step.at, observer); !s) return s;
  if (!step.command) return Ok();
  auto outcome = service_.Execute(*step.command, clock_.Now());
  if (outcome) {
    observer.OnOutcome(*outcome);
    if (!step.expect_error.empty()) {
      ++surprises;
      observer.OnAcceptedUnexpectedly(step);
    }
    return Ok();
  }
  const Error& error = outcome.error();
  if (error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInternal)
    return tl::unexpected(error);
  const bool expected = step.expect_error == ErrorCodeName(error.code);
  if (!expected) ++surprises;
  observer.OnRefused(step, error, expected);
  return Ok();
}

Result<int> Replayer::Run(ReplaySteps& steps, std::optional<Timestamp> until,
                          ReplayObserver& observer) {
  auto step = steps.Next();
  if (!step) return tl::unexpected(step.error());
  clock_.AdvanceTo(
      ReplayStart(scheduler_, *step ? std::optional((*step)->at) : std::nullopt, until));
  int surprises = 0;
  while (*step) {
    if (auto s = RunStep(**step, observer, surprises); !s) return tl::unexpected(s.error());
    step = steps.Next();
    if (!step) return tl::unexpected(step.error());
  }
  if (until) {
    if (auto s = FireUntil(*until, observer); !s) return tl::unexpected(s.error());
  }
  return surprises;
}

}  // namespace tierdesk::service
