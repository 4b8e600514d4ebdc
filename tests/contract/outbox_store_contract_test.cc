// The outbox (OutboxStore): rows retried, delivered or given up on.

#include "contract/contract_fixture.h"

namespace tierdesk::service::contract {
namespace {

class OutboxStoreContract : public StoreContract {};

TEST_P(OutboxStoreContract, OutboxRowsAreRetriedDeliveredOrBuried) {
  CommitRecord created = Decided({}, CreateFor("C-1"), At("2026-01-05T10:00:00Z"), 1);
  core::Effect hook{core::Effect::Kind::kWebhook, 1, "http://hooks.example/x", "created", "", "{}"};
  created.effects = {hook, hook};
  ASSERT_TRUE(store_->Commit({&created, 1}));
  auto pending = store_->PendingOutbox(At("2026-01-05T10:00:00Z"), 10).value();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].effect, hook);

  ASSERT_TRUE(store_->MarkDelivered(pending[0].id, At("2026-01-05T10:00:01Z")));
  ASSERT_TRUE(store_->MarkAttemptFailed(pending[1].id, At("2026-01-05T10:00:01Z"), "HTTP 500",
                                        At("2026-01-05T10:01:00Z")));
  // Delivered rows are done; a failed one waits for its retry time.
  EXPECT_TRUE(store_->PendingOutbox(At("2026-01-05T10:00:30Z"), 10).value().empty());
  auto retry = store_->PendingOutbox(At("2026-01-05T10:01:00Z"), 10).value();
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].attempts, 1);
  EXPECT_EQ(retry[0].last_error, "HTTP 500");
  EXPECT_EQ(store_->OutboxBacklog().value(), 1);

  ASSERT_TRUE(
      store_->MarkAttemptFailed(retry[0].id, At("2026-01-05T10:01:01Z"), "HTTP 410", std::nullopt));
  EXPECT_TRUE(store_->PendingOutbox(At("2026-01-06T10:00:00Z"), 10).value().empty());
  auto dead = store_->DeadLetters(10).value();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].id, retry[0].id);
  EXPECT_EQ(dead[0].dead_at, At("2026-01-05T10:01:01Z"));
  EXPECT_EQ(dead[0].attempts, 2);
  EXPECT_EQ(store_->OutboxBacklog().value(), 0);
  EXPECT_EQ(store_->MarkDelivered(999, At("2026-01-05T10:00:01Z")).error().code,
            ErrorCode::kNotFound);
}

TIERDESK_STORE_CONTRACT(OutboxStoreContract);

}  // namespace
}  // namespace tierdesk::service::contract
