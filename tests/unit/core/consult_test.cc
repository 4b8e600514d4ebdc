// Consults (seed 003: Tier 2 "liaises with other internal teams"): the asking tier keeps the
// ticket while a team of the procedure answers, on clocks of the team's own that outlive a
// hand-off, a pause for the client and a resolution sent back; only the ticket's closing ends
// them. Earlier tiers confirm the fix.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/decide.h"
#include "test_support.h"

namespace tierdesk::core {
namespace {

using ::testing::ElementsAre;
using tierdesk::testing::At;
using tierdesk::testing::CreateFor;

class ConsultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    p_ = tierdesk::testing::SeedProcedure("000-three-level-support.toml");
    t_ = Step(Decide({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), p_, 1));
  }

  Ticket Step(Result<Decision> d) {
    EXPECT_TRUE(d) << d.error().ToString();
    return d ? d->ticket : t_;
  }
  Result<Decision> Run(std::string actor, CommandBody body, const char* at) {
    return Decide(t_, Command{std::move(actor), t_.id, std::move(body), ""}, At(at), p_);
  }
  std::vector<std::string> ClockNames() const {
    std::vector<std::string> names;
    for (const SlaClock& c : t_.clocks) names.push_back(c.name);
    return names;
  }

  Procedure p_;
  Ticket t_;
};

TEST_F(ConsultTest, TheAskingTierKeepsTheTicketAndTheTeamsClocksOutliveItsWork) {
  t_ = Step(Run("psc-anil", cmd::Consult{"server-support", "Is web-01 swapping?"},
                "2026-01-05T10:01:00Z"));
  EXPECT_EQ(t_.tier, "L1");
  ASSERT_EQ(t_.consults.size(), 1u);
  EXPECT_EQ(t_.consults[0].paged, "ssc-ravi");
  EXPECT_EQ(t_.consults[0].tier, "L1");
  // Handed on, the ticket's new tier starts its clocks; the team is still asked.
  t_ = Step(Run("psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""},
                "2026-01-05T10:02:00Z"));
  EXPECT_THAT(ClockNames(),
              ::testing::IsSupersetOf({"consult:server-support", "consult_page:server-support"}));
  // Waiting on the client pauses the tier's clocks, not the team's.
  t_ = Step(Run("ssc-ravi", cmd::Acknowledge{}, "2026-01-05T10:03:00Z"));
  t_ = Step(Run("ssc-ravi", cmd::PendingClient{"Which browser?"}, "2026-01-05T10:04:00Z"));
  EXPECT_FALSE(t_.FindClock("consult:server-support")->paused);
  t_ = Step(Run("client:C-1", cmd::ClientReply{"Firefox", {}}, "2026-01-05T10:05:00Z"));
  // Resolved and reopened: back with the resolver, with the consult's clocks as they were.
  t_ = Step(Run("ssc-ravi", cmd::Resolve{{{"summary", "Swap off"}, {"details", "x"}}},
                "2026-01-05T10:06:00Z"));
  const SlaClock answer = *t_.FindClock("consult:server-support");
  t_ = Step(Run("client:C-1", cmd::Reopen{"Still slow"}, "2026-01-05T10:07:00Z"));
  ASSERT_NE(t_.FindClock("consult:server-support"), nullptr);
  EXPECT_EQ(*t_.FindClock("consult:server-support"), answer);
  EXPECT_NE(t_.FindClock("handoff"), nullptr);  // the tier's own clocks start afresh
  EXPECT_TRUE(t_.consults[0].open());
}

