// The IMAP poller inside `tierdesk serve` against dovecot: each message taken once, across
// restarts and lost cursors, and over TLS with the server's certificate verified.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "integration/imap_server.h"
#include "integration/server_process.h"
#include "integration/smtp_server.h"
#include "integration/tls_cert.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

bool WaitUntil(const std::function<bool()>& done) {
  for (int i = 0; i < 200 && !done(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return done();
}

std::string Mail(int n) {
  return "From: ganesh@client.example\r\nSubject: Request " + std::to_string(n) +
         "\r\nMessage-ID: <req-" + std::to_string(n) + "@client.example>\r\n\r\nbody\r\n";
}

class ImapPolling : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = InitTestDatabase("000-three-level-support.toml");
    RunTierdesk(
        {"client", "add", "--db", db_, "--id", "U-1001", "--email", "ganesh@client.example"});
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
    EXPECT_EQ(Tickets(*server), 2u);
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
  ASSERT_TRUE(WaitUntil([&] { return Tickets(*server) == 4u; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // another poll or two
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
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
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
