// Outbound mail through a real SMTP server (aiosmtpd): the client's notices arrive threaded.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "integration/server_process.h"
#include "integration/smtp_server.h"
#include "integration/tls_cert.h"
#include "integration/wait.h"
#include "mail/smtp_courier.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(OutboundMail, ClientNoticesArriveThreadedOnTheTicket) {
  const std::string db = InitTestDatabase("000-three-level-support.toml");
  SmtpServer smtp(db + ".maildir");
  ASSERT_TRUE(smtp.Accepts()) << "aiosmtpd did not start";
  const std::string token = RunTierdesk({"token", "create", "--db", db, "--actor", "psc-anil"});
  const std::string config = db + ".toml";
  std::ofstream(config) << MailSection(smtp.Url());
  ServerProcess server(db, {"--config", config});
  ASSERT_GT(server.port(), 0);

  ASSERT_EQ(
      Request(
          "POST", server.Url("/api/v1/tickets"), token,
          R"({"title":"Caisse en panne","client_id":"C-1","requester_email":"ganesh@client.example",
                        "assets":{"server":"web-01"}})")
          .status,
      201);
  ASSERT_EQ(
      Request("POST", server.Url("/api/v1/tickets/TD-1/handoff"), token,
              R"({"to":"L2","criterion":"needs_deeper_knowledge","tried":"Rebooted the till",)"
              R"("client_message":"Our server team has it now."})")
          .status,
      200);
  std::vector<std::string> mail;
  // The escalation notice to the requester, and the page to web-01's primary contact.
  ASSERT_TRUE(WaitUntil([&] { return (mail = smtp.Messages()).size() >= 2; }));
  ASSERT_EQ(mail.size(), 2u);
  std::partition(mail.begin(), mail.end(), [](const std::string& m) {
    return m.find("To: ganesh@client.example") != std::string::npos;
  });
  const std::string& m = mail[0];
  const std::string& page = mail[1];
  EXPECT_THAT(page, HasSubstr("To: ravi@auro.example"));
  EXPECT_THAT(page, HasSubstr("X-Tierdesk-Template: page"));
  EXPECT_THAT(page, HasSubstr("please acknowledge TD-1"));
  EXPECT_THAT(m, HasSubstr("To: ganesh@client.example"));
  EXPECT_THAT(m, HasSubstr("From: Auro Support <support@auro.example>"));
  EXPECT_THAT(m, HasSubstr("Subject: [TD-1] Escalated to Level 2 - Server Support"));
  EXPECT_THAT(m, HasSubstr("References: <td-1@auro.example>"));
  EXPECT_THAT(m, HasSubstr("Message-Id: <td-1-"));
  EXPECT_THAT(m, HasSubstr("X-Tierdesk-Template: escalation_notice"));
  // The agent's words for the client; what was tried is for the next tier only.
  EXPECT_THAT(m, HasSubstr("Our server team has it now."));
  EXPECT_THAT(m, Not(HasSubstr("Rebooted the till")));
  // Both are marked delivered (the SMTP server may have them a moment before that is recorded).
  std::string metrics;
  EXPECT_TRUE(WaitUntil([&] {
    metrics = Request("GET", server.Url("/metrics")).body;
    return metrics.find("tierdesk_outbox_backlog 0\n") != std::string::npos;
  })) << metrics;
}

