#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "service/ports.h"
#include "store/postgres/postgres_store.h"

namespace tierdesk::cli {

using store::IsPostgresUrl;

// What a connection is for: a SQLite writer is tuned for the write path (a larger WAL between
// checkpoints, tickets read ahead of a burst); the others are plain.
enum class StoreRole { kWriter, kOther };

// Opens (creating and migrating as needed) the store at `db`. kUnavailable when it cannot.
// `node` names the serving node a PostgreSQL connection works for (deadlines it arms are held
// in that name); empty for the other commands.
[[nodiscard]] Result<std::unique_ptr<service::Store>> OpenStoreAt(
    const std::string& db, StoreRole role = StoreRole::kOther, const std::string& node = "");

// A name for this serving process among the nodes of a shared database: host and process id.
std::string NodeName();

}  // namespace tierdesk::cli
