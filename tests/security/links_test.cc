// Regression tests for the hardening issue's mailed links, through the transport-free Api: a
// used or superseded link still acted (the sign-off link of a first resolution closed the ticket
// after its second; a used reopen link reopened it again). The links are made as the mail
// courier makes them, from the markers in the mails the core wrote.
#include "http/auth/links.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mail/smtp_courier.h"
#include "security/api_harness.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using Links = std::map<std::string, std::string>;  // action -> "/l/<token>"

class MailedLinks : public ::testing::Test {
 protected:
  explicit MailedLinks(const std::string& procedure = "000-three-level-support.toml",
                       std::vector<std::string> actors = {"psc-anil", "ssc-ravi"})
      : h_((kSourceDir / "procedures" / procedure).string()) {
    actors.push_back("client:C-1001");
    for (const std::string& actor : actors) tokens_[actor] = h_.Token(actor);
  }

  void Command(const std::string& who, const std::string& command, nlohmann::json body) {
    auto r = h_.As(tokens_[who], "POST", "/api/v1/tickets/TD-1/" + command, body.dump());
    ASSERT_EQ(r.status, 200) << command << ": " << r.body;
  }
  // The links of the newest mail of `template_name` on TD-1, signed as `serve` signs them.
  Links LinksOfLatest(const std::string& template_name) {
    auto outbox = h_.store().PendingOutbox(h_.clock().Now() + Seconds{3600}, 10000);
    EXPECT_TRUE(outbox);
    std::string body;
    for (const auto& item : *outbox)
      if (item.effect.ticket == 1 && item.effect.template_name == template_name)
        body = item.effect.body;
    EXPECT_FALSE(body.empty()) << "no " << template_name << " mail";
    Links links;
    (void)mail::ResolveLinks(
        body, 1,
        [&](const std::string& action, core::TicketId ticket, const std::string& actor,
            int64_t cycle) {
          const std::string url =
              "/l/" + http::SignLink(
                          ApiHarness::kLinkKey,
                          {action, ticket, actor, h_.clock().Now() + Seconds{14 * 86400}, cycle});
          links[action] = url;
          return url;
        });
    return links;
  }
  http::ApiResponse Click(const std::string& link, const std::string& form = "confirm=1") {
    return h_.Send({"POST", link, form, {{"content-type", "application/x-www-form-urlencoded"}}});
  }
  nlohmann::json Ticket() {
    auto r = h_.As(tokens_["psc-anil"], "GET", "/api/v1/tickets/TD-1");
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
  }

  ApiHarness h_;
  std::map<std::string, std::string> tokens_;
};

