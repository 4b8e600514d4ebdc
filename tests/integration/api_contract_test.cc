// The check every API test's answers go through (api_contract.h) finds what it is there for.
#include "integration/api_contract.h"

#include <gtest/gtest.h>

namespace tierdesk::testing {
namespace {

const nlohmann::json kSession = {{"actor", "psc-anil"}, {"kind", "staff"},     {"name", "Anil"},
                                 {"roles", {"agent"}},  {"tiers", {"L1"}},     {"client_id", ""},
                                 {"csrf_token", ""},    {"administers", false}};

TEST(ApiContract, AnAnswerAsDocumentedPasses) {
  EXPECT_EQ(ApiContract::Get().Problems("GET", "/api/v1/session", 200, kSession),
            std::vector<std::string>{});
  EXPECT_EQ(ApiContract::Get().Problems(
                "GET", "/api/v1/tickets/TD-9", 404,
                {{"error", {{"code", "not_found"}, {"message", "no ticket TD-9"}}}}),
            std::vector<std::string>{});
}

TEST(ApiContract, AMemberTheDocumentLacksAMissingOneOrAWrongTypeFails) {
  auto extra = kSession;
  extra["secret_flag"] = true;
  EXPECT_FALSE(ApiContract::Get().Problems("GET", "/api/v1/session", 200, extra).empty());
  auto missing = kSession;
  missing.erase("administers");
  EXPECT_FALSE(ApiContract::Get().Problems("GET", "/api/v1/session", 200, missing).empty());
  auto mistyped = kSession;
  mistyped["roles"] = "agent";
  EXPECT_FALSE(ApiContract::Get().Problems("GET", "/api/v1/session", 200, mistyped).empty());
  // An error status the operation does not list is still an Error.
  EXPECT_FALSE(ApiContract::Get().Problems("GET", "/api/v1/session", 418, {{"oops", 1}}).empty());
  // A path the document does not serve.
  EXPECT_FALSE(ApiContract::Get().Problems("GET", "/api/v1/nowhere", 200, kSession).empty());
}

}  // namespace
}  // namespace tierdesk::testing
