// Hardening, round 2, through the command line. Item 11: a failed `tierdesk replay` half-succeeded
// on the outside: it printed the timeline up to the bad line and left a new database file
// behind, while saying "nothing was written"; now it prints no timeline and leaves no new file.
// Item 5: a password change left the login's sessions working.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/clock.h"
#include "integration/cli_run.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using ::testing::HasSubstr;

class CliSecurity : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / "tierdesk-tests" /
           ("cli-security-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A create that replays, then `bad` on line 2.
  std::string Input(const std::string& bad) {
    const auto path = dir_ / "day.jsonl";
    std::ofstream(path)
        << R"({"at":"2026-01-05T09:15:00+05:30","actor":"psc-anil","cmd":"create",)"
           R"("title":"Shop down","client_id":"C-1001","requester_email":"g@client.example"})"
        << "\n"
        << bad << "\n";
    return path.string();
  }
  CliRun Replay(const std::string& input, const std::string& db) {
    std::vector<std::string> args = {
        "replay", "--procedure",
        (kSourceDir / "procedures" / "000-three-level-support.toml").string(), "--input", input};
    if (!db.empty()) args.insert(args.end(), {"--db", db});
    return RunCli(args, dir_);
  }

  std::filesystem::path dir_;
};

TEST_F(CliSecurity, MalformedLinePrintsNoTimelineAndLeavesNoNewFile) {
  const std::string db = (dir_ / "new.db").string();
  auto run = Replay(Input(R"({"at":"2026-01-05T09:20:00+05:30","cmd":)"), db);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(":2: not valid JSON"));
  EXPECT_EQ(run.out, "");
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    EXPECT_FALSE(std::filesystem::exists(db + suffix)) << db + suffix;
  // In memory, too: no timeline for a replay that failed.
  auto in_memory = Replay(Input(R"({"at":"2026-01-05T09:20:00+05:30","cmd":)"), "");
  EXPECT_EQ(in_memory.exit_code, 2);
  EXPECT_EQ(in_memory.out, "");
}

TEST_F(CliSecurity, UnexpectedRefusalPrintsNoTimelineAndLeavesNoNewFile) {
  const std::string db = (dir_ / "new.db").string();
  // Only the ticket's client or staff speak on it: a stranger's reply is refused.
  auto run = Replay(Input(R"({"at":"2026-01-05T09:20:00+05:30","actor":"client:C-9999",)"
                          R"("cmd":"client_reply","ticket":"TD-1","text":"me too"})"),
                    db);
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_FALSE(std::filesystem::exists(db));
  EXPECT_THAT(run.err, HasSubstr("nothing was written"));
}

TEST_F(CliSecurity, AGoodReplayStillPrintsItsTimelineAndKeepsItsFile) {
  const std::string db = (dir_ / "new.db").string();
  auto run = Replay(Input(R"({"at":"2026-01-05T09:16:00+05:30","cmd":"tick"})"), db);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("\"created\""));
  EXPECT_TRUE(std::filesystem::exists(db));
}

// 5. A password change left that login's sessions working for 12 hours, and nothing ended a
// login's sessions. `account set-password` now ends them, and `account end-sessions` does alone.
TEST_F(CliSecurity, APasswordChangeEndsTheLoginsSessionsAndEndSessionsSignsOut) {
  const std::string db = (dir_ / "desk.db").string();
  const std::string procedure =
      (kSourceDir / "procedures" / "000-three-level-support.toml").string();
  ASSERT_EQ(RunCli({"init", "--db", db, "--procedure", procedure}, dir_).exit_code, 0);
  const Timestamp now = SystemClock().Now();
  auto open_sessions = [&](std::vector<std::string> hashes, const std::string& actor) {
    auto store = store::SqliteStore::Open(db);
    ASSERT_TRUE(store) << store.error().ToString();
    for (const auto& h : hashes)
      ASSERT_TRUE((*store)->PutSession({h, actor, "csrf", now, now + std::chrono::hours(12)}));
  };
  auto alive = [&](const std::string& hash) {
    auto store = store::SqliteStore::Open(db);
    return store && (*store)->FindSession(hash, now).value().has_value();
  };
  open_sessions({"ravi-1", "ravi-2"}, "ssc-ravi");
  open_sessions({"anil-1"}, "psc-anil");
  const std::string set = std::string(TIERDESK_BINARY) + " account set-password --db '" + db +
                          "' --login ssc-ravi 2>/dev/null <<< 'a new long password'";
  ASSERT_EQ(std::system(("bash -c \"" + set + "\"").c_str()), 0);
  EXPECT_FALSE(alive("ravi-1"));
  EXPECT_FALSE(alive("ravi-2"));
  EXPECT_TRUE(alive("anil-1"));  // another login's are not touched
  auto ended = RunCli({"account", "end-sessions", "--db", db, "--login", "psc-anil"}, dir_);
  EXPECT_EQ(ended.exit_code, 0) << ended.err;
  EXPECT_THAT(ended.out, HasSubstr("1 session(s) of psc-anil ended"));
  EXPECT_FALSE(alive("anil-1"));
}

}  // namespace
}  // namespace tierdesk::testing
