// The edge's own parsers and guards, unit by unit: UTF-8, bounded JSON, durations, logins.
#include <gtest/gtest.h>

#include "common/time.h"
#include "common/utf8.h"
#include "http/login_guard.h"
#include "json/bounded.h"

namespace tierdesk::testing {
namespace {

TEST(Utf8, ValidatesWellFormedSequencesOnly) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));              // Latin-1
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));             // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));         // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));     // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));             // cut short
  EXPECT_EQ(ValidUtf8("a\xFFz"), "a\xEF\xBF\xBDz");  // kept text gets U+FFFD
}

TEST(Utf8, PrintableAsciiHasNoSpacesOrControls) {
  EXPECT_TRUE(IsPrintableAscii("req-42_A.b~"));
  EXPECT_FALSE(IsPrintableAscii("two words"));
  EXPECT_FALSE(IsPrintableAscii("tab\t"));
  EXPECT_FALSE(IsPrintableAscii("caf\xC3\xA9"));
}

TEST(BoundedJson, RefusesDepthBeforeParsing) {
  EXPECT_TRUE(json::ParseBounded(R"({"a":[[1]]})", 3).has_value());
  EXPECT_FALSE(json::ParseBounded(R"({"a":[[[1]]]})", 3).has_value());
  // Brackets inside strings are text, not nesting.
  EXPECT_TRUE(json::ParseBounded(R"({"a":"[[[[[[[[\"{{{{"})", 1).has_value());
  const std::string deep = std::string(1000000, '[') + std::string(1000000, ']');
  auto r = json::ParseBounded(deep, 16);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("nested deeper"), std::string::npos);
  EXPECT_FALSE(json::ParseBounded("{\"a\":\"caf\xE9\"}", 16).has_value());  // not UTF-8
}

TEST(BoundedJson, RefusesTheNulCharacterInStrings) {
  auto r = json::ParseBounded(R"({"title":"a\u0000b"})", 16);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("U+0000"), std::string::npos);
  EXPECT_FALSE(json::ParseBounded(R"(["\u0000"])", 16).has_value());
  // An escaped backslash followed by the letters, and other escapes, are ordinary text.
  EXPECT_TRUE(json::ParseBounded(R"({"a":"\\u0000","b":"\u0001\"u0000"})", 16).has_value());
}

TEST(BoundedJson, DumpNeverThrowsOnBadStrings) {
  json::Json j = {{"key", std::string("caf\xE9")}};
  EXPECT_THROW((void)j.dump(), std::exception);  // the library's default
  EXPECT_EQ(json::Dump(j), "{\"key\":\"caf\xEF\xBF\xBD\"}");
}

TEST(Durations, HugeValuesAreRefusedNotWrapped) {
  EXPECT_FALSE(ParseFineDuration("99999999999999d").has_value());
  EXPECT_FALSE(ParseFineDuration("9223372036854775807s").has_value());
  EXPECT_FALSE(ParseFineDuration("3000d3000d").has_value());
  EXPECT_EQ(ParseFineDuration("3650d").value(), kMaxDuration);
  EXPECT_EQ(ParseFineDuration("1h30m").value(), Seconds{5400});
}

TEST(LoginGuard, BacksOffExponentiallyAfterTheFreeFailures) {
  http::LoginGuard guard({.free_failures_per_login = 3,
                          .free_failures_per_address = 100,
                          .base_delay = std::chrono::seconds(1),
                          .max_delay = std::chrono::seconds(8)});
  const auto t0 = http::LoginGuard::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(guard.Wait("ravi", "a", t0).has_value());
    guard.Failed("ravi", "a", t0);
  }
  EXPECT_EQ(guard.Wait("ravi", "b", t0), std::chrono::seconds(1));
  EXPECT_FALSE(guard.Wait("ravi", "b", t0 + std::chrono::seconds(1)).has_value());
  guard.Failed("ravi", "b", t0 + std::chrono::seconds(1));  // 4th: 2 s
  EXPECT_EQ(guard.Wait("ravi", "c", t0 + std::chrono::seconds(1)), std::chrono::seconds(2));
  for (int i = 0; i < 10; ++i) guard.Failed("ravi", "c", t0 + std::chrono::seconds(2));
  EXPECT_EQ(guard.Wait("ravi", "c", t0 + std::chrono::seconds(2)), std::chrono::seconds(8));
  EXPECT_FALSE(guard.Wait("anil", "c2", t0).has_value());  // others are not affected
  guard.Succeeded("ravi");
  EXPECT_FALSE(guard.Wait("ravi", "d", t0 + std::chrono::seconds(2)).has_value());
}

TEST(LoginGuard, ForgetsTheQuietestWhenFull) {
  http::LoginGuard guard({.free_failures_per_login = 1, .max_tracked = 10});
  const auto t0 = http::LoginGuard::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 1000; ++i)
    guard.Failed("user" + std::to_string(i), "addr" + std::to_string(i),
                 t0 + std::chrono::seconds(i));
  EXPECT_TRUE(guard.Wait("user999", "x", t0 + std::chrono::seconds(999)).has_value());
  EXPECT_FALSE(guard.Wait("user0", "x", t0 + std::chrono::seconds(999)).has_value());
}

}  // namespace
}  // namespace tierdesk::testing
