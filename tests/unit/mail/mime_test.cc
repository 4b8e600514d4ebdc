#include "mail/mime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/templates.h"
#include "mail/smtp_courier.h"

namespace tierdesk::mail {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Mime, BuildsAThreadedUtf8Message) {
  OutgoingMail m;
  m.from_name = "Auro Support";
  m.from_address = "support@auro.example";
  m.to_address = "ganesh@client.example";
  m.subject = "[TD-7] Résolu : ça marche";
  m.text = "Bonjour,\nla caisse fonctionne à nouveau.\n";
  m.message_id = "td-7-42@auro.example";
  m.in_reply_to = SmtpCourier::ThreadId(7, "auro.example");
  m.date = *ParseTimestamp("2026-01-05T10:00:00Z");
  m.headers = {{"X-Tierdesk-Ticket", "TD-7"}};
  const std::string text = BuildMime(m);
  EXPECT_THAT(text, HasSubstr("From: Auro Support <support@auro.example>\r\n"));
  EXPECT_THAT(text, HasSubstr("To: ganesh@client.example\r\n"));
  EXPECT_THAT(text, HasSubstr("Message-Id: <td-7-42@auro.example>\r\n"));
  EXPECT_THAT(text, HasSubstr("In-Reply-To: <td-7@auro.example>\r\n"));
  EXPECT_THAT(text, HasSubstr("References: <td-7@auro.example>\r\n"));
  EXPECT_THAT(text, HasSubstr("Auto-Submitted: auto-generated\r\n"));
  EXPECT_THAT(text, HasSubstr("X-Tierdesk-Ticket: TD-7\r\n"));
  EXPECT_THAT(text, HasSubstr("Date: Mon, 05 Jan 2026 10:00:00 +0000"));
  // Non-ASCII never travels raw in headers; the body declares its charset.
  EXPECT_THAT(text, HasSubstr("Subject: [TD-7] =?UTF-8?"));
  EXPECT_THAT(text, Not(HasSubstr("Résolu")));
  EXPECT_THAT(text, HasSubstr("Content-Type: multipart/alternative; boundary="));
  EXPECT_THAT(text, HasSubstr("Content-Type: text/plain; charset=utf-8\r\n"));
  EXPECT_THAT(text, HasSubstr("Content-Type: text/html; charset=utf-8\r\n"));
  EXPECT_THAT(text, HasSubstr("Content-Transfer-Encoding: quoted-printable\r\n"));
  EXPECT_THAT(text, HasSubstr("fonctionne =C3=A0 nouveau"));
  EXPECT_THAT(text, HasSubstr("\r\n\r\n"));
}

TEST(Mime, HtmlAlternativeEscapesAndLinks) {
  EXPECT_EQ(Html("Hi <b>&\nSee https://desk/l/x.y now\n\nBye"),
            "<!doctype html><html><body><p>Hi &lt;b&gt;&amp;<br>See <a href=\"https://desk/l/x.y\">"
            "https://desk/l/x.y</a> now</p><p>Bye</p></body></html>");
}

TEST(Links, MarkersBecomeSignedUrlsOrDisappear) {
  SmtpCourier::LinkFor link_for = [](const std::string& action, core::TicketId ticket,
                                     const std::string& actor, int64_t cycle) {
    return "https://desk/l/" + action + "-" + std::to_string(ticket) + "-" + actor + "-" +
           std::to_string(cycle);
  };
  EXPECT_EQ(ResolveLinks("Ack: " + core::LinkMarker("acknowledge", "ssc-ravi", 3) + "\nDone", 7,
                         link_for),
            "Ack: https://desk/l/acknowledge-7-ssc-ravi-3\nDone");
  EXPECT_EQ(
      ResolveLinks("a [[link:sign_off:client:C-1#2]] b [[link:reopen:client:C-1#2]]", 9, link_for),
      "a https://desk/l/sign_off-9-client:C-1-2 b https://desk/l/reopen-9-client:C-1-2");
  // The cycle is what follows the last '#': an actor may hold one.
  EXPECT_EQ(ResolveLinks("[[link:reopen:client:C#1#12]]", 9, link_for),
            "https://desk/l/reopen-9-client:C#1-12");
  EXPECT_EQ(ResolveLinks("Ack: [[link:acknowledge:x#1]]", 7, {}), "Ack: ");
  EXPECT_EQ(ResolveLinks("no markers [[link:broken", 7, link_for), "no markers [[link:broken");
  // A marker without its cycle (queued before links carried one) could outlive its request: it
  // becomes no link at all.
  EXPECT_EQ(ResolveLinks("Ack: [[link:acknowledge:ssc-ravi]] [[link:reopen:c#x]]", 7, link_for),
            "Ack:  ");
}

}  // namespace
}  // namespace tierdesk::mail
