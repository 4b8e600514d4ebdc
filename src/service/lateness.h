#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace tierdesk::service {

// How late deadlines fired: milliseconds from their due instant to their breach being durable,
// counted in fixed buckets (a Prometheus histogram). Recorded by the writer thread, read by
// any; each counter is consistent on its own.
class LatenessHistogram {
 public:
  static constexpr std::array<int64_t, 14> kBoundsMs = {1,   2,   5,    10,   20,   50,    100,
                                                        200, 500, 1000, 2000, 5000, 10000, 60000};
  struct Snapshot {
    std::array<uint64_t, kBoundsMs.size()> at_most{};  // fired within each bound
    uint64_t count = 0;
    int64_t sum_ms = 0;
    int64_t max_ms = 0;
  };

  void Record(int64_t late_ms) {
    if (late_ms < 0) late_ms = 0;  // fired early by the clock's rounding: on time
    for (size_t i = 0; i < kBoundsMs.size(); ++i)
      if (late_ms <= kBoundsMs[i]) at_most_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_ms_.fetch_add(late_ms, std::memory_order_relaxed);
    int64_t max = max_ms_.load(std::memory_order_relaxed);
    while (late_ms > max && !max_ms_.compare_exchange_weak(max, late_ms)) {
    }
  }

  Snapshot Read() const {
    Snapshot s;
    for (size_t i = 0; i < kBoundsMs.size(); ++i)
      s.at_most[i] = at_most_[i].load(std::memory_order_relaxed);
    s.count = count_.load(std::memory_order_relaxed);
    s.sum_ms = sum_ms_.load(std::memory_order_relaxed);
    s.max_ms = max_ms_.load(std::memory_order_relaxed);
    return s;
  }

 private:
  std::array<std::atomic<uint64_t>, kBoundsMs.size()> at_most_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<int64_t> sum_ms_{0};
  std::atomic<int64_t> max_ms_{0};
};

}  // namespace tierdesk::service
