#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "common/result.h"
#include "core/ticket.h"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace tierdesk::store {

// Reads and decodes tickets on a thread of its own, ahead of the writer that is about to load
// them (the tickets of the deadlines lined up to fire). In the 09:15 burst, reading and parsing
// each breaching ticket's state was a third of the writer's time; the other core does it while
// the tickets before them fire. It reads with its own connection, which sees committed rows
// only, and the writer takes a ticket only at the version its own read of the row finds: one
// changed after it was read ahead is decoded again, never served stale.
class TicketReadAhead {
 public:
  struct Stats {
    uint64_t wanted = 0;  // ids asked for
    uint64_t read = 0;    // tickets decoded
    uint64_t taken = 0;   // handed to the writer at the version it found
    uint64_t stale = 0;   // found at another version than the row's, dropped
  };

  // Opens a read-only connection on the database file at `path` and starts the reader.
  // `capacity` bounds the ids waiting and the tickets held (beyond it the oldest go first).
  [[nodiscard]] static Result<std::unique_ptr<TicketReadAhead>> Open(const std::string& path,
                                                                     size_t capacity);
  ~TicketReadAhead();  // stops the reader and waits for it

  // Queues `ids` to be read (those beyond capacity are not).
  void Want(std::span<const core::TicketId> ids);
  // The ticket read ahead, when it was read at `version`; handed over once either way.
  std::optional<core::Ticket> Take(core::TicketId id, int64_t version);
  // Blocks until every id wanted so far has been read (for tests).
  void Drain();
  Stats stats() const;

 private:
  TicketReadAhead(std::unique_ptr<SQLite::Database> db, size_t capacity);
  void Run();
  // Reads `ids` in one read transaction; a ticket that cannot be read is left to the writer.
  std::vector<std::pair<int64_t, core::Ticket>> Read(const std::vector<core::TicketId>& ids);

  std::unique_ptr<SQLite::Database> db_;  // the reader thread's only
  const size_t capacity_;

  mutable std::mutex mu_;
  std::condition_variable wake_, idle_;
  std::deque<core::TicketId> wanted_;  // guarded by mu_
  // Decoded tickets by id with the version read, and the order they came in.
  std::unordered_map<core::TicketId, std::pair<int64_t, core::Ticket>> ready_;  // guarded
  std::deque<core::TicketId> order_;                                            // guarded
  bool reading_ = false;   // guarded by mu_: the reader holds ids taken off `wanted_`
  bool stopping_ = false;  // guarded by mu_
  Stats stats_;            // guarded by mu_
  std::thread reader_;
};

}  // namespace tierdesk::store
