#include "store/sqlite/ticket_read_ahead.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <pthread.h>

#include <csignal>

#include "json/codec.h"

namespace tierdesk::store {

namespace {
// Ids read per read transaction: large enough to spread its cost, small enough that the
// writer finds the first of them soon.
constexpr size_t kChunk = 64;
}  // namespace

Result<std::unique_ptr<TicketReadAhead>> TicketReadAhead::Open(const std::string& path,
                                                               size_t capacity) {
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY);
    db->exec("PRAGMA busy_timeout = 5000");
    return std::unique_ptr<TicketReadAhead>(new TicketReadAhead(std::move(db), capacity));
  } catch (const SQLite::Exception& e) {
    return Fail(ErrorCode::kUnavailable,
                "cannot open '" + path + "' to read tickets ahead: " + e.what());
  }
}

TicketReadAhead::TicketReadAhead(std::unique_ptr<SQLite::Database> db, size_t capacity)
    : db_(std::move(db)), capacity_(std::max<size_t>(capacity, 1)) {
  // Born with every signal blocked: a process that waits for SIGTERM with sigwait (the server)
  // must not have it delivered to this thread, whose default action would end the process.
  sigset_t all, before;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &before);
  reader_ = std::thread([this] { Run(); });
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

TicketReadAhead::~TicketReadAhead() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  reader_.join();
}

void TicketReadAhead::Want(std::span<const core::TicketId> ids) {
  {
    std::lock_guard lock(mu_);
    stats_.wanted += ids.size();
    // Beyond capacity the last asked go unread: the first are the ones wanted soonest.
    for (core::TicketId id : ids)
      if (wanted_.size() < capacity_) wanted_.push_back(id);
  }
  wake_.notify_one();
}

std::optional<core::Ticket> TicketReadAhead::Take(core::TicketId id, int64_t version) {
  std::lock_guard lock(mu_);
  auto it = ready_.find(id);
  if (it == ready_.end()) return std::nullopt;
  std::optional<core::Ticket> out;
  if (it->second.first == version) {
    out = std::move(it->second.second);
    ++stats_.taken;
  } else {
    ++stats_.stale;
  }
  ready_.erase(it);
  return out;
}

void TicketReadAhead::Drain() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return wanted_.empty() && !reading_; });
}

TicketReadAhead::Stats TicketReadAhead::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void TicketReadAhead::Run() {
  std::vector<core::TicketId> ids;
  while (true) {
    {
      std::unique_lock lock(mu_);
      reading_ = false;
      idle_.notify_all();
      wake_.wait(lock, [&] { return stopping_ || !wanted_.empty(); });
      if (stopping_) return;
      ids.clear();
      while (!wanted_.empty() && ids.size() < kChunk) {
        if (!ready_.contains(wanted_.front())) ids.push_back(wanted_.front());
        wanted_.pop_front();
      }
      reading_ = true;
    }
    auto read = Read(ids);
    std::lock_guard lock(mu_);
    for (auto& entry : read) {
      const core::TicketId id = entry.second.id;
      if (ready_.insert_or_assign(id, std::move(entry)).second) order_.push_back(id);
      ++stats_.read;
    }
    // The oldest go first. An id taken already is only a placeholder in `order_` by then (one
    // read again meanwhile may go early: harmless, the writer reads it itself).
    while (ready_.size() > capacity_ || order_.size() > 2 * capacity_) {
      ready_.erase(order_.front());
      order_.pop_front();
    }
  }
}

std::vector<std::pair<int64_t, core::Ticket>> TicketReadAhead::Read(
    const std::vector<core::TicketId>& ids) {
  std::vector<std::pair<int64_t, core::Ticket>> out;
  if (ids.empty()) return out;
  try {
    SQLite::Transaction snapshot(*db_);  // one read transaction for the chunk
    SQLite::Statement q(*db_, "SELECT version, state FROM tickets WHERE id = ?");
    for (core::TicketId id : ids) {
      q.reset();
      q.bind(1, int64_t(id));
      if (!q.executeStep()) continue;
      // A row that does not decode is left to the writer's own load, which reports it.
      try {
        auto ticket = json::TicketFromJson(json::Json::parse(q.getColumn(1).getText()));
        if (ticket) out.emplace_back(q.getColumn(0).getInt64(), std::move(*ticket));
      } catch (const nlohmann::json::exception&) {
      }
    }
  } catch (const SQLite::Exception&) {
    // Busy or gone: whatever was not read, the writer reads itself.
  }
  return out;
}

}  // namespace tierdesk::store
