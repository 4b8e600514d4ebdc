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

TEST(TicketCodec, AnInternalNotesFileStaysMarkedInternal) {
  core::Ticket ticket;
  ticket.id = 7;
  ticket.tier = "L2";
  ticket.attachments = {{"dump.txt", "text/plain", 12, std::string(64, 'b'), "", true},
                        {"screen.png", "image/png", 40, std::string(64, 'c'), "", false}};
  auto back = TicketFromJson(TicketToJson(ticket));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->attachments, ticket.attachments);

  // Files kept before the mark existed read as not internal.
  Json old = TicketToJson(ticket);
  old["attachments"][0].erase("internal");
  auto read = TicketFromJson(old);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_FALSE(read->attachments[0].internal);
}

TEST(TicketCodec, ThePriorityFactorsAreStoredWithTheTicket) {
  core::Ticket ticket;
  ticket.id = 9;
  ticket.tier = "L1";
  ticket.priority = core::Priority::kCritical;
  ticket.factors = {std::nullopt, core::Grade::kHigh, core::Grade::kLow, true, false, 40, 2};
  auto back = TicketFromJson(TicketToJson(ticket));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->factors, ticket.factors);

  // A ticket stored before its factors were kept starts from the priority it has, set outright:
  // a later change of one factor raises from there, not from the procedure's default.
  Json old = TicketToJson(ticket);
  old.erase("factors");
  auto read = TicketFromJson(old);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(read->factors, core::PriorityFactors{core::Priority::kCritical});
}

}  // namespace
}  // namespace tierdesk::json
