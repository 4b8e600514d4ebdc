#include "http/api/rate_limiter.h"

#include <algorithm>

namespace tierdesk::http {

bool RateLimiter::Allow(const std::string& key, std::chrono::steady_clock::time_point now,
                        double* retry_after_seconds) {
  if (rate_ <= 0) return true;
  std::lock_guard lock(mu_);
  // Full buckets carry no information: drop them now and then so the map stays small.
  if (now - last_sweep_ > std::chrono::minutes(1)) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      const double refilled =
          it->second.tokens +
          rate_ * std::chrono::duration<double>(now - it->second.updated).count();
      it = refilled >= burst_ ? buckets_.erase(it) : std::next(it);
    }
    last_sweep_ = now;
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens =
        std::min(burst_, b.tokens + rate_ * std::chrono::duration<double>(now - b.updated).count());
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  if (retry_after_seconds != nullptr) *retry_after_seconds = (1 - b.tokens) / rate_;
  return false;
}

}  // namespace tierdesk::http
