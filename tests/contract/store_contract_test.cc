// The contract every service::Store must keep. Each backend instantiates the suite.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "core/decide.h"
#include "store/memory/memory_store.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::service {
namespace {

using testing::At;
using testing::CreateFor;
using ::testing::ElementsAre;
using ::testing::Field;

struct Backend {
  const char* name;
  std::function<std::unique_ptr<Store>(const std::string& tag)> open;
};

class StoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    procedure_ = testing::SeedProcedure("000-three-level-support.toml");
    store_ = GetParam().open(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(store_, nullptr);
  }

  // Decides `command` on `current` and returns the record to commit.
  CommitRecord Decided(const core::Ticket& current, const core::Command& command, Timestamp at,
                       core::TicketId new_id = 0) {
    auto d = core::Decide(current, command, at, procedure_, new_id);
    EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().ToString());
    return CommitRecord{d->ticket,
                        current.version,
                        d->events,
                        d->effects,
                        at,
                        command.idempotency_key,
                        core::CommandName(command.body)};
  }

  // As Decided, naming the stored queue columns it was decided on, as the TicketService does:
  // a store may then write only the columns that changed.
  CommitRecord Changed(const core::Ticket& current, const core::Command& command, Timestamp at) {
    CommitRecord r = Decided(current, command, at);
    r.stored = TicketSummary::Of(current);
    return r;
  }

  core::Procedure procedure_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContract, CommittedTicketLoadsBackIdentical) {
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

TEST_P(StoreContract, EventsDeadlinesAndOutboxFollowEachCommit) {
  CommitRecord created = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1);
  ASSERT_TRUE(store_->Commit({&created, 1}));
  EXPECT_THAT(store_->LoadDeadlines().value(),
              ElementsAre(Deadline{1, "handoff", At("2026-01-05T10:15:00Z")}));

  core::Command handoff{"psc-anil", 1,
                        core::cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, ""};
  CommitRecord handed = Decided(created.ticket, handoff, At("2026-01-05T10:05:00Z"));
  ASSERT_TRUE(store_->Commit({&handed, 1}));
  // The hand-off clock stopped; the response clock and the page's ack window run.
  auto deadlines = store_->LoadDeadlines().value();
  std::sort(deadlines.begin(), deadlines.end(),
            [](const Deadline& a, const Deadline& b) { return a.clock < b.clock; });
  EXPECT_THAT(deadlines, ElementsAre(Deadline{1, "ack", At("2026-01-05T10:10:00Z")},
                                     Deadline{1, "response", At("2026-01-05T10:20:00Z")}));
  auto events = store_->Events(1).value();
  ASSERT_EQ(events.size(), created.events.size() + handed.events.size());
  EXPECT_EQ(events.front().type, "created");
  EXPECT_EQ(events.back(), handed.events.back());
  auto outbox = store_->PendingOutbox(At("2026-01-05T10:05:00Z"), 100).value();
  EXPECT_EQ(outbox.size(), created.effects.size() + handed.effects.size());
}

TEST_P(StoreContract, StaleVersionRejectsTheWholeBatch) {
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

TEST_P(StoreContract, IdempotencyKeysRememberTheirFirstResult) {
  CommitRecord created =
      Decided({}, CreateFor("C-1", "mail-<abc@x>"), At("2026-01-05T10:00:00Z"), 1);
  ASSERT_TRUE(store_->Commit({&created, 1}));
  auto found = store_->FindIdempotencyKey("mail-<abc@x>").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->ticket, 1);
  EXPECT_EQ(found->command_name, "create");
  EXPECT_FALSE(store_->FindIdempotencyKey("other").value().has_value());
}

