#include "service/read_ahead_steps.h"

namespace tierdesk::service {

ReadAheadSteps::ReadAheadSteps(ReplaySteps& source, size_t depth)
    : source_(source), depth_(std::max<size_t>(depth, 1)), reader_([this] { ReadAll(); }) {}

ReadAheadSteps::~ReadAheadSteps() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  changed_.notify_all();
  reader_.join();
}

void ReadAheadSteps::ReadAll() {
  while (true) {
    auto step = source_.Next();
    const bool last = !step || !*step;
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return stop_ || ready_.size() < depth_; });
    if (stop_) return;
    ready_.push_back(std::move(step));
    done_ = last;
    // The replay waits only for an empty queue (or the end).
    if (ready_.size() == 1 || last) changed_.notify_all();
    if (last) return;
  }
}

Result<std::optional<ReplayStep>> ReadAheadSteps::Next() {
  if (taken_.empty()) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return !ready_.empty() || done_; });
    const bool reader_waits = ready_.size() >= depth_;
    taken_.swap(ready_);
    lock.unlock();
    if (reader_waits) changed_.notify_all();
  }
  // After the last item was taken, the end again (as any ReplaySteps answers once done).
  if (taken_.empty()) return std::optional<ReplayStep>();
  auto step = std::move(taken_.front());
  taken_.pop_front();
  return step;
}

}  // namespace tierdesk::service
