// Credentials (CredentialStore): tokens, accounts and sessions.

#include "contract/contract_fixture.h"

namespace tierdesk::service::contract {
namespace {

class CredentialStoreContract : public StoreContract {};

TEST_P(CredentialStoreContract, ApiTokensAreFoundByHashAndRevoked) {
  ApiToken token{"tok1",       "abcd", "psc-anil", "laptop", At("2026-01-05T10:00:00Z"),
                 std::nullopt, true};
  ASSERT_TRUE(store_->PutApiToken(token));
  EXPECT_EQ(store_->PutApiToken(token).error().code, ErrorCode::kAlreadyExists);
  auto found = store_->FindApiToken("abcd").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->actor, "psc-anil");
  EXPECT_TRUE(found->read_only);
  EXPECT_FALSE(found->revoked_at.has_value());
  EXPECT_TRUE(store_->RevokeApiToken("tok1", At("2026-01-06T10:00:00Z")).value());
  EXPECT_FALSE(store_->RevokeApiToken("nope", At("2026-01-06T10:00:00Z")).value());
  EXPECT_EQ(store_->FindApiToken("abcd").value()->revoked_at, At("2026-01-06T10:00:00Z"));
  EXPECT_FALSE(store_->FindApiToken("other").value().has_value());
}

TEST_P(CredentialStoreContract, ApiTokensAreListedOldestFirstPerActorOrAll) {
  const ApiToken ravi_old{"r1",         "h1", "ssc-ravi", "laptop", At("2026-01-05T10:00:00Z"),
                          std::nullopt, false};
  const ApiToken anil{"a1",         "h2", "psc-anil", "phone", At("2026-01-05T11:00:00Z"),
                      std::nullopt, true};
  const ApiToken ravi_new{"r2",         "h3", "ssc-ravi", "script", At("2026-01-05T12:00:00Z"),
                          std::nullopt, false};
  for (const auto& t : {ravi_new, anil, ravi_old}) ASSERT_TRUE(store_->PutApiToken(t));
  ASSERT_TRUE(store_->RevokeApiToken("r1", At("2026-01-06T10:00:00Z")).value());
  auto ids = [](const std::vector<ApiToken>& tokens) {
    std::vector<std::string> out;
    for (const auto& t : tokens) out.push_back(t.id);
    return out;
  };
  auto all = store_->ListApiTokens(std::nullopt).value();
  EXPECT_EQ(ids(all), (std::vector<std::string>{"r1", "a1", "r2"}));
  EXPECT_EQ(all[0].revoked_at, At("2026-01-06T10:00:00Z"));  // revoked ones are listed too
  EXPECT_EQ(all[0].label, "laptop");
  EXPECT_TRUE(all[1].read_only);
  EXPECT_EQ(all[1].created_at, At("2026-01-05T11:00:00Z"));
  EXPECT_EQ(ids(store_->ListApiTokens("ssc-ravi").value()), (std::vector<std::string>{"r1", "r2"}));
  EXPECT_TRUE(store_->ListApiTokens("nobody").value().empty());
}

TEST_P(CredentialStoreContract, AccountsAndSessions) {
  ASSERT_TRUE(store_->PutAccount({"psc-anil", "$argon2id$first", At("2026-01-05T10:00:00Z")}));
  ASSERT_TRUE(store_->PutAccount({"psc-anil", "$argon2id$second", At("2026-01-06T10:00:00Z")}));
  EXPECT_EQ(store_->FindAccount("psc-anil").value()->password_hash, "$argon2id$second");
  EXPECT_FALSE(store_->FindAccount("nobody").value().has_value());

  Session s{"h1", "psc-anil", "csrf", At("2026-01-05T10:00:00Z"), At("2026-01-05T22:00:00Z")};
  ASSERT_TRUE(store_->PutSession(s));
  EXPECT_EQ(store_->FindSession("h1", At("2026-01-05T21:59:59Z")).value()->actor, "psc-anil");
  EXPECT_FALSE(store_->FindSession("h1", At("2026-01-05T22:00:00Z")).value().has_value());
  ASSERT_TRUE(store_->DeleteSession("h1"));
  EXPECT_FALSE(store_->FindSession("h1", At("2026-01-05T11:00:00Z")).value().has_value());
}

TEST_P(CredentialStoreContract, ALoginsSessionsEndTogether) {
  const Timestamp t = At("2026-01-05T10:00:00Z");
  for (const char* hash : {"a1", "a2"})
    ASSERT_TRUE(store_->PutSession({hash, "psc-anil", "csrf", t, t + std::chrono::hours(12)}));
  ASSERT_TRUE(store_->PutSession({"r1", "ssc-ravi", "csrf", t, t + std::chrono::hours(12)}));
  EXPECT_EQ(store_->DeleteSessionsOf("psc-anil").value(), 2);
  EXPECT_FALSE(store_->FindSession("a1", t).value().has_value());
  EXPECT_FALSE(store_->FindSession("a2", t).value().has_value());
  EXPECT_TRUE(store_->FindSession("r1", t).value().has_value());
  EXPECT_EQ(store_->DeleteSessionsOf("psc-anil").value(), 0);
}

TEST_P(CredentialStoreContract, LoginFailuresAreCountedPerKeyClearedAndForgotten) {
  const Timestamp t = At("2026-01-05T10:00:00Z");
  const std::vector<std::string> both = {"login:ravi", "address:192.0.2.1"};
  const std::vector<std::string> other = {"login:anil", "address:192.0.2.1"};
  ASSERT_TRUE(store_->AddLoginFailure(both, t));
  ASSERT_TRUE(store_->AddLoginFailure(both, t + Seconds(5)));
  ASSERT_TRUE(store_->AddLoginFailure(other, t + Seconds(9)));
  const std::vector<std::string> asked = {"login:ravi", "address:192.0.2.1", "login:anil",
                                          "login:nobody"};
  auto found = store_->FindLoginFailures(asked).value();
  std::sort(found.begin(), found.end(), [](auto& a, auto& b) { return a.key < b.key; });
  EXPECT_EQ(found, (std::vector<LoginFailures>{{"address:192.0.2.1", 3, t + Seconds(9)},
                                               {"login:anil", 1, t + Seconds(9)},
                                               {"login:ravi", 2, t + Seconds(5)}}));
  const std::vector<std::string> ravi = {"login:ravi"};
  ASSERT_TRUE(store_->ClearLoginFailures(ravi));
  EXPECT_TRUE(store_->FindLoginFailures(ravi).value().empty());
  ASSERT_TRUE(store_->ForgetLoginFailures(t + Seconds(9)));  // nothing older than that is left
  EXPECT_EQ(store_->FindLoginFailures(asked).value().size(), 2u);
  ASSERT_TRUE(store_->ForgetLoginFailures(t + Seconds(10)));
  EXPECT_TRUE(store_->FindLoginFailures(asked).value().empty());
}

TIERDESK_STORE_CONTRACT(CredentialStoreContract);

}  // namespace
}  // namespace tierdesk::service::contract
