// Three `tierdesk serve` nodes on one real PostgreSQL, as docs/deploy.md deploys them: creates
// spread over the nodes while one is killed (SIGKILL) keep every acknowledged ticket, once, and
// every webhook row is delivered; ten thousand deadlines fall due at once and each fires exactly
// once although a node dies while firing them.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "core/decide.h"
#include "integration/pgbouncer.h"
#include "integration/postgres_server.h"
#include "integration/server_process.h"
#include "integration/wait.h"
#include "integration/webhook_receiver.h"
#include "store/postgres/postgres_store.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

// The ticket a create's answer acknowledges, if it is a whole answer: a node killed while it
// answered may leave a status line and half a body, which acknowledges nothing.
std::optional<std::string> AcknowledgedRef(const HttpResult& r) {
  if (r.status != 201 && r.status != 200) return std::nullopt;
  const auto body = r.json();
  if (!body.is_object() || !body.contains("id") || !body["id"].is_string()) return std::nullopt;
  return body["id"].get<std::string>();
}

// Sets an environment variable (inherited by the nodes started meanwhile) until it goes out of
// scope, then puts back what was there, whether the test passed or not.
class EnvironmentVariable {
 public:
  EnvironmentVariable(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value, 1);
  }
  ~EnvironmentVariable() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  EnvironmentVariable(const EnvironmentVariable&) = delete;
  EnvironmentVariable& operator=(const EnvironmentVariable&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class Nodes : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.running()) << server_.Log();
    db_ = server_.CreateDatabase("desk");
    RunTierdesk({"init", "--db", db_, "--procedure",
                 (kSourceDir / "procedures" / "000-three-level-support.toml").string()});
    token_ = RunTierdesk({"token", "create", "--db", db_, "--actor", "psc-anil", "--label", "t"});
    ASSERT_FALSE(token_.empty());
  }

  // Rows of `sql` (one number).
  int64_t Count(const std::string& sql) {
    pqxx::connection c(db_);
    pqxx::nontransaction tx(c);
    return tx.exec1(sql)[0].as<int64_t>();
  }

  // Three nodes on `node_db` (the database, or a pool in front of it) under creates from four
  // callers, one node killed at the 120th: every acknowledged create is there once, and every
  // webhook row is delivered.
  // `while_serving` runs once the creates are done, the two surviving nodes still up.
  void CreateOverThreeNodesWithOneKilled(const std::string& node_db,
                                         const std::function<void()>& while_serving = {});

  PostgresServer server_;
  std::string db_, token_;
};

void Nodes::CreateOverThreeNodesWithOneKilled(const std::string& node_db,
                                              const std::function<void()>& while_serving) {
  WebhookReceiver receiver;
  const std::string config = ::testing::TempDir() + "nodes-" + std::to_string(::getpid()) + ".toml";
  std::ofstream(config) << "[outbox]\nlease = \"3s\"\nretry_base = \"1s\"\n[[webhooks]]\nurl = \""
                        << receiver.Url() << "\"\nsecret = \"sixteen characters at least\"\n"
                        << "events = [\"created\"]\n";
  std::vector<std::unique_ptr<ServerProcess>> nodes;
  for (int i = 0; i < 3; ++i) {
    nodes.push_back(
        std::make_unique<ServerProcess>(node_db, std::vector<std::string>{"--config", config}));
    ASSERT_GT(nodes.back()->port(), 0);
  }
  std::vector<int> ports;
  for (const auto& n : nodes) ports.push_back(n->port());
  std::atomic<bool> killed{false};
  std::atomic<int> sent{0};
  std::mutex mu;
  std::map<std::string, std::string> acknowledged;  // idempotency key -> ticket ref
  // Four callers, each sending its creates round the nodes. A create that gets no answer (its
  // node died) is sent again to the next node under the same Idempotency-Key, as a client
  // behind a load balancer would: one ticket however often it is sent.
  auto caller = [&](int who) {
    for (int i = 0; i < 90; ++i) {
      const std::string key = "create-" + std::to_string(who) + "-" + std::to_string(i);
      const std::string body = R"({"title":"Outage )" + key + R"(","client_id":"C-)" +
                               std::to_string(who) +
                               R"(","requester_email":"c@client.example","channel":"phone",)"
                               R"("assets":{"server":"web-01"}})";
      if (++sent == 120) {
        nodes[1]->Kill();
        killed = true;
      }
      for (int attempt = 0; attempt < 6; ++attempt) {
        const int node = (who + i + attempt) % 3;
        if (node == 1 && killed) continue;
        auto r =
            Request("POST", "http://127.0.0.1:" + std::to_string(ports[node]) + "/api/v1/tickets",
                    token_, body, {"Idempotency-Key: " + key});
        if (const auto ref = AcknowledgedRef(r)) {
          std::lock_guard lock(mu);
          acknowledged[key] = *ref;
          break;
        }
      }
    }
  };
  std::vector<std::thread> callers;
  for (int who = 0; who < 4; ++who) callers.emplace_back(caller, who);
  for (auto& t : callers) t.join();
  ASSERT_TRUE(killed);

  // Every create was acknowledged, by one ticket each: none lost, none made twice.
  EXPECT_EQ(acknowledged.size(), 360u);
  std::set<std::string> refs;
  for (const auto& [key, ref] : acknowledged) refs.insert(ref);
  EXPECT_EQ(refs.size(), 360u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM tickets"), 360);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events WHERE type = 'created'"), 360);
  // One webhook row per created event, and every one delivered (the killed node's claimed rows
  // by another node once their lease ran out).
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE kind = 'webhook'"), 360);
  ASSERT_TRUE(WaitUntil(
      [&] { return Count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL") == 0; },
      std::chrono::seconds(60)))
      << Count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL") << " undelivered";
  std::set<std::string> deliveries;
  for (const auto& r : receiver.Received()) deliveries.insert(r.headers.at("x-tierdesk-delivery"));
  EXPECT_EQ(deliveries.size(), 360u);  // each row at least once (a repeat carries the same id)
  // The surviving nodes serve every ticket, whichever node created it.
  for (const std::string& ref : {*refs.begin(), *refs.rbegin()}) {
    auto r = Request("GET", nodes[2]->Url("/api/v1/tickets/" + ref), token_);
    EXPECT_EQ(r.status, 200) << ref;
  }
  if (while_serving) while_serving();
}

