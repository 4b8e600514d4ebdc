#include "service/ticket_service.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace tierdesk::service {

using namespace tierdesk::core;

std::string PagedTo(const Ticket& ticket) { return ticket.page ? ticket.page->person : ""; }

std::string ConsultingTeams(const Ticket& ticket) {
  if (ticket.stage == Stage::kClosed) return "";
  std::string teams;
  for (const core::Consult& consult : ticket.consults)
    if (consult.open()) teams += (teams.empty() ? "," : "") + consult.team + ",";
  return teams;
}

namespace {

// The digests of the stored files `after` names that `before` did not.
std::vector<std::string> FilesAdded(const Ticket& before, const Ticket& after) {
  std::vector<std::string> added;
  for (const Attachment& file : after.attachments) {
    if (file.sha256.empty()) continue;
    const bool known = std::any_of(before.attachments.begin(), before.attachments.end(),
                                   [&](const Attachment& a) { return a.sha256 == file.sha256; });
    if (!known && std::find(added.begin(), added.end(), file.sha256) == added.end())
      added.push_back(file.sha256);
  }
  return added;
}

}  // namespace

TicketSummary TicketSummary::Of(const Ticket& t) {
  return TicketSummary{t.id,
                       t.registration.title,
                       t.priority,
                       t.tier,
                       t.stage,
                       t.assignee,
                       t.registration.client_id,
                       t.received_at,
                       t.updated_at,
                       PagedTo(t),
                       ConsultingTeams(t)};
}

std::vector<Deadline> DeadlinesOf(const Ticket& ticket) {
  std::vector<Deadline> out;
  for (const auto& clock : ticket.clocks)
    if (!clock.paused) out.push_back({ticket.id, clock.name, clock.due});
  return out;
}

Result<int> TicketService::OtherClientsOn(const std::string& asset, const std::string& client,
                                          Timestamp since, ClientCounts& counts) {
  const auto key = std::pair{asset, since};
  if (auto known = counts.find(key); known != counts.end()) return known->second;
  auto count = store_.CountOtherClientsOnAsset(asset, client, since);
  if (count) counts.emplace(key, *count);
  return count;
}

Result<Command> TicketService::Enrich(const Command& command, Timestamp at, ClientCounts& counts) {
  const auto* create = std::get_if<cmd::Create>(&command.body);
  if (create == nullptr) return command;
  Command enriched = command;
  auto& c = std::get<cmd::Create>(enriched.body);
  // A requester names the module in their own words ("shop", "Web shop", "server:web-01"): when
  // they name one asset, the ticket is routed by it as if its kind and id had been sent.
  if (const Asset* named = procedure_->AssetNamed(c.registration.module))
    c.registration.assets.try_emplace(named->kind, named->id);
  // A questionnaire walked before the request was sent may name its asset (the core applies its
  // outcome when deciding the request): the clients on that asset are counted too.
  if (c.questionnaire)
    if (const Questionnaire* q = procedure_->FindQuestionnaire(c.questionnaire->id))
      if (auto walk = WalkQuestionnaire(*q, c.questionnaire->answers); walk)
        if (const Asset* asset = procedure_->FindAsset(walk->outcome.asset))
          c.registration.assets[asset->kind] = asset->id;
  for (const RaiseRule& rule : procedure_->priority.raise) {
    if (rule.when != RaiseCondition::kMultiClient) continue;
    for (const auto& [kind, id] : c.registration.assets) {
      auto count =
          OtherClientsOn(kind + ":" + id, c.registration.client_id, at - rule.window, counts);
      if (!count) return tl::unexpected(count.error());
      c.other_clients_on_asset = std::max(c.other_clients_on_asset, *count);
    }
  }
  return enriched;
}

