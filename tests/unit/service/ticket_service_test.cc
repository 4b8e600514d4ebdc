#include "service/ticket_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "service/scheduler.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::service {
namespace {

using testing::At;
using testing::CreateFor;

class TicketServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    procedure_ = testing::SeedProcedure("000-three-level-support.toml");
    path_ = testing::TempDbPath(::testing::UnitTest::GetInstance()->current_test_info()->name());
    store_ = std::move(store::SqliteStore::Open(path_).value());
  }

  core::Procedure procedure_;
  std::string path_;
  std::unique_ptr<store::SqliteStore> store_;
};

// A TicketStore that lets another writer commit just before its own next commit: as another
// node on the same database would, between this node's load of a ticket and its commit. It also
// counts what it is asked, for tests of how often the service asks.
class RacedStore final : public TicketStore {
 public:
  explicit RacedStore(TicketStore& inner) : inner_(inner) {}
  std::function<void()> before_next_commit;
  int commits = 0;
  int client_counts = 0;

  Result<core::Ticket> Load(core::TicketId id) override { return inner_.Load(id); }
  Result<core::TicketId> MaxTicketId() override { return inner_.MaxTicketId(); }
  Result<std::vector<core::TicketId>> ReserveTicketIds(int count) override {
    return inner_.ReserveTicketIds(count);
  }
  Status Commit(std::span<const CommitRecord> records) override {
    ++commits;
    if (auto other = std::exchange(before_next_commit, nullptr)) other();
    return inner_.Commit(records);
  }
  Result<std::optional<IdempotentResult>> FindIdempotencyKey(const std::string& key) override {
    return inner_.FindIdempotencyKey(key);
  }
  Result<std::vector<Deadline>> LoadDeadlines() override { return inner_.LoadDeadlines(); }
  Result<int> CountOtherClientsOnAsset(const std::string& asset, const std::string& except,
                                       Timestamp since) override {
    ++client_counts;
    return inner_.CountOtherClientsOnAsset(asset, except, since);
  }
  Result<std::vector<core::TicketId>> TicketsOnAsset(const std::string& asset, Timestamp since,
                                                     int limit) override {
    return inner_.TicketsOnAsset(asset, since, limit);
  }
  Status IndexTicketTexts(std::span<const TicketText> texts) override {
    return inner_.IndexTicketTexts(texts);
  }

 private:
  TicketStore& inner_;
};

TEST_F(TicketServiceTest, ABatchThatLosesARaceToAnotherWriterIsDecidedAgainOnWhatItWrote) {
  RacedStore raced(*store_);
  TicketService node_a(raced, procedure_);
  auto other_connection = store::SqliteStore::Open(path_).value();
  TicketService node_b(*other_connection, procedure_);
  ASSERT_TRUE(node_a.Execute(CreateFor("C-1"), At("2026-01-05T10:00:00Z")));
  raced.before_next_commit = [&] {
    core::Command note{"psc-anil", 1, core::cmd::Note{"from node B", false}, ""};
    ASSERT_TRUE(node_b.Execute(note, At("2026-01-05T10:01:00Z")));
  };
  raced.commits = 0;
  std::vector<TimedCommand> batch = {
      {core::Command{"psc-anil", 1, core::cmd::Note{"from node A", false}, ""},
       At("2026-01-05T10:01:00Z")},
      {CreateFor("C-2"), At("2026-01-05T10:01:00Z")}};
  auto results = node_a.ExecuteBatch(batch);
  ASSERT_TRUE(results[0].has_value()) << results[0].error().ToString();
  ASSERT_TRUE(results[1].has_value()) << results[1].error().ToString();
  // The batch failed whole, then each command was written alone: three commits.
  EXPECT_EQ(raced.commits, 3);
  EXPECT_EQ(results[0]->ticket.version, 3);  // created, B's note, A's note
  // Not the id the failed commit held: a commit that fails may still have happened (the
  // connection lost at COMMIT), so an id is never offered twice.
  EXPECT_EQ(results[1]->ticket.id, 3);
  const auto events = store_->Events(1).value();
  std::vector<std::string> notes;
  for (const auto& e : events)
    if (e.type == "note")
      for (const auto& [k, v] : e.fields)
        if (k == "text") notes.push_back(v);
  EXPECT_THAT(notes, ::testing::ElementsAre("from node B", "from node A"));
}