TEST_F(Nodes, CreatesOverThreeNodesKeepEveryAcknowledgedTicketOnceWhenOneIsKilled) {
  CreateOverThreeNodesWithOneKilled(db_);
}

// As docs/deploy.md puts PgBouncer in front of the database: transaction mode, prepared
// statements off (TIERDESK_PG_PREPARED=0), and two server connections for the nodes' dozen
// or so, so that their transactions really share connections.
TEST_F(Nodes, ThroughPgBouncerInTransactionModeNothingIsLostEither) {
  PgBouncer pool(server_.port(), "desk", 2);
  ASSERT_TRUE(pool.running()) << pool.Log();
  const EnvironmentVariable unprepared("TIERDESK_PG_PREPARED", "0");
  PgBouncer::Pool seen;
  ASSERT_NO_FATAL_FAILURE(CreateOverThreeNodesWithOneKilled(
      pool.Uri("desk"), [&] { seen = pool.Connections("desk"); }));
  // The two live nodes' connections were the pool's clients, more of them than the server
  // connections it holds (two at most, as configured): their transactions took turns on
  // connections none of them owned.
  EXPECT_GT(seen.servers, 0) << pool.Log();
  EXPECT_GT(seen.clients, seen.servers)
      << seen.clients << " clients, " << seen.servers << " servers\n"
      << pool.Log();
}

