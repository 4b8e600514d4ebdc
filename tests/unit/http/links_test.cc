#include "http/links.h"

#include <gtest/gtest.h>

namespace tierdesk::http {
namespace {

TEST(Links, SignedClaimsVerifyUntilTheyExpire) {
  const std::string key = NewLinkKey();
  ASSERT_EQ(key.size(), 64u);
  const Timestamp now = *ParseTimestamp("2026-01-05T10:00:00Z");
  LinkClaim claim{"sign_off", 42, "client:C-1001", now + Seconds(3600)};
  const std::string token = SignLink(key, claim);
  auto back = VerifyLink(key, token, now);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->action, "sign_off");
  EXPECT_EQ(back->ticket, 42);
  EXPECT_EQ(back->actor, "client:C-1001");
  EXPECT_EQ(back->expires, claim.expires);

  EXPECT_FALSE(VerifyLink(key, token, now + Seconds(3600)).has_value());   // expired
  EXPECT_FALSE(VerifyLink(NewLinkKey(), token, now).has_value());         // another key
  // Another ticket or actor under the same signature is refused.
  LinkClaim other = claim;
  other.ticket = 43;
  const std::string forged = SignLink(key, other).substr(0, SignLink(key, other).find('.')) +
                             token.substr(token.find('.'));
  EXPECT_FALSE(VerifyLink(key, forged, now).has_value());
  EXPECT_FALSE(VerifyLink(key, "garbage", now).has_value());
  EXPECT_FALSE(VerifyLink(key, "", now).has_value());
}

}  // namespace
}  // namespace tierdesk::http
