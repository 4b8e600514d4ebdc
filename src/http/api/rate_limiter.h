#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tierdesk::http {

// Token buckets per caller (a token's actor, or an address for unauthenticated requests):
// `rate` requests a second sustained, bursts of up to `burst`. Thread-safe.
class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  // Takes one request from `key`'s bucket; false (with the seconds to wait) when empty.
  // A rate of 0 disables limiting.
  bool Allow(const std::string& key, std::chrono::steady_clock::time_point now,
             double* retry_after_seconds = nullptr);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  double rate_;
  double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;     // guarded by mu_
  std::chrono::steady_clock::time_point last_sweep_{};  // guarded by mu_
};

}  // namespace tierdesk::http
