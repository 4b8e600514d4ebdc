#include "core/calendar.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include "core/sla_clock.h"
#include "test_support.h"

namespace tierdesk::core {
namespace {

using std::chrono::hours;
using tierdesk::testing::At;

// Seed 001: Mon-Fri 10:00-17:40, Sat 09:30-13:30, Sunday closed.
Calendar Seed001Hours(std::set<date::local_days> holidays = {}) {
  std::array<std::vector<OpeningHours>, 7> week;
  for (int d = 1; d <= 5; ++d) week[d] = {{hours(10), hours(17) + Minutes(40)}};
  week[6] = {{hours(9) + Minutes(30), hours(13) + Minutes(30)}};
  return *Calendar::Create("support-hours", *LocateZone("Asia/Kolkata"), week, std::move(holidays));
}

TEST(Calendar, FridayEveningTicketIsDueSaturdayMorning) {
  auto cal = Seed001Hours();
  // Friday 2026-01-09 18:05 IST, 15 business minutes -> Saturday 09:45 IST.
  EXPECT_EQ(cal.Add(At("2026-01-09T18:05:00+05:30"), Minutes(15)), At("2026-01-10T09:45:00+05:30"));
}

TEST(Calendar, SaturdayAfternoonRollsOverSundayToMonday) {
  auto cal = Seed001Hours();
  // 10 minutes left on Saturday, 5 more on Monday from 10:00.
  EXPECT_EQ(cal.Add(At("2026-01-10T13:20:00+05:30"), Minutes(15)), At("2026-01-12T10:05:00+05:30"));
}

TEST(Calendar, HolidayIsSkippedWholeDay) {
  auto cal = Seed001Hours({date::local_days{date::year(2026) / 1 / 12}});
  EXPECT_EQ(cal.Add(At("2026-01-10T13:20:00+05:30"), Minutes(15)), At("2026-01-13T10:05:00+05:30"));
}

TEST(Calendar, BetweenCountsOnlyOpenTime) {
  auto cal = Seed001Hours();
  EXPECT_EQ(cal.Between(At("2026-01-09T17:30:00+05:30"), At("2026-01-10T09:40:00+05:30")),
            Minutes(20));
  EXPECT_EQ(cal.Between(At("2026-01-10T09:40:00+05:30"), At("2026-01-09T17:30:00+05:30")),
            Minutes(0));
}

TEST(Calendar, IsOpenAndNextOpen) {
  auto cal = Seed001Hours();
  EXPECT_TRUE(cal.IsOpen(At("2026-01-09T10:00:00+05:30")));
  EXPECT_FALSE(cal.IsOpen(At("2026-01-09T17:40:00+05:30")));
  EXPECT_EQ(cal.NextOpen(At("2026-01-11T12:00:00+05:30")), At("2026-01-12T10:00:00+05:30"));
}

TEST(Calendar, SpringForwardSkipsTheMissingHour) {
  std::array<std::vector<OpeningHours>, 7> week;
  for (auto& d : week) d = {{hours(1), hours(4)}};
  auto cal = *Calendar::Create("ny-night", *LocateZone("America/New_York"), week, {});
  // 2026-03-08: 02:00 EST jumps to 03:00 EDT; 01:00-04:00 local holds 2 real hours.
  EXPECT_EQ(cal.Between(At("2026-03-08T00:00:00-05:00"), At("2026-03-08T12:00:00-04:00")),
            hours(2));
  // Fall back 2026-11-01: 01:00-02:00 happens twice, so 01:00-04:00 holds 4 real hours.
  EXPECT_EQ(cal.Between(At("2026-11-01T00:00:00-04:00"), At("2026-11-01T12:00:00-05:00")),
            hours(4));
}

TEST(Calendar, RejectsCalendarWithoutHours) {
  auto cal = Calendar::Create("none", *LocateZone("UTC"), {}, {});
  ASSERT_FALSE(cal.has_value());
  EXPECT_EQ(cal.error().field, "hours");
}

TEST(SlaClock, PauseKeepsRemainingBusinessTime) {
  auto cal = Seed001Hours();
  auto clock = StartClock("response", cal, Minutes(60), At("2026-01-09T17:00:00+05:30"));
  EXPECT_EQ(clock.due, At("2026-01-10T09:50:00+05:30"));
  PauseClock(clock, cal, At("2026-01-09T17:30:00+05:30"));  // 30 minutes used
  EXPECT_EQ(RemainingBusinessTime(clock, cal, At("2026-01-12T15:00:00+05:30")), Minutes(30));
  ResumeClock(clock, cal, At("2026-01-12T15:00:00+05:30"));
  EXPECT_EQ(clock.due, At("2026-01-12T15:30:00+05:30"));
  EXPECT_EQ(RemainingBusinessTime(clock, cal, At("2026-01-12T15:40:00+05:30")), -Minutes(10));
}

TEST(SlaClock, UnpausableClockIgnoresPause) {
  auto cal = Calendar::AlwaysOpen("24x7", *LocateZone("UTC"));
  auto clock = StartClock("ack", cal, Minutes(5), At("2026-01-09T10:00:00Z"), false);
  PauseClock(clock, cal, At("2026-01-09T10:01:00Z"));
  EXPECT_FALSE(clock.paused);
  EXPECT_EQ(clock.due, At("2026-01-09T10:05:00Z"));
}

}  // namespace
}  // namespace tierdesk::core
