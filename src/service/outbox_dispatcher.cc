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
  auto due = store_.PendingOutbox(clock_.Now(), 100);
  if (!due) return tl::unexpected(due.error());
  size_t attempted = 0;
  for (const OutboxItem& item : *due) {
    Courier* courier = CourierFor(item.effect.kind);
    if (courier == nullptr) continue;  // no channel for this kind yet: it waits
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
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      auto attempted = DispatchDue();  // store errors: try again on the next round
      lock.lock();
      if (attempted && *attempted > 0) continue;  // more may be due right away
      wake_.wait_for(lock, policy_.poll, [this] { return stopping_; });
    }
  });
}

void OutboxDispatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace tierdesk::service
