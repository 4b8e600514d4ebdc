// Mail intake: received mail becomes the right ticket change, once, from the right people.
#include "mail/intake.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/memory/memory_store.h"
#include "test_support.h"

namespace tierdesk::mail {
namespace {

using testing::At;
using ::testing::HasSubstr;

class MailIntakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    procedure_ = testing::SeedProcedure("000-three-level-support.toml");
    ASSERT_TRUE(store_.PutClient({"U-1001", "Ganesh K", "ganesh@client.example", "Client Co"}));
    ASSERT_TRUE(store_.PutClient({"U-2002", "Other Client", "other@elsewhere.example", "Else"}));
  }

  Result<IntakeResult> Receive(const std::string& raw) {
    MailIntake intake(
        store_, procedure_, [this](core::Command c) { return service_.Execute(c, clock_.Now()); },
        clock_, settings_);
    return intake.Accept(raw);
  }

  static std::string Mail(const std::string& from, const std::string& id,
                          const std::string& subject, const std::string& body,
                          const std::string& extra_headers = "") {
    return "From: " + from + "\r\nTo: support@auro.example\r\nSubject: " + subject +
           "\r\nMessage-ID: <" + id + ">\r\n" + extra_headers + "\r\n" + body + "\r\n";
  }

  core::Ticket Ticket(core::TicketId id) { return store_.Load(id).value(); }

  core::Procedure procedure_;
  store::MemoryStore store_;
  VirtualClock clock_{At("2026-01-05T10:00:00Z")};  // a Monday, in business hours
  service::TicketService service_{store_, procedure_};
  IntakeSettings settings_{"auro.example", "support@auro.example", 1024, {}};
};

TEST_F(MailIntakeTest, NewMailOpensATicketForTheSendersClientId) {
  auto r = Receive(Mail("Ganesh K <Ganesh@client.example>", "m1@client.example",
                        "Fwd: RE: Checkout returns 500", "Since 9:00 every payment fails."));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->outcome, IntakeOutcome::kCreated);
  const core::Ticket t = Ticket(r->ticket);
  EXPECT_EQ(t.registration.client_id, "U-1001");
  EXPECT_EQ(t.registration.title, "Checkout returns 500");
  EXPECT_EQ(t.registration.requester_email, "ganesh@client.example");
  EXPECT_EQ(t.registration.organisation, "Client Co");
  EXPECT_EQ(t.registration.channel, core::Channel::kEmail);
  EXPECT_EQ(t.registration.description, "Since 9:00 every payment fails.");
}

TEST_F(MailIntakeTest, TheSameMessageTwiceIsOneChange) {
  const std::string raw = Mail("ganesh@client.example", "m1@client.example", "Down", "Help");
  auto first = Receive(raw);
  auto again = Receive(raw);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(again->outcome, IntakeOutcome::kDuplicate);
  EXPECT_EQ(again->ticket, first->ticket);
  EXPECT_EQ(store_.ListTickets({}).value().size(), 1u);
  // Without a Message-ID the same bytes are the same mail.
  const std::string anonymous = "From: ganesh@client.example\r\nSubject: x\r\n\r\nbody\r\n";
  ASSERT_EQ(Receive(anonymous)->outcome, IntakeOutcome::kCreated);
  EXPECT_EQ(Receive(anonymous)->outcome, IntakeOutcome::kDuplicate);
}

