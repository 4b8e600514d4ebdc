// How a ticket's service-level targets end. "Met" only when what the clock measures happened
// before it was due; a clock ended by the ticket leaving the tier is "stopped" (neither met nor
// breached), so compliance reports are not overstated.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/decide.h"
#include "test_support.h"

namespace tierdesk::core {
namespace {

using ::testing::HasSubstr;
using tierdesk::testing::At;
using tierdesk::testing::CreateFor;

// The clock-end events of a decision for `clock`: "clock_met", "clock_stopped", ...
std::vector<std::string> Ends(const Decision& d, std::string_view clock) {
  std::vector<std::string> out;
  for (const Event& e : d.events) {
    const std::string* name = e.Field("clock");
    if (name != nullptr && *name == clock && e.type != "clock_started" &&
        e.type != "clock_paused" && e.type != "clock_resumed")
      out.push_back(e.type);
  }
  return out;
}

const Event* Find(const Decision& d, std::string_view type, std::string_view clock) {
  for (const Event& e : d.events)
    if (e.type == type && e.Field("clock") && *e.Field("clock") == clock) return &e;
  return nullptr;
}

class ClockOutcome : public ::testing::Test {
 protected:
  void Use(const char* procedure) { p_ = tierdesk::testing::SeedProcedure(procedure); }

  // Applies the command to the ticket so far; the decision is kept for inspection.
  const Decision& Do(std::string actor, CommandBody body, const char* at) {
    auto d = Decide(t_, Command{std::move(actor), t_.id, std::move(body), ""}, At(at), p_,
                    t_.id == 0 ? 1 : 0);
    EXPECT_TRUE(d) << d.error().ToString();
    if (d) {
      last_ = std::move(*d);
      t_ = last_.ticket;
    }
    return last_;
  }
  const Decision& Create(const char* at, std::string client = "C-1") {
    Command c = CreateFor(client);
    return Do(c.actor, c.body, at);
  }

