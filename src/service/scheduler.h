#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "service/ticket_service.h"

namespace tierdesk::service {

// Keeps every running deadline in memory and fires the due ones through the TicketService, as
// a ClockDue command decided like any person's command. Rebuilt from the store at start.
// Not thread-safe: driven by the writer thread (or the replay loop).
class Scheduler final : public DeadlineSink {
 public:
  explicit Scheduler(TicketService* service = nullptr) : service_(service) {}
  void Attach(TicketService* service) { service_ = service; }

  // Replaces everything with the store's deadlines.
  [[nodiscard]] Status Rebuild(TicketStore& store);
  void OnTicketDeadlines(core::TicketId ticket, const std::vector<Deadline>& deadlines) override;
  // Adds deadlines claimed from a database other nodes share, beside those already held (a
  // ticket's other clocks are kept). A clock this scheduler has already keeps its due: it came
  // from this node's own commit. (Should another node have moved it since and died holding it,
  // the claim comes again once this node's hold on it lapses.)
  void Add(const std::vector<Deadline>& deadlines);

  std::optional<Timestamp> NextDue();
  // Fires every deadline due at or before `now` (including ones the firing itself creates),
  // at `now`, in batches of at most `batch` commands per transaction. Returns how many
  // deadlines fired; the outcomes go to `on_outcome` when given (with the deadline each fired
  // for, when it takes a second argument).
  // At most `limit` fire in one call (the caller serves requests between calls).
  template <class OnOutcome>
  Result<size_t> FireDue(Timestamp now, OnOutcome on_outcome, size_t batch = 512,
                         size_t limit = SIZE_MAX);
  Result<size_t> FireDue(Timestamp now) {
    return FireDue(now, [](const Outcome&) {});
  }

  size_t size() const { return due_by_key_.size(); }
  // Bytes held by the scheduler's own structures (for the memory benchmark).
  size_t ApproximateBytes() const;

 private:
  struct Entry {
    int64_t due;   // seconds since epoch
    uint64_t key;  // ticket id * kClockKinds + clock index
    // Deadlines due in the same second fire in ticket order: the oldest request first, and
    // neighbouring rows written together.
    bool operator>(const Entry& o) const { return due != o.due ? due > o.due : key > o.key; }
  };
  static constexpr uint64_t kClockKinds = 10;
  // How many batches of due deadlines are lined up, the tickets of all but the first being
  // read ahead while it fires.
  static constexpr size_t kLinedUpBatches = 4;
  static int ClockIndex(std::string_view name);
  static const char* ClockName(int index);

  void Push(uint64_t key, int64_t due);
  void Compact();
  bool Live(const Entry& e) const;
  // Moves due entries from the heap to the queue `ahead_`, up to `depth` of them, and tells the
  // store the tickets of those not among the next `batch` to fire, to read them ahead.
  void LineUp(int64_t now, size_t depth, size_t batch);
  // Takes the next due entries (skipping stale ones) into `out`, at most `limit`.
  void TakeDue(int64_t now, size_t limit, std::vector<Deadline>& out);

  TicketService* service_;
  std::vector<Entry> heap_;  // min-heap by due; may hold stale entries (lazy deletion)
  std::unordered_map<uint64_t, int64_t> due_by_key_;  // the live deadline of each key
  // Due entries taken off the heap in order, to fire next; live until fired (a change to the
  // ticket meanwhile makes its entry stale, as in the heap). Their tickets are being read
  // ahead while the ones before them fire.
  std::deque<Entry> ahead_;
};

template <class OnOutcome>
Result<size_t> Scheduler::FireDue(Timestamp now, OnOutcome on_outcome, size_t batch, size_t limit) {
  size_t fired = 0;
  size_t taken = 0;
  std::vector<Deadline> due;
  std::vector<TimedCommand> commands;
  while (taken < limit) {
    due.clear();
    const size_t next = std::min(batch, limit - taken);
    LineUp(now.time_since_epoch().count(), kLinedUpBatches * batch, next);
    TakeDue(now.time_since_epoch().count(), next, due);
    taken += due.size();
    if (due.empty()) return fired;
    commands.clear();
    for (const Deadline& d : due)
      commands.push_back(
          {core::Command{core::kSystemActor, d.ticket, core::cmd::ClockDue{d.clock, d.due}, {}},
           now});
    auto results = service_->ExecuteBatch(commands);
    std::optional<Error> failed;
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i]) {
        // The deadline could not be applied (store down): put it back to retry, as every
        // other of its batch that failed with it.
        if (results[i].error().code == ErrorCode::kUnavailable ||
            results[i].error().code == ErrorCode::kInternal) {
          Push(due[i].ticket * kClockKinds + ClockIndex(due[i].clock),
               due[i].due.time_since_epoch().count());
          if (!failed) failed = results[i].error();
        }
        continue;  // or refused: the clock's ticket changed under it; nothing to do
      }
      ++fired;
      if constexpr (std::is_invocable_v<OnOutcome, const Outcome&, const Deadline&>)
        on_outcome(*results[i], due[i]);
      else
        on_outcome(*results[i]);
    }
    if (failed) return tl::unexpected(*failed);
  }
  return fired;
}

}  // namespace tierdesk::service