TEST_P(StoreContract, ListsInQueueOrderPriorityThenReceived) {
  std::vector<CommitRecord> batch;
  const char* priorities[] = {"low", "critical", "medium", "critical"};
  for (int i = 0; i < 4; ++i) {
    core::Command c = CreateFor("C-" + std::to_string(i));
    std::get<core::cmd::Create>(c.body).priority = core::ParsePriority(priorities[i]);
    batch.push_back(Decided({}, c, At("2026-01-05T10:00:00Z") + Minutes(i), i + 1));
  }
  ASSERT_TRUE(store_->Commit(batch));
  auto tickets = store_->ListTickets({}).value();
  std::vector<core::TicketId> ids;
  for (const auto& t : tickets) ids.push_back(t.id);
  EXPECT_THAT(ids, ElementsAre(2, 4, 3, 1));

  // The next page starts after the last ticket of this one.
  TicketFilter page{.after = QueuePosition{tickets[1].priority, tickets[1].received_at, 4},
                    .limit = 10};
  ids.clear();
  const auto second_page = store_->ListTickets(page).value();
  for (const auto& t : second_page) ids.push_back(t.id);
  EXPECT_THAT(ids, ElementsAre(3, 1));
  // Summaries list the same tickets in the same order.
  auto summaries = store_->ListTicketSummaries({}).value();
  ASSERT_EQ(summaries.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(summaries[i].id, tickets[i].id);
  EXPECT_EQ(summaries[0].title, tickets[0].registration.title);
  EXPECT_EQ(summaries[0].received_at, tickets[0].received_at);
  TicketFilter mine{.client_id = "C-0"};
  ASSERT_EQ(store_->ListTickets(mine).value().size(), 1u);
  EXPECT_EQ(store_->ListTickets(mine).value()[0].id, 1);
}

// A stage filter, alone or with a tier, lists exactly the tickets in that stage: closed ones
// for kClosed, and none of them for any other stage.
TEST_P(StoreContract, ListsByStageAloneOrWithATier) {
  const core::Stage stages[] = {core::Stage::kOpen, core::Stage::kClosed,
                                core::Stage::kPendingClient, core::Stage::kClosed};
  std::vector<CommitRecord> batch;
  for (int i = 0; i < 4; ++i) {
    batch.push_back(Decided({}, CreateFor("C-" + std::to_string(i)),
                            At("2026-01-05T10:00:00Z") + Minutes(i), i + 1));
    batch.back().ticket.stage = stages[i];  // the store keeps what it is given
  }
  ASSERT_TRUE(store_->Commit(batch));
  auto ids = [&](const TicketFilter& f) {
    const auto tickets = store_->ListTickets(f).value();
    const auto listed = store_->ListTicketSummaries(f).value();
    std::vector<core::TicketId> out, summaries;
    for (const auto& t : tickets) out.push_back(t.id);
    for (const auto& t : listed) summaries.push_back(t.id);
    EXPECT_EQ(summaries, out);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_THAT(ids({.stage = core::Stage::kClosed}), ElementsAre(2, 4));
  EXPECT_THAT(ids({.stage = core::Stage::kOpen}), ElementsAre(1));
  EXPECT_THAT(ids({.stage = core::Stage::kPendingClient}), ElementsAre(3));
  EXPECT_THAT(ids({.tier = "L1", .stage = core::Stage::kClosed}), ElementsAre(2, 4));
  EXPECT_THAT(ids({.tier = "L1", .stage = core::Stage::kPendingClient}), ElementsAre(3));
  EXPECT_THAT(ids({.tier = "L2", .stage = core::Stage::kClosed}), ElementsAre());
  EXPECT_THAT(ids({.tier = "L1", .open_only = true}), ElementsAre(1, 3));
}

TEST_P(StoreContract, CountsOtherClientsOnAnAssetWithinAWindow) {
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
}

TEST_P(StoreContract, SettingsRoundTrip) {
  ASSERT_TRUE(store_->PutSetting("procedure_id", "a"));
  ASSERT_TRUE(store_->PutSetting("procedure_id", "b"));
  EXPECT_EQ(store_->GetSetting("procedure_id").value(), std::optional<std::string>("b"));
  EXPECT_EQ(store_->GetSetting("missing").value(), std::nullopt);
}

TEST_P(StoreContract, ApiTokensAreFoundByHashAndRevoked) {
  ApiToken token{"tok1",       "abcd", "psc-anil", "laptop", At("2026-01-05T10:00:00Z"),
                 std::nullopt, true};
  ASSERT_TRUE(store_->PutApiToken(token));
  EXPECT_EQ(store_->PutApiToken(token).error().code, ErrorCode::kAlreadyExists);
  auto found = store_->FindApiToken("abcd").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->actor, "psc-anil");
  EXPECT_TRUE(found->read_only);
  EXPECT_FALSE(found->revoked_at.has_value());
  EXPECT_TRUE(store_->RevokeApiToken("tok1", At("2026-01-06T10:00:00Z")).value());
  EXPECT_FALSE(store_->RevokeApiToken("nope", At("2026-01-06T10:00:00Z")).value());
  EXPECT_EQ(store_->FindApiToken("abcd").value()->revoked_at, At("2026-01-06T10:00:00Z"));
  EXPECT_FALSE(store_->FindApiToken("other").value().has_value());
}

TEST_P(StoreContract, ApiTokensAreListedOldestFirstPerActorOrAll) {
  const ApiToken ravi_old{"r1",         "h1", "ssc-ravi", "laptop", At("2026-01-05T10:00:00Z"),
                          std::nullopt, false};
  const ApiToken anil{"a1",         "h2", "psc-anil", "phone", At("2026-01-05T11:00:00Z"),
                      std::nullopt, true};
  const ApiToken ravi_new{"r2",         "h3", "ssc-ravi", "script", At("2026-01-05T12:00:00Z"),
                          std::nullopt, false};
  for (const auto& t : {ravi_new, anil, ravi_old}) ASSERT_TRUE(store_->PutApiToken(t));
  ASSERT_TRUE(store_->RevokeApiToken("r1", At("2026-01-06T10:00:00Z")).value());
  auto ids = [](const std::vector<ApiToken>& tokens) {
    std::vector<std::string> out;
    for (const auto& t : tokens) out.push_back(t.id);
    return out;
  };
  auto all = store_->ListApiTokens(std::nullopt).value();
  EXPECT_EQ(ids(all), (std::vector<std::string>{"r1", "a1", "r2"}));
  EXPECT_EQ(all[0].revoked_at, At("2026-01-06T10:00:00Z"));  // revoked ones are listed too
  EXPECT_EQ(all[0].label, "laptop");
  EXPECT_TRUE(all[1].read_only);
  EXPECT_EQ(all[1].created_at, At("2026-01-05T11:00:00Z"));
  EXPECT_EQ(ids(store_->ListApiTokens("ssc-ravi").value()), (std::vector<std::string>{"r1", "r2"}));
  EXPECT_TRUE(store_->ListApiTokens("nobody").value().empty());
}

TEST_P(StoreContract, CountsOpenTicketsPerTierAndTheOutbox) {
  std::vector<CommitRecord> batch = {Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1),
                                     Decided({}, CreateFor("C-2"), At("2026-01-05T10:00:00Z"), 2)};
  ASSERT_TRUE(store_->Commit(batch));
  EXPECT_EQ(store_->CountOpenTicketsByTier().value(), (std::map<std::string, int64_t>{{"L1", 2}}));
  EXPECT_EQ(store_->OutboxBacklog().value(),
            int64_t(batch[0].effects.size() + batch[1].effects.size()));
}

