#pragma once

#include <functional>
#include <vector>

#include "common/clock.h"
#include "service/periodic.h"
#include "service/ports.h"

namespace tierdesk::service {

struct DispatchPolicy {
  int max_attempts = 8;     // then the row is a dead letter
  Seconds retry_base{30};   // first retry after this, doubling each time
  Seconds retry_max{3600};  // but never waiting longer than this
  std::chrono::milliseconds poll{200};
  // How long a row this dispatcher took is kept from the others on a shared database: longer
  // than a delivery may take (the couriers' own timeouts), as a row whose lease ran out is
  // delivered again by another node.
  Seconds lease{120};
};

// Delivers committed outbox rows through the couriers that handle their kind, at least once:
// a row is marked delivered only after its courier succeeded, so a crash in between delivers
// it again (receivers deduplicate by the delivery id). Failures are retried with exponential
// backoff; after the last attempt the row is a dead letter, readable over the API.
class OutboxDispatcher {
 public:
  // `store` must be a connection of its own: the dispatcher uses it from its thread.
  // Told of every row given up on, after it is recorded as a dead letter.
  using OnDead = std::function<void(const OutboxItem& item, const std::string& error)>;

  OutboxDispatcher(OutboxStore& store, const Clock& clock, std::vector<Courier*> couriers,
                   DispatchPolicy policy = {}, OnDead on_dead = {})
      : store_(store),
        clock_(clock),
        couriers_(std::move(couriers)),
        policy_(policy),
        on_dead_(std::move(on_dead)) {}
  ~OutboxDispatcher() { Stop(); }

  // One pass over the rows due now. Returns how many were attempted.
  [[nodiscard]] Result<size_t> DispatchDue();

  void Start();
  void Stop();

 private:
  Courier* CourierFor(core::Effect::Kind kind) const;
  Timestamp RetryAt(Timestamp now, int attempts_so_far) const;

  OutboxStore& store_;
  const Clock& clock_;
  std::vector<Courier*> couriers_;
  DispatchPolicy policy_;
  OnDead on_dead_;
  Periodic worker_;
};

}  // namespace tierdesk::service
