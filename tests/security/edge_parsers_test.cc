// The edge's own parsers and guards, unit by unit: UTF-8, bounded JSON, durations, logins.
#include <gtest/gtest.h>

#include "common/time.h"
#include "common/utf8.h"
#include "http/auth/login_guard.h"
#include "json/bounded.h"
#include "mail/inbound.h"

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

// 9 (round 2). A received mail's attachment kept names the upload route refuses: C1 controls,
// and a right-to-left override that shows "invoice\u202Egpj.exe" as "invoiceexe.jpg". One rule
// now: the characters an upload's name may not hold are dropped from mail's.
TEST(ParseInbound, AttachmentNamesLoseTheControlsAnUploadIsRefusedFor) {
  auto mail = mail::ParseInbound(
      "From: a@client.example\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
      "--b\r\nContent-Type: text/plain\r\n"
      "Content-Disposition: attachment; filename*=UTF-8''in%09voice%E2%80%AEgpj.exe%C2%85%E2%81%A6x"
      "\r\n\r\nx\r\n--b--\r\n");
  ASSERT_TRUE(mail) << mail.error().message;
  ASSERT_EQ(mail->attachments.size(), 1u);
  const std::string& name = mail->attachments[0].name;
  EXPECT_FALSE(HoldsControlCharacter(name)) << name;
  EXPECT_EQ(name.find('\0'), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(name));
  EXPECT_NE(name.find("gpj.exe"), std::string::npos) << "[" << name << "]";
}

TEST(Utf8, ControlCharactersIncludeBidirectionalOverrides) {
  EXPECT_TRUE(HoldsControlCharacter(std::string("a\0b", 3)));
  EXPECT_TRUE(HoldsControlCharacter("invoice\xE2\x80\xAEgpj.exe"));  // U+202E
  EXPECT_TRUE(HoldsControlCharacter("x\xC2\x85"));                   // NEL, a C1 control
  EXPECT_FALSE(HoldsControlCharacter("caf\xC3\xA9 \xE2\x82\xAC.txt"));
  EXPECT_EQ(WithoutControlCharacters(std::string("a\0b\tc\xE2\x81\xA6"
                                                 "d",
                                                 9)),
            "abcd");
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
  const http::LoginGuard guard({.free_failures_per_login_and_address = 3,
                                .free_failures_per_address = 100,
                                .free_failures_per_login = 100,
                                .base_delay = Seconds(1),
                                .max_delay = Seconds(8)});
  const Timestamp t0 = ParseTimestamp("2026-01-05T09:00:00Z").value();
  const auto keys = http::LoginGuard::KeysFor("ravi", "a");
  auto wait = [&](int64_t failures, Timestamp last, Timestamp now) {
    const service::LoginFailures record{keys.login_and_address, failures, last};
    return guard.Wait(keys, std::span(&record, 1), now);
  };
  EXPECT_FALSE(wait(2, t0, t0).has_value());
  EXPECT_EQ(wait(3, t0, t0), Seconds(1));
  EXPECT_FALSE(wait(3, t0, t0 + Seconds(1)).has_value());
  EXPECT_EQ(wait(4, t0, t0), Seconds(2));
  EXPECT_EQ(wait(40, t0, t0), Seconds(8));  // never past max_delay
  // The same record under another address's keys is not this try's.
  const auto elsewhere = http::LoginGuard::KeysFor("ravi", "b");
  const service::LoginFailures record{keys.login_and_address, 40, t0};
  EXPECT_FALSE(guard.Wait(elsewhere, std::span(&record, 1), t0).has_value());
}

TEST(LoginGuard, EachKeyHasItsOwnAllowance) {
  const http::LoginGuard guard;  // 5 per login and address, 20 per address, 100 per login
  const Timestamp t0 = ParseTimestamp("2026-01-05T09:00:00Z").value();
  const auto keys = http::LoginGuard::KeysFor("ravi", "192.0.2.1");
  const std::vector<service::LoginFailures> under_each = {
      {keys.login_and_address, 4, t0}, {keys.address, 19, t0}, {keys.login, 99, t0}};
  EXPECT_FALSE(guard.Wait(keys, under_each, t0).has_value());
  for (size_t i = 0; i < under_each.size(); ++i) {
    auto one_more = under_each;
    ++one_more[i].failures;
    EXPECT_TRUE(guard.Wait(keys, one_more, t0).has_value()) << one_more[i].key;
  }
}

}  // namespace
}  // namespace tierdesk::testing
