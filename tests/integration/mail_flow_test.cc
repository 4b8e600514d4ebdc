// The whole mail loop against real servers: mail in over IMAP (dovecot) and through the
// gateway, mail out over SMTP (aiosmtpd), links clicked, the client's replies threaded.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "integration/imap_server.h"
#include "integration/server_process.h"
#include "integration/smtp_server.h"
#include "integration/wait.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using ::testing::HasSubstr;

std::string HeaderValue(const std::string& mail, const std::string& name) {
  const size_t at = mail.find("\n" + name + ": ");
  if (at == std::string::npos) return {};
  const size_t start = at + name.size() + 3;
  return mail.substr(start, mail.find_first_of("\r\n", start) - start);
}

std::vector<std::string> LinksIn(const std::string& mail, const std::string& prefix) {
  std::vector<std::string> links;
  for (size_t at = mail.find(prefix); at != std::string::npos; at = mail.find(prefix, at + 1)) {
    const size_t end = mail.find_first_of("\r\n\" <", at);
    const std::string link = mail.substr(at, end - at);
    if (std::find(links.begin(), links.end(), link) == links.end()) links.push_back(link);
  }
  return links;
}

class MailFlow : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = InitTestDatabase("000-three-level-support.toml");
    smtp_ = std::make_unique<SmtpServer>(db_ + ".smtp");
    imap_ = std::make_unique<ImapServer>(db_ + ".imap");
    ASSERT_TRUE(smtp_->Accepts()) << "aiosmtpd did not start";
    ASSERT_TRUE(imap_->Accepts()) << "dovecot did not start: " << imap_->Log();
    RunTierdesk({"client", "add", "--db", db_, "--id", "U-1001", "--name", "Ganesh K", "--email",
                 "ganesh@client.example", "--organisation", "Client Co"});
    for (const char* who : {"psc-anil", "ssc-meena"})
      tokens_[who] = RunTierdesk({"token", "create", "--db", db_, "--actor", who});
    const std::string config = db_ + ".toml";
    std::ofstream(config) << MailSection(smtp_->Url()) << "max_attachment_bytes = 4096\n"
                          << imap_->ConfigSection();
    server_ = std::make_unique<ServerProcess>(
        db_, std::vector<std::string>{"--config", config, "--simulate-from",
                                      "2026-01-05T10:00:00+05:30"});
    ASSERT_GT(server_->port(), 0);
  }

  nlohmann::json Ticket(const std::string& ref) {
    return Request("GET", server_->Url("/api/v1/tickets/" + ref), tokens_["psc-anil"]).json();
  }
  // The first mail sent so far of `template_name` to `to`, or empty.
  std::string SentMail(const std::string& template_name, const std::string& to) {
    for (const auto& m : smtp_->Messages())
      if (m.find("X-Tierdesk-Template: " + template_name + "\n") != std::string::npos &&
          m.find("To: " + to) != std::string::npos)
        return DecodeQuotedPrintable(m);
    return {};
  }
  std::string AwaitMail(const std::string& template_name, const std::string& to) {
    std::string mail;
    WaitUntil([&] { return !(mail = SentMail(template_name, to)).empty(); });
    return mail;
  }
  void Advance(const std::string& by) {
    ASSERT_EQ(Request("POST", server_->Url("/api/v1/clock"), tokens_["psc-anil"],
                      R"({"advance":")" + by + R"("})")
                  .status,
              200);
  }
  // Opens the mailed link whose page offers `offer`, then confirms it.
  void Click(const std::string& mail, const std::string& offer) {
    for (const std::string& link : LinksIn(mail, server_->Url("/l/"))) {
      if (Request("GET", link).body.find(offer) == std::string::npos) continue;
      auto done = Request("POST", link, "", "confirm=1",
                          {"Content-Type: application/x-www-form-urlencoded"});
      EXPECT_EQ(done.status, 200) << done.body;
      return;
    }
    ADD_FAILURE() << "no link offering '" << offer << "' in:\n" << mail;
  }
  int Events(const std::string& ref, const std::string& type) {
    int n = 0;
    const auto ticket = Ticket(ref);  // kept alive: the loop runs over a part of it
    for (const auto& e : ticket["timeline"]) n += e["type"] == type;
    return n;
  }

  std::string db_;
  std::unique_ptr<SmtpServer> smtp_;
  std::unique_ptr<ImapServer> imap_;
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(MailFlow, FromFirstMailToClosureByMailAlone) {
  // 1. The client writes in, with a screenshot; the poller takes it from the mailbox.
  imap_->Deliver(
      "From: Ganesh K <ganesh@client.example>\r\nTo: support@auro.example\r\n"
      "Subject: Checkout returns 500\r\nMessage-ID: <first@client.example>\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nEvery payment fails since 09:40.\r\n"
      "--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment; "
      "filename=\"error.png\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n");
  ASSERT_TRUE(WaitUntil([&] { return Ticket("TD-1").contains("registration"); }))
      << "no ticket from the mailbox";
  auto ticket = Ticket("TD-1");
  EXPECT_EQ(ticket["registration"]["channel"], "email");
  EXPECT_EQ(ticket["registration"]["client_id"], "U-1001");
  ASSERT_EQ(ticket["attachments"].size(), 1u);
  EXPECT_EQ(ticket["attachments"][0]["name"], "error.png");
  const std::string sha = ticket["attachments"][0]["sha256"];
  auto file =
      Request("GET", server_->Url("/api/v1/tickets/TD-1/attachments/" + sha), tokens_["psc-anil"]);
  EXPECT_EQ(file.body, std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_TRUE(WaitUntil([&] { return imap_->SeenCount() == 1; })) << "not marked \\Seen";

  // 2. Level 1 misses its 15-minute hand-off: the team leader is told by mail.
  Advance("16m");
  EXPECT_THAT(AwaitMail("breach_notice", "deepa@auro.example"), HasSubstr("TD-1"));

  // 3. The hand-off pages web-01's primary; nobody answers in 5 minutes, so the secondary is
  // paged, and acknowledges from the mail.
  ASSERT_EQ(
      Request("POST", server_->Url("/api/v1/tickets/TD-1/handoff"), tokens_["psc-anil"],
              R"({"to":"L2","criterion":"needs_deeper_knowledge","tried":"Cleared the CDN cache",)"
              R"("asset":"server:web-01","client_message":"Our server team is on it."})")
          .status,
      200);
  EXPECT_FALSE(AwaitMail("page", "ravi@auro.example").empty());
  // The client reads what the agent wrote for them, not what was tried (that is for L2).
  const std::string notice = AwaitMail("escalation_notice", "ganesh@client.example");
  EXPECT_THAT(notice, HasSubstr("Our server team is on it."));
  EXPECT_EQ(notice.find("Cleared the CDN cache"), std::string::npos);
  Advance("6m");
  const std::string page = AwaitMail("page", "meena@auro.example");
  ASSERT_FALSE(page.empty());
  Click(page, "Acknowledge the page for");
  EXPECT_EQ(Ticket("TD-1")["assignee"], "ssc-meena");

  // 4. A structured response goes to the client, threaded on the ticket.
  ASSERT_EQ(
      Request(
          "POST", server_->Url("/api/v1/tickets/TD-1/respond"), tokens_["ssc-meena"],
          R"({"status":"Working on it","next_update":"2026-01-05T12:30:00+05:30","findings":"The payment gateway's certificate expired."})")
          .status,
      200);
  const std::string response = AwaitMail("status_response", "ganesh@client.example");
  ASSERT_FALSE(response.empty());
  EXPECT_THAT(response, HasSubstr("Working on it"));
  EXPECT_THAT(response, HasSubstr("certificate expired"));
  EXPECT_EQ(HeaderValue(response, "References"), "<td-1@auro.example>");
  const std::string response_id = HeaderValue(response, "Message-Id");
  ASSERT_FALSE(response_id.empty());

  // 5. The client answers that mail; their reply lands on TD-1 without the quoted text, and a
  // copy of it arriving twice changes nothing.
  const std::string reply =
      "From: ganesh@client.example\r\nTo: support@auro.example\r\n"
      "Subject: Re: [TD-1] Working on it\r\nMessage-ID: <reply@client.example>\r\n"
      "In-Reply-To: " +
      response_id + "\r\nReferences: <td-1@auro.example> " + response_id +
      "\r\n\r\nOnly card payments fail.\r\n\r\n"
      "On Mon, 5 Jan 2026, Auro Support wrote:\r\n> Working on it\r\n";
  imap_->Deliver(reply);
  imap_->Deliver(reply);
  // A message is marked \Seen only once intake is done with it: both copies are in.
  ASSERT_TRUE(WaitUntil([&] { return imap_->SeenCount() == 3; }));
  EXPECT_EQ(Events("TD-1", "client_replied"), 1);
  const auto replied = Ticket("TD-1");
  for (const auto& e : replied["timeline"])
    if (e["type"] == "client_replied") {
      EXPECT_EQ(e["text"], "Only card payments fail.");
    }

  // 6. Resolved: the resolution letter and the sign-off request; the client signs off from the
  // mail, and the closure notice follows with the full resolution.
  ASSERT_EQ(
      Request(
          "POST", server_->Url("/api/v1/tickets/TD-1/resolve"), tokens_["ssc-meena"],
          R"({"resolution":{"summary":"Certificate renewed","details":"Renewed the gateway's TLS certificate; card payments pass again."}})")
          .status,
      200);
  EXPECT_THAT(AwaitMail("resolution_letter", "ganesh@client.example"),
              HasSubstr("Certificate renewed"));
  const std::string signoff = AwaitMail("signoff_request", "ganesh@client.example");
  ASSERT_FALSE(signoff.empty());
  Click(signoff, "Confirm the resolution of");
  EXPECT_EQ(Ticket("TD-1")["stage"], "closed");
  EXPECT_THAT(AwaitMail("closure_notice", "ganesh@client.example"),
              HasSubstr("Renewed the gateway's TLS certificate"));
}

}  // namespace
}  // namespace tierdesk::testing