TEST_P(StoreContract, OutboxRowsAreRetriedDeliveredOrBuried) {
  CommitRecord created = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1);
  core::Effect hook{core::Effect::Kind::kWebhook, 1, "http://hooks.example/x", "created", "", "{}"};
  created.effects = {hook, hook};
  ASSERT_TRUE(store_->Commit({&created, 1}));
  auto pending = store_->PendingOutbox(At("2026-01-05T10:00:00Z"), 10).value();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].effect, hook);

  ASSERT_TRUE(store_->MarkDelivered(pending[0].id, At("2026-01-05T10:00:01Z")));
  ASSERT_TRUE(store_->MarkAttemptFailed(pending[1].id, At("2026-01-05T10:00:01Z"), "HTTP 500",
                                        At("2026-01-05T10:01:00Z")));
  // Delivered rows are done; a failed one waits for its retry time.
  EXPECT_TRUE(store_->PendingOutbox(At("2026-01-05T10:00:30Z"), 10).value().empty());
  auto retry = store_->PendingOutbox(At("2026-01-05T10:01:00Z"), 10).value();
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].attempts, 1);
  EXPECT_EQ(retry[0].last_error, "HTTP 500");
  EXPECT_EQ(store_->OutboxBacklog().value(), 1);

  ASSERT_TRUE(
      store_->MarkAttemptFailed(retry[0].id, At("2026-01-05T10:01:01Z"), "HTTP 410", std::nullopt));
  EXPECT_TRUE(store_->PendingOutbox(At("2026-01-06T10:00:00Z"), 10).value().empty());
  auto dead = store_->DeadLetters(10).value();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].id, retry[0].id);
  EXPECT_EQ(dead[0].dead_at, At("2026-01-05T10:01:01Z"));
  EXPECT_EQ(dead[0].attempts, 2);
  EXPECT_EQ(store_->OutboxBacklog().value(), 0);
  EXPECT_EQ(store_->MarkDelivered(999, At("2026-01-05T10:00:01Z")).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreContract, AccountsAndSessions) {
  ASSERT_TRUE(store_->PutAccount({"psc-anil", "$argon2id$first", At("2026-01-05T10:00:00Z")}));
  ASSERT_TRUE(store_->PutAccount({"psc-anil", "$argon2id$second", At("2026-01-06T10:00:00Z")}));
  EXPECT_EQ(store_->FindAccount("psc-anil").value()->password_hash, "$argon2id$second");
  EXPECT_FALSE(store_->FindAccount("nobody").value().has_value());

  Session s{"h1", "psc-anil", "csrf", At("2026-01-05T10:00:00Z"), At("2026-01-05T22:00:00Z")};
  ASSERT_TRUE(store_->PutSession(s));
  EXPECT_EQ(store_->FindSession("h1", At("2026-01-05T21:59:59Z")).value()->actor, "psc-anil");
  EXPECT_FALSE(store_->FindSession("h1", At("2026-01-05T22:00:00Z")).value().has_value());
  ASSERT_TRUE(store_->DeleteSession("h1"));
  EXPECT_FALSE(store_->FindSession("h1", At("2026-01-05T11:00:00Z")).value().has_value());
}

