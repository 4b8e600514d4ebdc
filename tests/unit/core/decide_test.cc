#include "core/decide.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/templates.h"
#include "core/visibility.h"
#include "test_support.h"

namespace tierdesk::core {
namespace {

using ::testing::HasSubstr;
using tierdesk::testing::At;
using tierdesk::testing::CreateFor;

class DecideTest : public ::testing::Test {
 protected:
  void SetUp() override { p_ = tierdesk::testing::SeedProcedure("000-three-level-support.toml"); }

  Ticket Created(const char* at = "2026-01-05T10:00:00Z") {
    auto d = Decide({}, CreateFor("C-1"), At(at), p_, 1);
    EXPECT_TRUE(d.has_value());
    return d->ticket;
  }

  Result<Decision> Run(const Ticket& t, std::string actor, CommandBody body, const char* at) {
    return Decide(t, Command{std::move(actor), t.id, std::move(body), ""}, At(at), p_);
  }

  Procedure p_;
};

TEST_F(DecideTest, CreateNamesTheMissingField) {
  Command c = CreateFor("C-1");
  std::get<cmd::Create>(c.body).registration.client_id.clear();
  auto d = Decide({}, c, At("2026-01-05T10:00:00Z"), p_, 1);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(d.error().field, "client_id");
}

TEST_F(DecideTest, AClientCannotOpenRequestsForSomeoneElse) {
  Command c = CreateFor("C-1");
  c.actor = "client:C-2";
  auto d = Decide({}, c, At("2026-01-05T10:00:00Z"), p_, 1);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(DecideTest, ResponseWithoutEtaOrNextUpdateIsRefused) {
  Ticket t = Created();
  auto d =
      Run(t, "psc-anil", cmd::Respond{"Working on it", {}, {}, "looking"}, "2026-01-05T10:05:00Z");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().field, "next_update");
  auto bad_status =
      Run(t, "psc-anil", cmd::Respond{"Maybe", At("2026-01-05T12:00:00Z"), {}, "looking"},
          "2026-01-05T10:05:00Z");
  ASSERT_FALSE(bad_status);
  EXPECT_EQ(bad_status.error().field, "status");
  auto past = Run(t, "psc-anil", cmd::Respond{"fixed", At("2026-01-05T09:00:00Z"), {}, "done"},
                  "2026-01-05T10:05:00Z");
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().field, "eta");
}

TEST_F(DecideTest, StaleClockDueChangesNothing) {
  Ticket t = Created();
  auto d = Run(t, kSystemActor, cmd::ClockDue{"handoff", At("2026-01-05T10:14:00Z")},
               "2026-01-05T10:20:00Z");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->events.empty());
  EXPECT_EQ(d->ticket, t);  // not even the version moves
}

TEST_F(DecideTest, ClosedTicketRefusesWork) {
  Ticket t = Created();
  t.stage = Stage::kClosed;
  auto d = Run(t, "psc-anil", cmd::Workaround{"reboot"}, "2026-01-05T10:05:00Z");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(d.error().message, HasSubstr("closed"));
}

TEST_F(DecideTest, StatusResponseMailCarriesTheThreeParts) {
  Ticket t = Created();
  auto d = Run(t, "psc-anil",
               cmd::Respond{"cannot_replicate", {}, At("2026-01-05T12:00:00Z"), "Works from here"},
               "2026-01-05T10:05:00Z");
  ASSERT_TRUE(d) << d.error().ToString();
  ASSERT_EQ(d->effects.size(), 1u);
  const Effect& mail = d->effects[0];
  EXPECT_EQ(mail.to, "C-1@client.example");
  EXPECT_THAT(mail.body, HasSubstr("a. Status of the issue: Cannot Replicate"));
  EXPECT_THAT(mail.body, HasSubstr("Next update by: 2026-01-05T17:30:00+05:30"));
  EXPECT_THAT(mail.body, HasSubstr("Works from here"));
}

TEST(Templates, ResolutionLetterHasSeed001sFiveParts) {
  auto p = tierdesk::testing::SeedProcedure("001-customer-support.toml");
  const Template& letter = TemplateFor(p, "resolution_letter");
  std::string body = Render(letter.body, {{"requester", "Prof. Iyer"},
                                          {"ticket", "TD-9"},
                                          {"summary", "Portal works."},
                                          {"resolution_details", "how_resolved: cleared disk"},
                                          {"organisation_name", "SVV"}});
  EXPECT_THAT(body, HasSubstr("Dear Prof. Iyer"));  // polite introduction
  EXPECT_THAT(body, HasSubstr("Portal works."));    // information needed
  EXPECT_THAT(body, HasSubstr("How it was resolved:\nhow_resolved: cleared disk"));
  EXPECT_THAT(body, HasSubstr("glad to help further"));           // closing
  EXPECT_THAT(body, HasSubstr("Thank you for contacting SVV."));  // thanks
}

TEST(Templates, RenderAndPlaceholders) {
  EXPECT_EQ(Render("a {{ x }} b {{y}} {{unknown}}", {{"x", "1"}, {"y", "2"}}), "a 1 b 2 ");
  EXPECT_EQ(PlaceholdersIn("{{a}}{{ b }} {{c"), (std::vector<std::string>{"a", "b"}));
}

