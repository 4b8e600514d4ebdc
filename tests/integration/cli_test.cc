// The command line as a person runs it: `replay`, `scenario` and `tickets` on real files,
// checking exit codes, what stdout shows and what stderr says went wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "integration/cli_run.h"
#include "service/ticket_service.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using ::testing::HasSubstr;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / "tierdesk-tests" /
           (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "support.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CliRun Tierdesk(const std::vector<std::string>& args) { return RunCli(args, dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  // The tickets in db_, by `tickets list` (none when there is no database yet).
  std::set<std::string> TicketRefs() {
    std::set<std::string> refs;
    if (!std::filesystem::exists(db_)) return refs;
    auto run = Tierdesk({"tickets", "list", "--db", db_});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::istringstream lines(run.out);
    std::string line;
    std::getline(lines, line);  // the header
    while (std::getline(lines, line)) refs.insert(line.substr(0, line.find(' ')));
    return refs;
  }

  CliRun Replay(const std::string& input, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"replay", "--procedure", kProcedure, "--input", input};
    args.insert(args.end(), extra.begin(), extra.end());
    return Tierdesk(args);
  }

  const std::string kProcedure =
      (kSourceDir / "procedures" / "000-three-level-support.toml").string();
  // Seed 000 (Asia/Kolkata): L1 hands off within 15 minutes, so this ticket breaches at 09:30.
  const std::string kCreateAt0915 =
      R"({"at":"2026-01-05T09:15:00+05:30","actor":"psc-anil","cmd":"create","title":"Shop down",)"
      R"("client_id":"C-1001","requester_email":"g@client.example",)"
      R"("assets":{"server":"web-01","product":"shop"}})"
      "\n";
  std::filesystem::path dir_;
  std::string db_;
};

TEST_F(CliTest, ContinuedReplayFiresAnOverdueDeadlineAtItsDueInstant) {
  ASSERT_EQ(Replay(Write("monday-morning.jsonl", kCreateAt0915), {"--db", db_}).exit_code, 0);
  auto noon = Replay(Write("noon.jsonl", R"({"at":"2026-01-05T12:00:00+05:30","cmd":"tick"})"
                                         "\n"),
                     {"--db", db_});
  ASSERT_EQ(noon.exit_code, 0) << noon.err;
  std::istringstream lines(noon.out);
  std::string line;
  ASSERT_TRUE(std::getline(lines, line)) << "no timeline";
  auto first = nlohmann::json::parse(line);
  EXPECT_EQ(first["type"], "clock_breached");
  EXPECT_EQ(first["at"], "2026-01-05T09:30:00+05:30");
}

TEST_F(CliTest, AcceptedExpectErrorNamesFileLineAndWhatHappened) {
  const std::string input =
      Write("day.jsonl",
            kCreateAt0915 + R"({"at":"2026-01-05T09:16:00+05:30","actor":"psc-anil","cmd":"note",)"
                            R"("ticket":"TD-1","text":"called","expect_error":"permission_denied"})"
                            "\n");
  auto run = Replay(input);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err,
              HasSubstr(input + ":2: expected 'note TD-1' to be refused with permission_denied, "
                                "but it was accepted"));
  // Against a database it is reported the same, and nothing is written.
  auto on_db = Replay(input, {"--db", db_});
  EXPECT_EQ(on_db.exit_code, 2);
  EXPECT_THAT(on_db.err, HasSubstr(input + ":2: expected 'note TD-1'"));
  EXPECT_THAT(on_db.err, HasSubstr("nothing was written"));
  EXPECT_EQ(TicketRefs(), std::set<std::string>{});
}

// A replay into a database is one transaction: a bad line far into the input (the input is
// read as it is replayed) undoes the lines before it, and an earlier run's tickets stay.
TEST_F(CliTest, ReplayIntoADatabaseIsAllOrNothing) {
  ASSERT_EQ(Replay(Write("first.jsonl", kCreateAt0915), {"--db", db_}).exit_code, 0);
  const std::string create_at_1000 =
      R"({"at":"2026-01-05T10:00:00+05:30","actor":"psc-anil","cmd":"create","title":"CRM slow",)"
      R"("client_id":"C-1002","requester_email":"f@client.example"})"
      "\n";
  const std::string input =
      Write("second.jsonl", create_at_1000 + R"({"at":"2026-01-05T10:01:00+05:30","cmd":)"
                                             "\n");
  auto run = Replay(input, {"--db", db_});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(input + ":2: not valid JSON"));
  EXPECT_THAT(run.err, HasSubstr("nothing was written"));
  EXPECT_EQ(TicketRefs(), std::set<std::string>{"TD-1"});

  ASSERT_EQ(Replay(Write("third.jsonl", create_at_1000), {"--db", db_}).exit_code, 0);
  EXPECT_EQ(TicketRefs(), (std::set<std::string>{"TD-1", "TD-2"}));
}