// A client's web request about the ERP (seed 001's University ERP service, by the module named).
core::Command ErpRequest(const std::string& client) {
  core::cmd::Create c;
  c.registration.title = "ERP down";
  c.registration.client_id = client;
  c.registration.requester_email = client + "@client.example";
  c.registration.module = "ERP";
  c.registration.channel = core::Channel::kWeb;
  return core::Command{"client:" + client, 0, c, ""};
}

// Seed 001: a second client's request on the ERP raises the first client's too, in the same
// commit, even when both arrive in one batch (the second is decided once the first is stored).
TEST_F(TicketServiceTest, ASecondClientOnAnAssetRaisesTheOpenRequestsOnItInOneBatch) {
  const core::Procedure p001 = testing::SeedProcedure("001-customer-support.toml");
  TicketService service(*store_, p001);
  std::vector<TimedCommand> batch = {{ErpRequest("U-1"), At("2026-01-12T07:00:00Z")},
                                     {ErpRequest("U-2"), At("2026-01-12T07:00:00Z")}};
  auto results = service.ExecuteBatch(batch);
  ASSERT_TRUE(results[0] && results[1])
      << (results[0] ? results[1].error() : results[0].error()).ToString();
  EXPECT_EQ(results[0]->ticket.priority, core::Priority::kMedium);  // decided alone, first
  EXPECT_EQ(results[1]->ticket.priority, core::Priority::kHigh);
  EXPECT_EQ(store_->Load(1).value().priority, core::Priority::kHigh);
  // Told apart from the new request's own events: they are the first request's.
  std::vector<std::string> caused;
  for (const core::Event& e : results[1]->caused_events) {
    EXPECT_EQ(e.ticket, 1);
    caused.push_back(e.type);
  }
  EXPECT_THAT(caused, ::testing::IsSupersetOf({"triaged", "priority_changed"}));
  // The same client again, a minute later: nothing to raise, nothing written for the others.
  const int64_t version = store_->Load(1).value().version;
  auto again = service.Execute(ErpRequest("U-1"), At("2026-01-12T07:01:00Z"));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->caused_events.empty());
  EXPECT_EQ(store_->Load(1).value().version, version);
}

// A priority staff set above what the rules give is never lowered by the multi-client rule.
TEST_F(TicketServiceTest, TheMultiClientRuleNeverLowersAPriority) {
  const core::Procedure p001 = testing::SeedProcedure("001-customer-support.toml");
  TicketService service(*store_, p001);
  ASSERT_TRUE(service.Execute(ErpRequest("U-1"), At("2026-01-12T07:00:00Z")));
  ASSERT_TRUE(service.Execute(
      core::Command{"cs-asha", 1, core::cmd::ChangePriority{"critical", "payroll day"}, ""},
      At("2026-01-12T07:01:00Z")));
  auto second = service.Execute(ErpRequest("U-2"), At("2026-01-12T07:02:00Z"));
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->caused_events.empty());
  EXPECT_EQ(store_->Load(1).value().priority, core::Priority::kCritical);
}

// A request's own count of clients and its follow-ups ask the store once per asset.
TEST_F(TicketServiceTest, ARequestCountsTheClientsOnItsAssetOnce) {
  const core::Procedure p001 = testing::SeedProcedure("001-customer-support.toml");
  RacedStore counted(*store_);
  TicketService service(counted, p001);
  ASSERT_TRUE(service.Execute(ErpRequest("U-1"), At("2026-01-12T07:00:00Z")));
  ASSERT_TRUE(service.Execute(ErpRequest("U-2"), At("2026-01-12T07:01:00Z")));
  EXPECT_EQ(counted.client_counts, 2);
  EXPECT_EQ(store_->Load(1).value().priority, core::Priority::kHigh);
}