TEST_P(StoreContract, ClientDirectoryFindsOneClientPerAddress) {
  ASSERT_TRUE(store_->PutClient({"U-1001", "Ganesh K", "ganesh@client.example", "Client Co"}));
  ASSERT_TRUE(store_->PutClient({"U-1002", "Phone Only", "", "Client Co"}));
  ASSERT_TRUE(store_->PutClient({"U-1003", "Also Phone Only", "", "Client Co"}));
  EXPECT_EQ(store_->FindClientByEmail("ganesh@client.example").value()->id, "U-1001");
  EXPECT_FALSE(store_->FindClientByEmail("").value().has_value());
  EXPECT_EQ(store_->FindClient("U-1002").value()->name, "Phone Only");
  auto taken = store_->PutClient({"U-1004", "Impostor", "ganesh@client.example", "Other"});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
  // Replacing a client's own record keeps the address theirs.
  ASSERT_TRUE(store_->PutClient({"U-1001", "Ganesh Kumar", "ganesh@client.example", "Client Co"}));
  EXPECT_EQ(store_->FindClientByEmail("ganesh@client.example").value()->name, "Ganesh Kumar");
}

TEST_P(StoreContract, BlobsAreStoredOnceByDigest) {
  const std::string bytes("\x89PNG\0\r\n", 7);
  ASSERT_TRUE(store_->PutBlob("abc", bytes));
  ASSERT_TRUE(store_->PutBlob("abc", bytes));
  EXPECT_EQ(store_->GetBlob("abc").value(), bytes);
  EXPECT_FALSE(store_->GetBlob("def").value().has_value());
}

TEST_P(StoreContract, BlobSizeIsTheStoredLength) {
  const std::string bytes("\x89PNG\0\r\n", 7);
  ASSERT_TRUE(store_->PutBlob("abc", bytes));
  EXPECT_EQ(store_->BlobSize("abc").value(), std::optional<int64_t>(7));
  EXPECT_EQ(store_->BlobSize("def").value(), std::nullopt);
  ASSERT_TRUE(store_->PutBlob("empty", ""));
  EXPECT_EQ(store_->BlobSize("empty").value(), std::optional<int64_t>(0));
}