Result<std::vector<Command>> TicketService::FollowUps(const Ticket& created, Timestamp at,
                                                      ClientCounts& counts) {
  std::vector<Command> out;
  for (const RaiseRule& rule : procedure_->priority.raise) {
    if (rule.when != RaiseCondition::kMultiClient) continue;
    for (const auto& [kind, id] : created.registration.assets) {
      const std::string asset = kind + ":" + id;
      // The clients other than the new request's; for each earlier ticket on the asset, the
      // clients other than its own are as many (the new request's client is one of them).
      auto others = OtherClientsOn(asset, created.registration.client_id, at - rule.window, counts);
      if (!others) return tl::unexpected(others.error());
      if (*others == 0) continue;
      auto tickets = store_.TicketsOnAsset(asset, at - rule.window, kMaxRaisedPerRequest);
      if (!tickets) return tl::unexpected(tickets.error());
      for (TicketId ticket : *tickets)
        out.push_back(Command{kSystemActor, ticket, cmd::ClientsOnAsset{asset, *others}, ""});
    }
  }
  return out;
}

Result<Outcome> TicketService::Execute(const Command& command, Timestamp at) {
  TimedCommand one{command, at};
  return std::move(ExecuteBatch({&one, 1}).front());
}

std::vector<Result<Outcome>> TicketService::ExecuteBatch(std::span<const TimedCommand> commands) {
  std::vector<size_t> conflicted;
  auto results = ExecuteOnce(commands, conflicted);
  // In the order they came: a request put off until the batch was written comes after those
  // before it.
  std::sort(conflicted.begin(), conflicted.end());
  // Another writer (a node on the same database) changed a ticket of the batch between its
  // load and the commit, so nothing of the batch was written. Each command that was to be
  // written runs again on its own, on the ticket as stored now: decided again, it may be
  // refused or (a deadline the other writer fired or moved) decide nothing.
  for (size_t i : conflicted) {
    for (int attempt = 0; attempt < kConflictAttempts; ++attempt) {
      std::vector<size_t> again;
      results[i] = std::move(ExecuteOnce(commands.subspan(i, 1), again).front());
      if (again.empty()) break;
    }
  }
  return results;
}

