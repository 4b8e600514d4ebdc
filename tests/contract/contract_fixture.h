#pragma once

// What every suite of the store contract shares: the backends each port is checked on (every
// service::Store implements every port), and a fixture opening a fresh one per test.

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
    return CommitRecord{d->ticket,
                        current.version,
                        d->events,
                        d->effects,
                        at,
                        command.idempotency_key,
                        core::CommandName(command.body)};
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

}  // namespace tierdesk::service::contract

// Checks the port's suite `Suite` (a StoreContract) on every backend.
#define TIERDESK_STORE_CONTRACT(Suite)                                                   \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                              \
                           ::testing::ValuesIn(tierdesk::service::contract::Backends()), \
                           [](const auto& info) { return std::string(info.param.name); })
