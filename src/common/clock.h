#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "common/time.h"

namespace tierdesk {

// The only door to "now". The core never calls it: it receives `now` as an argument.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  // Now to the millisecond, for the engine's timing: when to wake for a deadline, and how
  // late one fired. The core's times stay whole seconds.
  virtual std::chrono::sys_time<std::chrono::milliseconds> NowPrecise() const { return Now(); }
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::floor<Seconds>(std::chrono::system_clock::now());
  }
  std::chrono::sys_time<std::chrono::milliseconds> NowPrecise() const override {
    return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
};

// A clock that moves only when told to, so a week of deadlines replays in milliseconds.
// Thread-safe: a simulation's engine reads it while an operator advances it.
class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(Timestamp start) : now_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp{Seconds{now_.load()}}; }
  // Moving backwards is ignored: time in a replay never runs back.
  void AdvanceTo(Timestamp t) {
    int64_t target = t.time_since_epoch().count();
    int64_t current = now_.load();
    while (target > current && !now_.compare_exchange_weak(current, target)) {
    }
  }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace tierdesk