std::vector<Result<Outcome>> TicketService::ExecuteOnce(std::span<const TimedCommand> commands,
                                                        std::vector<size_t>& conflicted) {
  std::vector<Result<Outcome>> results;
  results.reserve(commands.size());
  // Ids for the creates among the commands, kept from earlier batches or reserved now; an id is
  // spent by a create decided into a commit (a refused create leaves it for the next).
  const size_t creates = std::count_if(commands.begin(), commands.end(), [](const auto& tc) {
    return std::holds_alternative<cmd::Create>(tc.command.body);
  });
  if (spare_ids_.size() < creates) {
    auto ids = store_.ReserveTicketIds(int(creates - spare_ids_.size()));
    if (!ids) {
      for (size_t i = 0; i < commands.size(); ++i) results.push_back(tl::unexpected(ids.error()));
      return results;
    }
    spare_ids_.insert(spare_ids_.end(), ids->begin(), ids->end());
  }
  size_t ids_used = 0;

  // Records decided in this batch, ahead of the store, and named by their index: a create's
  // follow-ups grow it beyond what is reserved here.
  std::vector<CommitRecord> records;
  records.reserve(commands.size());
  std::unordered_map<TicketId, size_t> latest;            // ticket -> its newest record
  std::unordered_map<std::string, size_t> keys_in_batch;  // idempotency key -> record
  // Assets named by the requests this batch opens, where a multi-client rule counts clients.
  std::set<std::string> assets_opened;
  const bool counts_clients =
      std::any_of(procedure_->priority.raise.begin(), procedure_->priority.raise.end(),
                  [](const RaiseRule& r) { return r.when == RaiseCondition::kMultiClient; });
  std::vector<std::pair<size_t, size_t>> written;         // (result index, record index)
  std::vector<std::pair<size_t, size_t>> caused;          // (result index, follow-up record)

  // The stored tickets the batch decides on, read at once. Should that fail, each command's
  // own load below fails with the reason.
  std::unordered_map<TicketId, Ticket> stored;
  {
    std::vector<TicketId> ids;
    for (const TimedCommand& tc : commands)
      if (!std::holds_alternative<cmd::Create>(tc.command.body)) ids.push_back(tc.command.ticket);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (auto many = store_.LoadMany(ids))
      for (Ticket& t : *many) stored.emplace(t.id, std::move(t));
  }

  for (const TimedCommand& tc : commands) {
    const Command& command = tc.command;
    const std::string name = CommandName(command.body);
    const bool creating = std::holds_alternative<cmd::Create>(command.body);
    Ticket loaded;  // the stored ticket, when the batch has not touched it yet
    auto current = [&](TicketId id) -> Result<const Ticket*> {
      if (auto it = latest.find(id); it != latest.end()) return &records[it->second].ticket;
      if (auto it = stored.find(id); it != stored.end()) return &it->second;
      auto one = store_.Load(id);
      if (!one) return tl::unexpected(one.error());
      loaded = std::move(*one);
      return &loaded;
    };

    if (!command.idempotency_key.empty()) {
      std::optional<IdempotentResult> seen;
      if (auto it = keys_in_batch.find(command.idempotency_key); it != keys_in_batch.end()) {
        const CommitRecord& r = records[it->second];
        seen = IdempotentResult{r.ticket.id, r.ticket.version, r.command_name,
                                r.idempotency_fingerprint};
      } else {
        auto found = store_.FindIdempotencyKey(command.idempotency_key);
        if (!found) {
          results.push_back(tl::unexpected(found.error()));
          continue;
        }
        seen = *found;
      }
      if (seen) {
        // The same key with another request is a client's mistake, never a retry: refused
        // (the IETF Idempotency-Key draft's 422), neither run nor answered with the first result.
        if (seen->command_name != name || seen->fingerprint != command.idempotency_fingerprint) {
          results.push_back(Fail(ErrorCode::kInvalidArgument,
                                 "this idempotency key was used for another request (a " +
                                     seen->command_name + " command); use a new key",
                                 "idempotency_key"));
          continue;
        }
        auto ticket = current(seen->ticket);
        if (!ticket)
          results.push_back(tl::unexpected(ticket.error()));
        else
          results.push_back(Outcome{tc.at, **ticket, {}, {}, /*repeated=*/true});
        continue;
      }
    }
    ClientCounts counts;  // this command's, asked of the store once
    auto enriched = Enrich(command, tc.at, counts);
    if (!enriched) {
      results.push_back(tl::unexpected(enriched.error()));
      continue;
    }
    // Another request of this batch on the same asset is not in the store yet, so neither this
    // request's count of clients nor its follow-ups would see it: this one is decided again on
    // its own once the batch is written (as one that lost a race is).
    if (const auto* create = std::get_if<cmd::Create>(&enriched->body); create && counts_clients) {
      bool after_another = false;
      for (const auto& [kind, id] : create->registration.assets)
        after_another = !assets_opened.insert(kind + ":" + id).second || after_another;
      if (after_another) {
        conflicted.push_back(results.size());
        results.push_back(Fail(ErrorCode::kUnavailable, "decided after the batch"));
        continue;
      }
    }
    static const Ticket kNone;
    const Ticket* before = &kNone;
    if (!creating) {
      auto found = current(command.ticket);
      if (!found) {
        results.push_back(tl::unexpected(found.error()));
        continue;
      }
      before = *found;
      if (max_events_per_ticket_ > 0 && before->event_count >= max_events_per_ticket_ &&
          core::IsClientActor(command.actor)) {
        results.push_back(Fail(ErrorCode::kFailedPrecondition,
                               TicketRef(before->id) + " holds " +
                                   std::to_string(before->event_count) +
                                   " events, as many as a client may add to; the service desk "
                                   "goes on working it",
                               "ticket"));
        continue;
      }
    }
    auto decision =
        Decide(*before, *enriched, tc.at, *procedure_, creating ? spare_ids_[ids_used] : 0);
    if (!decision) {
      results.push_back(tl::unexpected(decision.error()));
      continue;
    }
    if (decision->events.empty()) {  // a stale deadline: nothing to write
      results.push_back(Outcome{tc.at, std::move(decision->ticket), {}, {}, false});
      continue;
    }
    std::vector<Command> follow_ups;
    if (creating) {
      auto found = FollowUps(decision->ticket, tc.at, counts);
      if (!found) {
        results.push_back(tl::unexpected(found.error()));
        continue;
      }
      follow_ups = std::move(*found);
      ++ids_used;
    }
    if (fan_out_ != nullptr)
      for (const Event& e : decision->events) fan_out_->AddEffects(e, decision->effects);
    const TicketId id = decision->ticket.id;
    const int64_t expected = before->version;
    std::vector<std::string> files_added = FilesAdded(*before, decision->ticket);
    const bool assets_changed = AssetsChanged(*before, decision->ticket);
    const bool text_changed = TicketTextChanged(*before, decision->ticket);
    records.push_back(CommitRecord{
        std::move(decision->ticket), expected, std::move(decision->events),
        std::move(decision->effects), tc.at, command.idempotency_key, name,
        creating ? std::nullopt : std::optional<TicketSummary>(TicketSummary::Of(*before)),
        command.idempotency_fingerprint, std::move(files_added), assets_changed, text_changed});
    latest[id] = records.size() - 1;
    if (!command.idempotency_key.empty())
      keys_in_batch[command.idempotency_key] = records.size() - 1;
    written.emplace_back(results.size(), records.size() - 1);
    results.push_back(Outcome{});  // filled in once the batch is durable
    // Written in the same commit as the request that caused them, or not at all.
    for (const Command& follow_up : follow_ups) {
      auto ticket = current(follow_up.ticket);
      if (!ticket) continue;  // gone from the store: nothing to raise
      const int64_t version = (*ticket)->version;
      auto raised = Decide(**ticket, follow_up, tc.at, *procedure_, 0);
      if (!raised || raised->events.empty()) continue;
      if (fan_out_ != nullptr)
        for (const Event& e : raised->events) fan_out_->AddEffects(e, raised->effects);
      const TicketId raised_id = raised->ticket.id;
      records.push_back(CommitRecord{std::move(raised->ticket),
                                     version,
                                     std::move(raised->events),
                                     std::move(raised->effects),
                                     tc.at,
                                     "",
                                     CommandName(follow_up.body),
                                     TicketSummary::Of(**ticket),
                                     "",
                                     {},
                                     AssetsChanged(**ticket, raised->ticket),
                                     TicketTextChanged(**ticket, raised->ticket)});
      latest[raised_id] = records.size() - 1;
      caused.emplace_back(results.size() - 1, records.size() - 1);
    }
  }

  if (records.empty()) return results;
  auto status = store_.Commit(records);
  // The ids the batch's creates took are not offered again, even when the commit failed: a
  // connection lost at COMMIT may have committed them (gaps are harmless, a reused id is not).
  spare_ids_.erase(spare_ids_.begin(), spare_ids_.begin() + ptrdiff_t(ids_used));
  if (!status) {
    for (auto [result, record] : written) {
      results[result] = tl::unexpected(status.error());
      if (status.error().code == ErrorCode::kFailedPrecondition) conflicted.push_back(result);
    }
    return results;
  }
  if (sink_ != nullptr)
    for (const auto& [id, record] : latest)
      sink_->OnTicketDeadlines(id, DeadlinesOf(records[record].ticket));
  for (auto [result, record] : written) {
    CommitRecord& r = records[record];
    // Earlier records of a ticket decided later ones in this batch; those are done now.
    results[result] = Outcome{r.at, record == latest[r.ticket.id] ? std::move(r.ticket) : r.ticket,
                              std::move(r.events), std::move(r.effects), false};
  }
  for (auto [result, record] : caused) {
    Outcome& o = *results[result];
    for (Event& e : records[record].events) o.caused_events.push_back(std::move(e));
    for (Effect& e : records[record].effects) o.caused_effects.push_back(std::move(e));
  }
  return results;
}

}  // namespace tierdesk::service
