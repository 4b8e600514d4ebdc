// The event log (EventLog): every event once, in commit order.

#include "contract/contract_fixture.h"

namespace tierdesk::service::contract {
namespace {

class EventLogContract : public StoreContract {};

TEST_P(EventLogContract, EventsSinceFollowsTheLogAcrossTicketsInCommitOrder) {
  EXPECT_EQ(store_->LastEventSeq().value(), 0);
  EXPECT_TRUE(store_->EventsSince(0, 10).value().empty());
  CommitRecord a = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1);
  CommitRecord b = Decided({}, CreateFor("C-2"), At("2026-01-05T10:01:00Z"), 2);
  std::vector<CommitRecord> both = {a, b};
  ASSERT_TRUE(store_->Commit(both));
  core::Command note{"psc-anil", 1, core::cmd::Note{"checked", false}, ""};
  CommitRecord noted = Decided(a.ticket, note, At("2026-01-05T10:02:00Z"));
  ASSERT_TRUE(store_->Commit({&noted, 1}));

  // Every event once, numbered 1, 2, ... in the order committed, with its requester.
  std::vector<SequencedEvent> expected;
  for (const CommitRecord* r : {&a, &b, &noted})
    for (const core::Event& e : r->events)
      expected.push_back({int64_t(expected.size()) + 1, e, r->ticket.registration.client_id});
  ASSERT_GE(expected.size(), 3u);
  EXPECT_EQ(store_->EventsSince(0, 1000).value(), expected);
  EXPECT_EQ(store_->LastEventSeq().value(), int64_t(expected.size()));
  EXPECT_EQ(expected.back().event.type, "note");
  EXPECT_EQ(expected.back().client_id, "C-1");

  // Read a page at a time from the last seq read: the same events, none twice.
  std::vector<SequencedEvent> paged;
  for (int64_t last = 0;;) {
    auto page = store_->EventsSince(last, 2).value();
    if (page.empty()) break;
    EXPECT_LE(page.size(), 2u);
    paged.insert(paged.end(), page.begin(), page.end());
    last = page.back().seq;
  }
  EXPECT_EQ(paged, expected);
  EXPECT_TRUE(store_->EventsSince(int64_t(expected.size()), 10).value().empty());
  EXPECT_EQ(store_->EventsSince(int64_t(expected.size()) - 1, 10).value(),
            std::vector<SequencedEvent>{expected.back()});

  // A refused batch takes no seq: the next commit continues where the log ends.
  CommitRecord stale = Decided(a.ticket, note, At("2026-01-05T10:03:00Z"));
  ASSERT_FALSE(store_->Commit({&stale, 1}).has_value());
  EXPECT_EQ(store_->LastEventSeq().value(), int64_t(expected.size()));
  core::Command second{"psc-anil", 2, core::cmd::Note{"seen", false}, ""};
  CommitRecord later = Decided(b.ticket, second, At("2026-01-05T10:04:00Z"));
  ASSERT_TRUE(store_->Commit({&later, 1}));
  auto next = store_->EventsSince(int64_t(expected.size()), 10).value();
  ASSERT_EQ(next.size(), later.events.size());
  EXPECT_EQ(next.front().seq, int64_t(expected.size()) + 1);
  EXPECT_EQ(next.front().event.ticket, 2);
  EXPECT_EQ(next.front().client_id, "C-2");
}

TIERDESK_STORE_CONTRACT(EventLogContract);

}  // namespace
}  // namespace tierdesk::service::contract
