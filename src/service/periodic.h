#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace tierdesk::service {

// Background work in rounds on a thread of its own (the outbox's deliveries, a mailbox's
// polls): the next round starts at once when `round` says more is waiting, else after
// `interval`, and Stop wakes the thread from its wait.
class Periodic {
 public:
  ~Periodic() { Stop(); }

  // `round` returns whether more work is waiting now.
  void Start(std::chrono::milliseconds interval, std::function<bool()> round);
  // Lets the round in progress finish, then joins. Idempotent.
  void Stop();

 private:
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace tierdesk::service
