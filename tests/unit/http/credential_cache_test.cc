#include "http/auth/credential_cache.h"

#include <gtest/gtest.h>

#include "http/auth/auth.h"
#include "service/ports.h"
#include "store/memory/memory_store.h"
#include "test_support.h"

namespace tierdesk::http {
namespace {

using namespace std::chrono_literals;
using testing::At;

TEST(CredentialCache, ACredentialIsTrustedForItsTtlOnlyAndUntilForgotten) {
  CredentialCache cache(1000ms, 3);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  cache.Put("h1", {"psc-anil", "token t1", true, "", {}, false}, t0, cache.Generation());
  ASSERT_TRUE(cache.Find("h1", t0 + 999ms).has_value());
  EXPECT_EQ(cache.Find("h1", t0 + 999ms)->actor, "psc-anil");
  EXPECT_FALSE(cache.Find("h1", t0 + 1000ms).has_value());  // read again from the store
  cache.Put("h1", {"psc-anil", "token t1", true, "", {}, false}, t0, cache.Generation());
  cache.Forget("h1");
  EXPECT_FALSE(cache.Find("h1", t0).has_value());
  // A read that began before the Forget (a request racing the revocation) caches nothing.
  const uint64_t before = cache.Generation();
  cache.Forget("h2");
  cache.Put("h1", {"psc-anil", "token t1", true, "", {}, false}, t0, before);
  EXPECT_FALSE(cache.Find("h1", t0).has_value());
}

TEST(CredentialCache, HoldsAtMostItsCapacity) {
  CredentialCache cache(1000ms, 2);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  cache.Put("a", {"x"}, t0, 0);
  cache.Put("b", {"y"}, t0, 0);
  cache.Put("c", {"z"}, t0, 0);  // full: starts over
  EXPECT_FALSE(cache.Find("a", t0).has_value());
  EXPECT_TRUE(cache.Find("c", t0).has_value());
}

TEST(Authenticate, ACachedSessionIsNotTakenPastItsExpiryNorForAToken) {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  store::MemoryStore store;
  CredentialCache cache;
  const Timestamp now = At("2026-01-05T10:00:00Z");
  const auto steady = std::chrono::steady_clock::now();
  const std::string secret = "session-secret";
  ASSERT_TRUE(store.PutSession({TokenDigest(secret), "psc-anil", "csrf", now, now + 1h}));
  const std::string cookie = std::string(kSessionCookie) + "=" + secret;
  auto from = [&]() -> service::Store& { return store; };
  auto who = Authenticate("", cookie, from, procedure, now, cache, steady);
  ASSERT_TRUE(who.has_value()) << who.error().ToString();
  EXPECT_EQ(who->csrf_token, "csrf");
  // Cached, but expired by the desk's clock: read again, and refused.
  auto later = Authenticate("", cookie, from, procedure, now + 2h, cache, steady);
  EXPECT_FALSE(later.has_value());
  // The same secret sent as a bearer token is not the session.
  ASSERT_TRUE(Authenticate("", cookie, from, procedure, now, cache, steady).has_value());
  EXPECT_FALSE(Authenticate("Bearer " + secret, "", from, procedure, now, cache, steady));
}

// Within its ttl a credential is taken from the cache without touching the store (so a
// revocation made elsewhere, the CLI's, takes up to the ttl); after it, read again.
TEST(Authenticate, ACachedTokenIsUsedWithoutTheStoreForItsTtl) {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  store::MemoryStore store;
  CredentialCache cache(1000ms);
  const Timestamp now = At("2026-01-05T10:00:00Z");
  const auto steady = std::chrono::steady_clock::now();
  const std::string secret = "token-secret";
  ASSERT_TRUE(store.PutApiToken({"t1", TokenDigest(secret), "psc-anil", "", now}));
  int reads = 0;
  auto from = [&]() -> service::Store& {
    ++reads;
    return store;
  };
  const std::string bearer = "Bearer " + secret;
  ASSERT_TRUE(Authenticate(bearer, "", from, procedure, now, cache, steady).has_value());
  EXPECT_EQ(reads, 1);
  ASSERT_TRUE(store.RevokeApiToken("t1", now).value());  // elsewhere: no Forget
  auto cached = Authenticate(bearer, "", from, procedure, now, cache, steady + 999ms);
  ASSERT_TRUE(cached.has_value());
  EXPECT_EQ(cached->actor, "psc-anil");
  EXPECT_EQ(reads, 1);
  EXPECT_FALSE(Authenticate(bearer, "", from, procedure, now, cache, steady + 1000ms));
  EXPECT_EQ(reads, 2);
}

}  // namespace
}  // namespace tierdesk::http
