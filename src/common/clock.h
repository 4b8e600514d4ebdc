#pragma once

#include <chrono>

#include "common/time.h"

namespace tierdesk {

// The only door to "now". The core never calls it: it receives `now` as an argument.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::floor<Seconds>(std::chrono::system_clock::now());
  }
};

// A clock that moves only when told to, so a week of deadlines replays in milliseconds.
class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(Timestamp start) : now_(start) {}
  Timestamp Now() const override { return now_; }
  // Moving backwards is ignored: time in a replay never runs back.
  void AdvanceTo(Timestamp t) {
    if (t > now_) now_ = t;
  }

 private:
  Timestamp now_;
};

}  // namespace tierdesk
