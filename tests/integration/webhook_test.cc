// Webhooks end to end: the real server, a real HTTP receiver, signatures, retries, dead letters.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "integration/server_process.h"
#include "integration/wait.h"
#include "integration/webhook_receiver.h"
#include "test_support.h"
#include "webhook/webhooks.h"

namespace tierdesk::testing {
namespace {

constexpr const char* kSecret = "a-shared-secret-of-some-length";

class Webhooks : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = InitTestDatabase("000-three-level-support.toml");
    token_ = RunTierdesk({"token", "create", "--db", db_, "--actor", "psc-anil"});
    config_ = db_ + ".toml";
    std::ofstream(config_) << "[outbox]\nmax_attempts = 2\nretry_base = \"1s\"\n\n"
                           << "[[webhooks]]\nurl = \"" << receiver_.Url() << "\"\nsecret = \""
                           << kSecret << "\"\nevents = [\"created\", \"handed_off\"]\n";
    server_ = std::make_unique<ServerProcess>(db_, std::vector<std::string>{"--config", config_});
    ASSERT_GT(server_->port(), 0);
  }

  WebhookReceiver receiver_;
  std::string db_, token_, config_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(Webhooks, SubscribedEventsArriveSignedOnce) {
  ASSERT_EQ(Request("POST", server_->Url("/api/v1/tickets"), token_,
                    R"({"title":"VPN down","client_id":"C-1","caller_phone":"1"})")
                .status,
            201);
  ASSERT_EQ(
      Request(
          "POST", server_->Url("/api/v1/tickets/TD-1/handoff"), token_,
          R"({"to":"L2","criterion":"needs_deeper_knowledge","tried":"x","asset":"server:web-01"})")
          .status,
      200);
  // A fence: the outbox goes out in order, so once TD-2's creation has arrived, so has
  // everything TD-1 queued before it.
  ASSERT_EQ(Request("POST", server_->Url("/api/v1/tickets"), token_,
                    R"({"title":"Mail down","client_id":"C-1","caller_phone":"1"})")
                .status,
            201);
  const auto for_ticket = [&](const std::string& ticket) {
    std::vector<ReceivedRequest> out;
    for (auto& r : receiver_.Received())
      if (nlohmann::json::parse(r.body, nullptr, false)["event"]["ticket"] == ticket)
        out.push_back(std::move(r));
    return out;
  };
  ASSERT_TRUE(WaitUntil([&] { return for_ticket("TD-2").size() == 1; }));
  const auto got = for_ticket("TD-1");
  ASSERT_EQ(got.size(), 2u);  // created and handed_off; not clock_started, paged, ...
  std::vector<std::string> events;
  std::set<std::string> deliveries;
  for (const auto& r : got) {
    events.push_back(r.headers.at("x-tierdesk-event"));
    deliveries.insert(r.headers.at("x-tierdesk-delivery"));
    const std::string expected =
        "sha256=" + webhook::Signature(kSecret, r.headers.at("x-tierdesk-timestamp"), r.body);
    EXPECT_EQ(r.headers.at("x-tierdesk-signature"), expected);
    EXPECT_NE(webhook::Signature("another secret!!", r.headers.at("x-tierdesk-timestamp"), r.body),
              expected.substr(7));
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["event"]["ticket"], "TD-1");
  }
  EXPECT_THAT(events, ::testing::ElementsAre("created", "handed_off"));
  EXPECT_EQ(deliveries.size(), 2u);
}

TEST_F(Webhooks, AFailingReceiverEndsInTheDeadLetters) {
  receiver_.AnswerWith(500);
  ASSERT_EQ(Request("POST", server_->Url("/api/v1/tickets"), token_,
                    R"({"title":"VPN down","client_id":"C-1","caller_phone":"1"})")
                .status,
            201);
  nlohmann::json dead;
  ASSERT_TRUE(WaitUntil([&] {
    dead = Request("GET", server_->Url("/api/v1/outbox/dead"), token_).json();
    return dead["dead_letters"].size() == 1;
  })) << dead.dump();
  EXPECT_EQ(receiver_.Received().size(), 2u);  // two attempts: max_attempts = 2
  EXPECT_EQ(dead["dead_letters"][0]["attempts"], 2);
  EXPECT_EQ(dead["dead_letters"][0]["last_error"], "webhook answered HTTP 500");
  EXPECT_EQ(dead["dead_letters"][0]["template"], "created");
  // The failure is on the ticket's record too, for staff to see.
  nlohmann::json ticket;
  ASSERT_TRUE(WaitUntil([&] {
    ticket = Request("GET", server_->Url("/api/v1/tickets/TD-1"), token_).json();
    return ticket["timeline"].back()["type"] == "delivery_failed";
  })) << ticket.dump();
  const auto& failed = ticket["timeline"].back();
  EXPECT_EQ(failed["channel"], "webhook");
  EXPECT_EQ(failed["error"], "webhook answered HTTP 500");
  EXPECT_EQ(failed["actor"], "system");
}

}  // namespace
}  // namespace tierdesk::testing
