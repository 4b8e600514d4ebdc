// The engine's after-commit hook: what wakes live streams instead of their polling.
#include "service/engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "store/memory/memory_store.h"
#include "test_support.h"

namespace tierdesk::service {
namespace {

using testing::At;

TEST(EngineAfterCommit, RunsOnceABatchOrAFiredDeadlineIsCommittedBeforeAnyoneIsAnswered) {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  store::MemoryStore store;
  VirtualClock clock(At("2026-01-05T10:00:00Z"));
  std::atomic<int> calls{0};
  std::atomic<int64_t> log_end_seen{-1};
  EngineOptions options;
  options.after_commit = [&] {
    log_end_seen = store.LastEventSeq().value();
    ++calls;
  };
  Engine engine(store, procedure, clock, options);
  ASSERT_TRUE(engine.Start());

  ASSERT_TRUE(engine.Execute(testing::CreateFor("C-1")).has_value());
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(log_end_seen.load(), store.LastEventSeq().value());  // the commit was visible

  // The hand-off clock (15 minutes) breaches: the scheduler's commit calls the hook too.
  const int64_t before = store.LastEventSeq().value();
  clock.AdvanceTo(At("2026-01-05T10:20:00Z"));
  std::promise<void> caught_up;
  engine.AfterCatchingUp([&] { caught_up.set_value(); });
  caught_up.get_future().wait();
  EXPECT_GT(store.LastEventSeq().value(), before);
  EXPECT_GE(calls.load(), 2);
  EXPECT_EQ(log_end_seen.load(), store.LastEventSeq().value());
  engine.Stop();
}

// A procedure switch is told after the answers of commands decided before it: the HTTP API
// swaps its procedure in that callback, and an earlier answer built after the swap would name
// the new procedure's tiers and zone.
TEST(EngineCatchUp, RunsAfterTheAnswersOfEverythingAppliedBefore) {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  store::MemoryStore store;
  VirtualClock clock(At("2026-01-05T10:00:00Z"));
  Engine engine(store, procedure, clock);
  ASSERT_TRUE(engine.Start());
  std::mutex mu;
  std::vector<std::string> order;
  std::promise<void> switched;
  engine.Submit(testing::CreateFor("C-1"), [&](Result<Outcome> r) {
    ASSERT_TRUE(r.has_value());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // a slow answer
    std::lock_guard lock(mu);
    order.push_back("answer");
  });
  engine.ReplaceProcedure(procedure, [&] {
    {
      std::lock_guard lock(mu);
      order.push_back("switched");
    }
    switched.set_value();
  });
  switched.get_future().wait();
  std::lock_guard lock(mu);
  EXPECT_EQ(order, (std::vector<std::string>{"answer", "switched"}));
}

TEST(EngineCatchUp, WaitsForEveryDueDeadlineHoweverManySlicesItTakes) {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  store::MemoryStore store;
  VirtualClock clock(At("2026-01-05T10:00:00Z"));
  EngineOptions options;
  options.max_batch = 2;
  options.max_fire = 2;  // five breaches take three rounds
  Engine engine(store, procedure, clock, options);
  ASSERT_TRUE(engine.Start());
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(engine.Execute(testing::CreateFor("C-" + std::to_string(i))).has_value());
  clock.AdvanceTo(At("2026-01-05T10:20:00Z"));
  std::promise<uint64_t> fired_when_told;
  engine.AfterCatchingUp([&] { fired_when_told.set_value(engine.Stats().deadlines_fired); });
  EXPECT_EQ(fired_when_told.get_future().get(), 5u);
  engine.Stop();
}

// A clock to the millisecond that moves only when told.
class PreciseClock final : public Clock {
 public:
  explicit PreciseClock(std::chrono::sys_time<std::chrono::milliseconds> t) : ms_(t) {}
  Timestamp Now() const override { return std::chrono::floor<Seconds>(Get()); }
  std::chrono::sys_time<std::chrono::milliseconds> NowPrecise() const override { return Get(); }
  void Set(std::chrono::sys_time<std::chrono::milliseconds> t) {
    std::lock_guard lock(mu_);
    ms_ = t;
  }

 private:
  std::chrono::sys_time<std::chrono::milliseconds> Get() const {
    std::lock_guard lock(mu_);
    return ms_;
  }
  mutable std::mutex mu_;
  std::chrono::sys_time<std::chrono::milliseconds> ms_;
};

TEST(EngineLateness, EachBreachIsTimedToTheMillisecondFromItsDueInstant) {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  store::MemoryStore store;
  PreciseClock clock(At("2026-01-05T10:00:00Z"));
  Engine engine(store, procedure, clock);
  ASSERT_TRUE(engine.Start());
  ASSERT_TRUE(engine.Execute(testing::CreateFor("C-1")).has_value());
  EXPECT_EQ(engine.Stats().lateness.count, 0u);

  // The hand-off clock is due at 10:15:00; the engine sees it 250 ms after.
  clock.Set(At("2026-01-05T10:15:00Z") + std::chrono::milliseconds(250));
  std::promise<void> caught_up;
  engine.AfterCatchingUp([&] { caught_up.set_value(); });
  caught_up.get_future().wait();
  const auto late = engine.Stats().lateness;
  EXPECT_EQ(late.count, 1u);
  EXPECT_EQ(late.max_ms, 250);
  EXPECT_EQ(late.sum_ms, 250);
  const auto& bounds = LatenessHistogram::kBoundsMs;
  for (size_t i = 0; i < bounds.size(); ++i) EXPECT_EQ(late.at_most[i], bounds[i] >= 250 ? 1u : 0u);
  engine.Stop();
}

}  // namespace
}  // namespace tierdesk::service
