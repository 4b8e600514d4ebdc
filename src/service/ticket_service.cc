#include "service/ticket_service.h"

namespace tierdesk::service {

using namespace tierdesk::core;

std::vector<Deadline> DeadlinesOf(const Ticket& ticket) {
  std::vector<Deadline> out;
  for (const auto& clock : ticket.clocks)
    if (!clock.paused) out.push_back({ticket.id, clock.name, clock.due});
  return out;
}

Result<Ticket> TicketService::Current(TicketId id) {
  if (auto it = pending_.find(id); it != pending_.end()) return it->second;
  return store_.Load(id);
}

Result<Command> TicketService::Enrich(const Command& command, Timestamp at) {
  const auto* create = std::get_if<cmd::Create>(&command.body);
  if (create == nullptr) return command;
  Command enriched = command;
  auto& c = std::get<cmd::Create>(enriched.body);
  for (const RaiseRule& rule : procedure_.priority.raise) {
    if (rule.when != RaiseCondition::kMultiClient) continue;
    for (const auto& [kind, id] : c.registration.assets) {
      auto count = store_.CountOtherClientsOnAsset(kind + ":" + id, c.registration.client_id,
                                                   at - rule.window);
      if (!count) return tl::unexpected(count.error());
      c.other_clients_on_asset = std::max(c.other_clients_on_asset, *count);
    }
  }
  return enriched;
}

Result<Outcome> TicketService::Execute(const Command& command, Timestamp at) {
  TimedCommand one{command, at};
  return std::move(ExecuteBatch({&one, 1}).front());
}

std::vector<Result<Outcome>> TicketService::ExecuteBatch(std::span<const TimedCommand> commands) {
  std::vector<Result<Outcome>> results;
  results.reserve(commands.size());
  std::vector<CommitRecord> records;
  std::vector<size_t> committed;  // indexes into results of the commands being written
  pending_.clear();
  pending_keys_.clear();
  if (next_id_ == 0) {
    auto max_id = store_.MaxTicketId();
    if (!max_id) {
      for (size_t i = 0; i < commands.size(); ++i) results.push_back(tl::unexpected(max_id.error()));
      return results;
    }
    next_id_ = *max_id + 1;
  }
  const TicketId first_new_id = next_id_;

  for (const TimedCommand& tc : commands) {
    const Command& command = tc.command;
    const std::string name = CommandName(command.body);
    const bool creating = std::holds_alternative<cmd::Create>(command.body);
    if (!command.idempotency_key.empty()) {
      std::optional<IdempotentResult> seen;
      if (auto it = pending_keys_.find(command.idempotency_key); it != pending_keys_.end()) {
        seen = it->second;
      } else {
        auto found = store_.FindIdempotencyKey(command.idempotency_key);
        if (!found) {
          results.push_back(tl::unexpected(found.error()));
          continue;
        }
        seen = *found;
      }
      if (seen) {
        if (seen->command_name != name) {
          results.push_back(Fail(ErrorCode::kAlreadyExists,
                                 "idempotency key '" + command.idempotency_key +
                                     "' was used for a " + seen->command_name + " command",
                                 "idempotency_key"));
          continue;
        }
        auto ticket = Current(seen->ticket);
        if (!ticket) results.push_back(tl::unexpected(ticket.error()));
        else results.push_back(Outcome{tc.at, std::move(*ticket), {}, {}, /*repeated=*/true});
        continue;
      }
    }
    auto enriched = Enrich(command, tc.at);
    if (!enriched) {
      results.push_back(tl::unexpected(enriched.error()));
      continue;
    }
    Ticket current;
    if (!creating) {
      auto loaded = Current(command.ticket);
      if (!loaded) {
        results.push_back(tl::unexpected(loaded.error()));
        continue;
      }
      current = std::move(*loaded);
    }
    auto decision = Decide(current, *enriched, tc.at, procedure_, creating ? next_id_ : 0);
    if (!decision) {
      results.push_back(tl::unexpected(decision.error()));
      continue;
    }
    if (decision->events.empty()) {  // a stale deadline: nothing to write
      results.push_back(Outcome{tc.at, std::move(decision->ticket), {}, {}, false});
      continue;
    }
    if (creating) ++next_id_;
    const Ticket& after = decision->ticket;
    pending_[after.id] = after;
    if (!command.idempotency_key.empty())
      pending_keys_[command.idempotency_key] = {after.id, after.version, name};
    records.push_back(CommitRecord{after, current.version, decision->events, decision->effects,
                                   tc.at, command.idempotency_key, name});
    committed.push_back(results.size());
    results.push_back(Outcome{tc.at, after, std::move(decision->events),
                              std::move(decision->effects), false});
  }

  if (!records.empty()) {
    if (auto status = store_.Commit(records); !status) {
      next_id_ = first_new_id;
      for (size_t i : committed) results[i] = tl::unexpected(status.error());
      pending_.clear();
      return results;
    }
    if (sink_ != nullptr)
      for (const auto& record : records)
        sink_->OnTicketDeadlines(record.ticket.id, DeadlinesOf(record.ticket));
  }
  pending_.clear();
  return results;
}

}  // namespace tierdesk::service