// A questionnaire answered before the request was sent names its asset: the request is counted
// among that asset's clients like one that named it outright.
TEST_F(TicketServiceTest, AnAssetNamedByAQuestionnaireCountsItsClients) {
  core::Procedure p001 = testing::SeedProcedure("001-customer-support.toml");
  core::Question which{"system", "Which system fails?", "", core::QuestionKind::kChoice, {}, {}};
  which.choices.push_back({"erp", "The ERP", std::nullopt, {.asset = "service:erp"}});
  which.choices.push_back({"other", "Something else", std::nullopt, {}});
  p001.questionnaires.push_back(
      core::Questionnaire{"which-system", 1, "Which system", true, {}, {}, {which}});
  TicketService service(*store_, p001);
  ASSERT_TRUE(service.Execute(ErpRequest("U-1"), At("2026-01-12T07:00:00Z")));
  core::Command asked = ErpRequest("U-2");
  auto& create = std::get<core::cmd::Create>(asked.body);
  create.registration.module = "";  // named by the answers only
  create.questionnaire = core::cmd::QuestionnaireAnswers{"which-system", {{"system", "erp"}}};
  auto second = service.Execute(asked, At("2026-01-12T07:01:00Z"));
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->ticket.registration.assets.at("service"), "erp");
  EXPECT_EQ(second->ticket.factors.other_clients_on_asset, 1);
  EXPECT_EQ(second->ticket.priority, core::Priority::kHigh);
  EXPECT_EQ(store_->Load(1).value().priority, core::Priority::kHigh);  // and the first is raised
}

TEST_F(TicketServiceTest, SameIdempotencyKeyCreatesOneTicket) {
  TicketService service(*store_, procedure_);
  auto first = service.Execute(CreateFor("C-1", "key-1"), At("2026-01-05T10:00:00Z"));
  auto again = service.Execute(CreateFor("C-1", "key-1"), At("2026-01-05T10:00:30Z"));
  ASSERT_TRUE(first && again);
  EXPECT_FALSE(first->repeated);
  EXPECT_TRUE(again->repeated);
  EXPECT_TRUE(again->events.empty());
  EXPECT_EQ(again->ticket.id, first->ticket.id);
  EXPECT_EQ(store_->ListTickets({}).value().size(), 1u);
  EXPECT_EQ(store_->Events(first->ticket.id).value().size(), first->events.size());
}

TEST_F(TicketServiceTest, SameKeyWithinOneBatchCreatesOneTicket) {
  TicketService service(*store_, procedure_);
  std::vector<TimedCommand> batch = {{CreateFor("C-1", "k"), At("2026-01-05T10:00:00Z")},
                                     {CreateFor("C-1", "k"), At("2026-01-05T10:00:00Z")}};
  auto results = service.ExecuteBatch(batch);
  ASSERT_TRUE(results[0] && results[1]);
  EXPECT_TRUE(results[1]->repeated);
  EXPECT_EQ(store_->ListTickets({}).value().size(), 1u);
}

TEST_F(TicketServiceTest, KeyReusedForAnotherCommandIsRefused) {
  TicketService service(*store_, procedure_);
  ASSERT_TRUE(service.Execute(CreateFor("C-1", "k"), At("2026-01-05T10:00:00Z")));
  core::Command note{"psc-anil", 1, core::cmd::Note{"hello", false}, "k"};
  auto refused = service.Execute(note, At("2026-01-05T10:01:00Z"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field, "idempotency_key");
}

TEST_F(TicketServiceTest, KeyReusedForTheSameCommandWithAnotherRequestIsRefused) {
  TicketService service(*store_, procedure_);
  core::Command first = CreateFor("C-1", "k");
  first.idempotency_fingerprint = "digest-of-the-first-request";
  ASSERT_TRUE(service.Execute(first, At("2026-01-05T10:00:00Z")));
  core::Command other = CreateFor("C-1", "k");
  other.idempotency_fingerprint = "digest-of-another-request";
  auto refused = service.Execute(other, At("2026-01-05T10:01:00Z"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->ListTickets({}).value().size(), 1u);
  auto again = service.Execute(first, At("2026-01-05T10:02:00Z"));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->repeated);
}

TEST_F(TicketServiceTest, RefusedCommandInABatchLeavesTheOthersWritten) {
  TicketService service(*store_, procedure_);
  core::Command bad = CreateFor("C-2");
  std::get<core::cmd::Create>(bad.body).registration.client_id.clear();
  std::vector<TimedCommand> batch = {{CreateFor("C-1"), At("2026-01-05T10:00:00Z")},
                                     {bad, At("2026-01-05T10:00:00Z")},
                                     {CreateFor("C-3"), At("2026-01-05T10:00:00Z")}};
  auto results = service.ExecuteBatch(batch);
  ASSERT_TRUE(results[0] && results[2]);
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().field, "client_id");
  EXPECT_EQ(results[0]->ticket.id, 1);
  EXPECT_EQ(results[2]->ticket.id, 2);  // ids stay dense: the refusal took none
  EXPECT_EQ(store_->ListTickets({}).value().size(), 2u);
}

