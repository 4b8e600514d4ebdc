#include "store/memory/memory_store.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "service/clients.h"
#include "store/memory/packed_events.h"

namespace tierdesk::store {

using namespace tierdesk::core;
using service::CommitRecord;

Result<Ticket> MemoryStore::Load(TicketId id) {
  std::lock_guard lock(mu_);
  auto it = tickets_.find(id);
  if (it == tickets_.end())
    return Fail(ErrorCode::kNotFound, "no ticket " + TicketRef(id), "ticket");
  return it->second;
}

Result<TicketId> MemoryStore::MaxTicketId() {
  std::lock_guard lock(mu_);
  return tickets_.empty() ? 0 : tickets_.rbegin()->first;
}

Result<std::vector<TicketId>> MemoryStore::ReserveTicketIds(int count) {
  std::lock_guard lock(mu_);
  if (!tickets_.empty()) reserved_ids_ = std::max(reserved_ids_, tickets_.rbegin()->first);
  std::vector<TicketId> ids;
  for (int i = 0; i < count; ++i) ids.push_back(++reserved_ids_);
  return ids;
}

Status MemoryStore::Commit(std::span<const CommitRecord> records) {
  std::lock_guard lock(mu_);
  // Check the whole batch before touching anything, so a failure writes nothing.
  std::map<TicketId, int64_t> versions;
  std::set<std::string> keys;
  for (const CommitRecord& r : records) {
    const TicketId id = r.ticket.id;
    auto seen = versions.find(id);
    int64_t stored = seen != versions.end() ? seen->second
                     : tickets_.count(id)   ? tickets_.at(id).version
                                            : 0;
    if (stored != r.expected_version)
      return Fail(ErrorCode::kFailedPrecondition, TicketRef(id) +
                                                      " changed concurrently (expected version " +
                                                      std::to_string(r.expected_version) + ")");
    versions[id] = r.ticket.version;
    if (!r.idempotency_key.empty() &&
        (keys_.count(r.idempotency_key) || !keys.insert(r.idempotency_key).second))
      return Fail(ErrorCode::kAlreadyExists,
                  "idempotency key '" + r.idempotency_key + "' is taken");
  }
  for (const CommitRecord& r : records) {
    const Ticket& t = r.ticket;
    if (r.assets_changed) {  // index the assets the ticket did not name before
      auto old = tickets_.find(t.id);
      for (const auto& [kind, id] : t.registration.assets)
        if (old == tickets_.end() || !old->second.registration.assets.count(kind) ||
            old->second.registration.assets.at(kind) != id)
          by_asset_[kind + ":" + id].push_back({t.received_at, t.registration.client_id, t.id});
    }
    tickets_[t.id] = t;
    auto& log = events_[t.id];
    for (const Event& e : r.events) {
      sequence_.emplace_back(t.id, log.packed.size());
      PackEvent(e, log.packed);
      ++log.count;
    }
    deadlines_[t.id] = service::DeadlinesOf(t);
    if (keep_outbox_)
      for (const Effect& e : r.effects)
        outbox_.push_back({service::OutboxItem{int64_t(outbox_.size()) + 1, e, r.at, 0, "", {}},
                           r.at, std::nullopt});
    for (const std::string& sha : r.files_added) ticket_files_.emplace(sha, t.id);
    if (r.text_changed) PutText(service::TicketTextOf(t));
    if (const auto change = service::KnownFixChangeOf(r); change.changed) {
      if (change.article)
        known_fixes_[t.id] = change.article;
      else
        known_fixes_.erase(t.id);
    }
    if (!r.idempotency_key.empty())
      keys_[r.idempotency_key] = {t.id, t.version, r.command_name, r.idempotency_fingerprint};
  }
  return Ok();
}

Result<std::optional<service::IdempotentResult>> MemoryStore::FindIdempotencyKey(
    const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = keys_.find(key);
  if (it == keys_.end()) return std::optional<service::IdempotentResult>();
  return std::optional<service::IdempotentResult>(it->second);
}

Result<std::vector<service::Deadline>> MemoryStore::LoadDeadlines() {
  std::lock_guard lock(mu_);
  std::vector<service::Deadline> out;
  for (const auto& [id, list] : deadlines_) out.insert(out.end(), list.begin(), list.end());
  return out;
}

Result<std::vector<Event>> MemoryStore::Events(TicketId id) {
  std::lock_guard lock(mu_);
  std::vector<Event> out;
  auto it = events_.find(id);
  if (it == events_.end()) return out;
  out.reserve(it->second.count);
  for (size_t at = 0; at < it->second.packed.size();)
    out.push_back(UnpackEvent(it->second.packed, at, id));
  return out;
}

Result<std::vector<service::SequencedEvent>> MemoryStore::EventsSince(int64_t after_seq,
                                                                      int limit) {
  std::lock_guard lock(mu_);
  std::vector<service::SequencedEvent> out;
  for (size_t i = size_t(std::max<int64_t>(after_seq, 0));
       i < sequence_.size() && out.size() < size_t(std::max(limit, 0)); ++i) {
    auto [ticket, offset] = sequence_[i];
    out.push_back({int64_t(i) + 1, UnpackEvent(events_.at(ticket).packed, offset, ticket),
                   tickets_.at(ticket).registration.client_id});
  }
  return out;
}

Result<std::vector<service::SequencedEvent>> MemoryStore::TicketEventsBefore(TicketId id,
                                                                             int64_t before_seq,
                                                                             int limit) {
  std::lock_guard lock(mu_);
  std::vector<service::SequencedEvent> out;
  // The whole log, newest first: the memory store serves replays and tests, not big desks.
  for (int64_t seq = std::min<int64_t>(before_seq - 1, int64_t(sequence_.size()));
       seq >= 1 && out.size() < size_t(std::max(limit, 0)); --seq) {
    auto [ticket, offset] = sequence_[size_t(seq - 1)];
    if (ticket == id)
      out.push_back({seq, UnpackEvent(events_.at(ticket).packed, offset, ticket), ""});
  }
  return out;
}

Result<int64_t> MemoryStore::LastEventSeq() {
  std::lock_guard lock(mu_);
  return int64_t(sequence_.size());
}

Result<std::vector<Ticket>> MemoryStore::ListTickets(const service::TicketFilter& f) {
  std::lock_guard lock(mu_);
  std::vector<const Ticket*> matching;
  for (const auto& [id, t] : tickets_) {
    if (f.tier && t.tier != *f.tier) continue;
    if (f.stage && t.stage != *f.stage) continue;
    if (f.client_id && t.registration.client_id != *f.client_id) continue;
    if (f.assignee && t.assignee != *f.assignee) continue;
    if (f.asset) {
      auto colon = f.asset->find(':');
      auto it = t.registration.assets.find(f.asset->substr(0, colon));
      if (colon == std::string::npos || it == t.registration.assets.end() ||
          it->second != f.asset->substr(colon + 1))
        continue;
    }
    // As the SQLite store: an empty `paged` matches no ticket, not the unpaged ones.
    if (f.paged && (f.paged->empty() || service::PagedTo(t) != *f.paged)) continue;
    if (f.consulting &&
        service::ConsultingTeams(t).find("," + *f.consulting + ",") == std::string::npos)
      continue;
    if (f.open_only && t.stage == Stage::kClosed) continue;
    if (f.after && std::tie(t.priority, t.received_at, t.id) <=
                       std::tie(f.after->priority, f.after->received_at, f.after->id))
      continue;
    matching.push_back(&t);
  }
  std::sort(matching.begin(), matching.end(), [](const Ticket* a, const Ticket* b) {
    return std::tie(a->priority, a->received_at, a->id) <
           std::tie(b->priority, b->received_at, b->id);
  });
  std::vector<Ticket> out;
  for (size_t i = 0; i < matching.size() && int(i) < f.limit; ++i) out.push_back(*matching[i]);
  return out;
}

Result<std::vector<service::TicketSummary>> MemoryStore::ListTicketSummaries(
    const service::TicketFilter& f) {
  auto tickets = ListTickets(f);
  if (!tickets) return tl::unexpected(tickets.error());
  std::vector<service::TicketSummary> out;
  for (const auto& t : *tickets) out.push_back(service::TicketSummary::Of(t));
  return out;
}

Result<std::vector<service::DueTicket>> MemoryStore::ListBreachingSoon(Timestamp until, int limit) {
  std::lock_guard lock(mu_);
  std::vector<service::DueTicket> out;
  for (const auto& [id, list] : deadlines_) {
    const service::Deadline* first = nullptr;
    for (const auto& d : list)
      if (d.due <= until && (first == nullptr || d.due < first->due)) first = &d;
    if (first != nullptr)
      out.push_back({service::TicketSummary::Of(tickets_.at(id)), first->clock, first->due});
  }
  std::sort(out.begin(), out.end(), [](const service::DueTicket& a, const service::DueTicket& b) {
    return std::tie(a.due, a.summary.priority, a.summary.id) <
           std::tie(b.due, b.summary.priority, b.summary.id);
  });
  if (int(out.size()) > limit) out.resize(limit);
  return out;
}

Result<int> MemoryStore::CountOtherClientsOnAsset(const std::string& asset,
                                                  const std::string& except_client,
                                                  Timestamp since) {
  std::lock_guard lock(mu_);
  std::set<std::string> clients;
  auto it = by_asset_.find(asset);
  if (it != by_asset_.end())
    for (const auto& a : it->second)
      if (a.received_at >= since && a.client != except_client) clients.insert(a.client);
  return int(clients.size());
}

Result<std::vector<TicketId>> MemoryStore::TicketsOnAsset(const std::string& asset, Timestamp since,
                                                          int limit) {
  std::lock_guard lock(mu_);
  std::vector<const AssetTicket*> found;
  if (auto it = by_asset_.find(asset); it != by_asset_.end())
    for (const auto& a : it->second)
      if (a.received_at >= since) found.push_back(&a);
  std::stable_sort(found.begin(), found.end(), [](const AssetTicket* a, const AssetTicket* b) {
    return std::tie(a->received_at, a->ticket) < std::tie(b->received_at, b->ticket);
  });
  std::vector<TicketId> ids;
  for (const AssetTicket* a : found) {
    if (int(ids.size()) >= limit) break;
    ids.push_back(a->ticket);
  }
  return ids;
}

Result<std::vector<service::OutboxItem>> MemoryStore::PendingOutbox(Timestamp now, int limit) {
  std::lock_guard lock(mu_);
  std::vector<service::OutboxItem> out;
  for (const auto& row : outbox_) {
    if (int(out.size()) >= limit) break;
    if (!row.delivered_at && !row.item.dead_at && row.next_attempt_at <= now)
      out.push_back(row.item);
  }
  return out;
}

Status MemoryStore::MarkDelivered(int64_t outbox_id, Timestamp at) {
  std::lock_guard lock(mu_);
  if (outbox_id < 1 || outbox_id > int64_t(outbox_.size()))
    return Fail(ErrorCode::kNotFound, "no outbox row " + std::to_string(outbox_id));
  outbox_[outbox_id - 1].delivered_at = at;
  return Ok();
}

Status MemoryStore::MarkAttemptFailed(int64_t outbox_id, Timestamp at, const std::string& error,
                                      std::optional<Timestamp> retry_at) {
  std::lock_guard lock(mu_);
  if (outbox_id < 1 || outbox_id > int64_t(outbox_.size()))
    return Fail(ErrorCode::kNotFound, "no outbox row " + std::to_string(outbox_id));
  OutboxRow& row = outbox_[outbox_id - 1];
  ++row.item.attempts;
  row.item.last_error = error;
  if (retry_at)
    row.next_attempt_at = *retry_at;
  else
    row.item.dead_at = at;
  return Ok();
}

Result<std::vector<service::OutboxItem>> MemoryStore::DeadLetters(int limit) {
  std::lock_guard lock(mu_);
  std::vector<service::OutboxItem> out;
  for (auto it = outbox_.rbegin(); it != outbox_.rend() && int(out.size()) < limit; ++it)
    if (it->item.dead_at) out.push_back(it->item);
  return out;
}

Status MemoryStore::PutApiToken(const service::ApiToken& token) {
  std::lock_guard lock(mu_);
  for (const auto& [hash, t] : tokens_by_hash_)
    if (t.id == token.id)
      return Fail(ErrorCode::kAlreadyExists, "token id " + token.id + " exists");
  tokens_by_hash_[token.hash] = token;
  return Ok();
}

Result<std::optional<service::ApiToken>> MemoryStore::FindApiToken(const std::string& hash) {
  std::lock_guard lock(mu_);
  auto it = tokens_by_hash_.find(hash);
  if (it == tokens_by_hash_.end()) return std::optional<service::ApiToken>();
  return std::optional<service::ApiToken>(it->second);
}

Result<bool> MemoryStore::RevokeApiToken(const std::string& id, Timestamp at) {
  std::lock_guard lock(mu_);
  for (auto& [hash, t] : tokens_by_hash_)
    if (t.id == id) {
      if (!t.revoked_at) t.revoked_at = at;
      return true;
    }
  return false;
}

Result<std::vector<service::ApiToken>> MemoryStore::ListApiTokens(
    const std::optional<std::string>& actor) {
  std::lock_guard lock(mu_);
  std::vector<service::ApiToken> out;
  for (const auto& [hash, t] : tokens_by_hash_)
    if (!actor || t.actor == *actor) out.push_back(t);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return out;
}

Status MemoryStore::PutClient(const service::Client& client) {
  std::lock_guard lock(mu_);
  return WriteClient(client, /*replace=*/true);
}

Status MemoryStore::AddClient(const service::Client& client) {
  std::lock_guard lock(mu_);
  return WriteClient(client, /*replace=*/false);
}

Status MemoryStore::WriteClient(const service::Client& client, bool replace) {
  for (const auto& [id, other] : clients_)
    if (id != client.id && !client.email.empty() && other.email == client.email)
      return Fail(ErrorCode::kAlreadyExists,
                  "the address " + client.email + " belongs to client " + id, "email");
  if (!replace && clients_.contains(client.id))
    return Fail(ErrorCode::kAlreadyExists, "there is already a client " + client.id, "id");
  clients_[client.id] = client;
  return Ok();
}

Result<std::vector<service::Client>> MemoryStore::SearchClients(const std::string& words,
                                                                int limit) {
  std::lock_guard lock(mu_);
  const auto search = service::ClientSearch::Of(words);
  std::vector<service::Client> found;
  for (const auto& [id, client] : clients_)
    if (search.Matches(client)) found.push_back(client);
  std::sort(found.begin(), found.end(),
            [&](const auto& a, const auto& b) { return service::SearchOrder(search, a, b); });
  if (int(found.size()) > std::max(limit, 0)) found.resize(std::max(limit, 0));
  return found;
}

Result<std::optional<service::Client>> MemoryStore::FindClient(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = clients_.find(id);
  if (it == clients_.end()) return std::optional<service::Client>();
  return std::optional<service::Client>(it->second);
}

Result<std::optional<service::Client>> MemoryStore::FindClientByEmail(const std::string& email) {
  std::lock_guard lock(mu_);
  for (const auto& [id, client] : clients_)
    if (!email.empty() && client.email == email) return std::optional<service::Client>(client);
  return std::optional<service::Client>();
}

Status MemoryStore::PutBlob(const std::string& sha256, const std::string& data) {
  std::lock_guard lock(mu_);
  blobs_.emplace(sha256, data);
  return Ok();
}

Status MemoryStore::PutUpload(const std::string& uploader, const std::string& sha256,
                              const std::string& data, Timestamp at) {
  std::lock_guard lock(mu_);
  blobs_.emplace(sha256, data);
  uploads_[{uploader, sha256}] = {int64_t(data.size()), at};
  return Ok();
}

Result<service::UploadUsage> MemoryStore::UploadsSince(const std::string& uploader,
                                                       Timestamp since) {
  std::lock_guard lock(mu_);
  service::UploadUsage usage;
  for (auto it = uploads_.lower_bound({uploader, ""});
       it != uploads_.end() && it->first.first == uploader; ++it)
    if (it->second.at >= since) {
      ++usage.files;
      usage.bytes += it->second.size;
    }
  return usage;
}

Result<bool> MemoryStore::HasUpload(const std::string& uploader, const std::string& sha256,
                                    Timestamp since) {
  std::lock_guard lock(mu_);
  auto it = uploads_.find({uploader, sha256});
  return it != uploads_.end() && it->second.at >= since;
}

Result<int64_t> MemoryStore::RemoveUnusedUploads(Timestamp before) {
  std::lock_guard lock(mu_);
  std::set<std::string> expired, held;
  for (const auto& [key, row] : uploads_) (row.at < before ? expired : held).insert(key.second);
  std::erase_if(uploads_, [&](const auto& kv) { return kv.second.at < before; });
  int64_t removed = 0;
  std::set<std::string> of_articles;
  for (const auto& [id, stored] : articles_)
    for (const core::ArticleVersion& v : stored.article.versions)
      for (const core::Attachment& file : v.attachments) of_articles.insert(file.sha256);
  for (const std::string& sha : expired)
    if (!held.count(sha) && !ticket_files_.count(sha) && !of_articles.count(sha))
      removed += int64_t(blobs_.erase(sha));
  return removed;
}

Result<std::optional<std::string>> MemoryStore::GetBlob(const std::string& sha256) {
  std::lock_guard lock(mu_);
  auto it = blobs_.find(sha256);
  if (it == blobs_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

Result<std::optional<int64_t>> MemoryStore::BlobSize(const std::string& sha256) {
  std::lock_guard lock(mu_);
  auto it = blobs_.find(sha256);
  if (it == blobs_.end()) return std::optional<int64_t>();
  return std::optional<int64_t>(int64_t(it->second.size()));
}

Result<int64_t> MemoryStore::KeepRefusedMail(const service::RefusedMail& mail) {
  std::lock_guard lock(mu_);
  for (const auto& kept : refused_mail_)
    if (!mail.key.empty() && kept.key == mail.key) return kept.id;
  refused_mail_.push_back(mail);
  refused_mail_.back().id = int64_t(refused_mail_.size());
  refused_mail_.back().size = int64_t(mail.raw.size());
  return refused_mail_.back().id;
}

Result<std::vector<service::RefusedMail>> MemoryStore::ListRefusedMail(int limit) {
  std::lock_guard lock(mu_);
  std::vector<service::RefusedMail> out;
  for (auto it = refused_mail_.rbegin(); it != refused_mail_.rend() && int(out.size()) < limit;
       ++it) {
    out.push_back(*it);
    out.back().raw.clear();
  }
  return out;
}

Result<std::optional<service::RefusedMail>> MemoryStore::GetRefusedMail(int64_t id) {
  std::lock_guard lock(mu_);
  if (id < 1 || id > int64_t(refused_mail_.size())) return std::optional<service::RefusedMail>();
  return std::optional<service::RefusedMail>(refused_mail_[size_t(id - 1)]);
}

Status MemoryStore::PutAccount(const service::Account& account) {
  std::lock_guard lock(mu_);
  accounts_[account.login] = account;
  return Ok();
}

Result<std::optional<service::Account>> MemoryStore::FindAccount(const std::string& login) {
  std::lock_guard lock(mu_);
  auto it = accounts_.find(login);
  if (it == accounts_.end()) return std::optional<service::Account>();
  return std::optional<service::Account>(it->second);
}

Status MemoryStore::PutSession(const service::Session& session) {
  std::lock_guard lock(mu_);
  sessions_[session.hash] = session;
  return Ok();
}

Result<std::optional<service::Session>> MemoryStore::FindSession(const std::string& hash,
                                                                 Timestamp now) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(hash);
  if (it == sessions_.end() || it->second.expires_at <= now)
    return std::optional<service::Session>();
  return std::optional<service::Session>(it->second);
}

Status MemoryStore::DeleteSession(const std::string& hash) {
  std::lock_guard lock(mu_);
  sessions_.erase(hash);
  return Ok();
}

Result<int64_t> MemoryStore::DeleteSessionsOf(const std::string& actor) {
  std::lock_guard lock(mu_);
  return int64_t(
      std::erase_if(sessions_, [&](const auto& kv) { return kv.second.actor == actor; }));
}

Result<std::vector<service::LoginFailures>> MemoryStore::FindLoginFailures(
    std::span<const std::string> keys) {
  std::lock_guard lock(mu_);
  std::vector<service::LoginFailures> out;
  for (const std::string& key : keys)
    if (auto it = login_failures_.find(key); it != login_failures_.end()) out.push_back(it->second);
  return out;
}

Status MemoryStore::AddLoginFailure(std::span<const std::string> keys, Timestamp at) {
  std::lock_guard lock(mu_);
  for (const std::string& key : keys) {
    service::LoginFailures& r = login_failures_[key];
    r.key = key;
    ++r.failures;
    r.last = std::max(r.last, at);
  }
  return Ok();
}

Status MemoryStore::ClearLoginFailures(std::span<const std::string> keys) {
  std::lock_guard lock(mu_);
  for (const std::string& key : keys) login_failures_.erase(key);
  return Ok();
}

Status MemoryStore::ForgetLoginFailures(Timestamp before) {
  std::lock_guard lock(mu_);
  std::erase_if(login_failures_, [&](const auto& kv) { return kv.second.last < before; });
  return Ok();
}

Result<std::map<std::string, int64_t>> MemoryStore::CountOpenTicketsByTier() {
  std::lock_guard lock(mu_);
  std::map<std::string, int64_t> out;
  for (const auto& [id, t] : tickets_)
    if (t.stage != Stage::kClosed) ++out[t.tier];
  return out;
}

Result<int64_t> MemoryStore::OutboxBacklog() {
  std::lock_guard lock(mu_);
  return int64_t(std::count_if(outbox_.begin(), outbox_.end(), [](const OutboxRow& r) {
    return !r.delivered_at && !r.item.dead_at;
  }));
}

Status MemoryStore::PutSetting(const std::string& key, const std::string& value) {
  std::lock_guard lock(mu_);
  settings_[key] = value;
  return Ok();
}

Result<std::optional<std::string>> MemoryStore::GetSetting(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = settings_.find(key);
  if (it == settings_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

}  // namespace tierdesk::store
