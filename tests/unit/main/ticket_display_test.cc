#include "main/ticket_display.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace tierdesk::cli {
namespace {

using testing::At;

TEST(TicketForDisplay, ShowsEveryInstantInTheProceduresZone) {
  const date::time_zone* kolkata = *LocateZone("Asia/Kolkata");
  core::Ticket ticket;
  ticket.id = 1;
  ticket.received_at = At("2026-01-05T03:45:00Z");
  ticket.updated_at = At("2026-01-05T03:46:05Z");
  ticket.registration.occurred_at = At("2026-01-05T03:30:00Z");
  core::SlaClock running{"handoff",
                         "24x7",
                         Seconds{900},
                         Seconds{0},
                         At("2026-01-05T03:45:00Z"),
                         At("2026-01-05T04:00:00Z"),
                         false,
                         true};
  core::SlaClock paused = running;
  paused.name = "resolution";
  paused.paused = true;
  ticket.clocks = {running, paused};
  std::vector<core::Event> events = {
      core::Event{1, At("2026-01-05T03:45:00Z"), "created", "psc-anil", "", {}}};

  json::Json shown = TicketForDisplay(ticket, events, kolkata);

  EXPECT_EQ(shown["ref"], "TD-1");
  EXPECT_EQ(shown["received_at"], "2026-01-05T09:15:00+05:30");
  EXPECT_EQ(shown["updated_at"], "2026-01-05T09:16:05+05:30");
  EXPECT_EQ(shown["registration"]["occurred_at"], "2026-01-05T09:00:00+05:30");
  EXPECT_EQ(shown["clocks"][0]["running_since"], "2026-01-05T09:15:00+05:30");
  EXPECT_EQ(shown["clocks"][0]["due"], "2026-01-05T09:30:00+05:30");
  EXPECT_TRUE(shown["clocks"][1]["due"].is_null());  // a paused clock is due nowhere
  ASSERT_EQ(shown["events"].size(), 1u);
  EXPECT_EQ(shown["events"][0]["at"], "2026-01-05T09:15:00+05:30");
}

TEST(TicketForDisplay, WithoutAZoneShowsUtc) {
  core::Ticket ticket;
  ticket.id = 2;
  ticket.received_at = At("2026-01-05T03:45:00Z");
  json::Json shown = TicketForDisplay(ticket, {}, nullptr);
  EXPECT_EQ(shown["received_at"], "2026-01-05T03:45:00Z");
}

}  // namespace
}  // namespace tierdesk::cli
