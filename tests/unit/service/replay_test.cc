#include "service/replay.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/memory/memory_store.h"
#include "test_support.h"

namespace tierdesk::service {
namespace {

using testing::At;
using testing::CreateFor;

// What a replay told its observer.
class Recording final : public ReplayObserver {
 public:
  void OnOutcome(const Outcome& outcome) override {
    events.insert(events.end(), outcome.events.begin(), outcome.events.end());
  }
  void OnRefused(const ReplayStep& step, const Error&, bool expected) override {
    if (!expected) refused_unexpectedly.push_back(step.line);
  }
  void OnAcceptedUnexpectedly(const ReplayStep& step) override {
    accepted_unexpectedly.push_back(step.line);
  }

  const core::Event* Find(const std::string& type) const {
    for (const auto& e : events)
      if (e.type == type) return &e;
    return nullptr;
  }

  std::vector<core::Event> events;
  std::vector<int> refused_unexpectedly;
  std::vector<int> accepted_unexpectedly;
};

class ReplayerTest : public ::testing::Test {
 protected:
  // One run, as `tierdesk replay` does it: a scheduler rebuilt from the store, a clock that
  // the replayer moves to where ReplayStart says.
  Result<int> Run(const std::vector<ReplayStep>& steps, Recording& recording,
                  std::optional<Timestamp> until = std::nullopt) {
    Scheduler scheduler;
    TicketService service(store_, procedure_, &scheduler);
    scheduler.Attach(&service);
    if (auto s = scheduler.Rebuild(store_); !s) return tl::unexpected(s.error());
    VirtualClock clock(Timestamp::min());
    Replayer replayer(service, scheduler, clock);
    StepList list(steps);
    return replayer.Run(list, until, recording);
  }

  static ReplayStep Step(int line, const char* at, std::optional<core::Command> command,
                         std::string expect_error = {}) {
    return ReplayStep{line, At(at), std::move(command), std::move(expect_error)};
  }

  core::Procedure procedure_ = testing::SeedProcedure("000-three-level-support.toml");
  store::MemoryStore store_;
};

// Seed 000: L1 hands off within 15 minutes, so a ticket created at 09:15 breaches at 09:30.
TEST_F(ReplayerTest, ContinuedRunFiresAnOverdueDeadlineAtItsOwnInstant) {
  Recording first;
  ASSERT_EQ(Run({Step(1, "2026-01-05T09:15:00Z", CreateFor("C-1001"))}, first).value(), 0);
  ASSERT_EQ(first.Find("clock_breached"), nullptr);

  Recording second;
  ASSERT_EQ(Run({Step(1, "2026-01-05T12:00:00Z", std::nullopt)}, second).value(), 0);
  const core::Event* breach = second.Find("clock_breached");
  ASSERT_NE(breach, nullptr);
  EXPECT_EQ(breach->at, At("2026-01-05T09:30:00Z"));
}

TEST_F(ReplayerTest, StartIsTheFirstStepOrUntilWhenNothingIsDueBefore) {
  Scheduler scheduler;
  EXPECT_EQ(ReplayStart(scheduler, At("2026-01-05T12:00:00Z"), At("2026-01-06T00:00:00Z")),
            At("2026-01-05T12:00:00Z"));
  EXPECT_EQ(ReplayStart(scheduler, std::nullopt, At("2026-01-06T00:00:00Z")),
            At("2026-01-06T00:00:00Z"));
}

TEST_F(ReplayerTest, AcceptedStepThatExpectedARefusalIsReported) {
  core::Command note{"psc-anil", 1, core::cmd::Note{"called the client", false}, ""};
  Recording recording;
  auto surprises = Run({Step(1, "2026-01-05T09:15:00Z", CreateFor("C-1001")),
                        Step(2, "2026-01-05T09:16:00Z", note, "permission_denied")},
                       recording);
  ASSERT_TRUE(surprises) << surprises.error().ToString();
  EXPECT_EQ(*surprises, 1);
  EXPECT_THAT(recording.accepted_unexpectedly, ::testing::ElementsAre(2));
  EXPECT_TRUE(recording.refused_unexpectedly.empty());
}

}  // namespace
}  // namespace tierdesk::service
