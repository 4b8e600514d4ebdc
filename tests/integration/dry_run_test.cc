// POST /api/v1/tickets/{ref}/{command}?dry_run=true: what a command would do, without doing it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/sandbox_api_fixture.h"

namespace tierdesk::testing {
namespace {

using ::testing::HasSubstr;

class DryRun : public SandboxApiTest {
 protected:
  // A ticket at L2 that ssc-ravi acknowledged: theirs to answer. Its path.
  std::string TicketAtL2() {
    const std::string ref = CreateTicket();
    HandToL2(ref);
    const std::string path = "/api/v1/tickets/" + ref;
    EXPECT_EQ(Post("ssc-ravi", path + "/acknowledge", nlohmann::json::object()).status, 200);
    return path;
  }
};

TEST_F(DryRun, ShowsTheStatusResponseMailAndChangesNothing) {
  const std::string t = TicketAtL2();
  const auto before = Get("ssc-ravi", t);
  ASSERT_EQ(before.status, 200);
  const nlohmann::json respond = {{"status", "Working on it"},
                                  {"eta", "2026-01-07T12:00:00Z"},
                                  {"next_update", "2026-01-05T14:00:00Z"},
                                  {"findings", "Gateway client rejects a new field"}};

  auto dry = Post("ssc-ravi", t + "/respond?dry_run=true", respond, {"Idempotency-Key: reply-1"});
  ASSERT_EQ(dry.status, 200) << dry.body;
  const auto preview = dry.json();
  EXPECT_EQ(preview["dry_run"], true);
  EXPECT_EQ(preview["ticket"]["last_status"], "Working on it");
  EXPECT_FALSE(preview["ticket"].contains("timeline"));
  nlohmann::json responded, mail;
  for (const auto& e : preview["events"])
    if (e["type"] == "responded") responded = e;
  ASSERT_TRUE(responded.is_object()) << preview["events"].dump();
  // The client's mail, as the courier would send it.
  for (const auto& e : preview["effects"])
    if (e["template"] == "status_response") mail = e;
  ASSERT_TRUE(mail.is_object()) << preview["effects"].dump();
  EXPECT_EQ(mail["kind"], "email");
  EXPECT_EQ(mail["recipient"], "ganesh@client.example");
  EXPECT_EQ(mail["template"], "status_response");
  EXPECT_THAT(mail["subject"].get<std::string>(), HasSubstr("Working on it"));
  const std::string body = mail["body"];
  EXPECT_THAT(body, HasSubstr("Status of the issue: Working on it"));  // seed 000's wording
  EXPECT_THAT(body, HasSubstr("Expected fix by: " + responded["eta"].get<std::string>()));
  EXPECT_THAT(body, HasSubstr("Next update by: " + responded["next_update"].get<std::string>()));
  EXPECT_THAT(body, HasSubstr("Gateway client rejects a new field"));

  // Nothing happened: the ticket, its clocks and its timeline are as they were.
  EXPECT_EQ(Get("ssc-ravi", t).json(), before.json());
  // The key was not kept: the real command acts, and does what the preview showed.
  auto real = Post("ssc-ravi", t + "/respond", respond, {"Idempotency-Key: reply-1"});
  ASSERT_EQ(real.status, 200) << real.body;
  EXPECT_THAT(real.headers, ::testing::Not(::testing::Contains(HasSubstr("Idempotent-Replayed"))));
  auto done = real.json();
  EXPECT_EQ(done["events"], preview["events"]);
  done.erase("events");
  EXPECT_EQ(done, preview["ticket"]);
}

TEST_F(DryRun, ARefusedCommandHearsWhatTheRealOneWould) {
  const std::string t = TicketAtL2();
  const auto before = Get("ssc-ravi", t);
  for (const nlohmann::json& half :
       {nlohmann::json{{"status", "Working on it"}, {"findings", "Looking"}},
        nlohmann::json{{"status", "Working on it"}, {"next_update", "2026-01-05T14:00:00Z"}},
        nlohmann::json{{"status", "Almost"}, {"findings", "x"}, {"eta", "2026-01-07T12:00:00Z"}}}) {
    auto dry = Post("ssc-ravi", t + "/respond?dry_run=true", half);
    auto real = Post("ssc-ravi", t + "/respond", half);
    EXPECT_EQ(real.status, 422) << real.body;
    EXPECT_EQ(dry.status, real.status) << half.dump();
    EXPECT_EQ(dry.json(), real.json()) << half.dump();
  }
  // A command the ticket's state forbids, and a ticket that does not exist.
  auto dry = Post("ssc-ravi", t + "/qc_pass?dry_run=true", nlohmann::json::object());
  auto real = Post("ssc-ravi", t + "/qc_pass", nlohmann::json::object());
  EXPECT_GE(real.status, 400) << real.body;
  EXPECT_EQ(dry.json(), real.json());
  EXPECT_EQ(dry.status, real.status);
  auto dry_missing = Post("ssc-ravi", "/api/v1/tickets/TD-99/note?dry_run=true", {{"text", "x"}});
  auto real_missing = Post("ssc-ravi", "/api/v1/tickets/TD-99/note", {{"text", "x"}});
  EXPECT_EQ(real_missing.status, 404);
  EXPECT_EQ(dry_missing.json(), real_missing.json());
  EXPECT_EQ(Get("ssc-ravi", t).json(), before.json());
}

TEST_F(DryRun, IsForStaff) {
  const std::string t = TicketAtL2();
  for (const char* command : {"respond", "client_reply", "note"}) {
    auto r = Post("client:C-1001", t + "/" + command + "?dry_run=true", {{"text", "x"}});
    EXPECT_EQ(r.status, 403) << command << ": " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], "dry_run") << command;
  }
  auto bad = Post("ssc-ravi", t + "/note?dry_run=yes", {{"text", "x"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["error"]["field"], "dry_run");
}

}  // namespace
}  // namespace tierdesk::testing