TEST_P(StoreContract, RefusedMailIsKeptWhole) {
  const std::string raw = "From: x@y.example\r\n\r\n\xff\xfe broken";
  auto first = store_->KeepRefusedMail(
      {0, At("2026-01-05T10:00:00Z"), "unknown sender", "m1@y", "x@y.example", 0, raw});
  auto second =
      store_->KeepRefusedMail({0, At("2026-01-05T10:01:00Z"), "auto-reply", "", "z@y", 0, "short"});
  ASSERT_TRUE(first && second);
  auto list = store_->ListRefusedMail(10).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].reason, "auto-reply");
  EXPECT_EQ(list[1].size, int64_t(raw.size()));
  EXPECT_TRUE(list[1].raw.empty());
  auto kept = store_->GetRefusedMail(*first).value();
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->raw, raw);
  EXPECT_EQ(kept->sender, "x@y.example");
  EXPECT_FALSE(store_->GetRefusedMail(999).value().has_value());
  // The same message again (an MTA retrying) is kept once; keyless ones every time.
  service::RefusedMail keyed{
      0, At("2026-01-05T10:02:00Z"), "unknown sender", "m2@y", "x@y", 0, "raw", "mail:m2@y"};
  auto once = store_->KeepRefusedMail(keyed);
  auto twice = store_->KeepRefusedMail(keyed);
  ASSERT_TRUE(once && twice);
  EXPECT_EQ(*once, *twice);
  EXPECT_EQ(store_->ListRefusedMail(10).value().size(), 3u);
}

TEST_P(StoreContract, ForumsAndBreachingSoon) {
  CommitRecord a = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1);
  core::Command other = CreateFor("C-2");
  std::get<core::cmd::Create>(other.body).registration.assets = {{"server", "db-01"}};
  CommitRecord b = Decided({}, other, At("2026-01-05T10:05:00Z"), 2);
  std::vector<CommitRecord> batch = {a, b};
  ASSERT_TRUE(store_->Commit(batch));
  TicketFilter web{.asset = "server:web-01"};
  auto forum = store_->ListTicketSummaries(web).value();
  ASSERT_EQ(forum.size(), 1u);
  EXPECT_EQ(forum[0].id, 1);
  // A hand-off that names another asset puts the ticket in that forum too.
  core::Command handoff{
      "psc-anil", 1, core::cmd::HandOff{"L2", "needs_deeper_knowledge", "x", "server:db-01"}, ""};
  CommitRecord moved = Decided(a.ticket, handoff, At("2026-01-05T10:06:00Z"));
  ASSERT_TRUE(store_->Commit({&moved, 1}));
  TicketFilter db{.asset = "server:db-01"};
  EXPECT_EQ(store_->ListTicketSummaries(db).value().size(), 2u);

  // Ticket 2's hand-off clock is due at 10:20; ticket 1's page ack at 10:11.
  auto soon = store_->ListBreachingSoon(At("2026-01-05T10:15:00Z"), 10).value();
  ASSERT_EQ(soon.size(), 1u);
  EXPECT_EQ(soon[0].summary.id, 1);
  EXPECT_EQ(soon[0].clock, "ack");
  EXPECT_EQ(soon[0].due, At("2026-01-05T10:11:00Z"));
  EXPECT_EQ(store_->ListBreachingSoon(At("2026-01-05T10:30:00Z"), 10).value().size(), 2u);
}

