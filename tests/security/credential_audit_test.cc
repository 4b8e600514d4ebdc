// Hardening, round 2, item 8: an administrator could mint a token for a client and approve the
// NOC step as the client, and the timeline showed a client approval with no trace of who held
// the token. Tokens now act only as whoever makes them (others' from the CLI), and every event
// names the credential that made it.
#include "security/api_security_fixture.h"

namespace tierdesk::testing {
namespace {

TEST_F(ApiSecurity, NobodyMakesATokenActingAsSomeoneElseOverTheApi) {
  tokens_["psc-lead"] = h_.Token("psc-lead");  // an administrator in procedure 000
  for (const char* other : {"client:C-1001", "ssc-ravi"}) {
    auto r = Post("psc-lead", "/api/v1/tokens", {{"actor", other}, {"label", "x"}});
    EXPECT_EQ(r.status, 403) << other << " " << r.body;
    EXPECT_EQ(ErrorField(r), "actor");
  }
  EXPECT_TRUE(h_.store().ListApiTokens(std::string("client:C-1001"))->size() ==
              1);  // the fixture's
  // Their own, and the mail gateway's, they still make.
  EXPECT_EQ(Post("psc-lead", "/api/v1/tokens", {{"label", "mine"}}).status, 201);
  EXPECT_EQ(Post("psc-lead", "/api/v1/tokens", {{"actor", "mail-gateway"}}).status, 201);
  // A client's token does not make more tokens.
  EXPECT_EQ(Post("client:C-1001", "/api/v1/tokens", {{"label", "more"}}).status, 403);
}

TEST_F(ApiSecurity, EveryEventNamesTheCredentialThatMadeIt) {
  const std::string ref = Open("C-1001");
  auto reply =
      Post("client:C-1001", "/api/v1/tickets/" + ref + "/note", {{"text", "It still fails"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto client_token = h_.store().ListApiTokens(std::string("client:C-1001"))->front();
  const auto staff_token = h_.store().ListApiTokens(std::string("psc-anil"))->front();
  auto staff_view = Parse(h_.As(tokens_["psc-anil"], "GET", "/api/v1/tickets/" + ref));
  ASSERT_TRUE(staff_view["timeline"].is_array());
  bool created = false, noted = false;
  for (const auto& e : staff_view["timeline"]) {
    if (e["type"] == "created") {
      EXPECT_EQ(e.value("credential", ""), "token " + staff_token.id);
      created = true;
    }
    if (e["type"] == "note" && e["actor"] == "client:C-1001") {
      EXPECT_EQ(e.value("credential", ""), "token " + client_token.id);
      noted = true;
    }
  }
  EXPECT_TRUE(created && noted) << staff_view.dump();
  // The stored event carries it (webhooks and replays see it too).
  const auto events = h_.store().Events(*core::ParseTicketRef(ref)).value();
  EXPECT_EQ(*events.front().Field("credential"), "token " + staff_token.id);
  // A client is not shown how staff signed in.
  auto client_view = h_.As(tokens_["client:C-1001"], "GET", "/api/v1/tickets/" + ref);
  EXPECT_THAT(client_view.body, Not(HasSubstr("\"credential\"")));
}

}  // namespace
}  // namespace tierdesk::testing
