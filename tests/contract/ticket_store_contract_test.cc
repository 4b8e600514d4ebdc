// The tickets (TicketStore): what a commit writes, whole or not at all.

#include <algorithm>

#include "contract/contract_fixture.h"

namespace tierdesk::service::contract {
namespace {

class TicketStoreContract : public StoreContract {};

TEST_P(TicketStoreContract, CommittedTicketLoadsBackIdentical) {
  CommitRecord created = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1);
  ASSERT_TRUE(store_->Commit({&created, 1}));
  auto loaded = store_->Load(1);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().ToString();
  EXPECT_EQ(*loaded, created.ticket);
  EXPECT_EQ(store_->MaxTicketId().value(), 1);
  auto missing = store_->Load(2);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(TicketStoreContract, ReservedTicketIdsAreNewAndNeverGivenTwice) {
  auto first = store_->ReserveTicketIds(2).value();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_LT(first[0], first[1]);
  CommitRecord created = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), first[1]);
  ASSERT_TRUE(store_->Commit({&created, 1}));
  // first[0] was never used; it is not given again, nor is anything at or below a committed id.
  auto next = store_->ReserveTicketIds(3).value();
  ASSERT_EQ(next.size(), 3u);
  EXPECT_GT(next[0], first[1]);
  EXPECT_TRUE(std::is_sorted(next.begin(), next.end()));
  EXPECT_EQ(std::adjacent_find(next.begin(), next.end()), next.end());
}

TEST_P(TicketStoreContract, EventsDeadlinesAndOutboxFollowEachCommit) {
  CommitRecord created = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1);
  ASSERT_TRUE(store_->Commit({&created, 1}));
  EXPECT_THAT(store_->LoadDeadlines().value(),
              ElementsAre(Deadline{1, "handoff", At("2026-01-05T10:15:00Z")}));

  core::Command handoff{"psc-anil", 1,
                        core::cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, ""};
  CommitRecord handed = Decided(created.ticket, handoff, At("2026-01-05T10:05:00Z"));
  ASSERT_TRUE(store_->Commit({&handed, 1}));
  // L1's hand-off clock stopped; L2's own hand-off and response clocks and the page's ack
  // window run.
  auto deadlines = store_->LoadDeadlines().value();
  std::sort(deadlines.begin(), deadlines.end(),
            [](const Deadline& a, const Deadline& b) { return a.clock < b.clock; });
  EXPECT_THAT(deadlines, ElementsAre(Deadline{1, "ack", At("2026-01-05T10:10:00Z")},
                                     Deadline{1, "handoff", At("2026-01-05T10:20:00Z")},
                                     Deadline{1, "response", At("2026-01-05T10:20:00Z")}));
  auto events = store_->Events(1).value();
  ASSERT_EQ(events.size(), created.events.size() + handed.events.size());
  EXPECT_EQ(events.front().type, "created");
  EXPECT_EQ(events.back(), handed.events.back());
  auto outbox = store_->PendingOutbox(At("2026-01-05T10:05:00Z"), 100).value();
  EXPECT_EQ(outbox.size(), created.effects.size() + handed.effects.size());
}

// Text with what a bulk copy or a SQL literal must escape (tabs, line breaks, backslashes,
// quotes, a PostgreSQL COPY null marker) and text outside ASCII comes back byte for byte, in the
// ticket, its queue columns, its events and its outbox rows.
TEST_P(TicketStoreContract, AwkwardTextRoundTripsThroughEveryPart) {
  const std::string awkward =
      "tab\there\nnew line \\N back\\slash 'single' \"double\" "
      "\r\\. {a,b} \"{}\" NULL , é ü 日本 🚀";
  core::Command create = CreateFor("C-\t1");
  auto& c = std::get<core::cmd::Create>(create.body);
  c.registration.title = awkward;
  c.registration.description = awkward;
  CommitRecord created = Decided({}, create, At("2026-01-05T10:00:00Z"), 1);
  core::Command note{"psc-anil", 1, core::cmd::Note{awkward, false}, ""};
  CommitRecord noted = Decided(created.ticket, note, At("2026-01-05T10:01:00Z"));
  ASSERT_TRUE(store_->Commit({&created, 1}));
  ASSERT_TRUE(store_->Commit({&noted, 1}));

  EXPECT_EQ(store_->Load(1).value(), noted.ticket);
  auto summaries = store_->ListTicketSummaries(TicketFilter{}).value();
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].title, awkward);
  EXPECT_EQ(summaries[0].client_id, "C-\t1");
  std::vector<core::Event> expected = created.events;
  expected.insert(expected.end(), noted.events.begin(), noted.events.end());
  EXPECT_EQ(store_->Events(1).value(), expected);
  auto outbox = store_->PendingOutbox(At("2026-01-05T10:01:00Z"), 100).value();
  ASSERT_EQ(outbox.size(), created.effects.size() + noted.effects.size());
  for (size_t i = 0; i < created.effects.size(); ++i) {
    EXPECT_EQ(outbox[i].effect.subject, created.effects[i].subject);
    EXPECT_EQ(outbox[i].effect.body, created.effects[i].body);
  }
}

