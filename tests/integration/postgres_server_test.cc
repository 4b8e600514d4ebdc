// The PostgreSQL the store tests run against: a real server, started by the test itself on
// loopback, that keeps what was committed through a crash (stopped "immediate", restarted).
#include "integration/postgres_server.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

namespace tierdesk::testing {
namespace {

TEST(PostgresServer, StartsOnLoopbackAndKeepsCommittedRowsThroughACrash) {
  PostgresServer server;
  ASSERT_TRUE(server.running()) << server.Log();
  {
    pqxx::connection c(server.Uri());
    pqxx::work w(c);
    EXPECT_EQ(w.exec1("SELECT current_setting('server_version_num')::int / 10000")[0].as<int>(),
              15);
    EXPECT_EQ(w.exec1("SELECT inet_server_addr()::text")[0].as<std::string>(), "127.0.0.1/32");
    w.exec0("CREATE TABLE kept (id int PRIMARY KEY, what text NOT NULL)");
    w.exec0("INSERT INTO kept VALUES (1, 'acknowledged')");
    w.commit();
    // Begun, never committed: gone after the crash.
    pqxx::work open(c);
    open.exec0("INSERT INTO kept VALUES (2, 'in flight')");
    ASSERT_TRUE(server.Stop("immediate")) << server.Log();
  }
  ASSERT_TRUE(server.Start()) << server.Log();
  pqxx::connection c(server.Uri());
  pqxx::work w(c);
  const auto rows = w.exec("SELECT id, what FROM kept ORDER BY id");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1].as<std::string>(), "acknowledged");
}

}  // namespace
}  // namespace tierdesk::testing
