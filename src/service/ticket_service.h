#pragma once

#include <deque>
#include <map>
#include <span>
#include <vector>

#include "core/command.h"
#include "core/decide.h"
#include "core/procedure.h"
#include "service/ports.h"

namespace tierdesk::service {

// Told the running deadlines of a ticket after each change commits (the Scheduler).
class DeadlineSink {
 public:
  virtual ~DeadlineSink() = default;
  virtual void OnTicketDeadlines(core::TicketId ticket, const std::vector<Deadline>& deadlines) = 0;
};

struct TimedCommand {
  core::Command command;
  Timestamp at{};
};

struct Outcome {
  Timestamp at{};
  core::Ticket ticket;
  std::vector<core::Event> events;
  std::vector<core::Effect> effects;
  bool repeated = false;  // an idempotency key seen before: nothing was written
  // What the command made happen to other tickets in the same commit (a new request raising the
  // others on its asset): for replays' timelines and the log, never for the caller to read.
  std::vector<core::Event> caused_events;
  std::vector<core::Effect> caused_effects;
};

// Applies commands: load, decide, then append events, state, deadlines and outbox in one
// transaction. Not thread-safe: one writer (the server runs it on its writer thread).
class TicketService {
 public:
  TicketService(TicketStore& store, const core::Procedure& procedure, DeadlineSink* sink = nullptr,
                const EventFanOut* fan_out = nullptr)
      : store_(store), procedure_(&procedure), sink_(sink), fan_out_(fan_out) {}

  // One command, one transaction.
  [[nodiscard]] Result<Outcome> Execute(const core::Command& command, Timestamp at);
  // Many commands, one transaction (group commit). Each gets its own result; refused commands
  // write nothing; if the transaction fails every command fails with its error, except when
  // another writer changed one of the tickets meanwhile: then each command is run again alone
  // (a few times at most) on the ticket as it is now.
  std::vector<Result<Outcome>> ExecuteBatch(std::span<const TimedCommand> commands);

  const core::Procedure& procedure() const { return *procedure_; }
  // A client's command on a ticket holding this many events or more is refused (0: no bound),
  // so no client can make a ticket grow without end; staff and the engine go on working it.
  void SetMaxEventsPerTicket(int64_t max) { max_events_per_ticket_ = max; }
  // Commands from now on are decided under `procedure`, which must outlive this service.
  void ReplaceProcedure(const core::Procedure& procedure) { procedure_ = &procedure; }
  TicketStore& store() { return store_; }

 private:
  // How often a command is decided again when another writer keeps changing its ticket first.
  static constexpr int kConflictAttempts = 4;

  // Tickets a multi-client outage raises at most per new request (the oldest first).
  static constexpr int kMaxRaisedPerRequest = 500;

  // Distinct clients other than a new request's on an asset since a time, by (asset, since): a
  // request's own count and its follow-ups ask the store once.
  using ClientCounts = std::map<std::pair<std::string, Timestamp>, int>;
  Result<int> OtherClientsOn(const std::string& asset, const std::string& client, Timestamp since,
                             ClientCounts& counts);

  Result<core::Command> Enrich(const core::Command& command, Timestamp at, ClientCounts& counts);
  // What a new request tells the other tickets on its assets (seed 001: "major problems affecting
  // multiple clients"): for each multi-client rule, ClientsOnAsset with the count of clients
  // other than each one's, to every ticket on the asset within the rule's window.
  Result<std::vector<core::Command>> FollowUps(const core::Ticket& created, Timestamp at,
                                               ClientCounts& counts);
  // One try at the batch: the commands written, or none; the indexes of those that were to be
  // written when another writer's change failed the commit go to `conflicted`.
  std::vector<Result<Outcome>> ExecuteOnce(std::span<const TimedCommand> commands,
                                           std::vector<size_t>& conflicted);

  TicketStore& store_;
  const core::Procedure* procedure_;
  DeadlineSink* sink_;
  const EventFanOut* fan_out_;
  std::deque<core::TicketId> spare_ids_;  // reserved for creates, not used yet
  int64_t max_events_per_ticket_ = 0;
};

}  // namespace tierdesk::service
