#include "store/sql/queue_query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace tierdesk::store::sql {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kColumns = "id, title";

TEST(QueueQueryTest, NoFilterOrdersAndLimits) {
  service::TicketFilter f;
  f.limit = 25;
  Query lite = QueueQuery(f, kColumns, Dialect::kSqlite);
  EXPECT_EQ(lite.sql,
            "SELECT id, title FROM tickets WHERE 1 = 1 ORDER BY priority, received_at, id LIMIT ?");
  EXPECT_THAT(lite.params, ElementsAre(Param(int64_t(25))));
  Query pg = QueueQuery(f, kColumns, Dialect::kPostgres);
  EXPECT_EQ(
      pg.sql,
      "SELECT id, title FROM tickets WHERE 1 = 1 ORDER BY priority, received_at, id LIMIT $1");
  EXPECT_THAT(pg.params, ElementsAre(Param(int64_t(25))));
}

TEST(QueueQueryTest, ParamsFollowPlaceholderOrder) {
  service::TicketFilter f;
  f.tier = "L2";
  f.stage = core::Stage::kClosed;
  f.client_id = "C-1";
  f.assignee = "t2-omar";
  f.asset = "server:web-01";
  f.paged = "t1-maria";
  f.after = service::QueuePosition{core::Priority::kHigh, FromEpochSeconds(1000), 7};
  f.limit = 10;
  const std::vector<Param> expected = {Param(std::string("L2")),
                                       Param(std::string("closed")),
                                       Param(false),
                                       Param(std::string("C-1")),
                                       Param(std::string("t2-omar")),
                                       Param(std::string("server:web-01")),
                                       Param(std::string("t1-maria")),
                                       Param(int64_t(core::Priority::kHigh)),
                                       Param(int64_t(1000)),
                                       Param(int64_t(7)),
                                       Param(int64_t(10))};

  Query lite = QueueQuery(f, kColumns, Dialect::kSqlite);
  EXPECT_EQ(lite.params, expected);
  EXPECT_EQ(std::count(lite.sql.begin(), lite.sql.end(), '?'), 11);
  EXPECT_THAT(lite.sql, HasSubstr(" AND tier = ? AND stage = ? AND is_open = ?"
                                  " AND client_id = ? AND assignee = ?"
                                  " AND id IN (SELECT ticket_id FROM ticket_assets WHERE asset = ?)"
                                  " AND paged_to = ? AND paged_to <> ''"
                                  " AND (priority, received_at, id) > (?, ?, ?)"
                                  " ORDER BY priority, received_at, id LIMIT ?"));
  EXPECT_THAT(lite.sql, Not(HasSubstr("$")));

  Query pg = QueueQuery(f, kColumns, Dialect::kPostgres);
  EXPECT_EQ(pg.params, expected);
  EXPECT_THAT(pg.sql, HasSubstr(" AND tier = $1 AND stage = $2 AND is_open = $3"
                                " AND client_id = $4 AND assignee = $5"
                                " AND id IN (SELECT ticket_id FROM ticket_assets WHERE asset = $6)"
                                " AND paged_to = $7 AND paged_to <> ''"
                                " AND (priority, received_at, id) > ($8::INTEGER, $9::BIGINT, "
                                "$10::BIGINT) ORDER BY priority, received_at, id LIMIT $11"));
  EXPECT_THAT(pg.sql, Not(HasSubstr("?")));
}

TEST(QueueQueryTest, OpenOnlyInEachDialect) {
  service::TicketFilter f;
  f.open_only = true;
  f.stage = core::Stage::kOpen;
  Query lite = QueueQuery(f, kColumns, Dialect::kSqlite);
  EXPECT_THAT(lite.sql, HasSubstr("stage = ? AND is_open = ? AND is_open = 1 ORDER BY"));
  Query pg = QueueQuery(f, kColumns, Dialect::kPostgres);
  EXPECT_THAT(pg.sql, HasSubstr("stage = $1 AND is_open = $2 AND is_open ORDER BY"));
  EXPECT_THAT(pg.params, ElementsAre(Param(std::string("open")), Param(true), Param(int64_t(100))));
}

TEST(QueueQueryTest, SameShapeSameText) {
  service::TicketFilter a, b;
  a.tier = "L1";
  b.tier = "L3";
  EXPECT_EQ(QueueQuery(a, kColumns, Dialect::kPostgres).sql,
            QueueQuery(b, kColumns, Dialect::kPostgres).sql);
  EXPECT_EQ(QueueQuery(a, kColumns, Dialect::kSqlite).sql,
            QueueQuery(b, kColumns, Dialect::kSqlite).sql);
}

TEST(QueueQueryTest, PostgresTextOfParams) {
  EXPECT_EQ(ParamText(Param(true)), "true");
  EXPECT_EQ(ParamText(Param(false)), "false");
  EXPECT_EQ(ParamText(Param(int64_t(-3))), "-3");
  EXPECT_EQ(ParamText(Param(std::string("x"))), "x");
}

TEST(QueueQueryTest, PostgresNeverGetsANegativeLimit) {
  service::TicketFilter f;
  f.limit = -1;
  EXPECT_THAT(QueueQuery(f, kColumns, Dialect::kPostgres).params, ElementsAre(Param(int64_t(0))));
  EXPECT_THAT(QueueQuery(f, kColumns, Dialect::kSqlite).params, ElementsAre(Param(int64_t(-1))));
}

}  // namespace
}  // namespace tierdesk::store::sql