TEST_F(Nodes, NodesRecoverWhenTheDatabaseCrashesUnderLoadAndLoseNothingAcknowledged) {
  std::vector<std::unique_ptr<ServerProcess>> nodes;
  for (int i = 0; i < 2; ++i) {
    nodes.push_back(std::make_unique<ServerProcess>(db_));
    ASSERT_GT(nodes.back()->port(), 0);
  }
  std::atomic<int> sent{0};
  std::atomic<bool> restarted{false};
  std::mutex mu;
  std::set<std::string> acknowledged;
  int refused_while_down = 0;
  // Callers keep creating; each create is sent again (same Idempotency-Key) until answered.
  auto caller = [&](int who) {
    for (int i = 0; i < 60; ++i) {
      const std::string key = "c-" + std::to_string(who) + "-" + std::to_string(i);
      const std::string body = R"({"title":"Outage )" + key +
                               R"(","client_id":"C-1","requester_email":"c@client.example",)"
                               R"("channel":"phone","assets":{"server":"web-01"}})";
      ++sent;
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      for (int attempt = 0; std::chrono::steady_clock::now() < give_up; ++attempt) {
        auto r = Request("POST", nodes[(who + attempt) % 2]->Url("/api/v1/tickets"), token_, body,
                         {"Idempotency-Key: " + key});
        if (const auto ref = AcknowledgedRef(r)) {
          std::lock_guard lock(mu);
          acknowledged.insert(*ref);
          break;
        }
        {
          std::lock_guard lock(mu);
          ++refused_while_down;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  };
  std::vector<std::thread> callers;
  for (int who = 0; who < 3; ++who) callers.emplace_back(caller, who);
  ASSERT_TRUE(WaitUntil([&] { return sent >= 60; }, std::chrono::seconds(30)));
  // A crash as far as the data is concerned, then the same server back on the same port.
  ASSERT_TRUE(server_.Stop("immediate")) << server_.Log();
  // While it is down, the nodes say they are not ready.
  for (const auto& n : nodes) EXPECT_EQ(Request("GET", n->Url("/readyz")).status, 503);
  ASSERT_TRUE(server_.Start()) << server_.Log();
  restarted = true;
  for (auto& t : callers) t.join();
  EXPECT_EQ(acknowledged.size(), 180u);
  // Every ticket acknowledged is there, once.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM tickets"), 180);
  // Both nodes are ready again and serve reads and writes.
  for (const auto& n : nodes) {
    EXPECT_TRUE(WaitUntil([&] { return Request("GET", n->Url("/readyz")).status == 200; },
                          std::chrono::seconds(30)));
    EXPECT_EQ(Request("GET", n->Url("/api/v1/tickets/" + *acknowledged.begin()), token_).status,
              200);
  }
  RecordProperty("requests refused while the database was down", refused_while_down);
}

TEST_F(Nodes, TenThousandDeadlinesDueAtOnceFireExactlyOnceAcrossNodesWhenOneDies) {
  // Ten thousand tickets whose hand-off clocks all fall due at 10:15, written as `store copy`
  // would leave them (held by no node).
  {
    auto seed = store::PostgresStore::Open(db_).value();
    const core::Procedure p = SeedProcedure("000-three-level-support.toml");
    std::vector<service::CommitRecord> batch;
    for (int i = 0; i < 10000; ++i) {
      const core::TicketId id = seed->ReserveTicketIds(1).value().front();
      auto d = core::Decide({}, CreateFor("C-" + std::to_string(i % 50)),
                            At("2026-01-05T10:00:00Z"), p, id)
                   .value();
      batch.push_back({d.ticket, 0, d.events, d.effects, At("2026-01-05T10:00:00Z"), "", "create"});
      batch.back().assets_changed = true;
      if (batch.size() == 500) {
        ASSERT_TRUE(seed->Commit(batch));
        batch.clear();
      }
    }
  }
  ASSERT_EQ(Count("SELECT COUNT(*) FROM deadlines WHERE clock = 'handoff'"), 10000);
  // Three nodes on a sandbox clock at 10:15:00, the instant the deadlines fall due.
  std::vector<std::unique_ptr<ServerProcess>> nodes;
  for (int i = 0; i < 3; ++i)
    nodes.push_back(std::make_unique<ServerProcess>(
        db_, std::vector<std::string>{"--simulate-from", "2026-01-05T10:15:00Z"}));
  const std::string breached =
      "SELECT COUNT(*) FROM events WHERE type = 'clock_breached' "
      "AND fields LIKE '%\"clock\":\"handoff\"%'";
  // One node dies once they fire: whichever holds the most claimed deadlines it has not fired
  // yet (the claimers take up to 8,000 a round, so two nodes may take them all).
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::map<std::string, size_t> node_named;
  for (size_t i = 0; i < nodes.size(); ++i)
    node_named[std::string(host) + "-" + std::to_string(nodes[i]->pid())] = i;
  std::string dead_node;
  ASSERT_TRUE(WaitUntil(
      [&] {
        if (Count(breached) == 0) return false;
        pqxx::connection c(db_);
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec(
            "SELECT owner FROM deadlines WHERE clock = 'handoff' AND owner <> '' "
            "GROUP BY owner ORDER BY COUNT(*) DESC LIMIT 1");
        if (rows.empty()) return false;
        dead_node = rows[0][0].as<std::string>();
        return true;
      },
      std::chrono::seconds(30)));
  ASSERT_EQ(node_named.count(dead_node), 1u) << dead_node;
  const size_t dead = node_named[dead_node];
  nodes[dead]->Kill();
  // It died holding deadlines it had claimed and not fired: those are what the others must take.
  EXPECT_GT(Count("SELECT COUNT(*) FROM deadlines WHERE clock = 'handoff' AND owner = '" +
                  dead_node + "'"),
            0);
  // What it held stays held until ten seconds past the later of its due time and its claim:
  // the others' clocks move on, and they take the rest.
  for (size_t i = 0; i < nodes.size(); ++i)
    if (i != dead)
      ASSERT_EQ(Request("POST", nodes[i]->Url("/api/v1/clock"), token_,
                        R"({"to":"2026-01-05T10:15:11Z"})")
                    .status,
                200);
  ASSERT_TRUE(WaitUntil([&] { return Count(breached) >= 10000; }, std::chrono::seconds(120)))
      << Count(breached) << " of 10000 fired";
  // Each deadline (ticket, clock, due) fired exactly once.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM (SELECT ticket_id FROM events WHERE type = "
                  "'clock_breached' AND fields LIKE '%\"clock\":\"handoff\"%' GROUP BY ticket_id, "
                  "fields HAVING COUNT(*) > 1) twice"),
            0);
  EXPECT_EQ(Count(breached), 10000);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT ticket_id) FROM events WHERE type = 'clock_breached' "
                  "AND fields LIKE '%\"clock\":\"handoff\"%'"),
            10000);
}

}  // namespace
}  // namespace tierdesk::testing
