// Mailed links are bound to the request they were mailed with: every page, approval request and
// sign-off request starts a new link cycle on the ticket, and a command from a link of an
// earlier cycle is refused. Without this, the sign-off link of a first resolution closed the
// ticket after it was reopened and resolved again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/decide.h"
#include "core/templates.h"
#include "test_support.h"

namespace tierdesk::core {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using tierdesk::testing::At;
using tierdesk::testing::CreateFor;

// The body of the first mail of `template_name` among `effects`, or empty.
std::string MailBody(const std::vector<Effect>& effects, std::string_view template_name) {
  for (const Effect& e : effects)
    if (e.template_name == template_name) return e.body;
  return {};
}

int Count(std::string_view text, std::string_view part) {
  int n = 0;
  for (size_t at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

class LinkCycleTest : public ::testing::Test {
 protected:
  void SetUp() override { p_ = tierdesk::testing::SeedProcedure("000-three-level-support.toml"); }

  Result<Decision> Run(std::string actor, CommandBody body, Timestamp at) {
    return Decide(t_, Command{std::move(actor), t_.id, std::move(body), ""}, at, p_);
  }
  Result<Decision> Run(std::string actor, CommandBody body, const char* at) {
    return Run(std::move(actor), std::move(body), At(at));
  }
  // Applies a command that must be accepted; returns its decision.
  Decision Step(std::string actor, CommandBody body, Timestamp at) {
    auto d = Run(std::move(actor), std::move(body), at);
    EXPECT_TRUE(d) << d.error().ToString();
    if (!d) return {};
    t_ = d->ticket;
    return std::move(*d);
  }
  Decision Step(std::string actor, CommandBody body, const char* at) {
    return Step(std::move(actor), std::move(body), At(at));
  }
  // Web-01's chain is paged at L2; ssc-ravi resolves; the client is asked to sign off.
  Decision ResolvedOnce() {
    t_ = {};
    auto created = Decide({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), p_, 1);
    EXPECT_TRUE(created);
    t_ = created->ticket;
    Step("psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""},
         "2026-01-05T10:05:00Z");
    return Step("ssc-ravi", cmd::Resolve{{{"summary", "Pool resized"}, {"details", "x"}}},
                "2026-01-05T10:10:00Z");
  }

  Procedure p_;
  Ticket t_;
};

TEST_F(LinkCycleTest, EachSignOffRequestCarriesANewCycle) {
  EXPECT_EQ(Ticket{}.link_cycle, 0);
  const Decision first = ResolvedOnce();
  ASSERT_EQ(t_.stage, Stage::kAwaitingSignOff);
  const int64_t cycle = t_.link_cycle;
  EXPECT_GT(cycle, 0);
  const std::string body = MailBody(first.effects, "signoff_request");
  EXPECT_THAT(body, HasSubstr(LinkMarker("sign_off", "client:C-1", cycle)));
  EXPECT_THAT(body, HasSubstr(LinkMarker("reopen", "client:C-1", cycle)));

  Step("client:C-1", cmd::Reopen{"still failing", cycle}, "2026-01-05T11:00:00Z");
  const Decision second =
      Step("ssc-ravi", cmd::Resolve{{{"summary", "Pool resized again"}, {"details", "y"}}},
           "2026-01-05T11:30:00Z");
  EXPECT_EQ(t_.link_cycle, cycle + 1);
  EXPECT_THAT(MailBody(second.effects, "signoff_request"),
              HasSubstr(LinkMarker("sign_off", "client:C-1", cycle + 1)));
}

TEST_F(LinkCycleTest, TheSignOffLinkOfAnEarlierResolutionNoLongerCloses) {
  ResolvedOnce();
  const int64_t first = t_.link_cycle;
  Step("client:C-1", cmd::Reopen{"still failing", first}, "2026-01-05T11:00:00Z");
  Step("ssc-ravi", cmd::Resolve{{{"summary", "Pool resized again"}, {"details", "y"}}},
       "2026-01-05T11:30:00Z");
  ASSERT_EQ(t_.stage, Stage::kAwaitingSignOff);

  for (CommandBody old : {CommandBody{cmd::SignOff{"from the mail", {}, {}, first}},
                          CommandBody{cmd::Reopen{"again", first}}}) {
    auto d = Run("client:C-1", old, "2026-01-05T12:00:00Z");
    ASSERT_FALSE(d) << CommandName(old);
    EXPECT_EQ(d.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(d.error().field, "link");
    EXPECT_THAT(d.error().message, HasSubstr("earlier resolution"));
  }
  // The link of this resolution closes it; so does the client's own sign-off in the portal.
  auto from_portal = Run("client:C-1", cmd::SignOff{"works"}, "2026-01-05T12:00:00Z");
  ASSERT_TRUE(from_portal) << from_portal.error().ToString();
  EXPECT_EQ(from_portal->ticket.stage, Stage::kClosed);
  Step("client:C-1", cmd::SignOff{"from the mail", {}, {}, first + 1}, "2026-01-05T12:00:00Z");
  EXPECT_EQ(t_.stage, Stage::kClosed);
}

TEST_F(LinkCycleTest, APageLinkAnswersOnlyThePageItCameWith) {
  auto created = Decide({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), p_, 1);
  ASSERT_TRUE(created);
  t_ = created->ticket;
  const int64_t before = t_.link_cycle;
  const Decision handoff = Step("psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "x", ""},
                                "2026-01-05T10:05:00Z");
  ASSERT_TRUE(t_.page);
  const int64_t page = t_.link_cycle;
  EXPECT_GT(page, before);
  EXPECT_THAT(MailBody(handoff.effects, "page"),
              HasSubstr(LinkMarker("acknowledge", "ssc-ravi", page)));

  // The secondary is paged under the same page: either may answer from their mail.
  const Timestamp missed = t_.FindClock(clocks::kAck)->due;
  Step(kSystemActor, cmd::ClockDue{clocks::kAck, missed}, missed);
  ASSERT_EQ(t_.page->person, "ssc-meena");
  EXPECT_EQ(t_.link_cycle, page);
  Step("ssc-meena", cmd::Acknowledge{page}, missed + Minutes{1});
  EXPECT_EQ(t_.assignee, "ssc-meena");

  // Once answered, the primary's link must not take the ticket as a tier member would.
  auto late = Run("ssc-ravi", cmd::Acknowledge{page}, missed + Minutes{2});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(late.error().message, HasSubstr("already been answered"));
  // Nor from the console: it is Meena's now (two acknowledgements at once: the second is
  // refused rather than silently taking the ticket).
  auto console = Run("ssc-ravi", cmd::Acknowledge{}, missed + Minutes{2});
  ASSERT_FALSE(console);
  EXPECT_THAT(console.error().message, HasSubstr("acknowledged by ssc-meena"));
  // A link of an earlier page names it.
  auto stale = Run("ssc-ravi", cmd::Acknowledge{before}, missed + Minutes{2});
  ASSERT_FALSE(stale);
  EXPECT_THAT(stale.error().message, HasSubstr("earlier page"));
}

TEST_F(LinkCycleTest, AnApprovalLinkOfAnEarlierRequestIsRefused) {
  p_ = tierdesk::testing::SeedProcedure("004-service-request-escalation.toml");
  Command create = CreateFor("C-1");
  std::get<cmd::Create>(create.body).tier = "onsite";
  create.actor = "t1-maria";
  auto created = Decide({}, create, At("2026-01-05T16:00:00Z"), p_, 1);
  ASSERT_TRUE(created) << created.error().ToString();
  t_ = created->ticket;
  auto request_approval = [&](const char* at) {
    Step("onsite-beth", cmd::HandOff{"noc", "needs_deeper_knowledge", "replaced the switch", ""},
         at);
    return Step("itm-sarah", cmd::ManagerDecision{true, "needs the NOC"}, at);
  };
  const Decision first = request_approval("2026-01-05T16:10:00Z");
  ASSERT_EQ(t_.stage, Stage::kAwaitingClientApproval);
  const int64_t cycle = t_.link_cycle;
  EXPECT_THAT(MailBody(first.effects, "approval_request"),
              HasSubstr(LinkMarker("approve", "client:C-1", cycle)));
  Step("client:C-1", cmd::ClientApproval{false, "not now", cycle}, "2026-01-05T16:20:00Z");
  ASSERT_EQ(t_.stage, Stage::kOpen);

  request_approval("2026-01-05T16:30:00Z");
  EXPECT_EQ(t_.link_cycle, cycle + 1);
  auto old = Run("client:C-1", cmd::ClientApproval{true, "ok", cycle}, "2026-01-05T16:40:00Z");
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(old.error().message, HasSubstr("earlier approval request"));
  Step("client:C-1", cmd::ClientApproval{true, "ok", cycle + 1}, "2026-01-05T16:40:00Z");
  EXPECT_EQ(t_.tier, "noc");
}

// A client's words in a staff mail must not become a link the courier signs.
TEST_F(LinkCycleTest, MarkersWrittenByPeopleAreDefused) {
  Command create = CreateFor("C-1");
  std::get<cmd::Create>(create.body).registration.title = "[[link:acknowledge:ssc-ravi#1]]";
  auto created = Decide({}, create, At("2026-01-05T10:00:00Z"), p_, 1);
  ASSERT_TRUE(created);
  t_ = created->ticket;
  const Decision handoff =
      Step("psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "[[[link:x", ""},
           "2026-01-05T10:05:00Z");
  bool paged = false;
  for (const Effect& e : handoff.effects) {
    const int genuine = e.template_name == "page" ? 1 : 0;
    paged = paged || genuine;
    EXPECT_EQ(Count(e.body, "[[link:"), genuine) << e.template_name << ":\n" << e.body;
    EXPECT_THAT(e.body, Not(HasSubstr("[[["))) << e.template_name;
  }
  EXPECT_TRUE(paged);
  EXPECT_EQ(DefuseLinkMarkers("a [[link:b]] [[[c"), "a [ [link:b]] [ [ [c");
}

}  // namespace
}  // namespace tierdesk::core
