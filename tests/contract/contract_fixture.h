#pragma once

// What every suite of the store contract shares: the backends each port is checked on (every
// service::Store implements every port), and a fixture opening a fresh one per test. unit_tests
// checks SQLite and memory; postgres_contract_tests (TIERDESK_CONTRACT_ON_POSTGRES) the same
// suites on a real PostgreSQL.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/decide.h"
#include "store/memory/memory_store.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"

#ifdef TIERDESK_CONTRACT_ON_POSTGRES
#include <pqxx/pqxx>

#include "integration/postgres_server.h"
#include "store/postgres/postgres_store.h"
#endif

namespace tierdesk::service::contract {

using testing::At;
using testing::CreateFor;
using ::testing::ElementsAre;
using ::testing::Field;

struct Backend {
  const char* name;
  std::function<std::unique_ptr<Store>(const std::string& tag)> open;
};

class StoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    procedure_ = testing::SeedProcedure("000-three-level-support.toml");
    store_ = GetParam().open(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_NE(store_, nullptr);
  }

  // Decides `command` on `current` and returns the record to commit.
  CommitRecord Decided(const core::Ticket& current, const core::Command& command, Timestamp at,
                       core::TicketId new_id = 0) {
    auto d = core::Decide(current, command, at, procedure_, new_id);
    EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().ToString());
    CommitRecord r{d->ticket,
                   current.version,
                   d->events,
                   d->effects,
                   at,
                   command.idempotency_key,
                   core::CommandName(command.body)};
    r.assets_changed = AssetsChanged(current, d->ticket);
    r.text_changed = TicketTextChanged(current, d->ticket);
    return r;
  }

  // As Decided, naming the stored queue columns it was decided on, as the TicketService does:
  // a store may then write only the columns that changed.
  CommitRecord Changed(const core::Ticket& current, const core::Command& command, Timestamp at) {
    CommitRecord r = Decided(current, command, at);
    r.stored = TicketSummary::Of(current);
    return r;
  }

  core::Procedure procedure_;
  std::unique_ptr<Store> store_;
};

#ifdef TIERDESK_CONTRACT_ON_POSTGRES
// One server for the whole run (started at the first test, stopped at exit); each test gets a
// database of its own, so no test sees another's rows.
inline std::unique_ptr<Store> OpenPostgresStore(store::PostgresOptions options) {
  static testing::PostgresServer server;
  static int databases = 0;
  if (!server.running()) {
    ADD_FAILURE() << "PostgreSQL did not start:\n" << server.Log();
    return nullptr;
  }
  auto store = store::PostgresStore::Open(
      server.CreateDatabase("contract_" + std::to_string(++databases)), options);
  if (!store) {
    ADD_FAILURE() << store.error().ToString();
    return nullptr;
  }
  return std::move(*store);
}

inline std::vector<Backend> Backends() {
  // With prepared statements (the default), and as behind a pooler in transaction mode.
  return {Backend{"postgres", [](const std::string&) { return OpenPostgresStore({}); }},
          Backend{"postgres_unprepared", [](const std::string&) {
                    return OpenPostgresStore({.prepared_statements = false});
                  }}};
}
#else
inline std::vector<Backend> Backends() {
  return {Backend{"sqlite",
                  [](const std::string& tag) -> std::unique_ptr<Store> {
                    auto store = store::SqliteStore::Open(testing::TempDbPath("contract-" + tag));
                    return store ? std::move(*store) : nullptr;
                  }},
          Backend{"memory", [](const std::string&) -> std::unique_ptr<Store> {
                    return std::make_unique<store::MemoryStore>();
                  }}};
}
#endif

}  // namespace tierdesk::service::contract

// Checks the port's suite `Suite` (a StoreContract) on every backend.
#define TIERDESK_STORE_CONTRACT(Suite)                                                   \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                              \
                           ::testing::ValuesIn(tierdesk::service::contract::Backends()), \
                           [](const auto& info) { return std::string(info.param.name); })
