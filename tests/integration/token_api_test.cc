// API tokens over the API (/api/v1/tokens): everyone makes tokens only as themselves (clients
// from their login), administrators also list and revoke every token and make the mail
// gateway's; a secret is shown once; a revoked token is refused from its next request.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/auth/auth.h"
#include "integration/api_fixture.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class TokenApi : public ApiTest {
 protected:
  void SetUp() override {
    // itm-sarah is an it_manager (an administrator); t1-maria and t1-lead are not.
    InitDatabase("004-service-request-escalation.toml",
                 {"itm-sarah", "t1-maria", "t1-lead", "client:C-1", "mail-gateway"});
    Serve();
  }
  HttpResult As(const std::string& token, const std::string& method, const std::string& path,
                const std::string& body = {}) {
    return Request(method, server_->Url(path), token, body);
  }
  // The id of a token of `actor` (the one made at the start, while it is their only one).
  std::string IdOfFirstTokenOf(const std::string& actor) {
    const auto listed = As(tokens_["itm-sarah"], "GET", "/api/v1/tokens").json();
    for (const auto& t : listed["tokens"])
      if (t["actor"] == actor) return t["id"];
    return "none";
  }
  long StatusOfARead(const std::string& token) {
    return As(token, "GET", "/api/v1/tickets").status;
  }
};

TEST_F(TokenApi, StaffMakeListAndRevokeTheirOwnTokensOnly) {
  const std::string maria = tokens_["t1-maria"];
  auto made = As(maria, "POST", "/api/v1/tokens", R"({"label":"laptop"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto token = made.json();
  EXPECT_EQ(token["actor"], "t1-maria");  // the caller
  EXPECT_EQ(token["label"], "laptop");
  EXPECT_EQ(token["read_only"], false);
  EXPECT_TRUE(token["revoked_at"].is_null());
  const std::string secret = token["secret"];
  EXPECT_THAT(secret, ::testing::StartsWith("td_" + token["id"].get<std::string>() + "_"));
  EXPECT_EQ(StatusOfARead(secret), 200);

  // Listed without the secret or what is stored of it; only Maria's own.
  auto listed = As(maria, "GET", "/api/v1/tokens");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["tokens"].size(), 2u);
  const auto tokens = listed.json()["tokens"];
  for (const auto& t : tokens) {
    EXPECT_EQ(t["actor"], "t1-maria");
    EXPECT_FALSE(t.contains("secret"));
    EXPECT_FALSE(t.contains("hash"));
  }
  EXPECT_THAT(listed.body, Not(HasSubstr(secret)));
  EXPECT_THAT(listed.body, Not(HasSubstr(http::TokenDigest(secret))));
  EXPECT_THAT(listed.body, Not(HasSubstr(maria)));

  // Nobody else's.
  EXPECT_EQ(As(maria, "POST", "/api/v1/tokens", R"({"actor":"t1-lead"})").status, 403);
  EXPECT_EQ(As(maria, "POST", "/api/v1/tokens", R"({"actor":"mail-gateway"})").status, 403);
  auto others = As(maria, "POST", "/api/v1/tokens/" + IdOfFirstTokenOf("t1-lead") + "/revoke");
  EXPECT_EQ(others.status, 403) << others.body;
  EXPECT_EQ(StatusOfARead(tokens_["t1-lead"]), 200);

  auto revoked = As(maria, "POST", "/api/v1/tokens/" + token["id"].get<std::string>() + "/revoke");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_TRUE(revoked.json()["revoked_at"].is_string());
  EXPECT_FALSE(revoked.json().contains("secret"));
  EXPECT_EQ(StatusOfARead(secret), 401);  // the very next request
  EXPECT_EQ(StatusOfARead(maria), 200);   // her other token still works
}

TEST_F(TokenApi, AnAdministratorManagesEveryToken) {
  const std::string sarah = tokens_["itm-sarah"];
  auto all = As(sarah, "GET", "/api/v1/tokens");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.json()["tokens"].size(), 5u);  // staff, the client's and the gateway's
  const std::string leads_first = IdOfFirstTokenOf("t1-lead");

  // Not even an administrator makes a token acting as someone else over the API.
  EXPECT_EQ(
      As(sarah, "POST", "/api/v1/tokens", R"({"actor":"t1-lead","label":"dashboard"})").status,
      403);
  auto reader = As(sarah, "POST", "/api/v1/tokens", R"({"label":"dashboard","read_only":true})");
  ASSERT_EQ(reader.status, 201) << reader.body;
  EXPECT_EQ(reader.json()["actor"], "itm-sarah");
  const std::string secret = reader.json()["secret"];
  EXPECT_EQ(StatusOfARead(secret), 200);
  EXPECT_EQ(As(secret, "POST", "/api/v1/tokens", "{}").status, 403);  // read-only
  EXPECT_EQ(As(sarah, "POST", "/api/v1/tokens", R"({"actor":"mail-gateway"})").status, 201);

  auto revoked = As(sarah, "POST", "/api/v1/tokens/" + leads_first + "/revoke");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(StatusOfARead(tokens_["t1-lead"]), 401);
  EXPECT_EQ(StatusOfARead(secret), 200);  // only that token

  EXPECT_EQ(As(sarah, "POST", "/api/v1/tokens/nope/revoke").status, 404);
  EXPECT_EQ(As(sarah, "POST", "/api/v1/tokens", R"({"actor":"nobody"})").status, 403);
  EXPECT_EQ(As(sarah, "POST", "/api/v1/tokens", R"({"read_only":"yes"})").status, 422);
}

TEST_F(TokenApi, TheMailGatewayHasNoSayAndAClientOnlyOverTheirOwn) {
  const std::string gateway = tokens_["mail-gateway"];
  EXPECT_EQ(As(gateway, "GET", "/api/v1/tokens").status, 403);
  EXPECT_EQ(As(gateway, "POST", "/api/v1/tokens", "{}").status, 403);
  EXPECT_EQ(
      As(gateway, "POST", "/api/v1/tokens/" + IdOfFirstTokenOf("mail-gateway") + "/revoke").status,
      403);
  // A client sees their own tokens; makes one only from their login, never with a token.
  const std::string client = tokens_["client:C-1"];
  auto listed = As(client, "GET", "/api/v1/tokens");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["tokens"].size(), 1u);
  EXPECT_EQ(listed.json()["tokens"][0]["actor"], "client:C-1");
  EXPECT_EQ(As(client, "POST", "/api/v1/tokens", "{}").status, 403);
  EXPECT_EQ(As(client, "POST", "/api/v1/tokens/" + IdOfFirstTokenOf("t1-maria") + "/revoke").status,
            403);
  EXPECT_EQ(StatusOfARead(client), 200);
}

}  // namespace
}  // namespace tierdesk::testing
