#include "service/outbox_dispatcher.h"

#include <algorithm>

namespace tierdesk::service {

Courier* OutboxDispatcher::CourierFor(core::Effect::Kind kind) const {
  for (Courier* c : couriers_)
    if (c->Handles(kind)) return c;
  return nullptr;
}

Timestamp OutboxDispatcher::RetryAt(Timestamp now, int attempts_so_far) const {
  Seconds wait = policy_.retry_base;
  for (int i = 0; i < attempts_so_far && wait < policy_.retry_max; ++i) wait *= 2;
  return now + std::min(wait, policy_.retry_max);
}

Result<size_t> OutboxDispatcher::DispatchDue() {
  // Claimed: on a database several nodes share, no other node's dispatcher takes these rows
  // while the lease runs.
  const Timestamp claimed_at = clock_.Now();
  auto due = store_.ClaimOutbox(claimed_at, policy_.lease, 100);
  if (!due) return tl::unexpected(due.error());
  size_t attempted = 0;
  for (const OutboxItem& item : *due) {
    Courier* courier = CourierFor(item.effect.kind);
    if (courier == nullptr) continue;  // no channel for this kind yet: it waits
    // Slow deliveries before it may have outlasted the lease: renewed now, or left to the node
    // that took it over, so a slow receiver does not get every later row twice.
    auto held =
        store_.RenewOutboxLease(item.id, claimed_at + policy_.lease, clock_.Now() + policy_.lease);
    if (!held) return tl::unexpected(held.error());
    if (!*held) continue;
    ++attempted;
    const Status delivered = courier->Deliver(item);
    const Timestamp now = clock_.Now();
    Status recorded;
    if (delivered) {
      recorded = store_.MarkDelivered(item.id, now);
    } else {
      const bool last = item.attempts + 1 >= policy_.max_attempts ||
                        delivered.error().code == ErrorCode::kFailedPrecondition;
      recorded = store_.MarkAttemptFailed(
          item.id, now, delivered.error().message,
          last ? std::nullopt : std::optional(RetryAt(now, item.attempts)));
      if (recorded && last && on_dead_) on_dead_(item, delivered.error().message);
    }
    if (!recorded) return tl::unexpected(recorded.error());
  }
  return attempted;
}

void OutboxDispatcher::Start() {
  worker_.Start(policy_.poll, [this] {
    auto attempted = DispatchDue();      // store errors: try again on the next round
    return attempted && *attempted > 0;  // more may be due right away
  });
}

void OutboxDispatcher::Stop() { worker_.Stop(); }

}  // namespace tierdesk::service
