// The IMAP poller against dovecot: on its own, a message stays unread until `take` returned and
// arrives byte for byte; inside `tierdesk serve`, each message is taken once, across restarts
// and lost cursors, and over TLS with the server's certificate verified.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "integration/imap_server.h"
#include "integration/server_process.h"
#include "integration/smtp_server.h"
#include "integration/tls_cert.h"
#include "integration/wait.h"
#include "mail/imap_poller.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

std::string Mail(int n) {
  return "From: ganesh@client.example\r\nSubject: Request " + std::to_string(n) +
         "\r\nMessage-ID: <req-" + std::to_string(n) + "@client.example>\r\n\r\nbody\r\n";
}

// The poller alone, with a `take` the test controls and a look at the flags while it runs.
class ImapPollerAlone : public ::testing::Test {
 protected:
  ImapPollerAlone() : imap_(TempDbPath(Name()) + ".imap") {}
  void SetUp() override { ASSERT_TRUE(imap_.Accepts()) << imap_.Log(); }
  static std::string Name() {
    return ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }
  mail::ImapPoller Poller() {
    return mail::ImapPoller(
        {.url = imap_.Url(), .username = ImapServer::kUser, .password = ImapServer::kPassword},
        *store_, [this](std::string_view raw) -> Status {
          offered_.emplace_back(raw);
          seen_while_taking_.push_back(imap_.SeenCount());
          if (refuse_) return Fail(ErrorCode::kUnavailable, "the engine is stopping");
          return Ok();
        });
  }

  ImapServer imap_;
  std::unique_ptr<store::SqliteStore> store_ =
      std::move(store::SqliteStore::Open(":memory:").value());
  bool refuse_ = false;
  std::vector<std::string> offered_;
  std::vector<int> seen_while_taking_;  // \Seen messages in the mailbox during each take
};

TEST_F(ImapPollerAlone, AMessageStaysUnreadUntilItIsTakenAndIsOfferedAgainAfterAFailure) {
  imap_.Deliver(Mail(1));
  mail::ImapPoller poller = Poller();
  refuse_ = true;  // intake cannot commit now
  ASSERT_EQ(poller.PollOnce().value(), 0);
  EXPECT_EQ(imap_.SeenCount(), 0);  // fetching it did not mark it read
  ASSERT_EQ(offered_.size(), 1u);

  refuse_ = false;
  ASSERT_EQ(poller.PollOnce().value(), 1);
  ASSERT_EQ(offered_.size(), 2u);
  EXPECT_EQ(offered_[1], Mail(1));
  EXPECT_THAT(seen_while_taking_, ::testing::ElementsAre(0, 0));
  EXPECT_EQ(imap_.SeenCount(), 1);  // marked once taken

  ASSERT_EQ(poller.PollOnce().value(), 0);
  EXPECT_EQ(offered_.size(), 2u);
}

TEST_F(ImapPollerAlone, AMessageArrivesByteForByteWhateverItSays) {
  // Lines that look like the server's own (a tagged completion, a FETCH with a literal) and a
  // line longer than any read buffer: the literal's octet count decides, not the content.
  const std::string hostile =
      "From: ganesh@client.example\r\nSubject: Tricky\r\nMessage-ID: <tricky@client.example>"
      "\r\n\r\ntd1 OK done\r\ntd4 OK done\r\n* 2 FETCH (UID 9 BODY[] {3}\r\n)\r\n" +
      std::string(300 * 1024, 'x') + "\r\n{12}\r\n";
  imap_.Deliver(hostile);
  imap_.Deliver(Mail(2));
  mail::ImapPoller poller = Poller();
  ASSERT_EQ(poller.PollOnce().value(), 2);
  ASSERT_EQ(offered_.size(), 2u);
  EXPECT_TRUE(offered_[0] == hostile) << offered_[0].size() << " bytes, not " << hostile.size();
  EXPECT_EQ(offered_[1], Mail(2));
  EXPECT_EQ(imap_.SeenCount(), 2);
}

TEST(ImapPollerStartTls, TakesMailOnlyOverAVerifiedUpgrade) {
  const std::string dir = TempDbPath("imap-starttls");
  const TlsFiles tls = MakeSelfSignedCert(dir + ".cert");
  ASSERT_FALSE(tls.cert.empty());
  ImapServer imap(dir + ".imap", tls.cert, tls.key);
  ASSERT_TRUE(imap.Accepts()) << imap.Log();
  imap.Deliver(Mail(1));
  auto store = std::move(store::SqliteStore::Open(":memory:").value());
  std::vector<std::string> taken;
  mail::ImapSettings settings{.url = imap.Url(),
                              .starttls = true,
                              .username = ImapServer::kUser,
                              .password = ImapServer::kPassword};
  const auto take = [&](std::string_view raw) -> Status {
    taken.emplace_back(raw);
    return Ok();
  };
  EXPECT_FALSE(mail::ImapPoller(settings, *store, take).PollOnce());  // the system's CAs
  settings.ca_file = tls.cert;
  auto polled = mail::ImapPoller(settings, *store, take).PollOnce();
  ASSERT_TRUE(polled) << polled.error().message;
  EXPECT_EQ(*polled, 1);
  EXPECT_THAT(taken, ::testing::ElementsAre(Mail(1)));
}

