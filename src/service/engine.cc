#include "service/engine.h"

#include <future>
#include <utility>

namespace tierdesk::service {

Engine::Engine(TicketStore& store, const core::Procedure& procedure, const Clock& clock,
               EngineOptions options, const EventFanOut* fan_out)
    : store_(store),
      clock_(clock),
      options_(options),
      scheduler_(),
      service_(store, procedure, &scheduler_, fan_out) {
  scheduler_.Attach(&service_);
  service_.SetMaxEventsPerTicket(options.max_events_per_ticket);
}

Engine::~Engine() { Stop(); }

Status Engine::Start() {
  if (running_) return Ok();
  if (!options_.shared_deadlines)
    if (auto s = scheduler_.Rebuild(store_); !s) return s;
  deadlines_running_ = scheduler_.size();
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  {
    std::lock_guard lock(reply_mu_);
    reply_stopping_ = false;
  }
  running_ = true;
  replier_ = std::thread([this] { Reply(); });
  writer_ = std::thread([this] { Run(); });
  return Ok();
}

void Engine::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
  // The writer has handed over its last answers: send them, then end.
  {
    std::lock_guard lock(reply_mu_);
    reply_stopping_ = true;
  }
  reply_wake_.notify_all();
  if (replier_.joinable()) replier_.join();
  running_ = false;
}

void Engine::Reply() {
  while (true) {
    std::function<void()> next;
    {
      std::unique_lock lock(reply_mu_);
      reply_wake_.wait(lock, [&] { return reply_stopping_ || !replies_.empty(); });
      if (replies_.empty()) return;  // stopping, and all answered
      next = std::move(replies_.front());
      replies_.pop_front();
    }
    next();
  }
}

void Engine::Submit(core::Command command, Done done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_ && running_) {
      queue_.push_back({std::move(command), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(Fail(ErrorCode::kUnavailable, "tierdesk is shutting down"));
}

Result<Outcome> Engine::Execute(core::Command command) {
  std::promise<Result<Outcome>> promise;
  auto future = promise.get_future();
  Submit(std::move(command), [&promise](Result<Outcome> r) { promise.set_value(std::move(r)); });
  return future.get();
}

void Engine::AfterCatchingUp(std::function<void()> then) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_ && running_) {
      after_catch_up_.push_back(std::move(then));
      wake_.notify_one();
      return;
    }
  }
  then();
}

void Engine::ReplaceProcedure(const core::Procedure& procedure, std::function<void()> done) {
  {
    std::lock_guard lock(mu_);
    next_procedure_ = &procedure;
  }
  AfterCatchingUp(std::move(done));
}

void Engine::AddDeadlines(std::vector<Deadline> deadlines) {
  if (deadlines.empty()) return;
  {
    std::lock_guard lock(mu_);
    claimed_.insert(claimed_.end(), std::make_move_iterator(deadlines.begin()),
                    std::make_move_iterator(deadlines.end()));
  }
  wake_.notify_one();
}

EngineStats Engine::Stats() const {
  EngineStats s;
  {
    std::lock_guard lock(mu_);
    s.queued = queue_.size();
  }
  s.deadlines_running = deadlines_running_;
  s.deadlines_fired = deadlines_fired_;
  s.batches = batches_;
  s.commands = commands_;
  s.lateness = lateness_.Read();
  return s;
}