TEST_F(ConsultTest, TheKindOfAConsultClockFiresTheOneOfThatKindDueThen) {
  t_ = Step(Run("psc-anil", cmd::Consult{"server-support", "Swapping?"}, "2026-01-05T10:00:00Z"));
  t_ = Step(Run("psc-anil", cmd::Consult{"development", "Known defect?"}, "2026-01-05T10:02:00Z"));
  // The scheduler holds the earliest of a kind and fires it by the kind's name.
  const Timestamp first = t_.FindClock("consult_page:server-support")->due;
  const Timestamp second = t_.FindClock("consult_page:development")->due;
  ASSERT_LT(first, second);
  auto fired =
      Run(kSystemActor, cmd::ClockDue{clocks::kConsultPage, first}, "2026-01-05T10:05:00Z");
  ASSERT_TRUE(fired) << fired.error().ToString();
  t_ = fired->ticket;
  EXPECT_EQ(t_.consults[0].paged, "ssc-meena");
  EXPECT_EQ(t_.consults[1].paged, "dsc-arjun");
  // A due the ticket no longer has is stale: nothing happens.
  auto stale =
      Run(kSystemActor, cmd::ClockDue{clocks::kConsultPage, first}, "2026-01-05T10:06:00Z");
  ASSERT_TRUE(stale);
  EXPECT_TRUE(stale->events.empty());
  EXPECT_EQ(clocks::KindOf("consult:dba"), clocks::kConsult);
  EXPECT_EQ(clocks::KindOf("consult_page:dba"), clocks::kConsultPage);
  EXPECT_EQ(clocks::KindOf("ack"), "ack");
}

TEST_F(ConsultTest, EarlierTiersAndConsultedTeamsThatMayConfirmAFixDoSoTheCurrentTierDoesNot) {
  t_ = Step(Run("psc-anil", cmd::Consult{"development", "Known defect?"}, "2026-01-05T10:00:00Z"));
  auto confirm = [&](const char* who) {
    return Run(who, cmd::Note{"Works for the client", false, {}, true}, "2026-01-05T10:30:00Z");
  };
  // Still at L1: nobody has worked it at an earlier tier.
  EXPECT_EQ(confirm("psc-anil").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(confirm("ssc-ravi").error().field, "confirms_fix");
  // Development was asked and the procedure lets it confirm fixes.
  EXPECT_TRUE(confirm("dsc-lakshmi"));
  t_ = Step(Run("psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""},
                "2026-01-05T10:05:00Z"));
  auto by_l1 = confirm("psc-kavya");  // L1 is an earlier tier now
  ASSERT_TRUE(by_l1) << by_l1.error().ToString();
  ASSERT_EQ(by_l1->ticket.confirmations.size(), 1u);
  EXPECT_EQ(by_l1->ticket.confirmations[0].by, "psc-kavya");
  EXPECT_EQ(*by_l1->events.back().Field("confirms_fix"), "yes");
  EXPECT_EQ(confirm("ssc-meena").error().code, ErrorCode::kPermissionDenied);  // the tier at work
}

TEST_F(ConsultTest, AnswersComeFromTheTeamAndAreMailedToTheAskerAndTheHolder) {
  t_ = Step(Run("psc-anil", cmd::Consult{"server-support", "Swapping?"}, "2026-01-05T10:00:00Z"));
  EXPECT_EQ(Run("dsc-arjun", cmd::ConsultAnswer{"server-support", "No"}, "2026-01-05T10:01:00Z")
                .error()
                .code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Run("ssc-ravi", cmd::ConsultAnswer{"server-support", ""}, "2026-01-05T10:01:00Z")
                .error()
                .field,
            "answer");
  auto answered =
      Run("ssc-lead", cmd::ConsultAnswer{"server-support", "No swap"}, "2026-01-05T10:02:00Z");
  ASSERT_TRUE(answered) << answered.error().ToString();
  std::vector<std::string> mailed;
  for (const Effect& e : answered->effects) mailed.push_back(e.to + " " + e.template_name);
  EXPECT_THAT(mailed, ElementsAre("anil@auro.example consult_answered"));
  EXPECT_EQ(answered->ticket.consults[0].answered_by, "ssc-lead");
  EXPECT_EQ(answered->ticket.FindClock("consult:server-support"), nullptr);
  EXPECT_EQ(answered->ticket.FindClock("consult_page:server-support"), nullptr);
  EXPECT_EQ(answered->events.front().type, "clock_met");
}

}  // namespace
}  // namespace tierdesk::core