TEST_P(TicketStoreContract, StaleVersionRejectsTheWholeBatch) {
  CommitRecord created = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1);
  ASSERT_TRUE(store_->Commit({&created, 1}));
  CommitRecord second = Decided({}, CreateFor("C-2"), At("2026-01-05T10:01:00Z"), 2);
  core::Command note{"psc-anil", 1, core::cmd::Note{"checked", false}, ""};
  CommitRecord stale = Decided(created.ticket, note, At("2026-01-05T10:02:00Z"));
  stale.expected_version = 0 + 7;  // not what is stored
  std::vector<CommitRecord> batch = {second, stale};
  auto status = store_->Commit(batch);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kFailedPrecondition);
  // Nothing of the batch was written, not even the valid first record.
  EXPECT_EQ(store_->Load(2).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->Load(1)->version, created.ticket.version);
}

// A batch as the writer commits one: several tickets, a ticket created and changed in the same
// batch, changes with idempotency keys. Each ticket ends at its last record's state, each key
// names the version its own record made, and LoadMany reads them back at once.
TEST_P(TicketStoreContract, ABatchOfSeveralTicketsAndChangesLoadsBackAsOne) {
  auto note = [](core::TicketId id, const std::string& text, const std::string& key = "") {
    return core::Command{"psc-anil", id, core::cmd::Note{text, false}, key};
  };
  std::vector<CommitRecord> first;
  first.push_back(Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1));
  first.push_back(Decided({}, CreateFor("C-2"), At("2026-01-05T10:00:00Z"), 2));
  first.push_back(Decided(first[1].ticket, note(2, "same batch"), At("2026-01-05T10:00:01Z")));
  ASSERT_TRUE(store_->Commit(first));

  std::vector<CommitRecord> second;
  second.push_back(Decided(first[0].ticket, note(1, "one", "k1"), At("2026-01-05T10:01:00Z")));
  const core::Command handoff{
      "psc-anil", 2, core::cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, "k2"};
  second.push_back(Decided(first[2].ticket, handoff, At("2026-01-05T10:01:00Z")));
  second.push_back(Decided(second[0].ticket, note(1, "again", "k3"), At("2026-01-05T10:02:00Z")));
  ASSERT_TRUE(store_->Commit(second));

  const std::vector<core::TicketId> ids = {3, 2, 1};  // 3 does not exist
  auto loaded = store_->LoadMany(ids).value();
  std::sort(loaded.begin(), loaded.end(),
            [](const core::Ticket& a, const core::Ticket& b) { return a.id < b.id; });
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0], second[2].ticket);
  EXPECT_EQ(loaded[1], second[1].ticket);
  // The queue's columns follow each ticket's last state (the hand-off moved tier, stage, page).
  auto summaries = store_->ListTicketSummaries(TicketFilter{}).value();
  std::sort(summaries.begin(), summaries.end(),
            [](const TicketSummary& a, const TicketSummary& b) { return a.id < b.id; });
  EXPECT_THAT(summaries, ElementsAre(TicketSummary::Of(second[2].ticket),
                                     TicketSummary::Of(second[1].ticket)));
  EXPECT_EQ(summaries[1].tier, "L2");
  EXPECT_EQ(store_->FindIdempotencyKey("k1").value()->version, second[0].ticket.version);
  EXPECT_EQ(store_->FindIdempotencyKey("k3").value()->version, second[2].ticket.version);
  EXPECT_EQ(store_->Events(1).value().size(),
            first[0].events.size() + second[0].events.size() + second[2].events.size());

  // One of two changes decided on an outdated version: neither is written.
  CommitRecord fresh = Decided(loaded[0], note(1, "fresh"), At("2026-01-05T10:03:00Z"));
  CommitRecord stale = Decided(first[2].ticket, note(2, "stale"), At("2026-01-05T10:03:00Z"));
  std::vector<CommitRecord> mixed = {fresh, stale};
  auto status = store_->Commit(mixed);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(store_->Load(1).value(), second[2].ticket);
  EXPECT_EQ(store_->Load(2).value(), second[1].ticket);
}