TEST_P(StoreContract, PagedListsTheOpenTicketsWaitingForAPersonsAcknowledgement) {
  std::vector<CommitRecord> created = {
      Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1),
      Decided({}, CreateFor("C-2"), At("2026-01-05T10:01:00Z"), 2),
      Decided({}, CreateFor("C-3"), At("2026-01-05T10:02:00Z"), 3)};
  ASSERT_TRUE(store_->Commit(created));
  // Tickets 1 and 2 go to L2, which pages web-01's primary; ticket 3 stays at L1.
  auto handoff = [](core::TicketId id) {
    return core::Command{"psc-anil", id,
                         core::cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, ""};
  };
  std::vector<CommitRecord> handed = {
      Decided(created[0].ticket, handoff(1), At("2026-01-05T10:05:00Z")),
      Decided(created[1].ticket, handoff(2), At("2026-01-05T10:05:00Z"))};
  ASSERT_TRUE(store_->Commit(handed));
  ASSERT_EQ(handed[0].ticket.page->person, "ssc-ravi");

  // The queue of `person`'s pages, in queue order; whole tickets and summaries agree.
  auto paged = [&](const std::string& person, std::optional<QueuePosition> after = {}) {
    const TicketFilter f{.paged = person, .open_only = true, .after = after};
    std::vector<core::TicketId> ids, summary_ids;
    const auto tickets = store_->ListTickets(f).value();
    const auto summaries = store_->ListTicketSummaries(f).value();
    for (const auto& t : tickets) ids.push_back(t.id);
    for (const auto& t : summaries) {
      summary_ids.push_back(t.id);
      EXPECT_EQ(t.paged, person);
    }
    EXPECT_EQ(ids, summary_ids);
    return ids;
  };
  EXPECT_THAT(paged("ssc-ravi"), ElementsAre(1, 2));
  EXPECT_THAT(paged("ssc-meena"), ::testing::IsEmpty());
  EXPECT_THAT(paged(""), ::testing::IsEmpty());  // not "every ticket nobody is paged for"
  const QueuePosition after_first{handed[0].ticket.priority, handed[0].ticket.received_at, 1};
  EXPECT_THAT(paged("ssc-ravi", after_first), ElementsAre(2));
  // Every summary says who is paged, the unpaged ones nobody.
  std::vector<std::string> who;
  const auto all = store_->ListTicketSummaries({}).value();
  for (const auto& t : all) who.push_back(t.paged);
  EXPECT_THAT(who, ElementsAre("ssc-ravi", "ssc-ravi", ""));
  auto soon = store_->ListBreachingSoon(At("2026-01-05T10:10:00Z"), 10).value();
  ASSERT_FALSE(soon.empty());
  EXPECT_EQ(soon[0].summary.paged, "ssc-ravi");

  // An acknowledged page leaves the list.
  core::Command ack{"ssc-ravi", 1, core::cmd::Acknowledge{}, ""};
  CommitRecord acked = Decided(handed[0].ticket, ack, At("2026-01-05T10:06:00Z"));
  ASSERT_TRUE(store_->Commit({&acked, 1}));
  EXPECT_THAT(paged("ssc-ravi"), ElementsAre(2));

  // A page not acknowledged within its window moves to the next person in the chain.
  const Timestamp ack_due = handed[1].ticket.FindClock(core::clocks::kAck)->due;
  core::Command breach{core::kSystemActor, 2, core::cmd::ClockDue{core::clocks::kAck, ack_due}, ""};
  CommitRecord next = Decided(handed[1].ticket, breach, ack_due);
  ASSERT_TRUE(store_->Commit({&next, 1}));
  EXPECT_THAT(paged("ssc-ravi"), ::testing::IsEmpty());
  EXPECT_THAT(paged("ssc-meena"), ElementsAre(2));
}

