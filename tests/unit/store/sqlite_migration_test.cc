// Upgrading a database written before a migration: the SQLite store's own concern (the memory
// store has no schema), so apart from the contract suite.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/decide.h"
#include "json/bounded.h"
#include "json/codec.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::store {
namespace {

using testing::At;
using testing::CreateFor;

// `command` decided on `current`, as the ticket it leaves.
core::Ticket After(const core::Ticket& current, const core::Command& command, Timestamp at,
                   const core::Procedure& procedure, core::TicketId new_id = 0) {
  auto decided = core::Decide(current, command, at, procedure, new_id);
  EXPECT_TRUE(decided.has_value()) << (decided ? "" : decided.error().ToString());
  return decided ? decided->ticket : core::Ticket{};
}

// A database at schema version `version`, as an older tierdesk left it, holding `tickets` in
// the rows that version wrote.
void WriteDatabaseAtVersion(const std::string& path, int version,
                            const std::vector<core::Ticket>& tickets) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  for (int v = 0; v < version; ++v) {
    db.exec(SqliteMigrations()[v]);
    db.exec("INSERT INTO schema_migrations (version) VALUES (" + std::to_string(v + 1) + ")");
  }
  for (const core::Ticket& t : tickets) {
    SQLite::Statement q(db,
                        "INSERT INTO tickets (id, version, tier, stage, priority, received_at, "
                        "updated_at, client_id, assignee, title, state, is_open) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
    q.bind(1, int64_t(t.id));
    q.bind(2, int64_t(t.version));
    q.bind(3, t.tier);
    q.bind(4, core::StageName(t.stage));
    q.bind(5, int(t.priority));
    q.bind(6, int64_t(t.received_at.time_since_epoch().count()));
    q.bind(7, int64_t(t.updated_at.time_since_epoch().count()));
    q.bind(8, t.registration.client_id);
    q.bind(9, t.assignee);
    q.bind(10, t.registration.title);
    q.bind(11, json::Dump(json::TicketToJson(t)));
    q.exec();
  }
}

TEST(SqliteMigration, PagesInFlightBeforeThePagedColumnAreFoundAfterTheUpgrade) {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  const core::Ticket waiting =
      After({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), procedure, 1);
  const core::Ticket paged = After(
      After({}, CreateFor("C-2"), At("2026-01-05T10:01:00Z"), procedure, 2),
      core::Command{"psc-anil", 2, core::cmd::HandOff{"L2", "needs_deeper_knowledge", "x", ""}, ""},
      At("2026-01-05T10:05:00Z"), procedure);
  ASSERT_EQ(service::PagedTo(paged), "ssc-ravi");
  const std::string path = testing::TempDbPath("paged-backfill");
  WriteDatabaseAtVersion(path, 7, {waiting, paged});

  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  EXPECT_EQ((*store)->SchemaVersion(), int(SqliteMigrations().size()));
  const service::TicketFilter ravi{.paged = "ssc-ravi", .open_only = true};
  auto found = (*store)->ListTicketSummaries(ravi).value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 2);
  EXPECT_EQ(found[0].paged, "ssc-ravi");
  auto all = (*store)->ListTicketSummaries({}).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].paged, "");
  EXPECT_EQ((*store)->Load(2).value(), paged);
}

