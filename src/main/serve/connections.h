#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "service/ports.h"

namespace tierdesk::serve {

// The database connections a serving node holds, one per job, so that no job waits on another's
// statement: the writer commits alone, queries run beside it, and background work has its own.
struct Connections {
  // The engine's commits (on SQLite tuned for the write path: tickets read ahead of a burst).
  std::unique_ptr<service::Store> writer;
  // One per HTTP thread: a request's queries run side by side with the others'.
  std::vector<std::unique_ptr<service::Store>> readers;
  std::unique_ptr<service::Store> outbox;         // delivers notifications
  std::unique_ptr<service::Store> stream_reader;  // follows the event log for live streams
  std::unique_ptr<service::Store> housekeeping;   // removes uploads no ticket named in time
  // Upkeep off the commit path: the checkpoints of a database one process serves (SQLite's
  // WAL), or the claims of deadlines no live node holds on a shared one.
  std::unique_ptr<service::Store> upkeep;
  std::unique_ptr<service::Store> mailbox;  // polls IMAP; only when mail is polled

  std::vector<service::Store*> Readers() const;
};

// Opens every connection a node needs on `db` (creating and migrating the database as needed).
// `node` names this node on a shared database; `http_threads` is the number of readers (at
// least one). kUnavailable (or the migration's error) when one cannot be opened.
[[nodiscard]] Result<Connections> OpenConnections(const std::string& db, const std::string& node,
                                                  size_t http_threads, bool polls_mail);

}  // namespace tierdesk::serve
