// Who may do what, over HTTP, on seed 004's whole ladder: at every step, every other role is
// refused and the ticket is untouched; then the roles the procedure names succeed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/api_fixture.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

const std::vector<std::string> kEveryone = {"t1-maria",    "t1-lead",       "t2-omar",   "t3-li",
                                            "onsite-beth", "noc-raj",       "itm-sarah", "qc-tom",
                                            "client:jdoe", "client:mallory"};

class Authorization : public ApiTest {
 protected:
  void SetUp() override {
    InitDatabase("004-service-request-escalation.toml", kEveryone);
    Serve();
  }

  nlohmann::json Ticket() { return Get("t1-maria", "/api/v1/tickets/TD-1").json(); }

  // Everyone outside `allowed` is refused (4xx) and changes nothing; then `allowed[0]` does it.
  void OnlyAllowed(const std::string& command, const nlohmann::json& body,
                   const std::set<std::string>& allowed) {
    const auto before = Ticket();
    for (const auto& who : kEveryone) {
      if (allowed.count(who)) continue;
      auto r = Post(who, "/api/v1/tickets/TD-1/" + command, body);
      EXPECT_GE(r.status, 400) << who << " may not " << command << ": " << r.body;
      EXPECT_LT(r.status, 500) << who << " " << command << ": " << r.body;
    }
    EXPECT_EQ(Ticket()["updated_at"], before["updated_at"]) << command;
    EXPECT_EQ(Ticket()["stage"], before["stage"]) << command;
    auto r = Post(*allowed.begin(), "/api/v1/tickets/TD-1/" + command, body);
    EXPECT_EQ(r.status, 200) << *allowed.begin() << " " << command << ": " << r.body;
  }
};

TEST_F(Authorization, EveryStepOfTheLadderBelongsToItsRoles) {
  auto created = Post("client:jdoe", "/api/v1/tickets",
                      {{"title", "Branch office offline"}, {"requester_email", "jdoe@c.example"}});
  ASSERT_EQ(created.status, 201) << created.body;
  // The other client cannot see it, find it in a list, or act on it.
  EXPECT_EQ(Request("GET", server_->Url("/api/v1/tickets/TD-1"), tokens_["client:mallory"]).status,
            404);
  EXPECT_TRUE(Request("GET", server_->Url("/api/v1/tickets"), tokens_["client:mallory"])
                  .json()["tickets"]
                  .empty());
  EXPECT_EQ(Request("GET", server_->Url("/api/v1/tickets?open=false"), tokens_["client:mallory"])
                .json()["tickets"]
                .size(),
            0u);

  const nlohmann::json tried = {{"tried", "Checked cabling and the local switch"}};
  auto handoff = [&](const char* to, const char* criterion) {
    nlohmann::json b = tried;
    b["to"] = to;
    b["criterion"] = criterion;
    return b;
  };
  OnlyAllowed("handoff", handoff("tier2", "unresolved_at_tier"), {"t1-maria", "t1-lead"});
  OnlyAllowed("handoff", handoff("tier3", "needs_deeper_knowledge"), {"t2-omar"});
  OnlyAllowed("handoff", handoff("onsite", "onsite_required"), {"t3-li"});
  OnlyAllowed("handoff", handoff("noc", "unresolved_at_tier"), {"onsite-beth"});
  EXPECT_EQ(Ticket()["stage"], "awaiting_decision");
  OnlyAllowed("manager_decision", {{"approve", true}, {"reason", "Carrier fault"}}, {"itm-sarah"});
  OnlyAllowed("client_approval", {{"approve", true}}, {"client:jdoe"});
  EXPECT_EQ(Ticket()["tier"], "noc");
  OnlyAllowed("respond",
              {{"status", "Working on it"},
               {"next_update", "2099-01-01T00:00:00Z"},
               {"findings", "Line down"}},
              {"noc-raj"});
  OnlyAllowed("resolve",
              {{"resolution",
                {{"summary", "Line repaired"},
                 {"root_cause", "Cut fibre"},
                 {"actions_taken", "Carrier repair"}}}},
              {"noc-raj"});
  OnlyAllowed("qc_pass", {{"notes", "Verified with the branch"}}, {"qc-tom"});
  // Only the client signs off: seed 004's procedure lets no staff record it for them.
  OnlyAllowed("sign_off", {{"comment", "Thanks"}}, {"client:jdoe"});
  EXPECT_EQ(Ticket()["stage"], "closed");
}

TEST_F(Authorization, StaffOnlyViews) {
  for (const auto& who : kEveryone) {
    const bool client = who.rfind("client:", 0) == 0;
    for (const char* path : {"/api/v1/procedure", "/api/v1/people", "/api/v1/assets",
                             "/api/v1/outbox/dead", "/api/v1/tickets?breaching_within=1h"}) {
      auto r = Request("GET", server_->Url(path), tokens_[who]);
      EXPECT_EQ(r.status, client ? 403 : 200) << who << " " << path;
    }
    auto clock =
        Request("POST", server_->Url("/api/v1/clock"), tokens_[who], R"({"advance":"1h"})");
    EXPECT_EQ(clock.status, client ? 403 : 409) << who;
  }
}

}  // namespace
}  // namespace tierdesk::testing