TEST_F(TicketServiceTest, ABurstOfDueDeadlinesFiresInSlicesEachOnce) {
  Scheduler scheduler;
  TicketService service(*store_, procedure_, &scheduler);
  scheduler.Attach(&service);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(service.Execute(CreateFor("C-" + std::to_string(i)), At("2026-01-05T10:00:00Z")));
  // All five hand-off clocks fall due at 10:15: at most three per call, two per transaction.
  std::vector<core::TicketId> fired;
  auto record = [&](const Outcome& o, const Deadline& d) {
    EXPECT_EQ(d.due, At("2026-01-05T10:15:00Z"));
    fired.push_back(o.ticket.id);
  };
  EXPECT_EQ(scheduler.FireDue(At("2026-01-05T10:15:00Z"), record, 2, 3).value(), 3u);
  EXPECT_EQ(scheduler.FireDue(At("2026-01-05T10:15:00Z"), record, 2, 3).value(), 2u);
  EXPECT_EQ(scheduler.FireDue(At("2026-01-05T10:15:00Z"), record, 2, 3).value(), 0u);
  std::sort(fired.begin(), fired.end());
  EXPECT_EQ(fired, (std::vector<core::TicketId>{1, 2, 3, 4, 5}));
}

TEST_F(TicketServiceTest, RunningDeadlinesFireAfterARestartExactlyOnce) {
  {
    Scheduler scheduler;
    TicketService service(*store_, procedure_, &scheduler);
    ASSERT_TRUE(service.Execute(CreateFor("C-1"), At("2026-01-05T10:00:00Z")));
    EXPECT_EQ(scheduler.size(), 1u);
  }
  store_.reset();  // the process stops before the hand-off clock breaches

  auto reopened = std::move(store::SqliteStore::Open(path_).value());
  Scheduler scheduler;
  TicketService service(*reopened, procedure_, &scheduler);
  scheduler.Attach(&service);
  ASSERT_TRUE(scheduler.Rebuild(*reopened));
  EXPECT_EQ(scheduler.NextDue(), At("2026-01-05T10:15:00Z"));
  EXPECT_EQ(scheduler.FireDue(At("2026-01-05T10:14:59Z")).value(), 0u);
  EXPECT_EQ(scheduler.FireDue(At("2026-01-05T10:15:00Z")).value(), 1u);
  EXPECT_EQ(scheduler.FireDue(At("2026-01-05T10:30:00Z")).value(), 0u);

  // A second restart after the breach finds nothing left to fire.
  Scheduler again;
  again.Attach(&service);
  ASSERT_TRUE(again.Rebuild(*reopened));
  EXPECT_EQ(again.FireDue(At("2026-01-06T10:00:00Z")).value(), 0u);
  auto events = reopened->Events(1).value();
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const core::Event& e) { return e.type == "clock_breached"; }),
            1);
}

