#include "http/auth/links.h"

#include <gtest/gtest.h>
#include <sodium.h>

namespace tierdesk::http {
namespace {

TEST(Links, SignedClaimsVerifyUntilTheyExpire) {
  const std::string key = NewLinkKey();
  ASSERT_EQ(key.size(), 64u);
  const Timestamp now = *ParseTimestamp("2026-01-05T10:00:00Z");
  LinkClaim claim{"sign_off", 42, "client:C-1001", now + Seconds(3600), 3};
  const std::string token = SignLink(key, claim);
  auto back = VerifyLink(key, token, now);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->action, "sign_off");
  EXPECT_EQ(back->ticket, 42);
  EXPECT_EQ(back->actor, "client:C-1001");
  EXPECT_EQ(back->expires, claim.expires);
  EXPECT_EQ(back->cycle, 3);

  EXPECT_FALSE(VerifyLink(key, token, now + Seconds(3600)).has_value());  // expired
  EXPECT_FALSE(VerifyLink(NewLinkKey(), token, now).has_value());         // another key
  // Another ticket, or another cycle, under the same signature is refused.
  for (auto change : {+[](LinkClaim& c) { c.ticket = 43; }, +[](LinkClaim& c) { c.cycle = 4; }}) {
    LinkClaim other = claim;
    change(other);
    const std::string forged = SignLink(key, other).substr(0, SignLink(key, other).find('.')) +
                               token.substr(token.find('.'));
    EXPECT_FALSE(VerifyLink(key, forged, now).has_value());
  }
  EXPECT_FALSE(VerifyLink(key, "garbage", now).has_value());
  EXPECT_FALSE(VerifyLink(key, "", now).has_value());
}

// A link signed before links carried a cycle: action, ticket, actor and expiry only.
std::string FourFieldToken(const std::string& key, const std::string& payload) {
  auto b64 = [](std::string_view raw) {
    std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                    '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                      raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    return out;
  };
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(payload.data()),
                                payload.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return b64(payload) + "." + b64(std::string_view(reinterpret_cast<char*>(mac), sizeof mac));
}

TEST(Links, LinksWithoutACycleAreNoLongerValid) {
  ASSERT_GE(sodium_init(), 0);
  const std::string key = NewLinkKey();
  const Timestamp now = *ParseTimestamp("2026-01-05T10:00:00Z");
  const std::string old =
      FourFieldToken(key, "sign_off\n42\nclient:C-1001\n" +
                              std::to_string((now + Seconds(3600)).time_since_epoch().count()));
  auto verified = VerifyLink(key, old, now);
  ASSERT_FALSE(verified.has_value());
  EXPECT_EQ(verified.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(verified.error().message, "this link is no longer valid; sign in to the help desk");
}

TEST(Links, EachClaimHasItsOwnUseKey) {
  const Timestamp expires = *ParseTimestamp("2026-01-05T10:00:00Z");
  const LinkClaim claim{"reopen", 42, "client:C-1001", expires, 2};
  EXPECT_EQ(LinkUseKey(claim), LinkUseKey(claim));
  EXPECT_EQ(LinkUseKey(claim).rfind("link:", 0), 0u);
  LinkClaim next_cycle = claim;
  next_cycle.cycle = 3;
  LinkClaim sign_off = claim;
  sign_off.action = "sign_off";
  EXPECT_NE(LinkUseKey(claim), LinkUseKey(next_cycle));
  EXPECT_NE(LinkUseKey(claim), LinkUseKey(sign_off));
}

}  // namespace
}  // namespace tierdesk::http