TEST_F(MailIntakeTest, RepliesThreadByOurIdsTheirIdsThenTheSubjectTagNeverTheSubject) {
  const core::TicketId id =
      Receive(Mail("ganesh@client.example", "m1@client.example", "Till down", "Broken"))->ticket;
  // To one of our notifications.
  auto ours = Receive(Mail("ganesh@client.example", "m2@client.example", "Re: [TD-1] Escalated",
                           "Still broken",
                           "In-Reply-To: <td-" + std::to_string(id) + "-3@auro.example>\r\n"));
  // To the client's own first mail (a colleague on copy answering, say).
  auto theirs = Receive(Mail("ganesh@client.example", "m3@client.example", "Re: Till down",
                             "Also the printer", "References: <m1@client.example>\r\n"));
  // A new mail with the tag in the subject.
  auto tagged = Receive(
      Mail("ganesh@client.example", "m4@client.example", "Update [TD-1]", "It works after lunch?"));
  // The same subject without a tag or references is a new request.
  auto loose = Receive(Mail("ganesh@client.example", "m5@client.example", "Re: Till down", "x"));
  ASSERT_TRUE(ours && theirs && tagged && loose);
  EXPECT_EQ(ours->outcome, IntakeOutcome::kReplied);
  EXPECT_EQ(theirs->outcome, IntakeOutcome::kReplied);
  EXPECT_EQ(tagged->outcome, IntakeOutcome::kReplied);
  EXPECT_EQ(ours->ticket, id);
  EXPECT_EQ(theirs->ticket, id);
  EXPECT_EQ(tagged->ticket, id);
  EXPECT_EQ(loose->outcome, IntakeOutcome::kCreated);
  EXPECT_NE(loose->ticket, id);
  int replies = 0;
  const auto events = store_.Events(id).value();  // kept: the loop runs over it
  for (const core::Event& e : events) replies += e.type == "client_replied";
  EXPECT_EQ(replies, 3);
}

TEST_F(MailIntakeTest, AClientReplyOnAPendingTicketResumesItsClocks) {
  const core::TicketId id =
      Receive(Mail("ganesh@client.example", "m1@client.example", "Till down", "Broken"))->ticket;
  ASSERT_TRUE(service_.Execute({"psc-anil", id, core::cmd::PendingClient{"Which till?"}, ""},
                               clock_.Now()));
  ASSERT_EQ(Ticket(id).stage, core::Stage::kPendingClient);
  clock_.AdvanceTo(At("2026-01-05T10:30:00Z"));
  auto r =
      Receive(Mail("ganesh@client.example", "m2@client.example", "Re: [TD-1] Information needed",
                   "Till 4.\r\n\r\nOn Mon, 5 Jan 2026, Auro Support wrote:\r\n> Which till?"));
  ASSERT_TRUE(r);
  const core::Ticket t = Ticket(id);
  EXPECT_EQ(t.stage, core::Stage::kOpen);
  const core::SlaClock* handoff = t.FindClock(core::clocks::kHandOff);
  ASSERT_NE(handoff, nullptr);
  EXPECT_FALSE(handoff->paused);
  const auto events = store_.Events(id).value();
  auto reply = std::find_if(events.begin(), events.end(),
                            [](const core::Event& e) { return e.type == "client_replied"; });
  ASSERT_NE(reply, events.end());
  EXPECT_EQ(*reply->Field("text"), "Till 4.");  // without the quoted question
}

TEST_F(MailIntakeTest, OnlyTheTicketsPartiesMayReply) {
  const core::TicketId id =
      Receive(Mail("ganesh@client.example", "m1@client.example", "Till down", "Broken"))->ticket;
  auto stranger = Receive(
      Mail("other@elsewhere.example", "x1@elsewhere.example", "[TD-1] mine now", "Close it"));
  ASSERT_TRUE(stranger);
  EXPECT_EQ(stranger->outcome, IntakeOutcome::kRefused);
  EXPECT_THAT(stranger->reason, HasSubstr("not a party of TD-1"));
  // Staff answering by mail leave an internal note.
  auto staff = Receive(Mail("anil@auro.example", "s1@auro.example", "Re: [TD-1] Till down",
                            "Called them; till 4 only."));
  ASSERT_TRUE(staff);
  EXPECT_EQ(staff->outcome, IntakeOutcome::kReplied);
  EXPECT_EQ(store_.Events(id).value().back().actor, "psc-anil");
  EXPECT_EQ(store_.ListRefusedMail(10).value().size(), 1u);
}

