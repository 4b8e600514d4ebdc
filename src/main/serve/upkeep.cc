#include "main/serve/upkeep.h"

#include <spdlog/spdlog.h>

namespace tierdesk::serve {

namespace {

void Checkpoint(service::DatabaseUpkeep& db) {
  if (auto s = db.Checkpoint(); !s) spdlog::warn("{}", s.error().message);
}

}  // namespace

WalCheckpoints::WalCheckpoints(service::DatabaseUpkeep& db) : db_(db) {
  periodic_.Start(std::chrono::seconds(1), [this] {
    Checkpoint(db_);
    return false;
  });
}

WalCheckpoints::~WalCheckpoints() {
  periodic_.Stop();
  Checkpoint(db_);
}

DeadlineRelease::~DeadlineRelease() {
  if (auto s = claims_.ReleaseDeadlines(); !s) spdlog::warn("{}", s.error().message);
}

}  // namespace tierdesk::serve
