// Who may close a ticket by signing off. Seed 000: "resolved only when the client replies and
// signs off". Staff may record a sign-off the client gave them only where the procedure allows
// it, never the resolver, and always with the channel and the client's own words.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/decide.h"
#include "test_support.h"

namespace tierdesk::core {
namespace {

using ::testing::HasSubstr;
using tierdesk::testing::At;
using tierdesk::testing::CreateFor;

class SignOffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    p_ = tierdesk::testing::SeedProcedure("000-three-level-support.toml");
    // L2 on web-01, resolved by ssc-meena; the client is asked to sign off.
    t_ = Step(Decide({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), p_, 1));
    t_ = Step(Run("psc-anil", cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""},
                  "2026-01-05T10:05:00Z"));
    t_ = Step(Run("ssc-meena", cmd::Resolve{{{"summary", "Pool resized"}, {"details", "x"}}},
                  "2026-01-05T10:10:00Z"));
    EXPECT_EQ(t_.stage, Stage::kAwaitingSignOff);
  }

  Ticket Step(Result<Decision> d) {
    EXPECT_TRUE(d) << d.error().ToString();
    return d ? d->ticket : Ticket{};
  }
  Result<Decision> Run(std::string actor, CommandBody body, const char* at) {
    return Decide(t_, Command{std::move(actor), t_.id, std::move(body), ""}, At(at), p_);
  }
  static cmd::SignOff ByPhone(std::string words) {
    return cmd::SignOff{"", Channel::kPhone, std::move(words)};
  }

  Procedure p_;
  Ticket t_;
};

TEST_F(SignOffTest, TheClientSignsOffThemselves) {
  auto d = Run("client:C-1", cmd::SignOff{"works"}, "2026-01-05T11:00:00Z");
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->ticket.stage, Stage::kClosed);
  EXPECT_EQ(*d->events.back().Field("how"), "signed off by the client");
}

TEST_F(SignOffTest, StaffCannotSignOffForTheClientUnlessTheProcedureAllowsIt) {
  ASSERT_FALSE(p_.closure.staff_may_record_signoff);  // off by default
  for (const char* staff : {"ssc-meena", "ssc-ravi"}) {
    auto d = Run(staff, ByPhone("All fine, close it"), "2026-01-05T11:00:00Z");
    ASSERT_FALSE(d) << staff;
    EXPECT_EQ(d.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(d.error().field, "actor");
    EXPECT_THAT(d.error().message, HasSubstr("only the client can sign off"));
  }
}

TEST_F(SignOffTest, TheResolverNeverRecordsTheSignOffOfTheirOwnResolution) {
  p_.closure.staff_may_record_signoff = true;
  auto d = Run("ssc-meena", ByPhone("All fine, close it"), "2026-01-05T11:00:00Z");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(d.error().field, "actor");
  EXPECT_THAT(d.error().message, HasSubstr("resolver"));
}

TEST_F(SignOffTest, ARecordedSignOffNeedsTheChannelAndTheClientsWords) {
  p_.closure.staff_may_record_signoff = true;
  auto no_channel =
      Run("ssc-ravi", cmd::SignOff{"", std::nullopt, "All fine"}, "2026-01-05T11:00:00Z");
  ASSERT_FALSE(no_channel);
  EXPECT_EQ(no_channel.error().field, "channel");
  auto no_words = Run("ssc-ravi", ByPhone("  "), "2026-01-05T11:00:00Z");
  ASSERT_FALSE(no_words);
  EXPECT_EQ(no_words.error().field, "client_words");
  auto by_web =
      Run("ssc-ravi", cmd::SignOff{"", Channel::kWeb, "All fine"}, "2026-01-05T11:00:00Z");
  ASSERT_FALSE(by_web);  // a client on the web signs off there themselves
  EXPECT_EQ(by_web.error().field, "channel");
}

TEST_F(SignOffTest, ARecordedSignOffShowsWhoRecordedItHowAndTheClientsWords) {
  p_.closure.staff_may_record_signoff = true;
  auto d =
      Run("ssc-ravi", ByPhone("Checkout works again, you can close it"), "2026-01-05T11:00:00Z");
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->ticket.stage, Stage::kClosed);
  const Event& signed_off = d->events.front();
  ASSERT_EQ(signed_off.type, "signed_off");
  EXPECT_EQ(*signed_off.Field("recorded_by"), "ssc-ravi");
  EXPECT_EQ(*signed_off.Field("channel"), "phone");
  EXPECT_EQ(*signed_off.Field("client_words"), "Checkout works again, you can close it");
  EXPECT_EQ(*d->events.back().Field("how"),
            "client sign-off recorded by staff ssc-ravi from a phone call: 'Checkout works "
            "again, you can close it'");
}

TEST_F(SignOffTest, AClientSigningOffGivesNoChannelOrRecordedWords) {
  auto d = Run("client:C-1", ByPhone("It works"), "2026-01-05T11:00:00Z");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().field, "channel");
}

}  // namespace
}  // namespace tierdesk::core
