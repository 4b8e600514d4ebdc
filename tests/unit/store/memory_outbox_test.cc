// A memory store that discards its outbox (an in-memory replay's) keeps everything else.
#include <gtest/gtest.h>

#include "service/ticket_service.h"
#include "store/memory/memory_store.h"
#include "test_support.h"

namespace tierdesk::store {
namespace {

using testing::At;
using testing::CreateFor;

TEST(MemoryStoreOutbox, DiscardedOutboxKeepsTicketsAndEvents) {
  const auto procedure = testing::SeedProcedure("000-three-level-support.toml");
  for (auto mode : {MemoryStore::Outbox::kKeep, MemoryStore::Outbox::kDiscard}) {
    MemoryStore store(mode);
    service::TicketService service(store, procedure);
    auto created = service.Execute(CreateFor("C-1001"), At("2026-01-05T04:00:00Z"));
    ASSERT_TRUE(created) << created.error().ToString();
    // The hand-off pages L2 and tells the requester.
    auto handed = service.Execute(
        core::Command{"psc-anil", 1, core::cmd::HandOff{"L2", "needs_deeper_knowledge", "tried"}},
        At("2026-01-05T04:05:00Z"));
    ASSERT_TRUE(handed) << handed.error().ToString();
    ASSERT_FALSE(handed->effects.empty());
    EXPECT_EQ(store.Load(1).value().tier, "L2");
    EXPECT_EQ(store.Events(1).value().size(), created->events.size() + handed->events.size());
    auto pending = store.PendingOutbox(At("2026-01-06T00:00:00Z"), 100);
    ASSERT_TRUE(pending);
    const size_t effects = created->effects.size() + handed->effects.size();
    EXPECT_EQ(pending->size(), mode == MemoryStore::Outbox::kKeep ? effects : 0u);
    EXPECT_EQ(store.OutboxBacklog().value(), int64_t(pending->size()));
  }
}

}  // namespace
}  // namespace tierdesk::store
