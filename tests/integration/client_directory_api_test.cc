// The client directory over the API: an agent finds a caller as they type and adds one met at
// the desk; clients and the mail gateway see none of it; a retried add adds nobody twice.

#include "integration/api_fixture.h"

namespace tierdesk::testing {
namespace {

class HttpClients : public ApiTest {
 protected:
  void SetUp() override {
    InitDatabase("001-customer-support.toml", {"cs-asha", "client:U-1"});
    RunTierdesk({"client", "add", "--db", db_, "--id", "U-1", "--name", "Ganesh Kumar", "--email",
                 "Ganesh@Client.example", "--phone", "+91 98450 12345", "--organisation",
                 "Client Co"});
    Serve();
  }

  std::vector<std::string> Found(const std::string& query) {
    auto r = Get("cs-asha", "/api/v1/clients?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    std::vector<std::string> ids;
    for (const auto& c : body["clients"]) ids.push_back(c["id"]);
    return ids;
  }
};

TEST_F(HttpClients, AnAgentFindsTheCallerByWhatTheyTypeAndAddsOneMetAtTheDesk) {
  EXPECT_EQ(Found("q=984501"), std::vector<std::string>{"U-1"});
  EXPECT_EQ(Found("q=ganesh%40client"), std::vector<std::string>{"U-1"});
  auto added = Post("cs-asha", "/api/v1/clients",
                    {{"id", " S-204 "},
                     {"name", "Meena Iyer"},
                     {"email", "Meena@SVV.example"},
                     {"phone", "080-2233 4455"}});
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json()["id"], "S-204");
  EXPECT_EQ(added.json()["email"], "meena@svv.example");
  EXPECT_EQ(Found("q=iyer"), std::vector<std::string>{"S-204"});
  // Sent again (a retry): the same client, nobody new. Another with the id is refused by name.
  auto again = Post("cs-asha", "/api/v1/clients",
                    {{"id", "S-204"},
                     {"name", "Meena Iyer"},
                     {"email", "meena@svv.example"},
                     {"phone", "080-2233 4455"}});
  EXPECT_EQ(again.status, 200) << again.body;
  auto taken = Post("cs-asha", "/api/v1/clients", {{"id", "S-204"}, {"name", "Someone Else"}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.json()["error"]["field"], "id");
  auto address = Post("cs-asha", "/api/v1/clients",
                      {{"name", "Impostor"}, {"email", "ganesh@client.example"}});
  EXPECT_EQ(address.status, 409);
  EXPECT_EQ(address.json()["error"]["field"], "email");
}

TEST_F(HttpClients, AWalkInWithoutAnIdIsGivenOneThatARetryKeeps) {
  const nlohmann::json walk_in = {{"name", "Anil Das"}, {"phone", "98860 11223"}};
  auto first = Post("cs-asha", "/api/v1/clients", walk_in, {"Idempotency-Key: walk-in-1"});
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string id = first.json()["id"];
  EXPECT_TRUE(id.starts_with("U-") && id.size() == 10) << id;
  auto retry = Post("cs-asha", "/api/v1/clients", walk_in, {"Idempotency-Key: walk-in-1"});
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(retry.json()["id"], id);
  auto next = Post("cs-asha", "/api/v1/clients", walk_in, {"Idempotency-Key: walk-in-2"});
  ASSERT_EQ(next.status, 201) << next.body;
  EXPECT_NE(next.json()["id"], id);
}

TEST_F(HttpClients, WhatCannotBeAClientIsRefusedByField) {
  const std::pair<nlohmann::json, std::string> wrong[] = {
      {{{"id", "U 7"}, {"name", "Spaced Id"}}, "id"},
      {{{"id", "U-7"}}, "name"},
      {{{"name", "   "}}, "name"},
      {{{"name", "No Mail"}, {"email", "nobody"}}, "email"},
      {{{"name", "Letters"}, {"phone", "call me"}}, "phone"},
      {{{"name", "Short"}, {"phone", "12"}}, "phone"},
      {{{"name", std::string(201, 'x')}}, "name"},
      {{{"name", "Typed"}, {"phone", 98450}}, "phone"},
      {{{"name", "Extra"}, {"role", "admin"}}, "role"},
  };
  for (const auto& [body, field] : wrong) {
    auto r = Post("cs-asha", "/api/v1/clients", body);
    EXPECT_EQ(r.status, 422) << body.dump() << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field) << body.dump();
  }
  auto blank = Get("cs-asha", "/api/v1/clients?q=%20");
  EXPECT_EQ(blank.status, 422);
  EXPECT_EQ(blank.json()["error"]["field"], "q");
  EXPECT_EQ(Get("cs-asha", "/api/v1/clients?q=" + std::string(101, 'a')).status, 422);
  EXPECT_EQ(Get("cs-asha", "/api/v1/clients?q=a&limit=26").json()["error"]["field"], "limit");
}

TEST_F(HttpClients, TheDirectoryIsForStaff) {
  EXPECT_EQ(Get("client:U-1", "/api/v1/clients?q=ganesh").status, 403);
  EXPECT_EQ(Post("client:U-1", "/api/v1/clients", {{"name", "Friend"}}).status, 403);
}

// An agent taking a call names the client; the directory says who they are and where they
// work, unless the agent wrote otherwise.
TEST_F(HttpClients, AStaffCreateForAKnownClientIsFilledFromTheDirectory) {
  auto r = Post("cs-asha", "/api/v1/tickets",
                {{"client_id", "U-1"},
                 {"channel", "email"},
                 {"title", "Printer jams"},
                 {"caller_phone", "+91 98450 12345"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto registration = r.json()["registration"];
  EXPECT_EQ(registration["requester_name"], "Ganesh Kumar");
  EXPECT_EQ(registration["requester_email"], "ganesh@client.example");
  EXPECT_EQ(registration["organisation"], "Client Co");
}

}  // namespace
}  // namespace tierdesk::testing
