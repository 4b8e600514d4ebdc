// The SQLite store's decoded-ticket cache: a hit only at the row's current version, so another
// writer's change is never hidden; bounded, oldest out first.
#include "store/sqlite/ticket_cache.h"

#include <gtest/gtest.h>

#include "service/ticket_service.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::store {
namespace {

using testing::At;
using testing::CreateFor;

core::Ticket TicketAt(core::TicketId id, int64_t version) {
  core::Ticket t;
  t.id = id;
  t.version = version;
  t.registration.title = "v" + std::to_string(version);
  return t;
}

TEST(TicketCache, HitsOnlyTheVersionHeld) {
  TicketCache cache(4);
  cache.Put(TicketAt(1, 2));
  ASSERT_TRUE(cache.Find(1, 2));
  EXPECT_EQ(cache.Find(1, 2)->registration.title, "v2");
  EXPECT_FALSE(cache.Find(1, 3));
  EXPECT_FALSE(cache.Find(2, 2));
  cache.Put(TicketAt(1, 3));
  EXPECT_FALSE(cache.Find(1, 2));
  EXPECT_EQ(cache.Find(1, 3)->registration.title, "v3");
  cache.Clear();
  EXPECT_FALSE(cache.Find(1, 3));
}

TEST(TicketCache, TheOldestGoesFirst) {
  TicketCache cache(2);
  cache.Put(TicketAt(1, 1));
  cache.Put(TicketAt(2, 1));
  cache.Put(TicketAt(1, 2));  // a newer version keeps its place
  cache.Put(TicketAt(3, 1));
  EXPECT_FALSE(cache.Find(1, 2));
  EXPECT_TRUE(cache.Find(2, 1));
  EXPECT_TRUE(cache.Find(3, 1));
  TicketCache none(0);
  none.Put(TicketAt(1, 1));
  EXPECT_FALSE(none.Find(1, 1));
}

// Two writers on one file (a server and a CLI, say): each sees the other's commits, whatever
// it holds decoded.
TEST(TicketCache, AnotherWritersChangeIsSeen) {
  const std::string path = testing::TempDbPath("ticket-cache");
  const auto procedure = testing::SeedProcedure("000-three-level-support.toml");
  auto first = SqliteStore::Open(path).value();
  auto second = SqliteStore::Open(path).value();
  service::TicketService by_first(*first, procedure);
  service::TicketService by_second(*second, procedure);
  ASSERT_TRUE(by_first.Execute(CreateFor("C-1"), At("2026-01-05T04:00:00Z")));
  ASSERT_TRUE(by_second.Execute(
      core::Command{"psc-anil", 1, core::cmd::HandOff{"L2", "needs_deeper_knowledge", "tried"}},
      At("2026-01-05T04:05:00Z")));
  EXPECT_EQ(first->Load(1).value().tier, "L2");
  // And the first writer goes on from there, rather than from what it had decoded.
  ASSERT_TRUE(by_first.Execute(core::Command{"ssc-ravi", 1, core::cmd::Acknowledge{}},
                               At("2026-01-05T04:06:00Z")));
  EXPECT_EQ(second->Load(1).value().assignee, "ssc-ravi");
  EXPECT_EQ(second->Load(1).value().version, 3);
}

}  // namespace
}  // namespace tierdesk::store