class ImapPolling : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = InitTestDatabase("000-three-level-support.toml");
    RunTierdesk({"client", "add", "--db", db_, "--id", "U-1001", "--name", "Ganesh K", "--email",
                 "ganesh@client.example"});
    token_ = RunTierdesk({"token", "create", "--db", db_, "--actor", "psc-anil"});
  }
  // Mail out goes to the discard port: these tests are about mail in.
  void WriteConfig(const ImapServer& imap, bool tls = false, const std::string& ca_file = {}) {
    std::ofstream(db_ + ".toml") << MailSection("smtp://127.0.0.1:9")
                                 << imap.ConfigSection(tls, ca_file);
  }
  std::unique_ptr<ServerProcess> Serve() {
    return std::make_unique<ServerProcess>(db_,
                                           std::vector<std::string>{"--config", db_ + ".toml"});
  }
  size_t Tickets(ServerProcess& server) {
    auto list = Request("GET", server.Url("/api/v1/tickets?limit=200"), token_).json();
    return list.contains("tickets") ? list["tickets"].size() : 0;
  }

  std::string db_, token_;
};

TEST_F(ImapPolling, EachMessageIsTakenOnceAcrossRestartsAndALostCursor) {
  ImapServer imap(db_ + ".imap");
  ASSERT_TRUE(imap.Accepts()) << imap.Log();
  WriteConfig(imap);
  imap.Deliver(Mail(1));
  imap.Deliver(Mail(2));
  {
    auto server = Serve();
    ASSERT_TRUE(WaitUntil([&] { return imap.SeenCount() == 2; })) << imap.Log();
    EXPECT_EQ(Tickets(*server), 2u);  // \Seen comes after the commit
  }
  // Mail that came while the server was down is taken when it is back, and only that.
  imap.Deliver(Mail(3));
  {
    auto server = Serve();
    ASSERT_TRUE(WaitUntil([&] { return imap.SeenCount() == 3; }));
    EXPECT_EQ(Tickets(*server), 3u);
  }
  // A crash between a commit and the cursor's move (here: the cursor forgotten) offers the
  // messages again; their Message-IDs make that no change.
  {
    auto store = std::move(store::SqliteStore::Open(db_).value());
    ASSERT_TRUE(store->PutSetting("imap_cursor:" + imap.Url(), "0 0"));
  }
  auto server = Serve();
  imap.Deliver(Mail(4));
  ASSERT_TRUE(WaitUntil([&] { return imap.SeenCount() == 4; }));
  // Seen only once committed: the four tickets are there, and two more whole polls add none.
  EXPECT_EQ(Tickets(*server), 4u);
  const int sessions = imap.Sessions();
  ASSERT_TRUE(WaitUntil([&] { return imap.Sessions() >= sessions + 2; })) << imap.Log();
  EXPECT_EQ(Tickets(*server), 4u);
}

TEST_F(ImapPolling, ImapsIsTakenOnlyFromAVerifiedServer) {
  const TlsFiles tls = MakeSelfSignedCert(db_ + ".cert");
  ASSERT_FALSE(tls.cert.empty());
  ImapServer imap(db_ + ".imap", tls.cert, tls.key);
  ASSERT_TRUE(imap.Accepts()) << imap.Log();
  imap.Deliver(Mail(1));
  WriteConfig(imap, /*tls=*/true);  // the system's CAs do not know this certificate
  {
    auto server = Serve();
    // Two polls turned away at the handshake, and nothing taken.
    ASSERT_TRUE(WaitUntil([&] { return imap.RefusedHandshakes() >= 2; })) << imap.Log();
    EXPECT_EQ(imap.SeenCount(), 0);
    EXPECT_EQ(Tickets(*server), 0u);
  }
  WriteConfig(imap, /*tls=*/true, tls.cert);
  auto server = Serve();
  ASSERT_TRUE(WaitUntil([&] { return imap.SeenCount() == 1; })) << imap.Log();
  EXPECT_EQ(Tickets(*server), 1u);
}

}  // namespace
}  // namespace tierdesk::testing
