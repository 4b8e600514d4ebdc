#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tierdesk::http {

// A few threads for slow work that must not hold an HTTP thread (argon2 password checks take
// tens of milliseconds and 64 MiB each): at most `threads` jobs run at once and at most
// `max_queued` wait, so a flood costs bounded CPU and memory and the HTTP threads stay free.
class WorkPool {
 public:
  WorkPool(size_t threads, size_t max_queued);
  ~WorkPool();  // runs what is queued, then joins
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // Queues `job`; false (and `job` dropped) when the queue is full.
  bool TryPost(std::function<void()> job);

 private:
  void Run();

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace tierdesk::http