TEST(OutboundMail, APagesAcknowledgeLinkWorksOnceAndCannotBeForged) {
  const std::string db = InitTestDatabase("000-three-level-support.toml");
  SmtpServer smtp(db + ".maildir");
  ASSERT_TRUE(smtp.Accepts());
  const std::string token = RunTierdesk({"token", "create", "--db", db, "--actor", "psc-anil"});
  const std::string config = db + ".toml";
  std::ofstream(config) << MailSection(smtp.Url());
  ServerProcess server(db, {"--config", config});
  ASSERT_EQ(
      Request(
          "POST", server.Url("/api/v1/tickets"), token,
          R"({"title":"Till down","client_id":"C-1","caller_phone":"1","assets":{"server":"web-01"}})")
          .status,
      201);
  ASSERT_EQ(Request("POST", server.Url("/api/v1/tickets/TD-1/handoff"), token,
                    R"({"to":"L2","criterion":"needs_deeper_knowledge","tried":"x"})")
                .status,
            200);
  std::string page;
  ASSERT_TRUE(WaitUntil([&] {
    for (const auto& m : smtp.Messages())
      if (m.find("X-Tierdesk-Template: page") != std::string::npos) page = DecodeQuotedPrintable(m);
    return !page.empty();
  }));
  const std::string prefix = "http://127.0.0.1:" + std::to_string(server.port()) + "/l/";
  const size_t at = page.find(prefix);
  ASSERT_NE(at, std::string::npos) << page;
  const std::string url = page.substr(at, page.find_first_of("\r\n", at) - at);

  auto confirm = Request("GET", url);  // looking changes nothing
  EXPECT_EQ(confirm.status, 200);
  EXPECT_THAT(confirm.body, HasSubstr("Acknowledge the page for TD-1"));
  auto ticket = Request("GET", server.Url("/api/v1/tickets/TD-1"), token).json();
  EXPECT_EQ(ticket["page"]["person"], "ssc-ravi");

  auto done =
      Request("POST", url, "", "confirm=1", {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(done.status, 200) << done.body;
  ticket = Request("GET", server.Url("/api/v1/tickets/TD-1"), token).json();
  EXPECT_TRUE(ticket["page"].is_null());
  EXPECT_EQ(ticket["assignee"], "ssc-ravi");
  auto again =
      Request("POST", url, "", "confirm=1", {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(again.status, 409);  // a link acts once
  EXPECT_THAT(again.body, HasSubstr("This link has already been used."));

  std::string forged = url;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(Request("GET", forged).status, 403);
}

// TLS both ways an SMTP relay offers it, with the server's certificate verified: trusted through
// ca_file it delivers; without it, the same delivery fails and will be retried.
TEST(OutboundMail, StartTlsAndSmtpsVerifyTheServer) {
  const std::string dir = TempDbPath("smtp-tls");
  const TlsFiles tls = MakeSelfSignedCert(dir + ".cert");
  ASSERT_FALSE(tls.cert.empty()) << "openssl could not make a certificate";
  SystemClock clock;
  service::OutboxItem item;
  item.id = 7;
  item.effect = {core::Effect::Kind::kEmail, 3,
                 "ganesh@client.example",    "status_response",
                 "[TD-3] Working on it",     "Findings: over TLS."};
  for (auto mode : {SmtpServer::Tls::kStartTls, SmtpServer::Tls::kImplicit}) {
    const bool starttls = mode == SmtpServer::Tls::kStartTls;
    SmtpServer smtp(dir + (starttls ? ".starttls" : ".smtps"), mode, tls.cert, tls.key);
    ASSERT_TRUE(smtp.Accepts());
    mail::SmtpSettings settings{.url = smtp.Url(),
                                .starttls = starttls,
                                .from_address = "support@auro.example",
                                .from_name = "Auro Support",
                                .domain = "auro.example"};
    auto untrusted = mail::SmtpCourier(settings, clock).Deliver(item);
    ASSERT_FALSE(untrusted) << smtp.Url();
    EXPECT_EQ(untrusted.error().code, ErrorCode::kUnavailable) << untrusted.error().message;
    settings.ca_file = tls.cert;
    auto trusted = mail::SmtpCourier(settings, clock).Deliver(item);
    ASSERT_TRUE(trusted) << smtp.Url() << ": " << trusted.error().message;
    std::vector<std::string> mail;
    ASSERT_TRUE(WaitUntil([&] { return !(mail = smtp.Messages()).empty(); })) << smtp.Url();
    ASSERT_EQ(mail.size(), 1u) << smtp.Url();
    EXPECT_THAT(mail[0], HasSubstr("Findings: over TLS."));
  }
}

}  // namespace
}  // namespace tierdesk::testing
