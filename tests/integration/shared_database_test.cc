// What lets several nodes share one PostgreSQL database, checked on a real server with one
// connection per node: who fires each deadline (holds, claims, release), outbox leases, the
// mailbox lease, ticket ids, and an event log whose seqs follow commit order across writers.
#include <gtest/gtest.h>

#include <atomic>
#include <pqxx/pqxx>
#include <thread>

#include "core/decide.h"
#include "integration/postgres_server.h"
#include "store/postgres/postgres_store.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using service::CommitRecord;
using service::Deadline;

class SharedDatabase : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.running()) << server_.Log();
    server_.CreateDatabase("desk");
    procedure_ = SeedProcedure("000-three-level-support.toml");
  }

  std::unique_ptr<store::PostgresStore> Node(const std::string& name) {
    auto store = store::PostgresStore::Open(server_.Uri("desk"),
                                            {.node = name, .deadline_hold = Seconds{10}});
    EXPECT_TRUE(store.has_value()) << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  // Creates a ticket through `node` at `at`: its hand-off clock runs 15 minutes.
  core::Ticket Create(store::PostgresStore& node, const std::string& client, const char* at) {
    const core::TicketId id = node.ReserveTicketIds(1).value().front();
    auto d = core::Decide({}, CreateFor(client), At(at), procedure_, id).value();
    CommitRecord r{d.ticket, 0, d.events, d.effects, At(at), "", "create"};
    r.assets_changed = true;
    EXPECT_TRUE(node.Commit({&r, 1}));
    return d.ticket;
  }

  PostgresServer server_;
  core::Procedure procedure_;
};

TEST_F(SharedDatabase, ANodeFiresWhatItArmsAndOthersClaimItOnlyOnceItsHoldLapses) {
  auto a = Node("node-a"), b = Node("node-b");
  const core::Ticket t = Create(*a, "C-1", "2026-01-05T10:00:00Z");  // handoff due 10:15
  // Due, but held by A (it armed it) until ten seconds past its due time.
  EXPECT_TRUE(
      b->ClaimDeadlines(At("2026-01-05T10:15:05Z"), At("2026-01-05T10:15:07Z"), 100)->empty());
  // A stopped without firing it: B claims it once the hold lapsed, and holds it in turn.
  auto claimed = b->ClaimDeadlines(At("2026-01-05T10:15:11Z"), At("2026-01-05T10:15:13Z"), 100);
  ASSERT_TRUE(claimed.has_value()) << claimed.error().ToString();
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0], (Deadline{t.id, "handoff", At("2026-01-05T10:15:00Z")}));
  EXPECT_TRUE(
      a->ClaimDeadlines(At("2026-01-05T10:15:12Z"), At("2026-01-05T10:15:14Z"), 100)->empty());
  // B stops cleanly: what it held is free at once.
  ASSERT_TRUE(b->ReleaseDeadlines());
  EXPECT_EQ(a->ClaimDeadlines(At("2026-01-05T10:15:12Z"), At("2026-01-05T10:15:14Z"), 100)->size(),
            1u);
}

TEST_F(SharedDatabase, UnheldDeadlinesAreClaimedJustBeforeTheyFallDueByOneNodeEach) {
  // Armed by a connection that is no node (as `store copy` or `init` leaves them): unheld.
  auto plain = store::PostgresStore::Open(server_.Uri("desk")).value();
  for (int i = 0; i < 50; ++i) Create(*plain, "C-" + std::to_string(i), "2026-01-05T10:00:00Z");
  auto a = Node("node-a"), b = Node("node-b");
  // Not yet within the lookahead.
  EXPECT_TRUE(
      a->ClaimDeadlines(At("2026-01-05T10:14:00Z"), At("2026-01-05T10:14:58Z"), 100)->empty());
  // Two nodes claim at the same moment, 30 at most each: every deadline goes to exactly one.
  std::vector<Deadline> by_a, by_b;
  std::thread ta([&] {
    by_a = a->ClaimDeadlines(At("2026-01-05T10:14:59Z"), At("2026-01-05T10:15:01Z"), 30).value();
  });
  std::thread tb([&] {
    by_b = b->ClaimDeadlines(At("2026-01-05T10:14:59Z"), At("2026-01-05T10:15:01Z"), 30).value();
  });
  ta.join();
  tb.join();
  EXPECT_EQ(by_a.size() + by_b.size(), 50u);
  std::set<core::TicketId> tickets;
  for (const auto& d : by_a) tickets.insert(d.ticket);
  for (const auto& d : by_b) tickets.insert(d.ticket);
  EXPECT_EQ(tickets.size(), 50u);
}