class SignOffLinks : public MailedLinks {
 protected:
  void SetUp() override {
    auto r = h_.As(tokens_["psc-anil"], "POST", "/api/v1/tickets",
                   nlohmann::json{{"title", "Shop checkout returns 500"},
                                  {"client_id", "C-1001"},
                                  {"requester_email", "ganesh@client.example"},
                                  {"assets", {{"server", "web-01"}}}}
                       .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    Command("psc-anil", "handoff",
            {{"to", "L2"}, {"criterion", "needs_deeper_knowledge"}, {"tried", "cache cleared"}});
  }
  // Resolves TD-1 and returns the links of the sign-off request that follows.
  Links Resolve(const std::string& summary) {
    Command("ssc-ravi", "resolve", {{"resolution", {{"summary", summary}, {"details", "done"}}}});
    EXPECT_EQ(Ticket()["stage"], "awaiting_signoff");
    return LinksOfLatest("signoff_request");
  }
};

TEST_F(SignOffLinks, TheSignOffLinkOfAnEarlierResolutionDoesNotClose) {
  const Links first = Resolve("Pool resized");
  auto reopened = Click(first.at("reopen"), "reason=still+failing");
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  const Links second = Resolve("Pool resized, and the leak fixed");
  ASSERT_NE(first.at("sign_off"), second.at("sign_off"));

  auto stale = Click(first.at("sign_off"));
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_THAT(stale.body, HasSubstr("earlier resolution"));
  EXPECT_EQ(Ticket()["stage"], "awaiting_signoff");

  auto current = Click(second.at("sign_off"));
  EXPECT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(Ticket()["stage"], "closed");
}

TEST_F(SignOffLinks, AUsedReopenLinkDoesNotReopenAgain) {
  const Links first = Resolve("Pool resized");
  ASSERT_EQ(Click(first.at("reopen"), "reason=still+failing").status, 200);
  EXPECT_EQ(Ticket()["reopen_count"], 1);
  Resolve("Pool resized, and the leak fixed");
  const auto before = Ticket();

  auto again = Click(first.at("reopen"), "reason=and+again");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_THAT(again.body, HasSubstr("This link has already been used."));
  const auto after = Ticket();
  EXPECT_EQ(after["reopen_count"], 1);
  EXPECT_EQ(after["stage"], "awaiting_signoff");
  EXPECT_EQ(after["timeline"].size(), before["timeline"].size());
}

TEST_F(SignOffLinks, AUsedSignOffLinkSaysSo) {
  const Links links = Resolve("Pool resized");
  ASSERT_EQ(Click(links.at("sign_off")).status, 200);
  ASSERT_EQ(Ticket()["stage"], "closed");

  auto again = Click(links.at("sign_off"));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_THAT(again.body, HasSubstr("This link has already been used."));
  // Opening it again offers nothing to confirm.
  auto page = h_.Send({"GET", links.at("sign_off")});
  EXPECT_THAT(page.body, HasSubstr("This link has already been used."));
  EXPECT_THAT(page.body, Not(HasSubstr("<form")));
}

class ApprovalLinks : public MailedLinks {
 protected:
  ApprovalLinks()
      : MailedLinks("004-service-request-escalation.toml",
                    {"t1-maria", "onsite-beth", "itm-sarah"}) {}
  void SetUp() override {
    auto r = h_.As(tokens_["t1-maria"], "POST", "/api/v1/tickets",
                   nlohmann::json{{"title", "Branch office offline"},
                                  {"client_id", "C-1001"},
                                  {"requester_email", "ganesh@client.example"},
                                  {"tier", "onsite"}}
                       .dump());
    ASSERT_EQ(r.status, 201) << r.body;
  }
  // Proposes the NOC; the IT manager agrees; returns the links of the client's approval request.
  Links RequestApproval() {
    Command("onsite-beth", "handoff",
            {{"to", "noc"}, {"criterion", "needs_deeper_knowledge"}, {"tried", "new switch"}});
    Command("itm-sarah", "manager_decision", {{"approve", true}, {"reason", "a NOC matter"}});
    return LinksOfLatest("approval_request");
  }
  nlohmann::json Ticket() {
    auto r = h_.As(tokens_["itm-sarah"], "GET", "/api/v1/tickets/TD-1");
    return nlohmann::json::parse(r.body, nullptr, false);
  }
};

TEST_F(ApprovalLinks, AnApprovalLinkOfAnEarlierRequestIsRefused) {
  const Links first = RequestApproval();
  ASSERT_EQ(Click(first.at("decline"), "reason=not+during+the+sale").status, 200);
  ASSERT_EQ(Ticket()["stage"], "open");
  const Links second = RequestApproval();
  ASSERT_EQ(Ticket()["stage"], "awaiting_client_approval");
  EXPECT_EQ(Ticket()["approval_for"], "Network Operations Center");  // the team it routes to

  auto stale = Click(first.at("approve"));
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_THAT(stale.body, HasSubstr("earlier approval request"));
  EXPECT_EQ(Ticket()["stage"], "awaiting_client_approval");

  ASSERT_EQ(Click(second.at("approve")).status, 200);
  EXPECT_EQ(Ticket()["tier"], "noc");
}

}  // namespace
}  // namespace tierdesk::testing
