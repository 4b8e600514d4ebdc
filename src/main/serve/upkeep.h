#pragma once

#include "service/periodic.h"
#include "service/ports.h"

namespace tierdesk::serve {

// Folds the database's write-ahead log in every second, off the commit path, and once more
// when destroyed: a node declares it before the engine, so that last fold comes after the
// engine's last commit.
class WalCheckpoints {
 public:
  explicit WalCheckpoints(service::DatabaseUpkeep& db);
  ~WalCheckpoints();
  WalCheckpoints(const WalCheckpoints&) = delete;
  WalCheckpoints& operator=(const WalCheckpoints&) = delete;

 private:
  service::DatabaseUpkeep& db_;
  service::Periodic periodic_;
};

// Hands the deadlines this node holds on a shared database back to the other nodes when
// destroyed, so they fire them at once rather than when the holds run out. Declared before the
// engine: the engine has stopped firing them by then.
class DeadlineRelease {
 public:
  explicit DeadlineRelease(service::DeadlineClaims& claims) : claims_(claims) {}
  ~DeadlineRelease();
  DeadlineRelease(const DeadlineRelease&) = delete;
  DeadlineRelease& operator=(const DeadlineRelease&) = delete;

 private:
  service::DeadlineClaims& claims_;
};

}  // namespace tierdesk::serve