TEST_F(TicketServiceTest, SecondClientOnTheSameAssetRaisesThePriority) {
  auto p = testing::SeedProcedure("001-customer-support.toml");
  TicketService service(*store_, p);
  auto create = [&](const std::string& client, const char* at) {
    core::Command c = CreateFor(client);
    std::get<core::cmd::Create>(c.body).registration.assets = {{"service", "erp"}};
    return service.Execute(c, At(at));
  };
  auto first = create("U-1", "2026-01-05T05:00:00Z");
  auto second = create("U-2", "2026-01-05T06:00:00Z");
  auto later = create("U-3", "2026-01-05T09:00:00Z");  // 3 hours after U-2: outside the window
  ASSERT_TRUE(first && second && later);
  EXPECT_EQ(first->ticket.priority, core::Priority::kMedium);
  EXPECT_EQ(second->ticket.priority, core::Priority::kHigh);
  EXPECT_EQ(later->ticket.priority, core::Priority::kMedium);
}

// The portal asks for the module in the client's words; the desk routes by the asset they name.
TEST_F(TicketServiceTest, AModuleInTheRequestersWordsNamesTheAssetWhenItNamesExactlyOne) {
  TicketService service(*store_, procedure_);
  auto create = [&](const std::string& module, std::map<std::string, std::string> assets = {}) {
    core::Command c = CreateFor("C-1");
    auto& r = std::get<core::cmd::Create>(c.body).registration;
    r.module = module;
    r.assets = std::move(assets);
    auto out = service.Execute(c, At("2026-01-05T10:00:00Z"));
    EXPECT_TRUE(out) << module;
    return out ? out->ticket.registration : core::Registration{};
  };
  using Assets = std::map<std::string, std::string>;
  EXPECT_EQ(create(" WEB-01 ").assets, (Assets{{"server", "web-01"}}));                // its id
  EXPECT_EQ(create("online shop application").assets, (Assets{{"product", "shop"}}));  // its name
  EXPECT_EQ(create("server:db-01").assets, (Assets{{"server", "db-01"}}));             // its key
  // Words that name no asset are kept for triage, and route nothing.
  const auto printer = create("the printer on floor 2");
  EXPECT_EQ(printer.module, "the printer on floor 2");
  EXPECT_TRUE(printer.assets.empty());
  // An asset the request names itself is not replaced; another kind is added beside it.
  EXPECT_EQ(create("web-01", {{"server", "db-01"}}).assets, (Assets{{"server", "db-01"}}));
  EXPECT_EQ(create("shop", {{"server", "db-01"}}).assets,
            (Assets{{"product", "shop"}, {"server", "db-01"}}));
}

TEST_F(TicketServiceTest, WordsThatNameTwoAssetsNameNone) {
  core::Asset a{.kind = "server", .id = "shop", .name = "Shop server"};
  core::Asset b{.kind = "product", .id = "shop", .name = "Online shop application"};
  procedure_.assets = {a, b};
  EXPECT_EQ(procedure_.AssetNamed("shop"), nullptr);  // which one is for staff to decide
  EXPECT_EQ(procedure_.AssetNamed("server:shop"), &procedure_.assets[0]);
  EXPECT_EQ(procedure_.AssetNamed("Online shop application"), &procedure_.assets[1]);
  EXPECT_EQ(procedure_.AssetNamed("  "), nullptr);
}

// The multi-client rule counts the asset a module names, as it counts one sent by kind and id.
TEST_F(TicketServiceTest, AModuleNamingTheSameAssetAsAnotherClientRaisesThePriority) {
  auto p = testing::SeedProcedure("001-customer-support.toml");
  TicketService service(*store_, p);
  core::Command first = CreateFor("U-1");
  std::get<core::cmd::Create>(first.body).registration.assets = {{"service", "erp"}};
  core::Command second = CreateFor("U-2");
  std::get<core::cmd::Create>(second.body).registration.module = "ERP";
  ASSERT_TRUE(service.Execute(first, At("2026-01-05T05:00:00Z")));
  auto raised = service.Execute(second, At("2026-01-05T06:00:00Z"));
  ASSERT_TRUE(raised);
  EXPECT_EQ(raised->ticket.priority, core::Priority::kHigh);
}

}  // namespace
}  // namespace tierdesk::service
