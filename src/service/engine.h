#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "service/lateness.h"
#include "service/scheduler.h"
#include "service/ticket_service.h"

namespace tierdesk::service {

struct EngineOptions {
  size_t max_batch = 512;  // commands per transaction at most
  // Deadlines fired between two looks at the command queue: a burst of breaches (every
  // overnight ticket due at 09:15) is fired in slices, and requests are served between them.
  size_t max_fire = 2048;
  // Called on the writer thread after each transaction that may have written events (a batch
  // of commands, or deadlines fired), so followers of the event log (live streams) read at
  // once instead of polling. Must be quick and must not call back into the engine.
  std::function<void()> after_commit;
  // On a database several nodes share, the engine starts with no deadlines: it fires those its
  // commits arm and those handed to it (AddDeadlines) by a DeadlineClaimer, not every one stored.
  bool shared_deadlines = false;
  int64_t max_events_per_ticket = 0;  // TicketService::SetMaxEventsPerTicket
};

struct EngineStats {
  size_t queued = 0;  // commands waiting for the writer
  size_t deadlines_running = 0;
  uint64_t deadlines_fired = 0;          // breaches applied since start
  uint64_t batches = 0;                  // transactions committed since start
  uint64_t commands = 0;                 // commands applied since start
  LatenessHistogram::Snapshot lateness;  // of the deadlines fired since start
};

// The live engine: one writer thread owns the TicketService and the Scheduler. Commands from
// any thread are queued; the writer takes everything queued (group commit: one transaction,
// one fsync for the lot) and fires deadlines as the clock reaches them. Callers are answered
// once their batch is durable, on a reply thread of their own: building the answers (a
// ticket's view, its JSON) took a quarter of the writer's time, which is the one thread every
// write waits for.
class Engine {
 public:
  using Done = std::function<void(Result<Outcome>)>;

  Engine(TicketStore& store, const core::Procedure& procedure, const Clock& clock,
         EngineOptions options = {}, const EventFanOut* fan_out = nullptr);
  ~Engine();

  // Rebuilds the deadlines from the store and starts the writer thread.
  [[nodiscard]] Status Start();
  // Stops taking commands, applies what is queued, and joins the writer. Idempotent.
  void Stop();

  // Queues `command`; `done` runs on the reply thread when it is durable or refused, in the
  // order the commands were applied. After Stop, `done` is called at once with kUnavailable.
  void Submit(core::Command command, Done done);
  // Submits and waits.
  Result<Outcome> Execute(core::Command command);

  // Runs `then` on the reply thread once the writer has applied what is queued now and fired
  // every deadline due by the clock's current time (after a simulated clock moved, say), and
  // the answers of everything applied before have run.
  void AfterCatchingUp(std::function<void()> then);

  // Decides every command after the current batch under `procedure` (which must outlive the
  // engine), then calls `done` as AfterCatchingUp does: no batch mixes two procedures.
  void ReplaceProcedure(const core::Procedure& procedure, std::function<void()> done);

  // Deadlines to fire beside the engine's own (claimed from a shared database); applied by the
  // writer before it next fires.
  void AddDeadlines(std::vector<Deadline> deadlines);

  EngineStats Stats() const;
  bool running() const { return running_.load(); }

 private:
  struct Pending {
    core::Command command;
    Done done;
  };
  void Run();
  void ApplyBatch(std::deque<Pending>& batch);
  void AfterCommit();
  void Reply();  // the reply thread: runs the answers of each applied batch, in order
  void ToReplyThread(std::function<void()> job);

  TicketStore& store_;
  const Clock& clock_;
  EngineOptions options_;
  Scheduler scheduler_;    // writer thread only
  TicketService service_;  // writer thread only

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;                          // guarded by mu_
  std::vector<std::function<void()>> after_catch_up_;  // guarded by mu_
  const core::Procedure* next_procedure_ = nullptr;    // guarded by mu_
  std::vector<Deadline> claimed_;                      // guarded by mu_
  bool stopping_ = false;                              // guarded by mu_
  std::atomic<bool> running_{false};
  std::atomic<size_t> deadlines_running_{0};
  std::atomic<uint64_t> deadlines_fired_{0}, batches_{0}, commands_{0};
  LatenessHistogram lateness_;
  std::thread writer_;

  // Answers of applied batches, waiting for the reply thread.
  std::mutex reply_mu_;
  std::condition_variable reply_wake_;
  std::deque<std::function<void()>> replies_;  // guarded by reply_mu_
  bool reply_stopping_ = false;                // guarded by reply_mu_
  std::thread replier_;
};

}  // namespace tierdesk::service
