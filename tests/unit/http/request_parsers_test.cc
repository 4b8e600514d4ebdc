// What the API reads from a request besides its body: If-Match, the queue's cursor and query
// values, each with what it must refuse.
#include "http/api/request_parsers.h"

#include <gtest/gtest.h>

namespace tierdesk::http {
namespace {

using core::Priority;

TEST(IfMatch, AbsentOrAnyIsNoCondition) {
  for (const char* value : {"", "   ", "*", " * ", "\t*\t"}) {
    auto parsed = ParseIfMatch(value);
    ASSERT_TRUE(parsed) << value;
    EXPECT_FALSE(parsed->conditional) << value;
  }
}

TEST(IfMatch, AListNamesTheVersionsThisApiGives) {
  auto parsed = ParseIfMatch(R"("7", "12" ,"3")");
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->conditional);
  EXPECT_EQ(parsed->versions, (std::vector<int64_t>{7, 12, 3}));
  EXPECT_EQ(ParseIfMatch(EntityTagOf(42))->versions, std::vector<int64_t>{42});
}

TEST(IfMatch, TagsThisApiNeverGivesMatchNothingButAreNotMalformed) {
  // Weak tags compare strongly as no match; leading zeros, zero, words and overflow name no
  // version of ours. The condition stays: a command with it is refused as changed since.
  for (const char* value :
       {R"(W/"7")", R"("007")", R"("0")", R"("x")", R"("99999999999999999999")", R"("-3")"}) {
    auto parsed = ParseIfMatch(value);
    ASSERT_TRUE(parsed) << value;
    EXPECT_TRUE(parsed->conditional) << value;
    EXPECT_TRUE(parsed->versions.empty()) << value;
  }
  auto mixed = ParseIfMatch(R"(W/"7", "8")");
  ASSERT_TRUE(mixed);
  EXPECT_EQ(mixed->versions, std::vector<int64_t>{8});
}

TEST(IfMatch, MalformedValuesAreRefused) {
  for (const char* value : {"7", R"("7)", R"("7" "8")", ",", R"("a b")", "W/", R"("7";)",
                            "*, \"7\"", "\"\x7f\""})
    EXPECT_FALSE(ParseIfMatch(value)) << value;
}

TEST(QueueCursor, RoundTripsAPosition) {
  const service::QueuePosition at{Priority::kHigh, Timestamp{Seconds{1'780'000'000}}, 1234};
  auto back = DecodeQueueCursor(EncodeQueueCursor(at));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->priority, at.priority);
  EXPECT_EQ(back->received_at, at.received_at);
  EXPECT_EQ(back->id, at.id);
}

TEST(QueueCursor, TextThisApiDidNotGiveIsRefused) {
  for (const char* text : {"", "1", "1.2", "1.2.", "1..3", "a.2.3", "1.2.3x", "1.2.3.4", "9.2.3",
                           "-1.2.3", "1.2.99999999999999999999"})
    EXPECT_FALSE(DecodeQueueCursor(text)) << text;
}

TEST(QueryValues, BooleansAreTrueOrFalseOnly) {
  EXPECT_EQ(ParseBoolParameter("true"), true);
  EXPECT_EQ(ParseBoolParameter("false"), false);
  for (const char* value : {"", "TRUE", "1", "yes", "true "}) EXPECT_FALSE(ParseBoolParameter(value));
}

TEST(QueryValues, CountsAreDigitsWithinTheirBounds) {
  EXPECT_EQ(ParseCountParameter("1", 1, 200), 1);
  EXPECT_EQ(ParseCountParameter("200", 1, 200), 200);
  EXPECT_EQ(ParseCountParameter("050", 1, 200), 50);
  for (const char* value : {"", "0", "201", "-5", "+5", "5 ", "1e2", "99999999999"})
    EXPECT_FALSE(ParseCountParameter(value, 1, 200)) << value;
}

}  // namespace
}  // namespace tierdesk::http
