// `store copy`: a desk on SQLite moved to a real PostgreSQL and back, every part of it read
// through the store's ports on each side; a copy refuses a database that holds data.
#include "store/copy/store_copy.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <map>
#include <pqxx/pqxx>
#include <set>

#include "core/decide.h"
#include "integration/postgres_server.h"
#include "service/knowledge_base.h"
#include "service/ticket_search.h"
#include "store/copy/desk_tables.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

using service::CommitRecord;

// A desk with a row in every table: three tickets (two handed off, with a page and deadlines
// running, one resolved with a known fix), delivered, retrying and dead outbox rows, an idempotency
// key, a revoked and a live token, an account, a session, clients with and without an address, a
// binary file, refused mail, settings.
void FillDesk(service::Store& store) {
  const core::Procedure p = SeedProcedure("000-three-level-support.toml");
  auto commit = [&](const core::Ticket& current, const core::Command& c, const char* at,
                    core::TicketId id = 0) {
    auto d = core::Decide(current, c, At(at), p, id);
    ASSERT_TRUE(d.has_value()) << d.error().ToString();
    CommitRecord r{d->ticket,         current.version,          d->events, d->effects, At(at),
                   c.idempotency_key, core::CommandName(c.body)};
    r.assets_changed = service::AssetsChanged(current, d->ticket);
    r.text_changed = service::TicketTextChanged(current, d->ticket);
    ASSERT_TRUE(store.Commit({&r, 1}));
  };
  commit({}, CreateFor("C-1", "mail-<first@client>"), "2026-01-05T10:00:00Z", 1);
  commit({}, CreateFor("C-2"), "2026-01-05T10:01:00Z", 2);
  commit({}, CreateFor("C-3"), "2026-01-05T10:02:00Z", 3);
  for (core::TicketId id : {1, 2})
    commit(store.Load(id).value(),
           core::Command{"psc-anil", id,
                         core::cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, ""},
           "2026-01-05T10:05:00Z");
  // Ticket 3 resolved at Level 1 with a known fix (counted for KB-1).
  commit(store.Load(3).value(),
         core::Command{"psc-anil", 3,
                       core::cmd::Resolve{{{"summary", "Cleared the cache"},
                                           {"details", "As KB-1 says"},
                                           {"known_fix", "KB-1"}}},
                       ""},
         "2026-01-05T10:06:00Z");
  auto outbox = store.PendingOutbox(At("2026-01-05T10:05:00Z"), 100).value();
  ASSERT_GE(outbox.size(), 3u);
  ASSERT_TRUE(store.MarkDelivered(outbox[0].id, At("2026-01-05T10:05:01Z")));
  ASSERT_TRUE(store.MarkAttemptFailed(outbox[1].id, At("2026-01-05T10:05:01Z"), "421 busy",
                                      At("2026-01-05T10:06:00Z")));
  ASSERT_TRUE(store.MarkAttemptFailed(outbox[2].id, At("2026-01-05T10:05:01Z"), "550 no such user",
                                      std::nullopt));
  ASSERT_TRUE(store.PutApiToken(
      {"tok-1", "hash-1", "psc-anil", "laptop", At("2026-01-01T00:00:00Z"), std::nullopt, false}));
  ASSERT_TRUE(store.PutApiToken(
      {"tok-2", "hash-2", "client:C-1", "portal", At("2026-01-02T00:00:00Z"), std::nullopt, true}));
  ASSERT_TRUE(store.RevokeApiToken("tok-2", At("2026-01-03T00:00:00Z")).value());
  ASSERT_TRUE(store.PutAccount(
      {"psc-anil", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA", At("2026-01-01T00:00:00Z")}));
  ASSERT_TRUE(store.PutSession(
      {"sess-1", "psc-anil", "csrf-1", At("2026-01-05T09:00:00Z"), At("2027-01-05T09:00:00Z")}));
  ASSERT_TRUE(store.PutClient({"C-1", "Asha Rao", "asha@client.example", "Client One"}));
  ASSERT_TRUE(store.PutClient({"C-2", "Phone Only", "", "Client Two"}));
  std::string binary = "\x89PNG\r\n\x1a\n";
  binary += std::string(1, '\0') + "\xff\xfe tail";
  ASSERT_TRUE(store.PutBlob("digest-1", binary));
  ASSERT_TRUE(store
                  .KeepRefusedMail({0, At("2026-01-05T11:00:00Z"), "unknown sender", "<x@spam>",
                                    "x@spam", 0, "From: x@spam\r\n\r\n\xc3\xa9", "<x@spam>"})
                  .has_value());
  ASSERT_TRUE(store.PutSetting("procedure_id", "000-three-level-support"));
  // A published article with a draft of its next version: two views, searched on the copy.
  core::Article article;
  article.status = core::ArticleStatus::kDraft;
  article.visibility = {core::ArticleAudience::kNamed, {"C-1"}, {"Client Two"}};
  article.versions = {
      {1, "VPN drops", "Renew the *lease*.", "psc-anil", At("2026-01-05T12:00:00Z")},
      {2, "VPN drops hourly", "Renew the lease; reboot.", "psc-anil", At("2026-01-06T12:00:00Z")}};
  article.published_version = 1;
  article.assets = {"server:db-01"};
  article.tickets = {1};
  ASSERT_TRUE(service::SaveNewArticle(store, store, article).has_value());
}

// What the ports show of a desk filled by FillDesk, equal on every copy.
void ExpectSameDesk(service::Store& a, service::Store& b) {
  for (core::TicketId id : {1, 2, 3}) {
    EXPECT_EQ(a.Load(id).value(), b.Load(id).value());
    EXPECT_EQ(a.Events(id).value(), b.Events(id).value());
  }
  EXPECT_EQ(a.MaxTicketId().value(), b.MaxTicketId().value());
  EXPECT_EQ(a.EventsSince(0, 1000).value(), b.EventsSince(0, 1000).value());
  EXPECT_EQ(a.LastEventSeq().value(), b.LastEventSeq().value());
  auto deadlines_a = a.LoadDeadlines().value(), deadlines_b = b.LoadDeadlines().value();
  auto by_key = [](const service::Deadline& x, const service::Deadline& y) {
    return std::tie(x.ticket, x.clock) < std::tie(y.ticket, y.clock);
  };
  std::sort(deadlines_a.begin(), deadlines_a.end(), by_key);
  std::sort(deadlines_b.begin(), deadlines_b.end(), by_key);
  EXPECT_FALSE(deadlines_a.empty());
  EXPECT_EQ(deadlines_a, deadlines_b);
  auto ids = [](const std::vector<service::OutboxItem>& items) {
    std::vector<std::tuple<int64_t, int, std::string, std::string>> out;
    for (const auto& i : items) out.emplace_back(i.id, i.attempts, i.last_error, i.effect.body);
    return out;
  };
  EXPECT_EQ(ids(a.PendingOutbox(At("2026-01-06T00:00:00Z"), 100).value()),
            ids(b.PendingOutbox(At("2026-01-06T00:00:00Z"), 100).value()));
  EXPECT_EQ(ids(a.DeadLetters(10).value()), ids(b.DeadLetters(10).value()));
  EXPECT_EQ(a.OutboxBacklog().value(), b.OutboxBacklog().value());
  auto tokens = [](service::Store& s) {
    std::vector<std::tuple<std::string, std::string, bool, bool>> out;
    const auto listed = s.ListApiTokens(std::nullopt).value();  // not a temporary's innards
    for (const auto& t : listed)
      out.emplace_back(t.id, t.actor, t.read_only, t.revoked_at.has_value());
    return out;
  };
  EXPECT_EQ(tokens(a), tokens(b));
  EXPECT_EQ(a.FindAccount("psc-anil").value()->password_hash,
            b.FindAccount("psc-anil").value()->password_hash);
  EXPECT_EQ(b.FindSession("sess-1", At("2026-06-01T00:00:00Z")).value()->csrf_token, "csrf-1");
  EXPECT_EQ(a.FindClient("C-2").value(), b.FindClient("C-2").value());
  EXPECT_EQ(b.FindClientByEmail("asha@client.example").value()->id, "C-1");
  EXPECT_EQ(a.GetBlob("digest-1").value(), b.GetBlob("digest-1").value());
  const auto refused = b.ListRefusedMail(10).value();
  ASSERT_FALSE(refused.empty());
  ASSERT_EQ(refused.size(), a.ListRefusedMail(10).value().size());
  for (const auto& mail : refused)
    EXPECT_EQ(a.GetRefusedMail(mail.id).value()->raw, b.GetRefusedMail(mail.id).value()->raw);
  EXPECT_EQ(b.FindIdempotencyKey("mail-<first@client>").value()->ticket, 1);
  EXPECT_EQ(b.GetSetting("procedure_id").value(), "000-three-level-support");
  EXPECT_EQ(a.FindArticle(1).value(), b.FindArticle(1).value());
  EXPECT_EQ(b.TicketsSolvedBy(1).value(), 1);
  // The copied views are searched at once, each by its readers.
  for (const auto& reader :
       {core::ArticleReader::Staff(), core::ArticleReader::Client("C-1", "")}) {
    const auto found = [&](service::Store& s) {
      return service::SearchArticles(s, "lease", reader, "asset:server:db-01", 5).value();
    };
    ASSERT_EQ(found(b).size(), 1u);
    EXPECT_EQ(found(a)[0].version, found(b)[0].version);
  }
  // And the tickets, by title and by resolution.
  const auto tickets = [](service::Store& s, const char* words) {
    std::vector<core::TicketId> ids;
    const auto hits = service::SearchTickets(s, words, 5).value();  // not a temporary's innards
    for (const auto& hit : hits) ids.push_back(hit.summary.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  EXPECT_EQ(tickets(b, "checkout"), (std::vector<core::TicketId>{1, 2, 3}));
  EXPECT_EQ(tickets(b, "cache"), std::vector<core::TicketId>{3});
  EXPECT_EQ(tickets(a, "cache"), tickets(b, "cache"));
}

class StoreCopy : public ::testing::Test {
 protected:
  std::string NewDatabase(const std::string& name) { return server_.CreateDatabase(name); }

  PostgresServer server_;
};

TEST_F(StoreCopy, MovesADeskToPostgresAndBackWhole) {
  ASSERT_TRUE(server_.running()) << server_.Log();
  const std::string original = TempDbPath("copy-original");
  {
    auto sqlite = store::SqliteStore::Open(original).value();
    FillDesk(*sqlite);
  }
  const std::string pg = NewDatabase("moved");
  std::vector<std::string> lines;
  auto copied = store::CopyDesk(original, pg, [&](const std::string& l) { lines.push_back(l); });
  ASSERT_TRUE(copied.has_value()) << copied.error().ToString();
  int64_t rows = 0;
  for (const auto& t : *copied) rows += t.rows;
  EXPECT_GT(rows, 40);
  EXPECT_EQ(lines.back(), "article_view_keys: 4 rows verified");

  auto source = store::SqliteStore::Open(original).value();
  auto moved = store::PostgresStore::Open(pg).value();
  ExpectSameDesk(*source, *moved);

  // The copy goes on where the source stopped: new outbox rows, events and refused mail take
  // ids after the copied ones.
  const int64_t last_seq = moved->LastEventSeq().value();
  const auto dead = moved->DeadLetters(10).value();
  const core::Procedure p = SeedProcedure("000-three-level-support.toml");
  auto d = core::Decide({}, CreateFor("C-4"), At("2026-01-06T10:00:00Z"), p, 4).value();
  CommitRecord r{d.ticket, 0, d.events, d.effects, At("2026-01-06T10:00:00Z"), "", "create"};
  r.assets_changed = true;
  ASSERT_TRUE(moved->Commit({&r, 1}));
  const auto after = moved->EventsSince(last_seq, 100).value();
  ASSERT_EQ(after.size(), d.events.size());
  EXPECT_EQ(after.front().seq, last_seq + 1);
  int64_t max_outbox = 0;
  const auto before = source->PendingOutbox(At("2027-01-01T00:00:00Z"), 1000).value();
  for (const auto& i : before) max_outbox = std::max(max_outbox, i.id);
  for (const auto& i : dead) max_outbox = std::max(max_outbox, i.id);
  const auto now_pending = moved->PendingOutbox(At("2026-01-06T10:00:00Z"), 1000).value();
  for (const auto& i : now_pending) {
    if (i.effect.ticket == 4) {
      EXPECT_GT(i.id, max_outbox);
    }
  }
  EXPECT_GT(
      moved->KeepRefusedMail({0, At("2026-01-06T11:00:00Z"), "r", "", "s", 0, "raw", ""}).value(),
      moved->ListRefusedMail(10).value().back().id);

  // And back to a new SQLite file: the same desk again (the new ticket included).
  const std::string back = TempDbPath("copy-back");
  auto returned = store::CopyDesk(pg, back, [](const std::string&) {});
  ASSERT_TRUE(returned.has_value()) << returned.error().ToString();
  auto round_trip = store::SqliteStore::Open(back).value();
  ExpectSameDesk(*moved, *round_trip);
  EXPECT_EQ(round_trip->Load(4).value(), d.ticket);
}

TEST_F(StoreCopy, RefusesADestinationThatHoldsData) {
  ASSERT_TRUE(server_.running()) << server_.Log();
  const std::string original = TempDbPath("copy-refused");
  {
    auto sqlite = store::SqliteStore::Open(original).value();
    FillDesk(*sqlite);
  }
  const std::string pg = NewDatabase("busy");
  ASSERT_TRUE(store::PostgresStore::Open(pg).value()->PutSetting("procedure_id", "other"));
  auto copied = store::CopyDesk(original, pg, [](const std::string&) {});
  ASSERT_FALSE(copied.has_value());
  EXPECT_EQ(copied.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(copied.error().message.find("already holds settings"), std::string::npos);
  // Nothing was written.
  EXPECT_EQ(store::PostgresStore::Open(pg).value()->MaxTicketId().value(), 0);
}

}  // namespace
}  // namespace tierdesk::testing

namespace tierdesk::testing {
namespace {

using Schema = std::map<std::string, std::set<std::string>>;  // table -> columns

// What `store copy` does not move: each node's coordination on a shared database (which node
// holds a deadline, the leases, the event log's head), each file's migration record, and the
// wrong-password counts of login backoff (forgotten within a day anyway). A desk copied starts
// with none of it, as a database freshly made.
// The search indexes are made from the copied views and ticket texts as they are written
// (SQLite's FTS5 tables by a trigger, PostgreSQL's tsvectors and tag array as generated columns).
const std::set<std::string> kNotCopiedTables = {
    "schema_migrations",     "event_log_head",         "leases",
    "login_failures",        "article_search",         "article_search_config",
    "article_search_data",   "article_search_docsize", "article_search_idx",
    "ticket_search",         "ticket_search_config",   "ticket_search_data",
    "ticket_search_docsize", "ticket_search_idx"};
const std::map<std::string, std::set<std::string>> kNotCopiedColumns = {
    {"deadlines", {"owner", "owner_until", "claimable_at"}},
    {"article_views", {"search", "tag_set"}},
    {"ticket_texts", {"search"}}};

Schema Described(bool postgres) {
  Schema described;
  for (const store::DeskTable& table : store::DeskTables())
    for (const store::DeskColumn& column : table.columns)
      described[table.name].insert(postgres ? column.postgres : column.sqlite);
  return described;
}

Schema Without(Schema schema) {
  for (const auto& table : kNotCopiedTables) schema.erase(table);
  for (const auto& [table, columns] : kNotCopiedColumns)
    for (const auto& column : columns) schema[table].erase(column);
  return schema;
}

// store copy's one description of the desk names every table and column both schemas have,
// and nothing they lack: a migration that adds a column to one fails here until it is described.
TEST_F(StoreCopy, TheDeskDescriptionIsBothSchemasWhole) {
  ASSERT_TRUE(server_.running()) << server_.Log();
  const std::string file = TempDbPath("copy-schema");
  ASSERT_TRUE(store::SqliteStore::Open(file).has_value());
  Schema on_sqlite;
  {
    SQLite::Database db(file, SQLite::OPEN_READONLY);
    SQLite::Statement tables(
        db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (tables.executeStep()) {
      const std::string table = tables.getColumn(0).getString();
      SQLite::Statement columns(db, "SELECT name FROM pragma_table_info(?)");
      columns.bind(1, table);
      while (columns.executeStep()) on_sqlite[table].insert(columns.getColumn(0).getString());
    }
  }
  EXPECT_EQ(Without(on_sqlite), Described(false));

  const std::string pg = NewDatabase("schema");
  ASSERT_TRUE(store::PostgresStore::Open(pg).has_value());
  Schema on_postgres;
  {
    pqxx::connection c(pg);
    pqxx::read_transaction tx(c);
    for (const auto& row : tx.exec(
             "SELECT c.table_name, c.column_name FROM information_schema.columns c "
             "JOIN information_schema.tables t USING (table_schema, table_name) "
             "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"))
      on_postgres[row[0].as<std::string>()].insert(row[1].as<std::string>());
  }
  EXPECT_EQ(Without(on_postgres), Described(true));
}

}  // namespace
}  // namespace tierdesk::testing