// A record that names the columns it was decided on is written in full all the same: after
// each step of a ticket's life (a tier, a page, an assignee, a priority, a close; and steps
// that change none of them) every queue lists it exactly where its state says.
TEST_P(StoreContract, QueuesFollowEachChangeOfARecordThatNamesWhatWasStored) {
  std::vector<CommitRecord> created = {
      Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1),
      Decided({}, CreateFor("C-2"), At("2026-01-05T10:01:00Z"), 2)};
  ASSERT_TRUE(store_->Commit(created));
  core::Ticket other = created[1].ticket;
  core::Ticket t = created[0].ticket;
  const std::vector<TicketFilter> queues = {{.tier = "L1"},
                                            {.tier = "L1", .open_only = true},
                                            {.tier = "L2"},
                                            {.tier = "L2", .open_only = true},
                                            {.open_only = true},
                                            {.client_id = "C-1"},
                                            {.assignee = ""},
                                            {.assignee = "ssc-ravi"},
                                            {.paged = "ssc-ravi"},
                                            {.stage = core::Stage::kClosed},
                                            {}};
  // What a queue must list, in queue order, from the tickets' own states.
  auto expected = [&](const TicketFilter& f) {
    std::vector<const core::Ticket*> in;
    for (const core::Ticket* x : {&t, &other}) {
      const TicketSummary s = TicketSummary::Of(*x);
      if ((f.tier && s.tier != *f.tier) || (f.open_only && s.stage == core::Stage::kClosed) ||
          (f.client_id && s.client_id != *f.client_id) ||
          (f.assignee && s.assignee != *f.assignee) || (f.paged && s.paged != *f.paged) ||
          (f.stage && s.stage != *f.stage))
        continue;
      in.push_back(x);
    }
    std::sort(in.begin(), in.end(), [](const core::Ticket* a, const core::Ticket* b) {
      return std::tuple(int(a->priority), a->received_at, a->id) <
             std::tuple(int(b->priority), b->received_at, b->id);
    });
    std::vector<core::TicketId> ids;
    for (const core::Ticket* x : in) ids.push_back(x->id);
    return ids;
  };
  auto check = [&](const std::string& step) {
    SCOPED_TRACE(step);
    for (const TicketFilter& f : queues) {
      std::vector<core::TicketId> listed, summarised;
      const auto tickets = store_->ListTickets(f).value();
      const auto summaries = store_->ListTicketSummaries(f).value();
      for (const auto& x : tickets) listed.push_back(x.id);
      for (const auto& x : summaries) {
        summarised.push_back(x.id);
        if (x.id == t.id) {
          EXPECT_EQ(x, TicketSummary::Of(t));
        }
      }
      EXPECT_EQ(listed, expected(f));
      EXPECT_EQ(summarised, listed);
    }
    EXPECT_EQ(store_->Load(t.id).value(), t);
  };
  check("created");
  auto step = [&](const core::Command& c, const char* at, const std::string& name) {
    CommitRecord r = Changed(t, c, At(at));
    ASSERT_TRUE(store_->Commit({&r, 1})) << name;
    t = r.ticket;
    check(name);
  };
  step({"psc-anil", 1, core::cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, ""},
       "2026-01-05T10:05:00Z", "handed to L2, paging ssc-ravi");
  ASSERT_EQ(t.tier, "L2");
  ASSERT_EQ(service::PagedTo(t), "ssc-ravi");
  step({"ssc-ravi", 1, core::cmd::Note{"looking", false}, ""}, "2026-01-05T10:06:00Z",
       "a note: no queue column changes");
  step({"ssc-ravi", 1, core::cmd::Acknowledge{}, ""}, "2026-01-05T10:07:00Z",
       "acknowledged: assigned, no longer paged");
  ASSERT_EQ(t.assignee, "ssc-ravi");
  const core::Priority was = t.priority;
  step({"ssc-ravi", 1, core::cmd::ChangePriority{"critical", "whole shop down"}, ""},
       "2026-01-05T10:08:00Z", "priority raised");
  ASSERT_NE(t.priority, was);
  step({"ssc-ravi", 1, core::cmd::Resolve{{{"summary", "Restarted"}, {"details", "Pool resized"}}},
        ""},
       "2026-01-05T10:20:00Z", "resolved");
  step({"client:C-1", 1, core::cmd::SignOff{.comment = "Works"}, ""}, "2026-01-05T10:30:00Z",
       "signed off: closed");
  ASSERT_EQ(t.stage, core::Stage::kClosed);
}

TEST_P(StoreContract, EventsSinceFollowsTheLogAcrossTicketsInCommitOrder) {
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

INSTANTIATE_TEST_SUITE_P(
    Backends, StoreContract,
    ::testing::Values(Backend{"sqlite",
                              [](const std::string& tag) -> std::unique_ptr<Store> {
                                auto store = store::SqliteStore::Open(
                                    testing::TempDbPath("contract-" + tag));
                                return store ? std::move(*store) : nullptr;
                              }},
                      Backend{"memory",
                              [](const std::string&) -> std::unique_ptr<Store> {
                                return std::make_unique<store::MemoryStore>();
                              }}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace tierdesk::service
