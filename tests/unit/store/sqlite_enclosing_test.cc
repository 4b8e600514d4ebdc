// SqliteStore's enclosing transaction (what `replay --db` applies a month in): commits inside
// it are seen by the writer at once, by nobody else until it ends, and not at all when it is
// rolled back; a refused commit inside it spoils it whole.
#include <gtest/gtest.h>

#include <filesystem>

#include "service/ticket_service.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

namespace tierdesk::store {
namespace {

using testing::At;
using testing::CreateFor;

class SqliteEnclosingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("tierdesk-enclosing-" + std::to_string(::getpid()) + ".db"))
                .string();
    Remove();
    store_ = std::move(SqliteStore::Open(path_).value());
  }
  void TearDown() override {
    store_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }

  // How many tickets another connection sees.
  core::TicketId SeenByAnother() { return SqliteStore::Open(path_).value()->MaxTicketId().value(); }

  Result<service::Outcome> Create(service::TicketService& service, const std::string& client) {
    return service.Execute(CreateFor(client), At("2026-01-05T04:00:00Z"));
  }

  std::string path_;
  std::unique_ptr<SqliteStore> store_;
  core::Procedure procedure_ = testing::SeedProcedure("000-three-level-support.toml");
};

TEST_F(SqliteEnclosingTest, KeptCommitsAreSeenByOthersOnlyAtTheEnd) {
  service::TicketService service(*store_, procedure_);
  ASSERT_TRUE(store_->BeginEnclosingTransaction());
  ASSERT_TRUE(Create(service, "C-1"));
  ASSERT_TRUE(Create(service, "C-2"));
  EXPECT_EQ(store_->Load(2).value().registration.client_id, "C-2");  // the writer sees its own
  EXPECT_EQ(SeenByAnother(), 0);
  ASSERT_TRUE(store_->EndEnclosingTransaction(/*keep=*/true));
  EXPECT_EQ(SeenByAnother(), 2);
  EXPECT_EQ(store_->Events(2).value().size(), store_->Events(1).value().size());
}

TEST_F(SqliteEnclosingTest, RolledBackCommitsLeaveNothing) {
  service::TicketService service(*store_, procedure_);
  ASSERT_TRUE(Create(service, "C-1"));
  ASSERT_TRUE(store_->BeginEnclosingTransaction());
  ASSERT_TRUE(Create(service, "C-2"));
  ASSERT_TRUE(store_->EndEnclosingTransaction(/*keep=*/false));
  EXPECT_EQ(store_->MaxTicketId().value(), 1);
  EXPECT_FALSE(store_->Load(2));
  EXPECT_TRUE(store_->Events(2).value().empty());
  auto deadlines = store_->LoadDeadlines();
  ASSERT_TRUE(deadlines);
  EXPECT_FALSE(deadlines->empty());  // TD-1's clocks are still there
  for (const auto& d : *deadlines) EXPECT_EQ(d.ticket, 1);
}

TEST_F(SqliteEnclosingTest, ARefusedCommitInsideSpoilsTheWhole) {
  service::TicketService service(*store_, procedure_);
  ASSERT_TRUE(Create(service, "C-1"));
  ASSERT_TRUE(store_->BeginEnclosingTransaction());
  ASSERT_TRUE(Create(service, "C-2"));
  // Decided on a version that is not the stored one (as a second writer would): refused.
  service::CommitRecord stale{store_->Load(2).value(),
                              /*expected_version=*/7,
                              {},
                              {},
                              At("2026-01-05T04:01:00Z"),
                              "",
                              "note"};
  stale.ticket.version = 8;
  auto refused = store_->Commit(std::span(&stale, 1));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(Create(service, "C-3"));
  auto end = store_->EndEnclosingTransaction(/*keep=*/true);
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(SeenByAnother(), 1);
  EXPECT_EQ(store_->MaxTicketId().value(), 1);
  // The connection goes on as before.
  auto fourth = Create(service, "C-4");
  ASSERT_TRUE(fourth);
  EXPECT_EQ(SeenByAnother(), fourth->ticket.id);
  EXPECT_EQ(store_->Load(fourth->ticket.id).value().registration.client_id, "C-4");
}

TEST_F(SqliteEnclosingTest, OnlyOneAtATime) {
  ASSERT_TRUE(store_->BeginEnclosingTransaction());
  auto again = store_->BeginEnclosingTransaction();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(store_->EndEnclosingTransaction(true));
  auto none = store_->EndEnclosingTransaction(true);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace tierdesk::store
