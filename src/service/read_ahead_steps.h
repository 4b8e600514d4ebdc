#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "service/replay.h"

namespace tierdesk::service {

// Reads steps from `source` on a thread of its own, up to `depth` ahead of the replay: parsing
// a month of input was a tenth of a replay's time, and the machine has a core to spare for it.
// Steps, the end and any error come out in the order the source gave them. The replay takes
// everything read so far at once, and each side wakes the other only when it waits: handing
// steps over one by one cost a sleep and a wake-up of the reader per step, a sixth of the
// replay's time.
class ReadAheadSteps final : public ReplaySteps {
 public:
  ReadAheadSteps(ReplaySteps& source, size_t depth);
  ~ReadAheadSteps() override;  // stops the reader, even when the replay stopped early
  ReadAheadSteps(const ReadAheadSteps&) = delete;
  ReadAheadSteps& operator=(const ReadAheadSteps&) = delete;

  Result<std::optional<ReplayStep>> Next() override;

 private:
  void ReadAll();

  ReplaySteps& source_;
  const size_t depth_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Result<std::optional<ReplayStep>>> ready_;  // guarded by mu_
  std::deque<Result<std::optional<ReplayStep>>> taken_;  // the replay's own, taken from ready_
  bool stop_ = false;                                    // guarded by mu_
  bool done_ = false;  // the last item (the end or an error) is in ready_; guarded by mu_
  std::thread reader_;
};

}  // namespace tierdesk::service
