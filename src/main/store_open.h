#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "service/ports.h"

namespace tierdesk::cli {

// Where a desk's data lives, as --db gives it: a PostgreSQL URL (postgresql://user@host/db,
// several nodes may share it) or a SQLite file (one node).
bool IsPostgresUrl(std::string_view db);

// What a connection is for: a SQLite writer is tuned for the write path (a larger WAL between
// checkpoints, tickets read ahead of a burst); the others are plain.
enum class StoreRole { kWriter, kOther };

// Opens (creating and migrating as needed) the store at `db`. kUnavailable when it cannot.
[[nodiscard]] Result<std::unique_ptr<service::Store>> OpenStoreAt(
    const std::string& db, StoreRole role = StoreRole::kOther);

// The schema version of a store that OpenStoreAt opened.
[[nodiscard]] Result<int> SchemaVersionOf(service::Store& store);

}  // namespace tierdesk::cli
