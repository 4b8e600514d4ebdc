#include "common/time.h"

#include <gtest/gtest.h>

namespace tierdesk {
namespace {

TEST(FormatTimestamp, RoundTripsThroughParseInAnyZone) {
  const auto t = *ParseTimestamp("2026-03-29T00:59:59Z");
  EXPECT_EQ(FormatTimestamp(t), "2026-03-29T00:59:59Z");
  EXPECT_EQ(FormatTimestamp(t, *LocateZone("Europe/London")), "2026-03-29T00:59:59+00:00");
  EXPECT_EQ(FormatTimestamp(t + Seconds(1), *LocateZone("Europe/London")),
            "2026-03-29T02:00:00+01:00");
  EXPECT_EQ(FormatTimestamp(t, *LocateZone("America/St_Johns")), "2026-03-28T22:29:59-02:30");
  EXPECT_EQ(FormatTimestamp(t, *LocateZone("Asia/Kolkata")), "2026-03-29T06:29:59+05:30");
  for (const char* zone : {"UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"})
    EXPECT_EQ(*ParseTimestamp(FormatTimestamp(t, *LocateZone(zone))), t) << zone;
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("1969-12-31T23:59:59Z")), "1969-12-31T23:59:59Z");
}

TEST(FormatTimestamp, EveryFieldPaddedAndOffsetsOfEveryShape) {
  const auto t = *ParseTimestamp("0987-06-05T04:03:02Z");
  EXPECT_EQ(FormatTimestamp(t), "0987-06-05T04:03:02Z");
  const auto now = *ParseTimestamp("2026-11-29T09:08:07Z");
  EXPECT_EQ(FormatTimestamp(now, *LocateZone("Asia/Kathmandu")), "2026-11-29T14:53:07+05:45");
  EXPECT_EQ(FormatTimestamp(now, *LocateZone("Pacific/Kiritimati")), "2026-11-29T23:08:07+14:00");
  EXPECT_EQ(FormatTimestamp(now, *LocateZone("Pacific/Pago_Pago")), "2026-11-28T22:08:07-11:00");
  EXPECT_EQ(FormatTimestamp(now, *LocateZone("America/Caracas")), "2026-11-29T05:08:07-04:00");
  // Beyond four-digit years, the digits are all written rather than cut.
  EXPECT_EQ(FormatTimestamp(Timestamp{Seconds{253402300800}}), "10000-01-01T00:00:00Z");
}

TEST(Durations, MinutesForProceduresSecondsForRetries) {
  EXPECT_EQ(*ParseDuration("1h30m"), Minutes(90));
  EXPECT_EQ(*ParseDuration("2d"), std::chrono::hours(48));
  EXPECT_EQ(*ParseDuration("15"), Minutes(15));
  EXPECT_FALSE(ParseDuration("30s").has_value());  // procedures count whole minutes
  EXPECT_FALSE(ParseDuration("15x").has_value());
  EXPECT_FALSE(ParseDuration("").has_value());
  EXPECT_EQ(*ParseFineDuration("1m30s"), Seconds(90));
  EXPECT_EQ(FormatDuration(Minutes(90)), "1h30m");
  EXPECT_EQ(FormatDuration(-Minutes(10)), "-10m");
}

TEST(Timestamps, RejectInstantsWithoutAnOffset) {
  EXPECT_FALSE(ParseTimestamp("2026-01-05T10:00:00").has_value());
  EXPECT_FALSE(ParseTimestamp("2026-02-30T10:00:00Z").has_value());
  EXPECT_EQ(*ParseTimestamp("2026-01-05T10:00:00.250+01:00"),
            *ParseTimestamp("2026-01-05T09:00:00Z"));
}

}  // namespace
}  // namespace tierdesk