TEST_P(TicketStoreContract, IdempotencyKeysRememberTheirFirstResult) {
  CommitRecord created =
      Decided({}, CreateFor("C-1", "mail-<abc@x>"), At("2026-01-05T10:00:00Z"), 1);
  ASSERT_TRUE(store_->Commit({&created, 1}));
  auto found = store_->FindIdempotencyKey("mail-<abc@x>").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->ticket, 1);
  EXPECT_EQ(found->command_name, "create");
  EXPECT_FALSE(store_->FindIdempotencyKey("other").value().has_value());
}

TEST_P(TicketStoreContract, CountsOtherClientsOnAnAssetWithinAWindow) {
  std::vector<CommitRecord> batch;
  batch.push_back(Decided({}, CreateFor("C-1"), At("2026-01-05T09:00:00Z"), 1));
  batch.push_back(Decided({}, CreateFor("C-2"), At("2026-01-05T10:00:00Z"), 2));
  batch.push_back(Decided({}, CreateFor("C-2"), At("2026-01-05T10:10:00Z"), 3));
  batch.push_back(Decided({}, CreateFor("C-3"), At("2026-01-05T10:20:00Z"), 4));
  ASSERT_TRUE(store_->Commit(batch));
  EXPECT_EQ(
      store_->CountOtherClientsOnAsset("server:web-01", "C-9", At("2026-01-05T09:30:00Z")).value(),
      2);
  EXPECT_EQ(
      store_->CountOtherClientsOnAsset("server:web-01", "C-2", At("2026-01-05T08:00:00Z")).value(),
      2);
  EXPECT_EQ(
      store_->CountOtherClientsOnAsset("server:db-01", "C-9", At("2026-01-05T08:00:00Z")).value(),
      0);
  // The tickets themselves, oldest first, within the window and the limit.
  using Ids = std::vector<core::TicketId>;
  EXPECT_EQ(store_->TicketsOnAsset("server:web-01", At("2026-01-05T09:30:00Z"), 10).value(),
            (Ids{2, 3, 4}));
  EXPECT_EQ(store_->TicketsOnAsset("server:web-01", At("2026-01-05T08:00:00Z"), 2).value(),
            (Ids{1, 2}));
  EXPECT_EQ(store_->TicketsOnAsset("server:db-01", At("2026-01-05T08:00:00Z"), 10).value(), Ids{});
}

// A resolution naming a known fix counts the ticket for that article; the client reopening it
// (the fix did not hold) takes it off; a later resolution naming none counts it for none.
TEST_P(TicketStoreContract, KnownFixesAreCountedWhileTheirResolutionStands) {
  CommitRecord created = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1);
  ASSERT_TRUE(store_->Commit({&created, 1}));
  auto resolve = [](std::map<std::string, std::string> resolution) {
    resolution["summary"] = "Cleared the cache";
    resolution["details"] = "As the article says";
    return core::Command{"psc-anil", 1, core::cmd::Resolve{resolution}, ""};
  };
  CommitRecord fixed =
      Decided(created.ticket, resolve({{"known_fix", "KB-3"}}), At("2026-01-05T10:05:00Z"));
  ASSERT_TRUE(store_->Commit({&fixed, 1}));
  EXPECT_EQ(store_->TicketsSolvedBy(3).value(), 1);
  EXPECT_EQ(store_->TicketsSolvedBy(4).value(), 0);

  core::Command reopen{"client:C-1", 1, core::cmd::Reopen{"Still broken", {}}, ""};
  CommitRecord reopened = Decided(fixed.ticket, reopen, At("2026-01-05T11:00:00Z"));
  ASSERT_TRUE(store_->Commit({&reopened, 1}));
  EXPECT_EQ(store_->TicketsSolvedBy(3).value(), 0);

  CommitRecord plain = Decided(reopened.ticket, resolve({}), At("2026-01-05T12:00:00Z"));
  ASSERT_TRUE(store_->Commit({&plain, 1}));
  EXPECT_EQ(store_->TicketsSolvedBy(3).value(), 0);
  CommitRecord again = Decided(plain.ticket, reopen, At("2026-01-05T13:00:00Z"));
  ASSERT_TRUE(store_->Commit({&again, 1}));
  CommitRecord other =
      Decided(again.ticket, resolve({{"known_fix", "KB-4"}}), At("2026-01-05T14:00:00Z"));
  ASSERT_TRUE(store_->Commit({&other, 1}));
  EXPECT_EQ(store_->TicketsSolvedBy(4).value(), 1);
  EXPECT_EQ(store_->TicketsSolvedBy(3).value(), 0);
}

TIERDESK_STORE_CONTRACT(TicketStoreContract);

}  // namespace
}  // namespace tierdesk::service::contract
