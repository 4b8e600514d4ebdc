// The engine's after-commit hook: what wakes live streams instead of their polling.
#include "service/engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

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

}  // namespace
}  // namespace tierdesk::service