TEST_F(CliTest, AcceptedExpectErrorInAScenarioNamesFileAndLine) {
  const std::string scenario = Write(
      "accepted.scenario",
      "# scenario: a note expected to be refused is accepted\n"
      "procedure " +
          kProcedure + "\n" +
          R"(at 2026-01-05 09:15 psc-anil create {"title": "Shop down", "client_id": "C-1001", )"
          R"("caller_phone": "555-0100", "assets": {"server": "web-01"}})"
          "\n"
          R"(at 2026-01-05 09:16 psc-anil note TD-1 {"text": "called"} !permission_denied)"
          "\n");
  auto run = Tierdesk({"scenario", scenario});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err,
              HasSubstr(scenario + ":4: expected 'note TD-1' to be refused with permission_denied, "
                                   "but it was accepted"));
}

TEST_F(CliTest, TextTimelineShowsSeconds) {
  auto run = Replay(Write("day.jsonl", kCreateAt0915), {"--format", "text"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ::testing::StartsWith("2026-01-05 09:15:00  TD-1 "));
}

TEST_F(CliTest, TicketsShowPrintsTimesInTheProceduresZone) {
  ASSERT_EQ(Tierdesk({"init", "--db", db_, "--procedure", kProcedure}).exit_code, 0);
  ASSERT_EQ(Replay(Write("day.jsonl", kCreateAt0915), {"--db", db_}).exit_code, 0);
  auto run = Tierdesk({"tickets", "show", "--db", db_, "TD-1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto shown = nlohmann::json::parse(run.out);
  EXPECT_EQ(shown["received_at"], "2026-01-05T09:15:00+05:30");
  ASSERT_FALSE(shown["clocks"].empty());
  EXPECT_EQ(shown["clocks"][0]["name"], "handoff");
  EXPECT_EQ(shown["clocks"][0]["due"], "2026-01-05T09:30:00+05:30");
  ASSERT_FALSE(shown["events"].empty());
  EXPECT_EQ(shown["events"][0]["at"], "2026-01-05T09:15:00+05:30");
}

TEST_F(CliTest, TicketsListPrintsEveryTicket) {
  constexpr int kTickets = 1203;  // more than one page, and more than the old cap of 1,000
  {
    auto store = store::SqliteStore::Open(db_);
    ASSERT_TRUE(store) << store.error().ToString();
    auto procedure = SeedProcedure("000-three-level-support.toml");
    service::TicketService service(**store, procedure);
    std::vector<service::TimedCommand> batch;
    for (int i = 0; i < kTickets; ++i)
      batch.push_back({CreateFor("C-" + std::to_string(i)), At("2026-01-05T04:00:00Z")});
    for (const auto& result : service.ExecuteBatch(batch))
      ASSERT_TRUE(result) << result.error().ToString();
  }
  auto run = Tierdesk({"tickets", "list", "--db", db_});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::istringstream lines(run.out);
  std::string line;
  int rows = -1;  // the header
  std::set<std::string> refs;
  while (std::getline(lines, line)) {
    ++rows;
    refs.insert(line.substr(0, line.find(' ')));
  }
  EXPECT_EQ(rows, kTickets);
  EXPECT_EQ(refs.count("TD-" + std::to_string(kTickets)), 1u);
  EXPECT_EQ(refs.size(), size_t(kTickets) + 1);  // no ticket twice across pages
}

TEST_F(CliTest, TextThatIsNotUtf8IsRefusedWithExit2) {
  ASSERT_EQ(Tierdesk({"init", "--db", db_, "--procedure", kProcedure}).exit_code, 0);
  auto run = Tierdesk({"client", "add", "--db", db_, "--id", "C-\xff", "--email", "a@b.example"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("--id: not UTF-8"));
  run = Tierdesk({"token", "create", "--db", db_, "--actor", "psc-anil", "--label", "caf\xe9"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("not UTF-8"));
}

}  // namespace
}  // namespace tierdesk::testing
