#include <gtest/gtest.h>

#include "json/codec.h"

namespace tierdesk::json {
namespace {

TEST(TicketCodec, TheLinkCycleIsStoredWithTheTicket) {
  core::Ticket ticket;
  ticket.id = 7;
  ticket.tier = "L2";
  ticket.link_cycle = 5;
  auto back = TicketFromJson(TicketToJson(ticket));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->link_cycle, 5);
  EXPECT_EQ(*back, ticket);

  // Tickets stored before links were bound to a cycle read as cycle 0.
  Json old = TicketToJson(ticket);
  old.erase("link_cycle");
  auto read = TicketFromJson(old);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(read->link_cycle, 0);
}

}  // namespace
}  // namespace tierdesk::json
