#include "service/deadline_claimer.h"

namespace tierdesk::service {

Result<size_t> DeadlineClaimer::ClaimOnce() {
  size_t claimed = 0;
  for (int round = 0; round < policy_.max_batches_per_round; ++round) {
    const Timestamp now = clock_.Now();
    auto deadlines = claims_.ClaimDeadlines(now, now + policy_.lookahead, policy_.batch);
    if (!deadlines) return tl::unexpected(deadlines.error());
    const size_t got = deadlines->size();
    claimed += got;
    engine_.AddDeadlines(std::move(*deadlines));
    if (got < size_t(policy_.batch)) break;
  }
  return claimed;
}

void DeadlineClaimer::Start() {
  worker_.Start(policy_.interval, [this] {
    auto claimed = ClaimOnce();
    if (!claimed) {
      if (on_error_) on_error_(claimed.error());
      return false;
    }
    return *claimed >= size_t(policy_.batch) * size_t(policy_.max_batches_per_round);
  });
}

void DeadlineClaimer::Stop() { worker_.Stop(); }

}  // namespace tierdesk::service
