// Parsing received mail: what intake reads of a message, and what it refuses.
#include "mail/inbound.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tierdesk::mail {
namespace {

using ::testing::ElementsAre;

TEST(ParseInbound, ReadsSenderThreadSubjectAndBody) {
  auto mail = ParseInbound(
      "From: \"Ganesh K\" <Ganesh@Client.Example>\r\n"
      "To: support@auro.example\r\n"
      "Subject: =?utf-8?q?Caisse_en_panne_=E2=80=94_[TD-7]?=\r\n"
      "Message-ID: <abc@client.example>\r\n"
      "In-Reply-To: <td-7-12@auro.example>\r\n"
      "References: <td-7@auro.example> <td-7-12@auro.example>\r\n"
      "Content-Type: text/plain; charset=iso-8859-1\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "\r\n"
      "Toujours en panne apr=E8s red=E9marrage.\r\n"
      "\r\n"
      "On Mon, 23 Nov 2026 at 09:00, Auro Support wrote:\r\n"
      "> Please restart the till.\r\n");
  ASSERT_TRUE(mail) << mail.error().message;
  EXPECT_EQ(mail->from_address, "ganesh@client.example");
  EXPECT_EQ(mail->from_name, "Ganesh K");
  EXPECT_EQ(mail->message_id, "abc@client.example");
  EXPECT_THAT(mail->thread_ids,
              ElementsAre("td-7-12@auro.example", "td-7-12@auro.example", "td-7@auro.example"));
  EXPECT_EQ(mail->subject, "Caisse en panne \xE2\x80\x94 [TD-7]");
  EXPECT_EQ(mail->reply, "Toujours en panne apr\xC3\xA8s red\xC3\xA9marrage.");
  EXPECT_NE(mail->text.find("Please restart"), std::string::npos);
  EXPECT_EQ(mail->automated, "");
}

TEST(ParseInbound, KeepsAttachmentsDecodedAndSafelyNamed) {
  auto mail = ParseInbound(
      "From: ganesh@client.example\r\n"
      "Subject: Screenshot\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
      "\r\n"
      "--b1\r\n"
      "Content-Type: multipart/alternative; boundary=\"b2\"\r\n"
      "\r\n"
      "--b2\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "\r\n"
      "See the attached error.\r\n"
      "--b2\r\n"
      "Content-Type: text/html; charset=utf-8\r\n"
      "\r\n"
      "<p>See the <b>attached</b> error.</p>\r\n"
      "--b2--\r\n"
      "--b1\r\n"
      "Content-Type: image/png\r\n"
      "Content-Disposition: attachment; filename=\"../../etc/error.png\"\r\n"
      "Content-Transfer-Encoding: base64\r\n"
      "\r\n"
      "iVBORw0KGgo=\r\n"
      "--b1\r\n"
      "Content-Type: text/plain\r\n"
      "Content-Disposition: attachment; filename=\"server.log\"\r\n"
      "\r\n"
      "ERROR 42\r\n"
      "--b1--\r\n");
  ASSERT_TRUE(mail) << mail.error().message;
  EXPECT_EQ(mail->text, "See the attached error.");
  ASSERT_EQ(mail->attachments.size(), 2u);
  EXPECT_EQ(mail->attachments[0].name, "error.png");
  EXPECT_EQ(mail->attachments[0].content_type, "image/png");
  EXPECT_EQ(mail->attachments[0].data, std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(mail->attachments[1].name, "server.log");
  EXPECT_EQ(mail->attachments[1].data, "ERROR 42");
}

TEST(ParseInbound, LongAttachmentNamesAreCutBetweenCharacters) {
  // 100 three-byte characters (the euro sign): 300 bytes, cut to 198, not inside the 67th.
  std::string name, encoded;
  for (int i = 0; i < 100; ++i) {
    name += "\xE2\x82\xAC";
    encoded += "%E2%82%AC";
  }
  auto mail = ParseInbound(
      "From: a@client.example\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
      "--b\r\nContent-Type: text/plain\r\n"
      "Content-Disposition: attachment; filename*=UTF-8''" +
      encoded + "\r\n\r\nx\r\n--b--\r\n");
  ASSERT_TRUE(mail) << mail.error().message;
  ASSERT_EQ(mail->attachments.size(), 1u);
  const std::string& got = mail->attachments[0].name;
  EXPECT_EQ(got.size(), 198u);
  EXPECT_TRUE(IsValidUtf8(got));
  EXPECT_EQ(got, name.substr(0, got.size()));
}

TEST(ParseInbound, ReadsOnlyTheNewestThreadIds) {
  std::string references;
  for (int i = 0; i < 100; ++i) references += " <r" + std::to_string(i) + "@client.example>";
  auto mail = ParseInbound(
      "From: a@client.example\r\nIn-Reply-To: <r99@client.example>\r\n"
      "References:" +
          references + "\r\n\r\nbody\r\n",
      {.max_thread_ids = 4});
  ASSERT_TRUE(mail) << mail.error().message;
  EXPECT_THAT(mail->thread_ids, ElementsAre("r99@client.example", "r99@client.example",
                                            "r98@client.example", "r97@client.example"));
}

TEST(ParseInbound, ReducesHtmlOnlyMailToText) {
  auto mail = ParseInbound(
      "From: a@client.example\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n"
      "<html><style>p{color:red}</style><body><p>Login &amp; payroll</p><p>both down</p>"
      "<script>alert(1)</script></body></html>\r\n");
  ASSERT_TRUE(mail) << mail.error().message;
  EXPECT_EQ(mail->text, "Login & payroll\n\nboth down");
}

TEST(ParseInbound, NamesMachineMail) {
  const auto reason = [](const std::string& headers) {
    auto mail = ParseInbound("From: x@client.example\r\nSubject: s\r\n" + headers + "\r\nbody\r\n");
    return mail ? mail->automated : "refused: " + mail.error().message;
  };
  EXPECT_EQ(reason(""), "");
  EXPECT_EQ(reason("Auto-Submitted: no\r\n"), "");
  EXPECT_EQ(reason("Auto-Submitted: auto-replied\r\n"), "Auto-Submitted: auto-replied");
  EXPECT_EQ(reason("Precedence: bulk\r\n"), "Precedence: bulk");
  EXPECT_EQ(reason("X-Autoreply: yes\r\n"), "X-Autoreply header");
  EXPECT_EQ(reason("List-Id: <ops.lists.example>\r\n"), "mailing list (List-Id)");
  EXPECT_EQ(reason("Return-Path: <>\r\n"), "bounce (empty Return-Path)");
  auto daemon = ParseInbound("From: MAILER-DAEMON@relay.example\r\nSubject: failure\r\n\r\nx\r\n");
  ASSERT_TRUE(daemon);
  EXPECT_EQ(daemon->automated, "bounce (from mailer-daemon)");
}

TEST(ParseInbound, RefusesWhatCannotBeARequest) {
  EXPECT_FALSE(ParseInbound("Subject: nobody sent this\r\n\r\nbody\r\n"));
  EXPECT_FALSE(ParseInbound("From: undisclosed\r\n\r\nbody\r\n"));
  EXPECT_FALSE(ParseInbound(std::string(100, 'x'), {.max_message_bytes = 50}));
  std::string nested =
      "From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n";
  for (int i = 0; i < 20; ++i)
    nested += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=\"b" +
              std::to_string(i + 1) + "\"\r\n\r\n";
  auto deep = ParseInbound(nested, {.max_depth = 12});
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().message, "MIME parts nested more than 12 deep");
}

TEST(ValidUtf8, ReplacesInvalidBytesOnly) {
  EXPECT_EQ(ValidUtf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(ValidUtf8("caf\xE9!"), "caf\xEF\xBF\xBD!");
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(ValidUtf8(std::string("a\0b", 3)), "ab");
}

TEST(StripQuotedHistory, KeepsOnlyTheNewText) {
  EXPECT_EQ(StripQuotedHistory("Fixed now, thanks.\n\n> old line\n>\n> older\n"),
            "Fixed now, thanks.");
  EXPECT_EQ(StripQuotedHistory("Yes.\r\n-----Original Message-----\r\nFrom: support"), "Yes.");
  EXPECT_EQ(StripQuotedHistory("> quoted first\nthen my answer"), "> quoted first\nthen my answer");
  EXPECT_EQ(StripQuotedHistory("> only quotes"), "> only quotes");
}

}  // namespace
}  // namespace tierdesk::mail
