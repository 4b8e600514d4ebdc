#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "store/sql/rows.h"

namespace tierdesk::store::sql {
namespace {

// A row of given values (nullopt = NULL), as a driver would read it.
class FakeRow final : public Row {
 public:
  using Value = std::optional<std::variant<int64_t, std::string>>;
  explicit FakeRow(std::vector<Value> values) : values_(std::move(values)) {}
  bool IsNull(int column) const override { return !values_.at(column); }
  int64_t Int(int column) const override { return std::get<int64_t>(*values_.at(column)); }
  std::string Text(int column) const override {
    return values_.at(column) ? std::get<std::string>(*values_.at(column)) : std::string();
  }
  bool Bool(int column) const override { return Int(column) != 0; }

 private:
  std::vector<Value> values_;
};

TEST(SqlRowsTest, ReadsASummaryInColumnOrder) {
  FakeRow row({int64_t(7), std::string("Shop down"), int64_t(1), std::string("L2"),
               std::string("closed"), std::string("t2-omar"), std::string("C-1"), int64_t(100),
               int64_t(200), std::string("t1-maria"), std::string(",dba,")});
  service::TicketSummary t = ReadSummary(row);
  EXPECT_EQ(t.id, 7);
  EXPECT_EQ(t.title, "Shop down");
  EXPECT_EQ(t.priority, core::Priority::kHigh);
  EXPECT_EQ(t.tier, "L2");
  EXPECT_EQ(t.stage, core::Stage::kClosed);
  EXPECT_EQ(t.assignee, "t2-omar");
  EXPECT_EQ(t.client_id, "C-1");
  EXPECT_EQ(t.consulting, ",dba,");
  EXPECT_EQ(t.received_at, FromEpochSeconds(100));
  EXPECT_EQ(t.updated_at, FromEpochSeconds(200));
  EXPECT_EQ(t.paged, "t1-maria");
}

TEST(SqlRowsTest, NullsAreAbsentValues) {
  FakeRow outbox({int64_t(3), int64_t(7), std::string("email"), std::string("a@b"),
                  std::string("tpl"), std::string("subj"), std::string("body"), int64_t(50),
                  int64_t(2), std::nullopt, std::nullopt});
  service::OutboxItem item = ReadOutboxItem(outbox);
  EXPECT_EQ(item.id, 3);
  EXPECT_EQ(item.effect.ticket, 7);
  EXPECT_EQ(item.attempts, 2);
  EXPECT_EQ(item.last_error, "");
  EXPECT_FALSE(item.dead_at);

  FakeRow token({std::string("id"), std::string("hash"), std::string("psc-anil"),
                 std::string("label"), int64_t(10), int64_t(20), int64_t(1)});
  service::ApiToken t = ReadApiToken(token);
  EXPECT_EQ(t.actor, "psc-anil");
  EXPECT_EQ(t.revoked_at, FromEpochSeconds(20));
  EXPECT_TRUE(t.read_only);

  FakeRow client({std::string("C-1"), std::string("Shop"), std::nullopt, std::string("Org"),
                  std::string("+91 80 1234")});
  service::Client c = ReadClient(client);
  EXPECT_EQ(c.email, "");
  EXPECT_EQ(c.organisation, "Org");
  EXPECT_EQ(c.phone, "+91 80 1234");
}

}  // namespace
}  // namespace tierdesk::store::sql
