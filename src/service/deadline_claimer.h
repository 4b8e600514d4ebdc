#pragma once

#include <chrono>
#include <functional>

#include "common/clock.h"
#include "service/engine.h"
#include "service/periodic.h"
#include "service/ports.h"

namespace tierdesk::service {

struct ClaimPolicy {
  std::chrono::milliseconds interval{250};  // between rounds when nothing was left to claim
  Seconds lookahead{2};  // claimed this long before they fall due, so a burst is in memory on time
  int batch = 1000;      // deadlines per claim
  int max_batches_per_round = 8;  // a round stops after these, so a node leaves some to others
};

// Keeps a node's engine supplied with the deadlines no live node holds on a shared database
// (armed before the nodes started, or held by a node that stopped or died): claims them a
// little before they fall due and hands them to the engine, which fires them through the same
// decide path as its own. Runs on a thread of its own, with a connection of its own.
class DeadlineClaimer {
 public:
  // Told of each failed round (the database down, say); the next round tries again.
  using OnError = std::function<void(const Error&)>;

  DeadlineClaimer(DeadlineClaims& claims, Engine& engine, const Clock& clock,
                  ClaimPolicy policy = {}, OnError on_error = {})
      : claims_(claims),
        engine_(engine),
        clock_(clock),
        policy_(policy),
        on_error_(std::move(on_error)) {}
  ~DeadlineClaimer() { Stop(); }

  // One round: claims what is claimable by now + lookahead and hands it to the engine.
  // Returns how many deadlines were claimed.
  [[nodiscard]] Result<size_t> ClaimOnce();

  void Start();
  // Stops claiming (what was claimed stays with the engine).
  void Stop();

 private:
  DeadlineClaims& claims_;
  Engine& engine_;
  const Clock& clock_;
  ClaimPolicy policy_;
  OnError on_error_;
  Periodic worker_;
};

}  // namespace tierdesk::service
