// Hardening, round 2, item 11: a failed `tierdesk replay` half-succeeded on the outside. It
// printed the timeline up to the bad line and left a new database file behind, while saying
// "nothing was written". A failed replay now prints no timeline and leaves no new file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "integration/cli_run.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using ::testing::HasSubstr;

class FailedReplay : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / "tierdesk-tests" /
           ("failed-replay-" + std::to_string(::getpid()));
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

TEST_F(FailedReplay, MalformedLinePrintsNoTimelineAndLeavesNoNewFile) {
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

TEST_F(FailedReplay, UnexpectedRefusalPrintsNoTimelineAndLeavesNoNewFile) {
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

TEST_F(FailedReplay, AGoodReplayStillPrintsItsTimelineAndKeepsItsFile) {
  const std::string db = (dir_ / "new.db").string();
  auto run = Replay(Input(R"({"at":"2026-01-05T09:16:00+05:30","cmd":"tick"})"), db);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("\"created\""));
  EXPECT_TRUE(std::filesystem::exists(db));
}

}  // namespace
}  // namespace tierdesk::testing
