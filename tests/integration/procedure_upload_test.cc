// POST /api/v1/procedure/validate and POST /api/v1/procedure: a draft checked as `tierdesk
// validate` checks a file; an upload written over the served file (the old one kept) and put in
// force as a reload does, or refused with every problem and its line, changing nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "integration/server_process.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class ProcedureUpload : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string db =
        TempDbPath(::testing::UnitTest::GetInstance()->current_test_info()->name());
    // The served file has a folder of its own, so relative iCalendar files can sit beside it.
    dir_ = db + ".d";
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    file_ = dir_ / "procedure.toml";
    original_ = ReadFile(kSourceDir / "procedures/004-service-request-escalation.toml");
    std::ofstream(file_) << original_;
    RunTierdesk({"init", "--db", db, "--procedure", file_.string()});
    for (const char* who : {"itm-sarah", "t1-maria", "client:C-1"})
      tokens_[who] = RunTierdesk({"token", "create", "--db", db, "--actor", who});
    server_ = std::make_unique<ServerProcess>(db);
    ASSERT_GT(server_->port(), 0);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }
  HttpResult Post(const std::string& path, const std::string& who, const std::string& text,
                  const char* type = "Content-Type: application/toml") {
    return Request("POST", server_->Url(path), tokens_[who], text, {type});
  }
  std::string HandoffWithinInForce() {
    auto r = Request("GET", server_->Url("/api/v1/procedure"), tokens_["t1-maria"]);
    return r.json()["tiers"][0]["clocks"]["handoff"]["within"].get<std::string>();
  }
  // The text with tier 1's hand-off clock at `within`.
  std::string WithHandoffWithin(const std::string& within) {
    std::string text = original_;
    text.replace(text.find("within = \"15m\""), 14, "within = \"" + within + "\"");
    return text;
  }

  fs::path dir_, file_;
  std::string original_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(ProcedureUpload, ABrokenFileIsRefusedWithItsLinesAndNothingChanges) {
  const std::string broken = ReadFile(kSourceDir / "tests/data/broken-procedure.toml");
  auto checked = Post("/api/v1/procedure/validate", "itm-sarah", broken);
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_EQ(checked.json()["valid"], false);
  // The same problems, lines and words as `tierdesk validate` prints for this file.
  bool zone_on_line_4 = false;
  const auto answer = checked.json();
  for (const auto& problem : answer["problems"])
    zone_on_line_4 |=
        problem["line"] == 4 && problem["message"].get<std::string>().find(
                                    "unknown time zone 'Mars/Olympus'") != std::string::npos;
  EXPECT_TRUE(zone_on_line_4) << checked.body;

  auto refused = Post("/api/v1/procedure", "itm-sarah", broken);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "invalid_argument");
  EXPECT_EQ(refused.json()["problems"], checked.json()["problems"]);
  EXPECT_GE(refused.json()["problems"].size(), 10u);
  const auto refusal = refused.json();
  for (const auto& problem : refusal["problems"]) EXPECT_GT(problem["line"], 0);

  EXPECT_EQ(ReadFile(file_), original_);
  EXPECT_FALSE(fs::exists(file_.string() + ".previous"));
  EXPECT_EQ(HandoffWithinInForce(), "15m");
  // A dangling reference: the TOML is fine, the procedure is not.
  auto dangling =
      Post("/api/v1/procedure", "itm-sarah",
           original_ + "\n[[gates]]\ntier = \"nowhere\"\ndecision_role = \"it_manager\"\n");
  ASSERT_EQ(dangling.status, 422);
  EXPECT_THAT(dangling.json()["problems"][0]["message"].get<std::string>(),
              HasSubstr("unknown tier"));
  EXPECT_GT(dangling.json()["problems"][0]["line"], 100);
  EXPECT_EQ(ReadFile(file_), original_);
  EXPECT_EQ(HandoffWithinInForce(), "15m");
}

