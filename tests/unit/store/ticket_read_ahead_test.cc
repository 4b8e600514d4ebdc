// Tickets read ahead on the SQLite store's own reader thread: handed to the writer only at the
// version its load finds, once; a ticket changed after it was read is decoded again.
#include "store/sqlite/ticket_read_ahead.h"

#include <gtest/gtest.h>

#include "core/decide.h"
#include "service/scheduler.h"
#include "service/ticket_service.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::store {
namespace {

using testing::At;
using testing::CreateFor;

class TicketReadAheadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    procedure_ = testing::SeedProcedure("000-three-level-support.toml");
    // No cache of committed tickets: every load is the row's, or the one read ahead.
    store_ =
        SqliteStore::Open(
            testing::TempDbPath(::testing::UnitTest::GetInstance()->current_test_info()->name()),
            {.ticket_cache_entries = 0, .read_ahead_entries = 64})
            .value();
    ASSERT_NE(store_->read_ahead(), nullptr);
  }

  // Creates ticket 1 and waits until it is read ahead.
  core::Ticket CreatedAndReadAhead() {
    service::TicketService service(*store_, procedure_);
    auto created = service.Execute(CreateFor("C-1"), At("2026-01-05T10:00:00Z"));
    EXPECT_TRUE(created);
    const core::TicketId ids[] = {1};
    store_->ReadAhead(ids);
    store_->read_ahead()->Drain();
    return created ? created->ticket : core::Ticket{};
  }

  core::Procedure procedure_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(TicketReadAheadTest, ATicketReadAheadIsTheStoredOneHandedOverOnce) {
  const core::Ticket created = CreatedAndReadAhead();
  EXPECT_EQ(store_->read_ahead()->stats().read, 1u);
  EXPECT_EQ(store_->Load(1).value(), created);
  EXPECT_EQ(store_->read_ahead()->stats().taken, 1u);
  // Handed over once: the next load reads the row itself, with the same result.
  EXPECT_EQ(store_->Load(1).value(), created);
  EXPECT_EQ(store_->read_ahead()->stats().taken, 1u);
}

TEST_F(TicketReadAheadTest, ATicketChangedAfterItWasReadIsDecodedAgain) {
  const core::Ticket created = CreatedAndReadAhead();
  // Changed without loading it here (as by another writer on the file).
  core::Command note{"psc-anil", 1, core::cmd::Note{"called the client", false}, ""};
  auto noted = core::Decide(created, note, At("2026-01-05T10:01:00Z"), procedure_, 0);
  ASSERT_TRUE(noted);
  service::CommitRecord record{noted->ticket, 1, noted->events, noted->effects,
                               At("2026-01-05T10:01:00Z")};
  ASSERT_TRUE(store_->Commit({&record, 1}));
  const auto loaded = store_->Load(1).value();
  EXPECT_EQ(loaded, noted->ticket);
  EXPECT_EQ(loaded.version, 2);
  const auto stats = store_->read_ahead()->stats();
  EXPECT_EQ(stats.taken, 0u);
  EXPECT_EQ(stats.stale, 1u);
}

TEST_F(TicketReadAheadTest, NothingIsReadAheadInsideAnEnclosingTransaction) {
  // The reader sees committed rows only; inside a replay's transaction none are.
  ASSERT_TRUE(store_->BeginEnclosingTransaction());
  service::TicketService service(*store_, procedure_);
  ASSERT_TRUE(service.Execute(CreateFor("C-1"), At("2026-01-05T10:00:00Z")));
  const core::TicketId ids[] = {1};
  store_->ReadAhead(ids);
  EXPECT_EQ(store_->read_ahead()->stats().wanted, 0u);
  ASSERT_TRUE(store_->EndEnclosingTransaction(true));
}

// A burst: the deadlines due in one second fire in ticket order, each once, and the store is
// told every ticket to read but those of the first batch, which fire at once.
TEST_F(TicketReadAheadTest, ABurstFiresInTicketOrderWithTheTicketsAfterTheFirstBatchReadAhead) {
  service::Scheduler scheduler;
  service::TicketService service(*store_, procedure_, &scheduler);
  scheduler.Attach(&service);
  constexpr int kTickets = 12;
  for (int i = 0; i < kTickets; ++i)
    ASSERT_TRUE(service.Execute(CreateFor("C-" + std::to_string(i)),
                                At("2026-01-05T10:00:00Z") + Seconds(kTickets - i)));
  // All hand-off clocks fall due within the same minute, the last ticket's first.
  std::vector<core::TicketId> fired;
  auto record = [&](const service::Outcome& o) { fired.push_back(o.ticket.id); };
  ASSERT_EQ(scheduler.FireDue(At("2026-01-05T10:16:00Z"), record, 2).value(), size_t(kTickets));
  std::vector<core::TicketId> by_due;
  for (int i = kTickets; i >= 1; --i) by_due.push_back(i);
  EXPECT_EQ(fired, by_due);
  const auto stats = store_->read_ahead()->stats();
  EXPECT_EQ(stats.wanted, uint64_t(kTickets - 2));
  EXPECT_EQ(stats.stale, 0u);
  for (int i = 1; i <= kTickets; ++i) {
    auto events = store_->Events(i).value();
    EXPECT_EQ(std::count_if(events.begin(), events.end(),
                            [](const core::Event& e) { return e.type == "clock_breached"; }),
              1)
        << "ticket " << i;
  }
}

TEST_F(TicketReadAheadTest, DeadlinesDueInTheSameSecondFireInTicketOrder) {
  service::Scheduler scheduler;
  service::TicketService service(*store_, procedure_, &scheduler);
  scheduler.Attach(&service);
  for (int i = 0; i < 6; ++i)
    ASSERT_TRUE(service.Execute(CreateFor("C-" + std::to_string(i)), At("2026-01-05T10:00:00Z")));
  std::vector<core::TicketId> fired;
  auto record = [&](const service::Outcome& o) { fired.push_back(o.ticket.id); };
  ASSERT_EQ(scheduler.FireDue(At("2026-01-05T10:15:00Z"), record, 4).value(), 6u);
  EXPECT_EQ(fired, (std::vector<core::TicketId>{1, 2, 3, 4, 5, 6}));
}

}  // namespace
}  // namespace tierdesk::store