void Engine::ApplyBatch(std::deque<Pending>& batch) {
  std::vector<TimedCommand> commands;
  commands.reserve(batch.size());
  const Timestamp now = clock_.Now();
  for (auto& p : batch) commands.push_back({std::move(p.command), now});
  // Nothing may escape the writer thread: an exception here would end the process, and a
  // command that caused one would do it again after every restart.
  std::vector<Result<Outcome>> results;
  try {
    results = service_.ExecuteBatch(commands);
  } catch (const std::exception& e) {
    results.assign(batch.size(),
                   Fail(ErrorCode::kInternal, std::string("the batch failed: ") + e.what()));
  }
  ++batches_;
  commands_ += commands.size();
  AfterCommit();
  auto answer = [batch = std::move(batch), results = std::move(results)]() mutable {
    for (size_t i = 0; i < batch.size(); ++i) {
      try {
        batch[i].done(std::move(results[i]));
      } catch (...) {
        // The callback's own failure; its caller has been told nothing, which it must handle.
      }
    }
  };
  ToReplyThread(std::move(answer));
  batch.clear();
}

void Engine::ToReplyThread(std::function<void()> job) {
  {
    std::lock_guard lock(reply_mu_);
    replies_.push_back(std::move(job));
  }
  reply_wake_.notify_one();
}

void Engine::AfterCommit() {
  if (!options_.after_commit) return;
  try {
    options_.after_commit();
  } catch (...) {
    // A listener's failure must not stop the writer; followers still poll the log.
  }
}

void Engine::Run() {
  std::deque<Pending> batch;
  std::vector<std::function<void()>> waiting;
  const core::Procedure* switch_to = nullptr;
  std::vector<Deadline> claimed;
  while (true) {
    {
      std::unique_lock lock(mu_);
      // Sleep until a command arrives, the next deadline is due, or a second passes (the
      // clock may be virtual and move without telling us). The wait is reckoned to the
      // millisecond: from the whole second, a deadline could be woken for up to a second late.
      auto next = scheduler_.NextDue();
      auto wake_at = std::chrono::system_clock::now() + std::chrono::seconds(1);
      if (next) {
        auto wall = std::chrono::system_clock::now() + (*next - clock_.NowPrecise());
        if (wall < wake_at) wake_at = wall;
      }
      wake_.wait_until(lock, wake_at, [&] {
        return stopping_ || !queue_.empty() || !after_catch_up_.empty() || !claimed_.empty();
      });
      claimed.swap(claimed_);
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      // Kept across rounds while deadlines are still due (below): appended to, not replaced.
      for (auto& then : after_catch_up_) waiting.push_back(std::move(then));
      after_catch_up_.clear();
      switch_to = std::exchange(next_procedure_, nullptr);
      if (batch.empty() && waiting.empty() && stopping_) break;
    }
    // Claims first: a commit of this batch on the same ticket then replaces what was claimed.
    scheduler_.Add(claimed);
    claimed.clear();
    if (!batch.empty()) ApplyBatch(batch);
    Result<size_t> fired = 0;
    try {
      fired = scheduler_.FireDue(
          clock_.Now(),
          [&](const Outcome&, const Deadline& d) {
            lateness_.Record((clock_.NowPrecise() - d.due).count());
          },
          options_.max_batch, options_.max_fire);
    } catch (const std::exception& e) {
      fired = Fail(ErrorCode::kInternal, e.what());  // retried on the next round
    }
    if (fired) deadlines_fired_ += *fired;
    if (fired && *fired > 0) AfterCommit();
    deadlines_running_ = scheduler_.size();
    // Between batches: everything taken so far was decided under the old procedure, all that
    // comes after under the new one.
    if (switch_to != nullptr) service_.ReplaceProcedure(*switch_to);
    // Caught up only once nothing due is left: a burst fires in slices over several rounds.
    const auto next_due = scheduler_.NextDue();
    // On the reply thread, after the answers of every batch before: a procedure switch's
    // callback must not run before answers decided under the old procedure are built.
    if (!waiting.empty() && (!fired || !next_due || *next_due > clock_.Now())) {
      ToReplyThread([then = std::move(waiting)]() mutable {
        for (auto& callback : then) {
          try {
            callback();
          } catch (...) {
            // The callback's own failure, as an answer's: the reply thread goes on.
          }
        }
      });
      waiting.clear();
    }
  }
}

}  // namespace tierdesk::service