// Seed 003: the next tier is given everything that was tried; the client is told only what the
// agent chose to tell them.
TEST_F(DecideTest, WhatWasTriedGoesToTheNextTierAndTheClientHearsOnlyTheAgentsWords) {
  Ticket t = Created();
  auto handed = Run(t, "psc-anil",
                    cmd::HandOff{"L2", "needs_deeper_knowledge", "Restarted the pool on web-01", "",
                                 "Our server team is looking at it now."},
                    "2026-01-05T10:05:00Z");
  ASSERT_TRUE(handed) << handed.error().ToString();
  ASSERT_EQ(handed->ticket.handoffs.size(), 1u);
  const HandOffNote& note = handed->ticket.handoffs[0];
  EXPECT_EQ(note.tried, "Restarted the pool on web-01");
  EXPECT_EQ(note.by, "psc-anil");
  EXPECT_EQ(note.to, "L2");
  EXPECT_EQ(note.at, At("2026-01-05T10:05:00Z"));
  const Effect* notice = nullptr;
  for (const Effect& e : handed->effects)
    if (e.template_name == "escalation_notice") notice = &e;
  ASSERT_NE(notice, nullptr);
  EXPECT_THAT(notice->body, HasSubstr("Our server team is looking at it now."));
  EXPECT_THAT(notice->body, ::testing::Not(HasSubstr("Restarted the pool")));
  EXPECT_FALSE(ClientSeesField("handed_off", "tried"));
  EXPECT_TRUE(ClientSeesField("handed_off", "client_message"));
  // The engineer paged for it reads what was tried in the page.
  const Effect* page = nullptr;
  for (const Effect& e : handed->effects)
    if (e.template_name == "page") page = &e;
  ASSERT_NE(page, nullptr);
  EXPECT_THAT(page->body, HasSubstr("Tried so far: Restarted the pool on web-01"));
  EXPECT_TRUE(ClientSeesField("note", "tried"));
  // Without words of the agent's, the notice says only that it went on.
  auto quiet = Run(t, "psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "Secret step", ""},
                   "2026-01-05T10:05:00Z");
  ASSERT_TRUE(quiet);
  for (const Effect& e : quiet->effects)
    if (e.to == "C-1@client.example") EXPECT_THAT(e.body, ::testing::Not(HasSubstr("Secret")));
}

TEST_F(DecideTest, AResponseFromTheChainAnswersThePage) {
  Ticket t = Created();
  auto handed = Run(t, "psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""},
                    "2026-01-05T10:05:00Z");
  ASSERT_TRUE(handed);
  ASSERT_TRUE(handed->ticket.page.has_value());
  // ssc-meena is second in web-01's chain; she answers the client before the page reaches her.
  auto d = Run(handed->ticket, "ssc-meena",
               cmd::Respond{"Working on it", At("2026-01-05T20:00:00Z"), {}, "Pool exhausted"},
               "2026-01-05T10:07:00Z");
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_FALSE(d->ticket.page.has_value());
  EXPECT_EQ(d->ticket.FindClock(clocks::kAck), nullptr);
  EXPECT_EQ(d->events.front().type, "acknowledged");
  // Only an ETA, ten hours away: the next update is due within L2's 2-hour default.
  ASSERT_NE(d->ticket.FindClock(clocks::kNextUpdate), nullptr);
  EXPECT_EQ(d->ticket.FindClock(clocks::kNextUpdate)->due, At("2026-01-05T12:07:00Z"));
}

TEST_F(DecideTest, OnlyTheOutboxReportsFailedDeliveries) {
  Ticket t = Created();
  cmd::DeliveryFailed failed{"email", "c@client.example", "status_response", "550 no such user"};
  auto refused = Run(t, "psc-anil", failed, "2026-01-05T10:05:00Z");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  t.stage = Stage::kClosed;  // recorded even after closure
  auto recorded = Run(t, kSystemActor, failed, "2026-01-05T10:05:00Z");
  ASSERT_TRUE(recorded) << recorded.error().ToString();
  ASSERT_EQ(recorded->events.size(), 1u);
  EXPECT_EQ(recorded->events[0].type, "delivery_failed");
  EXPECT_EQ(*recorded->events[0].Field("error"), "550 no such user");
}

TEST_F(DecideTest, AnInternalNotesFilesAreMarkedForStaffOnly) {
  Ticket t = Created();
  const Attachment file{"dump.txt", "text/plain", 12, std::string(64, 'b'), "", false};
  auto internal =
      Run(t, "psc-anil", cmd::Note{"heap dump attached", false, {file}}, "2026-01-05T10:05:00Z");
  ASSERT_TRUE(internal) << internal.error().ToString();
  ASSERT_EQ(internal->ticket.attachments.size(), 1u);
  EXPECT_TRUE(internal->ticket.attachments[0].internal);
  EXPECT_EQ(*internal->events.back().Field("attachments"), "dump.txt");
  // The client's own note is public, and so are its files.
  auto from_client = Run(internal->ticket, "client:C-1", cmd::Note{"my screenshot", false, {file}},
                         "2026-01-05T10:06:00Z");
  ASSERT_TRUE(from_client) << from_client.error().ToString();
  ASSERT_EQ(from_client->ticket.attachments.size(), 2u);
  EXPECT_FALSE(from_client->ticket.attachments[1].internal);
}

}  // namespace
}  // namespace tierdesk::core