TEST(SqliteMigration, FilesOfInternalNotesStoredBeforeTheMarkAreHiddenFromClientsAfterTheUpgrade) {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  auto file = [](std::string name, char digit) {
    return core::Attachment{std::move(name), "image/png", 10, std::string(64, digit), "", false};
  };
  core::Command create = CreateFor("C-1");
  std::get<core::cmd::Create>(create.body).attachments = {file("screen.png", 'a')};
  auto note = [&](bool is_public, core::Attachment attached) {
    return core::Command{"psc-anil", 1, core::cmd::Note{"see file", is_public, {attached}}, ""};
  };
  // The client's screenshot, a staff log with a comma in its name on an internal note, and a
  // file on a public note.
  std::vector<core::Event> events;
  core::Ticket ticket;
  for (const auto& [command, minute] :
       {std::pair{create, 0}, std::pair{note(false, file("db, primary.log", 'b')), 1},
        std::pair{note(true, file("fix.pdf", 'c')), 2}}) {
    auto decided = core::Decide(
        ticket, command, At("2026-01-05T10:00:00Z") + std::chrono::minutes(minute), procedure, 1);
    ASSERT_TRUE(decided.has_value()) << decided.error().ToString();
    ticket = decided->ticket;
    events.insert(events.end(), decided->events.begin(), decided->events.end());
  }
  ASSERT_EQ(ticket.attachments.size(), 3u);
  ASSERT_TRUE(ticket.attachments[1].internal);
  const std::string path = testing::TempDbPath("internal-files");
  WriteDatabaseAtVersion(path, 8, {ticket});
  {
    // As version 8 wrote them: no file carries `internal`.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    json::Json state = json::TicketToJson(ticket);
    for (auto& a : state["attachments"]) a.erase("internal");
    SQLite::Statement update(db, "UPDATE tickets SET state = ? WHERE id = 1");
    update.bind(1, json::Dump(state));
    update.exec();
    for (const core::Event& e : events) {
      SQLite::Statement q(db,
                          "INSERT INTO events (ticket_id, at, type, actor, recipient, fields) "
                          "VALUES (1, 0, ?, ?, ?, ?)");
      q.bind(1, e.type);
      q.bind(2, e.actor);
      q.bind(3, e.to);
      q.bind(4, json::Dump(json::FieldsToJson(e.fields)));
      q.exec();
    }
  }

  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  const core::Ticket upgraded = (*store)->Load(1).value();
  ASSERT_EQ(upgraded.attachments.size(), 3u);
  EXPECT_EQ(upgraded.attachments[0].name, "screen.png");
  EXPECT_FALSE(upgraded.attachments[0].internal);
  EXPECT_EQ(upgraded.attachments[1].name, "db, primary.log");
  EXPECT_TRUE(upgraded.attachments[1].internal);
  EXPECT_EQ(upgraded.attachments[2].name, "fix.pdf");
  EXPECT_FALSE(upgraded.attachments[2].internal);
  EXPECT_EQ(upgraded, ticket);
}

// SQLite's plan for `sql` on a new database at the current schema, one step a line.
std::string QueryPlan(const std::string& name, const std::string& sql) {
  const std::string path = testing::TempDbPath(name);
  EXPECT_TRUE(SqliteStore::Open(path).has_value());
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement plan(db, "EXPLAIN QUERY PLAN " + sql);
  std::string details;
  while (plan.executeStep()) details += plan.getColumn(3).getString() + "\n";
  return details;
}

TEST(SqliteMigration, ATiersQueueOfOneStageIsReadInOrderFromTheTierIndex) {
  // The shape of QueueQuery for ?tier=&stage= since the (tier, stage, ...) index was dropped.
  const std::string details =
      QueryPlan("stage-index",
                "SELECT id FROM tickets WHERE tier = ? AND stage = ? AND is_open = ? "
                "ORDER BY priority, received_at, id LIMIT 50");
  EXPECT_THAT(details, ::testing::HasSubstr("tickets_tier_queue"));
  EXPECT_THAT(details, ::testing::Not(::testing::HasSubstr("TEMP B-TREE")));
  EXPECT_THAT(details, ::testing::Not(::testing::HasSubstr("tickets_queue ")));
}

TEST(SqliteMigration, APersonsPagesAreReadFromTheirOwnIndex) {
  // The shape of the store's paged queue (sqlite_store.cc, QueueQuery): served by the partial
  // index in queue order, without a sort.
  const std::string details =
      QueryPlan("paged-index",
                "SELECT id FROM tickets WHERE paged_to = ? AND paged_to <> '' AND is_open = 1 "
                "ORDER BY priority, received_at, id");
  EXPECT_THAT(details, ::testing::HasSubstr("tickets_paged_queue"));
  EXPECT_THAT(details, ::testing::Not(::testing::HasSubstr("TEMP B-TREE")));
}

TEST(SqliteMigration, ATeamsConsultsAreReadFromTheIndexOfTicketsWaitingOnOne) {
  // The shape of a consult team's queue (store/sql/queue_query.cc): only the tickets waiting on
  // some team are scanned, in queue order, without a sort.
  const std::string details =
      QueryPlan("consulting-index",
                "SELECT id FROM tickets WHERE instr(consulting, ?) > 0 AND consulting <> '' "
                "ORDER BY priority, received_at, id");
  EXPECT_THAT(details, ::testing::HasSubstr("tickets_consulting_queue"));
  EXPECT_THAT(details, ::testing::Not(::testing::HasSubstr("TEMP B-TREE")));
}

}  // namespace
}  // namespace tierdesk::store