TEST_F(ProcedureUpload, AGoodFileIsWrittenTheOldOneKeptAndTheNewOneInForce) {
  const std::string longer = WithHandoffWithin("30m");
  auto checked =
      Post("/api/v1/procedure/validate", "itm-sarah", longer, "Content-Type: text/plain");
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_EQ(checked.json(),
            nlohmann::json({{"valid", true}, {"problems", nlohmann::json::array()}}));
  EXPECT_EQ(HandoffWithinInForce(), "15m");  // checking changes nothing

  auto applied = Post("/api/v1/procedure", "itm-sarah", longer);
  ASSERT_EQ(applied.status, 200) << applied.body;
  // Answered as a reload is: the procedure now in force.
  EXPECT_EQ(applied.json()["tiers"][0]["clocks"]["handoff"]["within"], "30m");
  EXPECT_EQ(HandoffWithinInForce(), "30m");
  EXPECT_EQ(ReadFile(file_), longer);
  EXPECT_EQ(ReadFile(file_.string() + ".previous"), original_);
  auto ticket = Request("POST", server_->Url("/api/v1/tickets"), tokens_["t1-maria"],
                        R"({"title":"Printer","client_id":"C-1","caller_phone":"1"})");
  ASSERT_EQ(ticket.status, 201) << ticket.body;
  std::string handoff = "none";
  const auto made = ticket.json();
  for (const auto& clock : made["clocks"])
    if (clock["name"] == "handoff") handoff = clock["remaining_business"];
  EXPECT_EQ(handoff, "30m");  // new tickets run on it

  // The file is what a reload reads: the next upload keeps this one.
  ASSERT_EQ(Post("/api/v1/procedure", "itm-sarah", WithHandoffWithin("45m")).status, 200);
  EXPECT_EQ(ReadFile(file_.string() + ".previous"), longer);
  EXPECT_EQ(HandoffWithinInForce(), "45m");
  // Open tickets in tier1 keep the upload from dropping it, before the file is touched.
  std::string no_tier1 = WithHandoffWithin("45m");
  for (size_t at; (at = no_tier1.find("\"tier1\"")) != std::string::npos;)
    no_tier1.replace(at, 7, "\"intake\"");
  auto stranded = Post("/api/v1/procedure", "itm-sarah", no_tier1);
  EXPECT_EQ(stranded.status, 409) << stranded.body;
  EXPECT_THAT(stranded.body, HasSubstr("drops tier 'tier1'"));
  EXPECT_EQ(ReadFile(file_), WithHandoffWithin("45m"));
}

// Checking a draft reads the holiday files it names beside the procedure: whether they exist
// and what they hold was told to every agent (hardening round 2, item 9). Administrators only.
TEST_F(ProcedureUpload, OnlyAdministratorsUploadOrCheck) {
  const std::string longer = WithHandoffWithin("30m");
  auto agent = Post("/api/v1/procedure", "t1-maria", longer);
  EXPECT_EQ(agent.status, 403) << agent.body;
  const std::string seed001 = ReadFile(kSourceDir / "procedures/001-customer-support.toml");
  auto probe = Post("/api/v1/procedure/validate", "t1-maria", seed001);
  EXPECT_EQ(probe.status, 403) << probe.body;
  EXPECT_THAT(probe.body, Not(HasSubstr("iCalendar")));
  EXPECT_EQ(Post("/api/v1/procedure", "client:C-1", longer).status, 403);
  EXPECT_EQ(Post("/api/v1/procedure/validate", "client:C-1", longer).status, 403);
  EXPECT_EQ(ReadFile(file_), original_);
  EXPECT_EQ(HandoffWithinInForce(), "15m");
  // JSON is not a procedure file.
  auto json = Post("/api/v1/procedure", "itm-sarah", "{}", "Content-Type: application/json");
  EXPECT_EQ(json.status, 415);
  EXPECT_EQ(ReadFile(file_), original_);
}

TEST_F(ProcedureUpload, RelativeHolidayFilesAreFoundBesideTheServedFileAndNowhereElse) {
  const std::string seed001 = ReadFile(kSourceDir / "procedures/001-customer-support.toml");
  auto missing = Post("/api/v1/procedure/validate", "itm-sarah", seed001);
  ASSERT_EQ(missing.status, 200);
  EXPECT_EQ(missing.json()["valid"], false);
  EXPECT_THAT(missing.body, HasSubstr("cannot read iCalendar file 'holidays/svv-2026.ics'"));

  fs::create_directories(dir_ / "holidays");
  fs::copy_file(kSourceDir / "procedures/holidays/svv-2026.ics", dir_ / "holidays/svv-2026.ics");
  auto found = Post("/api/v1/procedure/validate", "itm-sarah", seed001);
  EXPECT_EQ(found.json()["valid"], true) << found.body;

  std::string outside = seed001;
  outside.replace(outside.find("holidays/svv-2026.ics"), 21, "../procedure.toml.d/x.ics");
  auto refused = Post("/api/v1/procedure/validate", "itm-sarah", outside);
  EXPECT_EQ(refused.json()["valid"], false);
  EXPECT_THAT(refused.body, HasSubstr("inside the procedure's folder"));
}

}  // namespace
}  // namespace tierdesk::testing
