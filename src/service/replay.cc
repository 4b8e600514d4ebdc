#include "service/replay.h"

namespace tierdesk::service {

Timestamp ReplayStart(Scheduler& scheduler, const std::vector<ReplayStep>& steps,
                      std::optional<Timestamp> until) {
  Timestamp start = !steps.empty() ? steps.front().at : until.value_or(Timestamp{});
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

Result<int> Replayer::Run(const std::vector<ReplayStep>& steps, std::optional<Timestamp> until,
                          ReplayObserver& observer) {
  int surprises = 0;
  for (const ReplayStep& step : steps) {
    if (auto s = FireUntil(step.at, observer); !s) return tl::unexpected(s.error());
    if (!step.command) continue;
    auto outcome = service_.Execute(*step.command, clock_.Now());
    if (outcome) {
      observer.OnOutcome(*outcome);
      if (!step.expect_error.empty()) {
        ++surprises;
        observer.OnAcceptedUnexpectedly(step);
      }
      continue;
    }
    const Error& error = outcome.error();
    if (error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInternal)
      return tl::unexpected(error);
    const bool expected = step.expect_error == ErrorCodeName(error.code);
    if (!expected) ++surprises;
    observer.OnRefused(step, error, expected);
  }
  if (until) {
    if (auto s = FireUntil(*until, observer); !s) return tl::unexpected(s.error());
  }
  return surprises;
}

}  // namespace tierdesk::service
