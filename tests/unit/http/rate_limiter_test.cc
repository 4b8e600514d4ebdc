#include "http/api/rate_limiter.h"

#include <gtest/gtest.h>

namespace tierdesk::http {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, AllowsABurstThenTheSustainedRate) {
  RateLimiter limiter(/*rate=*/10, /*burst=*/20);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  int allowed = 0;
  for (int i = 0; i < 50; ++i) allowed += limiter.Allow("a", t0);
  EXPECT_EQ(allowed, 20);
  double wait = 0;
  EXPECT_FALSE(limiter.Allow("a", t0, &wait));
  EXPECT_NEAR(wait, 0.1, 1e-9);
  // Half a second refills five requests.
  allowed = 0;
  for (int i = 0; i < 50; ++i) allowed += limiter.Allow("a", t0 + 500ms);
  EXPECT_EQ(allowed, 5);
  // Callers have their own buckets.
  EXPECT_TRUE(limiter.Allow("b", t0 + 500ms));
}

TEST(RateLimiter, ZeroRateMeansNoLimit) {
  RateLimiter limiter(0, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Allow("a", std::chrono::steady_clock::now()));
}

}  // namespace
}  // namespace tierdesk::http