  Procedure p_;
  Ticket t_;
  Decision last_;
};

TEST_F(ClockOutcome, AHandOffMeetsTheHandOffTargetButNotTheResponseTarget) {
  Use("000-three-level-support.toml");
  Create("2026-01-05T10:00:00Z");
  const Decision& to_l2 =
      Do("psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""},
         "2026-01-05T10:05:00Z");
  EXPECT_EQ(Ends(to_l2, clocks::kHandOff), std::vector<std::string>{"clock_met"});
  // L2 passes the coding issue on without ever answering the client.
  const Decision& to_l3 = Do("ssc-ravi", cmd::HandOff{"L3", "code_change", "found the bug", ""},
                             "2026-01-05T10:10:00Z");
  EXPECT_EQ(Ends(to_l3, clocks::kResponse), std::vector<std::string>{"clock_stopped"});
  const Event* stopped = Find(to_l3, "clock_stopped", clocks::kResponse);
  ASSERT_NE(stopped, nullptr);
  EXPECT_THAT(*stopped->Field("reason"), HasSubstr("left tier 'L2' before a response was sent"));
}

TEST_F(ClockOutcome, TheOnsiteResponseTargetIsNotMetByEnteringTheNoc) {
  Use("004-service-request-escalation.toml");
  Create("2026-02-02T14:00:00Z", "jdoe");
  Do("t1-maria", cmd::HandOff{"tier2", "unresolved_at_tier", "switch restarted", ""},
     "2026-02-02T14:10:00Z");
  Do("t2-omar", cmd::HandOff{"tier3", "needs_deeper_knowledge", "traceroute", ""},
     "2026-02-02T15:00:00Z");
  Do("t3-li", cmd::HandOff{"onsite", "onsite_required", "config ok", ""}, "2026-02-02T16:00:00Z");
  const Decision& gated =
      Do("onsite-beth", cmd::HandOff{"noc", "unresolved_at_tier", "no carrier", ""},
         "2026-02-02T19:00:00Z");
  EXPECT_EQ(t_.stage, Stage::kAwaitingDecision);
  EXPECT_TRUE(Ends(gated, clocks::kResponse).empty());  // paused while the gate decides
  Do("itm-sarah", cmd::ManagerDecision{true, "carrier fault"}, "2026-02-02T19:30:00Z");
  const Decision& entered =
      Do("client:jdoe", cmd::ClientApproval{true, ""}, "2026-02-02T20:00:00Z");
  EXPECT_EQ(t_.tier, "noc");
  // Onsite never answered the client: its response target ends stopped, not met.
  EXPECT_EQ(Ends(entered, clocks::kResponse), std::vector<std::string>{"clock_stopped"});
}

TEST_F(ClockOutcome, AResponseAfterTheDueInstantIsABreachEvenBeforeTheSchedulerFires) {
  Use("000-three-level-support.toml");
  Create("2026-01-05T10:00:00Z");
  Do("psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""},
     "2026-01-05T10:05:00Z");
  ASSERT_EQ(t_.FindClock(clocks::kResponse)->due, At("2026-01-05T10:20:00Z"));
  const Decision& late =
      Do("ssc-ravi", cmd::Respond{"Working on it", {}, At("2026-01-05T12:00:00Z"), "Pool full"},
         "2026-01-05T10:25:00Z");
  EXPECT_EQ(Ends(late, clocks::kResponse), std::vector<std::string>{"clock_breached"});
  const Event* breached = Find(late, "clock_breached", clocks::kResponse);
  ASSERT_NE(breached, nullptr);
  EXPECT_EQ(*breached->Field("late_by"), "5m");
}

TEST_F(ClockOutcome, AResolutionHeldForQualityControlHasNotAnsweredTheClient) {
  Use("004-service-request-escalation.toml");
  Create("2026-02-02T14:00:00Z", "jdoe");
  Do("t1-maria", cmd::HandOff{"tier2", "unresolved_at_tier", "switch restarted", ""},
     "2026-02-02T14:10:00Z");
  const Decision& resolved = Do("t2-omar",
                                cmd::Resolve{{{"summary", "Port re-enabled"},
                                              {"root_cause", "Port disabled"},
                                              {"actions_taken", "Enabled port 7"}}},
                                "2026-02-02T14:20:00Z");
  EXPECT_EQ(t_.stage, Stage::kAwaitingQc);
  EXPECT_EQ(Ends(resolved, clocks::kResponse), std::vector<std::string>{"clock_stopped"});
}

TEST_F(ClockOutcome, AResolutionMailedAtOnceAnswersTheClient) {
  Use("000-three-level-support.toml");
  Create("2026-01-05T10:00:00Z");
  Do("psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""},
     "2026-01-05T10:05:00Z");
  const Decision& resolved =
      Do("ssc-ravi", cmd::Resolve{{{"summary", "Pool resized"}, {"details", "x"}}},
         "2026-01-05T10:10:00Z");
  EXPECT_EQ(Ends(resolved, clocks::kResponse), std::vector<std::string>{"clock_met"});
}

TEST_F(ClockOutcome, LeavingATierStopsItsResolutionTarget) {
  Use("002-application-maintenance.toml");
  Create("2026-03-30T08:00:00Z", "ACME-17");
  const Decision& handed = Do("l1-ola", cmd::HandOff{"L2", "potential_bug", "questionnaire", ""},
                              "2026-03-30T08:15:00Z");
  EXPECT_EQ(Ends(handed, clocks::kHandOff), std::vector<std::string>{"clock_met"});
  // L1's resolution target ends stopped, not met (L2 starts its own).
  EXPECT_EQ(Ends(handed, clocks::kResolution), std::vector<std::string>{"clock_stopped"});
  EXPECT_NE(t_.FindClock(clocks::kResolution), nullptr);
}

TEST_F(ClockOutcome, APriorityWithoutAResolutionTargetStopsTheClock) {
  Use("003-tiered-engineering.toml");
  Create("2026-05-04T14:00:00Z", "globex-ap");
  Do("t1-sam", cmd::HandOff{"tier2", "potential_bug", "reproduced", ""}, "2026-05-04T14:10:00Z");
  ASSERT_NE(t_.FindClock(clocks::kResolution), nullptr);
  const Decision& lowered =
      Do("t2-alex", cmd::ChangePriority{"low", "cosmetic"}, "2026-05-04T14:20:00Z");
  EXPECT_EQ(t_.FindClock(clocks::kResolution), nullptr);
  EXPECT_EQ(Ends(lowered, clocks::kResolution), std::vector<std::string>{"clock_stopped"});
}

TEST_F(ClockOutcome, AnAutomaticHandOffDoesNotMeetTheHandOffTarget) {
  Use("000-three-level-support.toml");
  // L1 hands off automatically when a 10-minute resolution target is missed.
  Tier& l1 = p_.tiers[0];
  l1.clocks.resolution[p_.priority.fallback] = Minutes(10);
  l1.clocks.resolution_calendar = kAlwaysOpenCalendar;
  l1.clocks.on_resolution_breach = {BreachAction::kAutoHandOff};
  Create("2026-01-05T10:00:00Z");
  const SlaClock* resolution = t_.FindClock(clocks::kResolution);
  ASSERT_NE(resolution, nullptr);
  const Decision& breached =
      Do(kSystemActor, cmd::ClockDue{clocks::kResolution, resolution->due}, "2026-01-05T10:10:00Z");
  EXPECT_EQ(t_.tier, "L2");
  EXPECT_EQ(Ends(breached, clocks::kHandOff), std::vector<std::string>{"clock_stopped"});
}

}  // namespace
}  // namespace tierdesk::core