TEST_F(SharedDatabase, OutboxRowsAreLeasedToOneDispatcherAtATime) {
  auto a = Node("node-a"), b = Node("node-b");
  const core::Ticket t = Create(*a, "C-1", "2026-01-05T10:00:00Z");
  auto d =
      core::Decide(
          t,
          core::Command{"psc-anil", t.id,
                        core::cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, ""},
          At("2026-01-05T10:05:00Z"), procedure_)
          .value();
  ASSERT_FALSE(d.effects.empty());
  CommitRecord r{d.ticket, t.version, d.events, d.effects, At("2026-01-05T10:05:00Z"),
                 "",       "handoff"};
  ASSERT_TRUE(a->Commit({&r, 1}));
  const Timestamp now = At("2026-01-05T10:05:01Z");
  auto by_a = a->ClaimOutbox(now, Seconds{120}, 100).value();
  EXPECT_EQ(by_a.size(), d.effects.size());
  EXPECT_TRUE(b->ClaimOutbox(now, Seconds{120}, 100)->empty());
  // A delivers the first and dies with the rest: B takes those once the lease ran out.
  ASSERT_TRUE(a->MarkDelivered(by_a[0].id, now));
  auto by_b = b->ClaimOutbox(now + Seconds{121}, Seconds{120}, 100).value();
  ASSERT_EQ(by_b.size(), by_a.size() - 1);
  EXPECT_EQ(by_b[0].id, by_a[1].id);
  // A, slow rather than dead, comes to its next row: B holds it now, so A leaves it.
  EXPECT_FALSE(a->RenewOutboxLease(by_a[1].id, now + Seconds{120}, now + Seconds{250}).value());
  EXPECT_TRUE(b->RenewOutboxLease(by_b[0].id, now + Seconds{241}, now + Seconds{250}).value());
}

TEST_F(SharedDatabase, OneNodeAtATimeHoldsALease) {
  auto a = Node("node-a"), b = Node("node-b");
  const Timestamp t0 = At("2026-01-05T10:00:00Z");
  EXPECT_TRUE(a->HoldLease("imap:x", "node-a", t0, t0 + Seconds{90}).value());
  EXPECT_FALSE(b->HoldLease("imap:x", "node-b", t0 + Seconds{30}, t0 + Seconds{120}).value());
  EXPECT_TRUE(a->HoldLease("imap:x", "node-a", t0 + Seconds{30}, t0 + Seconds{120}).value());
  EXPECT_TRUE(b->HoldLease("imap:y", "node-b", t0, t0 + Seconds{90}).value());
  // A stopped renewing: once its lease ran out B takes over.
  EXPECT_TRUE(b->HoldLease("imap:x", "node-b", t0 + Seconds{121}, t0 + Seconds{211}).value());
  EXPECT_FALSE(a->HoldLease("imap:x", "node-a", t0 + Seconds{122}, t0 + Seconds{212}).value());
}

TEST_F(SharedDatabase, TheEventLogFollowsCommitOrderAcrossWriters) {
  // Two writers commit as fast as they can while a reader follows the log by seq: it never
  // sees a seq before all smaller ones (which it would if seqs were taken at insert time and
  // a later one committed first), so following by the last seq read misses nothing.
  auto a = Node("node-a"), b = Node("node-b");
  auto reader = Node("reader");
  std::atomic<bool> done{false};
  auto write = [&](store::PostgresStore& node, const std::string& prefix) {
    for (int i = 0; i < 150; ++i) Create(node, prefix + std::to_string(i), "2026-01-05T10:00:00Z");
  };
  std::thread ta([&] { write(*a, "A-"); });
  std::thread tb([&] { write(*b, "B-"); });
  std::thread stop([&] {
    ta.join();
    tb.join();
    done = true;
  });
  int64_t last = 0;
  size_t read = 0;
  bool final_pass = false;
  while (!final_pass) {
    final_pass = done.load();
    const auto events = reader->EventsSince(last, 1000).value();
    for (const auto& e : events) {
      ASSERT_EQ(e.seq, last + 1) << "a gap in the log after seq " << last;
      last = e.seq;
      ++read;
    }
  }
  stop.join();
  EXPECT_EQ(int64_t(read), reader->LastEventSeq().value());
  EXPECT_EQ(reader->ListTicketSummaries({.limit = 1000}).value().size(), 300u);
}

}  // namespace
}  // namespace tierdesk::testing
