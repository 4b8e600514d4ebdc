// POST /api/v1/procedure/reload: validated first, applied atomically, refused with reasons.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "integration/server_process.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using ::testing::HasSubstr;

class ProcedureReload : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TempDbPath(::testing::UnitTest::GetInstance()->current_test_info()->name());
    file_ = db_ + ".toml";
    std::ifstream in(kSourceDir / "procedures/004-service-request-escalation.toml");
    std::stringstream text;
    text << in.rdbuf();
    original_ = text.str();
    Write(original_);
    RunTierdesk({"init", "--db", db_, "--procedure", file_});
    for (const char* who : {"itm-sarah", "t1-maria"})
      tokens_[who] = RunTierdesk({"token", "create", "--db", db_, "--actor", who});
    server_ = std::make_unique<ServerProcess>(db_);
    ASSERT_GT(server_->port(), 0);
  }
  void Write(const std::string& text) { std::ofstream(file_) << text; }
  HttpResult Reload(const std::string& who) {
    return Request("POST", server_->Url("/api/v1/procedure/reload"), tokens_[who], "{}");
  }
  // The hand-off clock a new ticket gets, as business time remaining.
  std::string NewTicketHandoffClock() {
    auto r = Request("POST", server_->Url("/api/v1/tickets"), tokens_["t1-maria"],
                     R"({"title":"Printer","client_id":"C-1","caller_phone":"1"})");
    const auto ticket = r.json();
    for (const auto& c : ticket["clocks"])
      if (c["name"] == "handoff") return c["remaining_business"];
    return "none: " + r.body;
  }

  std::string db_, file_, original_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(ProcedureReload, AppliesAValidFileAndRefusesABrokenOne) {
  EXPECT_EQ(NewTicketHandoffClock(), "15m");
  EXPECT_EQ(Reload("t1-maria").status, 403);

  std::string longer = original_;
  longer.replace(longer.find("within = \"15m\""), 14, "within = \"30m\"");
  Write(longer);
  auto applied = Reload("itm-sarah");
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(NewTicketHandoffClock(), "30m");

  Write(longer + "\n[[gates]]\ntier = \"nowhere\"\ndecision_role = \"it_manager\"\n");
  auto broken = Reload("itm-sarah");
  EXPECT_EQ(broken.status, 422);
  EXPECT_THAT(broken.json()["error"]["message"].get<std::string>(),
              HasSubstr("names an unknown tier"));
  EXPECT_EQ(NewTicketHandoffClock(), "30m");  // the valid version is still in force

  // A procedure without tier1 would strand the open tickets there.
  std::string no_tier1 = longer;
  for (size_t at; (at = no_tier1.find("\"tier1\"")) != std::string::npos;)
    no_tier1.replace(at, 7, "\"intake\"");
  Write(no_tier1);
  auto stranded = Reload("itm-sarah");
  EXPECT_EQ(stranded.status, 409) << stranded.body;
  EXPECT_THAT(stranded.body, HasSubstr("drops tier 'tier1'"));
}

}  // namespace
}  // namespace tierdesk::testing
