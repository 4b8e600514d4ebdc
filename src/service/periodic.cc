#include "service/periodic.h"

namespace tierdesk::service {

void Periodic::Start(std::chrono::milliseconds interval, std::function<bool()> round) {
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this, interval, round = std::move(round)] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      bool more = false;
      try {
        more = round();
      } catch (...) {
        // A round's failure must not end the process; the next round tries again.
      }
      lock.lock();
      if (more) continue;
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

void Periodic::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace tierdesk::service