TEST_F(MailIntakeTest, MachineMailOurOwnMailAndStrangersAreKeptNotTaken) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {Mail("ganesh@client.example", "a1@client.example", "Out of office", "Back Monday",
            "Auto-Submitted: auto-replied\r\n"),
       "machine mail: Auto-Submitted: auto-replied"},
      {Mail("MAILER-DAEMON@relay.example", "b1@relay.example", "Undelivered", "550"),
       "machine mail: bounce (from mailer-daemon)"},
      {Mail("ganesh@client.example", "td-1-4@auro.example", "[TD-1] Fixed", "ours"),
       "our own mail came back (a loop)"},
      {Mail("support@auro.example", "z1@auro.example", "Hello", "ours"),
       "our own mail came back (a loop)"},
      {Mail("nobody@unknown.example", "n1@unknown.example", "Help", "who am I"),
       "unknown sender nobody@unknown.example (not in the client directory)"},
      {"garbage without headers", "unreadable: not an RFC 5322 message"},
      {"Subject: no sender\r\n\r\nbody\r\n", "unreadable: the message has no From address"},
  };
  for (const auto& [raw, reason] : cases) {
    auto r = Receive(raw);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->outcome, IntakeOutcome::kRefused) << reason;
    EXPECT_EQ(r->reason, reason);
    EXPECT_EQ(store_.GetRefusedMail(r->refused_id).value()->raw, raw);
  }
  EXPECT_TRUE(store_.ListTickets({}).value().empty());
  // Offered again (an MTA retrying), each is still kept once.
  for (const auto& [raw, reason] : cases) ASSERT_TRUE(Receive(raw));
  EXPECT_EQ(store_.ListRefusedMail(100).value().size(), cases.size());
}

TEST_F(MailIntakeTest, UnknownSendersAreRegisteredWhenTheProcedureSaysSo) {
  procedure_.intake.unknown_sender = core::Intake::UnknownSender::kRegister;
  auto r = Receive(Mail("New Person <new@startup.example>", "n1@startup.example", "Help", "VPN"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->outcome, IntakeOutcome::kCreated);
  auto client = store_.FindClientByEmail("new@startup.example").value();
  ASSERT_TRUE(client);
  EXPECT_EQ(client->id, "mail:new@startup.example");
  EXPECT_EQ(client->organisation, "startup.example");
  EXPECT_EQ(Ticket(r->ticket).registration.client_id, client->id);
}

TEST_F(MailIntakeTest, AttachmentsAreStoredUpToTheLimitAndListedOnTheTicket) {
  const std::string raw =
      "From: ganesh@client.example\r\nSubject: Logs\r\nMessage-ID: <att@client.example>\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
      "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
      "filename=\"app.log\"\r\n\r\n"
      "ERROR 42\r\n"
      "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; "
      "filename=\"core.dump\"\r\n\r\n" +
      std::string(2000, 'x') + "\r\n--b--\r\n";
  auto r = Receive(raw);
  ASSERT_TRUE(r);
  const core::Ticket t = Ticket(r->ticket);
  ASSERT_EQ(t.attachments.size(), 2u);
  EXPECT_EQ(t.attachments[0].name, "app.log");
  EXPECT_EQ(t.attachments[0].size, 8);
  EXPECT_EQ(store_.GetBlob(t.attachments[0].sha256).value(), "ERROR 42");
  EXPECT_EQ(t.attachments[1].name, "core.dump");
  EXPECT_TRUE(t.attachments[1].sha256.empty());
  EXPECT_THAT(t.attachments[1].note, HasSubstr("over the 1024-byte limit"));
  EXPECT_EQ(*store_.Events(t.id).value().front().Field("attachments"), "app.log, core.dump");
}

TEST_F(MailIntakeTest, LongTextIsCutOnTheTicketAndKeptWholeAsAnAttachment) {
  settings_.max_text_bytes = 100;
  // 60 two-byte characters: the cut at 100 bytes falls between characters, never inside one.
  std::string body;
  for (int i = 0; i < 60; ++i) body += "\xC3\xA9";
  auto r = Receive(Mail("ganesh@client.example", "long@client.example", "Long story", body,
                        "Content-Type: text/plain; charset=utf-8\r\n"));
  ASSERT_TRUE(r) << r.error().message;
  const core::Ticket t = Ticket(r->ticket);
  EXPECT_THAT(t.registration.description, HasSubstr("the whole text is attached as message.txt"));
  EXPECT_EQ(t.registration.description.substr(0, 100), body.substr(0, 100));
  ASSERT_EQ(t.attachments.size(), 1u);
  EXPECT_EQ(t.attachments[0].name, "message.txt");
  auto kept = store_.GetBlob(t.attachments[0].sha256);
  ASSERT_TRUE(kept && *kept);
  EXPECT_EQ(**kept, body);
}

}  // namespace
}  // namespace tierdesk::mail
