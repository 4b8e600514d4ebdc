#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "service/scheduler.h"
#include "service/ticket_service.h"

namespace tierdesk::service {

struct ReplayStep {
  int line = 0;  // where it came from, for messages
  Timestamp at{};
  std::optional<core::Command> command;  // none: only move the clock to `at`
  std::string expect_error;              // an ErrorCodeName the command must be refused with
};

class ReplayObserver {
 public:
  virtual ~ReplayObserver() = default;
  virtual void OnOutcome(const Outcome& outcome) = 0;
  // A refusal; `expected` when the step said it would be refused with that code.
  virtual void OnRefused(const ReplayStep& step, const Error& error, bool expected) = 0;
  // A step that said it would be refused (`step.expect_error`) and was accepted; its outcome
  // has gone to OnOutcome already.
  virtual void OnAcceptedUnexpectedly(const ReplayStep& step) = 0;
};

// Where a replay's steps come from, one at a time: a month of input is read as it is replayed,
// never held whole.
class ReplaySteps {
 public:
  virtual ~ReplaySteps() = default;
  // The next step, nullopt after the last; an error (bad input) stops the replay.
  [[nodiscard]] virtual Result<std::optional<ReplayStep>> Next() = 0;
};

// Steps already in memory (a scenario's, a test's).
class StepList final : public ReplaySteps {
 public:
  explicit StepList(const std::vector<ReplayStep>& steps) : steps_(steps) {}
  Result<std::optional<ReplayStep>> Next() override {
    if (next_ == steps_.size()) return std::optional<ReplayStep>();
    return std::optional<ReplayStep>(steps_[next_++]);
  }

 private:
  const std::vector<ReplayStep>& steps_;
  size_t next_ = 0;
};

// The instant a replay's virtual clock starts at: the first step's (or `until` when there is
// no step), or earlier when a deadline left in the store by an earlier run is due before it,
// so that deadline fires at its own due instant rather than at the first step's. Call it after
// the scheduler is rebuilt from the store.
Timestamp ReplayStart(Scheduler& scheduler, std::optional<Timestamp> first_step,
                      std::optional<Timestamp> until);

// Replays timestamped commands on a virtual clock that jumps from deadline to deadline: before
// each step, every deadline due by then fires at its own due instant, so a month of support
// replays in moments and every breach lands on its exact minute.
class Replayer {
 public:
  Replayer(TicketService& service, Scheduler& scheduler, VirtualClock& clock)
      : service_(service), scheduler_(scheduler), clock_(clock) {}

  // Moves the clock to ReplayStart, runs `steps` (in time order), then fires deadlines up to
  // `until` if given. Returns how many steps went against their expectation (refused
  // unexpectedly, or accepted or refused differently when a refusal was expected). Store
  // failures and bad input are errors.
  [[nodiscard]] Result<int> Run(ReplaySteps& steps, std::optional<Timestamp> until,
                                ReplayObserver& observer);

 private:
  Status FireUntil(Timestamp t, ReplayObserver& observer);
  // One step: its deadlines first, then its command. Adds to `surprises`.
  Status RunStep(const ReplayStep& step, ReplayObserver& observer, int& surprises);

  TicketService& service_;
  Scheduler& scheduler_;
  VirtualClock& clock_;
};

}  // namespace tierdesk::service
